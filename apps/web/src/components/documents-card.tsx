import { useState } from 'preact/hooks';
import { api, Campaign, CampaignDocument } from '../api';
import { formatSize, formatTimestamp } from '../fr';
import { ReasonField } from './deliberation-dialogs';
import { DownloadButton } from './download-button';
import { Choices, FieldError, Notice } from './field';
import { PdfFileField } from './pdf-file-field';
import { documentTitle } from './secretary-documents';
import { useUpload } from './use-upload';

interface DocumentsCardProps {
  id: string;
  campaign: Campaign;
  onDone: (text: string) => void;
  onError: (text: string) => void;
}

/** The convention and its annexes: every version with its download, and the form that attaches one more. */
export function DocumentsCard({ id, campaign, onDone, onError }: DocumentsCardProps) {
  const documents = campaign.documents ?? [];
  const open = campaign.phase !== 'signed' && campaign.phase !== 'cancelled';
  return (
    <>
      <div class="card action wide-card" data-testid="documents">
        <h3>Convention et annexes</h3>
        {documents.length ? (
          <ul class="document-list">
            {documents.map((document) => (
              <DocumentVersions key={document.id} id={id} document={document} onError={onError} />
            ))}
          </ul>
        ) : (
          <p class="hint">Aucun document déposé : déposez la convention pour que les secrétariats puissent la télécharger.</p>
        )}
      </div>
      {open ? <AttachForm id={id} campaign={campaign} onDone={onDone} /> : null}
    </>
  );
}

function DocumentVersions({ id, document, onError }: { id: string; document: CampaignDocument; onError: (text: string) => void }) {
  const title = documentTitle(document);
  const versions = [...document.versions].reverse();
  return (
    <li data-document={document.id}>
      <p class="document-name">
        <strong>{title}</strong> <span class="muted">({document.versions.length > 1 ? `${document.versions.length} versions` : '1 version'})</span>
      </p>
      <ul class="versions">
        {versions.map((v, i) => (
          <li key={v.version}>
            <span>
              Version {v.version}
              {i === 0 ? <span class="badge in-force"> en vigueur</span> : null} — « {v.name} », PDF, {formatSize(v.size)}, déposée le{' '}
              {formatTimestamp(v.attachedAt)} par {v.attachedBy}
              {v.reason ? ` — motif : ${v.reason}` : ''}
            </span>{' '}
            <DownloadButton
              label="Télécharger"
              hiddenLabel={`la version ${v.version} de ${title.toLocaleLowerCase('fr')}`}
              fileName={v.name}
              fetchFile={() => api.documentFile(id, document.id, v.version)}
              onError={onError}
              small
            />
          </li>
        ))}
      </ul>
    </li>
  );
}

/** `convention`, `annex` (a new one) or the id of the annex a new version replaces. */
type Target = string;

function AttachForm({ id, campaign, onDone }: { id: string; campaign: Campaign; onDone: (text: string) => void }) {
  const documents = campaign.documents ?? [];
  const convention = documents.find((d) => d.kind === 'convention');
  const annexes = documents.filter((d) => d.kind === 'annex');
  const [target, setTarget] = useState<Target>('convention');
  const [file, setFile] = useState<File | undefined>();
  const [reason, setReason] = useState('');
  const [inputKey, setInputKey] = useState(0);
  const { state, busy, errors, setErrors, failure, send } = useUpload();

  const replacing = target === 'convention' ? convention !== undefined : target !== 'annex';
  // Before the conference nobody has voted yet: a new version needs no reason.
  const reasonRequired = replacing && campaign.phase !== 'awaiting_conference';

  const submit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!file) local.file = 'Choisissez le PDF à déposer.';
    if (reasonRequired && !reason.trim()) local.reason = 'Les délibérations ont commencé : indiquez pourquoi cette nouvelle version remplace la précédente.';
    if (Object.keys(local).length || !file) {
      setErrors(local);
      document.getElementById(local.file ? 'document-fichier' : 'document-motif')?.focus();
      return;
    }
    const fields = {
      kind: target === 'convention' ? ('convention' as const) : ('annex' as const),
      ...(target !== 'convention' && target !== 'annex' ? { replaces: target } : {}),
      ...(replacing && reason.trim() ? { reason: reason.trim() } : {}),
    };
    const answer = await send((onProgress) => api.attachDocument(id, file, fields, onProgress));
    if (!answer) {
      setTimeout(() => (document.querySelector('#document-form [aria-invalid="true"]') as HTMLElement | null)?.focus(), 0);
      return;
    }
    setFile(undefined);
    setReason('');
    setInputKey((k) => k + 1);
    const what = `${documentTitle(answer.document)} (version ${answer.version.version})`;
    onDone(answer.recorded ? `${what} déposée : « ${answer.version.name} », SHA-256 ${answer.version.sha256}.` : `${what} : ce fichier était déjà la version en vigueur, rien de nouveau n’a été enregistré.`);
  };

  const choices: [Target, string][] = [
    ['convention', convention ? 'Une nouvelle version de la convention' : 'La convention'],
    ['annex', 'Une nouvelle annexe'],
    ...annexes.map((a): [Target, string] => [a.id, `Une nouvelle version de l’${documentTitle(a).toLocaleLowerCase('fr')}`]),
  ];
  return (
    <form id="document-form" class="card action" noValidate onSubmit={submit} aria-labelledby="document-form-titre">
      <h3 id="document-form-titre">Déposer un document</h3>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <Choices id="document-cible" legend="Document" choices={choices} value={target} onValue={setTarget} error={errors.kind || errors.replaces} />
      <PdfFileField
        key={inputKey}
        id="document-fichier"
        label="Fichier PDF"
        hint="50 Mo au plus. Le serveur vérifie le PDF et calcule son empreinte SHA-256."
        file={file}
        onFile={(chosen) => {
          setFile(chosen);
          setErrors({});
        }}
        error={errors.file}
        upload={state}
        disabled={busy}
        required
      />
      {replacing ? (
        reasonRequired ? (
          <ReasonField id="document-motif" value={reason} onValue={setReason} error={errors.reason} />
        ) : (
          <div class={`field ${errors.reason ? 'has-error' : ''}`}>
            <label for="document-motif">Motif de la nouvelle version (facultatif avant la conférence des maires)</label>
            <textarea
              id="document-motif"
              rows={2}
              maxLength={2000}
              value={reason}
              onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
              aria-invalid={errors.reason ? 'true' : undefined}
              aria-describedby={errors.reason ? 'document-motif-erreur' : undefined}
            />
            <FieldError id="document-motif" error={errors.reason} />
          </div>
        )
      ) : null}
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Envoi en cours…' : 'Déposer le document'}
      </button>
    </form>
  );
}
