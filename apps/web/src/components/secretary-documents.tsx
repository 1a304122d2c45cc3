import { CampaignDocument, DocumentVersion, fileUrls } from '../api';
import { formatSize, formatTimestamp } from '../fr';

/** « la convention », « l’annexe 2 »: what a document is called in a sentence. */
export function documentTitle(document: Pick<CampaignDocument, 'id' | 'kind'>): string {
  if (document.kind === 'convention') return 'La convention';
  const n = /^annexe-(\d+)$/.exec(document.id)?.[1];
  return n ? `Annexe ${n}` : document.id;
}

export const versionInForce = (document: CampaignDocument): DocumentVersion => document.versions[document.versions.length - 1];

interface SecretaryDocumentsProps {
  campaignId: string;
  signatoryId: string;
  conventionTitle: string;
  documents: CampaignDocument[];
  token: string;
}

/**
 * What the secretary reads and prepares: the convention and its annexes in force (plain links with
 * the personal link's token, so that a phone downloads them as any file; the server records the
 * convention's read receipt), and the body's draft deliberation to edit.
 */
export function SecretaryDocuments({ campaignId, signatoryId, conventionTitle, documents, token }: SecretaryDocumentsProps) {
  const convention = documents.find((d) => d.kind === 'convention');
  const annexes = documents.filter((d) => d.kind === 'annex');
  return (
    <section aria-labelledby="documents-titre" class="section card">
      <h2 id="documents-titre">Les documents</h2>
      <h3 id="convention-titre">La convention</h3>
      {convention ? (
        <DocumentFacts campaignId={campaignId} document={convention} title={conventionTitle} token={token} />
      ) : (
        <p class="hint">La convention n’a pas encore été déposée par l’intercommunalité : revenez sur ce lien plus tard.</p>
      )}
      {annexes.length ? (
        <>
          <h3>Les annexes</h3>
          <ul class="document-list">
            {annexes.map((annex) => (
              <li key={annex.id}>
                <DocumentFacts campaignId={campaignId} document={annex} title={documentTitle(annex)} token={token} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 id="projet-titre">Projet de délibération</h3>
      <p class="hint">
        Un projet prérempli pour votre assemblée (collectivité, convention{convention ? `, version ${versionInForce(convention).version}` : ''}, dates), à
        compléter et modifier dans votre traitement de texte.
      </p>
      <ul class="download-links" aria-labelledby="projet-titre">
        <li>
          <a class="button secondary" href={fileUrls.draft(campaignId, signatoryId, 'docx', token)} download>
            <span aria-hidden="true" class="icon">
              ⤓
            </span>
            Projet au format Word (DOCX)
          </a>
        </li>
        <li>
          <a class="button secondary" href={fileUrls.draft(campaignId, signatoryId, 'odt', token)} download>
            <span aria-hidden="true" class="icon">
              ⤓
            </span>
            Projet au format LibreOffice (ODT)
          </a>
        </li>
      </ul>
    </section>
  );
}

function DocumentFacts({ campaignId, document, title, token }: { campaignId: string; document: CampaignDocument; title: string; token: string }) {
  const current = versionInForce(document);
  const isConvention = document.kind === 'convention';
  return (
    <div class="document" data-document={document.id}>
      <dl class="facts compact-facts">
        <div>
          <dt>Titre</dt>
          <dd>{title}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            {current.version}
            <span class="muted"> — déposée le {formatTimestamp(current.attachedAt)}</span>
            {current.reason ? <span class="muted"> (motif : {current.reason})</span> : null}
          </dd>
        </div>
        <div>
          <dt>Fichier</dt>
          <dd>
            PDF, {formatSize(current.size)}
          </dd>
        </div>
      </dl>
      <a class="button" href={fileUrls.document(campaignId, document.id, token, current.version)} download={current.name}>
        <span aria-hidden="true" class="icon">
          ⤓
        </span>
        {isConvention ? 'Télécharger la convention' : `Télécharger l’${title.toLocaleLowerCase('fr')}`}
        <span class="visually-hidden">
          {' '}
          (version {current.version}, PDF, {formatSize(current.size)})
        </span>
      </a>
    </div>
  );
}
