import { useCallback, useState } from 'preact/hooks';
import { api, Campaign, SignatureCirculation, SignatureOverview, SigningBodies, SigningBody } from '../api';
import { bodySignatureText, describeFailure, formatDay, formatTimestamp, KINDS, plural, SIGNING_BODIES_LABELS, signatureText, todayInParis } from '../fr';
import { Dialog } from './dialog';
import { DownloadButton } from './download-button';
import { Choices, Field, Notice } from './field';
import { PdfFileField } from './pdf-file-field';
import { SigningAuthorityForm } from './signing-authority-form';
import { useAction } from './use-action';
import { useUpload } from './use-upload';

const SIGNING_CHOICES = Object.entries(SIGNING_BODIES_LABELS) as [SigningBodies, string][];

interface SignatureSectionProps {
  id: string;
  campaign: Campaign;
  /** `GET /campaigns/:id/signature`, refreshed with the page. */
  overview: SignatureOverview | undefined;
  onDone: (text: string) => void;
  onError: (text: string) => void;
}

/**
 * The signature, from `awaiting_signature` on (read-only once signed): which bodies sign, the
 * convention sent round by link or the ceremony recorded, each body's authority and signature, and
 * the files of the signature.
 */
export function SignatureSection({ id, campaign, overview, onDone, onError }: SignatureSectionProps) {
  const signature = overview?.signature ?? campaign.signature;
  const open = campaign.phase === 'awaiting_signature';
  const circulation = overview?.circulation ?? null;
  return (
    <section aria-labelledby="signature-titre" class="section" data-testid="signature">
      <h2 id="signature-titre">Signature</h2>
      {signature ? (
        <Notice kind="success">
          <span data-testid="signature-faite">Convention signée {signatureText(signature)}.</span>
        </Notice>
      ) : (
        <p class="hint">
          Deux façons de signer : envoyer la convention à chaque autorité signataire, qui la signe en ligne avec un code reçu par courriel, ou
          enregistrer une cérémonie de signature avec la convention signée.
        </p>
      )}
      <div class="action-grid">
        {circulation ? <CirculationFacts circulation={circulation} /> : open ? <CirculationForm id={id} onDone={onDone} /> : null}
        {open ? <CeremonyForm id={id} campaign={campaign} onDone={onDone} /> : null}
        <div class="card action">
          <h3>Documents de la signature</h3>
          <p class="hint">La page de signature compte un bloc par organisme signataire, à imprimer pour une cérémonie ou à joindre à la convention.</p>
          <div class="row-actions">
            <DownloadButton label="Page de signature (PDF)" fileName={`page-de-signature-${id}.pdf`} fetchFile={() => api.signaturePagePdf(id)} onError={onError} />
            {signature ? (
              <DownloadButton label="Dossier de signature (ZIP)" fileName={`dossier-signature-${id}.zip`} fetchFile={() => api.dossierZip(id)} onError={onError} />
            ) : null}
            {signature?.signedCopy ? (
              <DownloadButton label="Convention signée" fileName={signature.signedCopy.name} fetchFile={() => api.signedCopy(id)} onError={onError} />
            ) : null}
          </div>
        </div>
      </div>
      {overview ? (
        <SigningBodiesTable id={id} overview={overview} open={open} onDone={onDone} />
      ) : (
        <p role="status">Chargement des organismes signataires…</p>
      )}
    </section>
  );
}

function CirculationFacts({ circulation }: { circulation: SignatureCirculation }) {
  return (
    <div class="card action" data-testid="circulation">
      <h3>Convention envoyée pour signature</h3>
      <dl class="facts compact-facts">
        <div>
          <dt>Envoyée le</dt>
          <dd>{formatTimestamp(circulation.at)}</dd>
        </div>
        <div>
          <dt>À</dt>
          <dd>
            {plural(circulation.signers.length, 'organisme', 'organismes')} ({SIGNING_BODIES_LABELS[circulation.signingBodies].toLocaleLowerCase('fr')})
          </dd>
        </div>
        <div>
          <dt>Convention</dt>
          <dd>
            « {circulation.conventionName} », version {circulation.conventionVersion}
          </dd>
        </div>
        <div>
          <dt>Empreinte SHA-256</dt>
          <dd>
            <code class="hash">{circulation.conventionSha256}</code>
          </dd>
        </div>
      </dl>
    </div>
  );
}

function CirculationForm({ id, onDone }: { id: string; onDone: (text: string) => void }) {
  const [signingBodies, setSigningBodies] = useState<SigningBodies>('adopting');
  const { busy, errors, failure, run } = useAction(onDone);
  const submit = (event: Event) => {
    event.preventDefault();
    void run(
      () => api.circulate(id, signingBodies),
      (answer) =>
        `Convention envoyée pour signature à ${plural(answer.signers.length, 'organisme', 'organismes')} : chacun reçoit son lien de signature par courriel, valable jusqu’au ${formatTimestamp(answer.expiresAt)}.`,
    );
  };
  return (
    <form class="card action" noValidate onSubmit={submit} aria-labelledby="circulation-titre">
      <h3 id="circulation-titre">Signature par lien</h3>
      <p class="hint">
        Chaque organisme reçoit par courriel un lien personnel vers la convention en vigueur ; son autorité signataire la signe avec un code envoyé à
        l’adresse de l’organisme. La convention ne peut plus être remplacée ensuite.
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <Choices id="circulation-organismes" legend="Organismes qui signent" choices={SIGNING_CHOICES} value={signingBodies} onValue={setSigningBodies} error={errors.signingBodies} />
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Envoi en cours…' : 'Envoyer la convention pour signature'}
      </button>
    </form>
  );
}

function CeremonyForm({ id, campaign, onDone }: { id: string; campaign: Campaign; onDone: (text: string) => void }) {
  const [signedOn, setSignedOn] = useState('');
  const [place, setPlace] = useState('');
  const [signingBodies, setSigningBodies] = useState<SigningBodies>('adopting');
  const [file, setFile] = useState<File | undefined>();
  const { state, busy, errors, setErrors, failure, send } = useUpload();
  // The bodies named one by one come back as signedBy[0], signedBy[1]…: shown at the choice.
  const bodiesError = [errors.signingBodies, ...Object.entries(errors).filter(([key]) => key.startsWith('signedBy')).map(([, message]) => message)]
    .filter(Boolean)
    .join(' ');

  const submit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!signedOn) local.signedOn = 'Saisissez la date de la signature.';
    if (!place.trim()) local.place = 'Indiquez le lieu de la signature (« Fait à … »).';
    if (!file) local.file = 'Choisissez le PDF de la convention signée.';
    if (Object.keys(local).length || !file) {
      setErrors(local);
      document.getElementById(local.signedOn ? 'ceremonie-date' : local.place ? 'ceremonie-lieu' : 'ceremonie-fichier')?.focus();
      return;
    }
    const answer = await send((onProgress) => api.recordCeremony(id, file, { signedOn, place: place.trim(), signingBodies }, onProgress));
    if (!answer) {
      setTimeout(() => (document.querySelector('#ceremonie-form [aria-invalid="true"], #ceremonie-form .has-error input') as HTMLElement | null)?.focus(), 0);
      return;
    }
    onDone(`Cérémonie de signature enregistrée : convention signée le ${formatDay(signedOn)} à ${place.trim()}.`);
  };

  return (
    <form id="ceremonie-form" class="card action" noValidate onSubmit={submit} aria-labelledby="ceremonie-titre">
      <h3 id="ceremonie-titre">Cérémonie de signature</h3>
      <p class="hint">Enregistrez la signature faite ensemble, avec la convention signée (un scan ou un PDF signé électroniquement).</p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <Field
        id="ceremonie-date"
        type="date"
        label="Date de la signature"
        required
        min={campaign.conference?.heldOn}
        max={todayInParis()}
        value={signedOn}
        onValue={setSignedOn}
        error={errors.signedOn}
        disabled={busy}
      />
      <Field id="ceremonie-lieu" label="Fait à" hint="La commune où la convention a été signée." required maxLength={200} value={place} onValue={setPlace} error={errors.place} disabled={busy} />
      <Choices id="ceremonie-organismes" legend="Organismes qui ont signé" choices={SIGNING_CHOICES} value={signingBodies} onValue={setSigningBodies} error={bodiesError} disabled={busy} />
      <PdfFileField
        id="ceremonie-fichier"
        label="Convention signée (PDF)"
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
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Envoi en cours…' : 'Enregistrer la cérémonie'}
      </button>
    </form>
  );
}

function AuthorityCell({ body }: { body: SigningBody }) {
  const authority = body.signingAuthority;
  if (!authority) return <span class="muted">Autorité signataire : non renseignée</span>;
  return (
    <span>
      Autorité signataire : {authority.name}, {authority.capacity}
      {authority.reason ? <span class="muted small"> (motif : {authority.reason})</span> : null}
    </span>
  );
}

function SigningBodiesTable({ id, overview, open, onDone }: { id: string; overview: SignatureOverview; open: boolean; onDone: (text: string) => void }) {
  const [naming, setNaming] = useState<SigningBody | undefined>();
  const [sending, setSending] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const close = useCallback(() => setNaming(undefined), []);

  const resend = async (body: SigningBody) => {
    setSending(body.id);
    setNotice(undefined);
    try {
      const answer = await api.sendSignatureLink(id, body.id);
      setNotice({
        kind: 'success',
        text: `Nouveau lien de signature envoyé à ${body.name} (${answer.sentTo.join(', ')}), valable jusqu’au ${formatTimestamp(answer.expiresAt)} ; le précédent ne fonctionne plus.`,
      });
    } catch (error) {
      setNotice({ kind: 'error', text: `Le lien de signature de ${body.name} n’a pas pu être envoyé : ${describeFailure(error)}` });
    } finally {
      setSending(undefined);
    }
  };

  return (
    <>
      <h3 id="organismes-signataires-titre">Organismes et autorités signataires</h3>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <div class="table-wrap">
        <table class="signatories" aria-labelledby="organismes-signataires-titre" data-testid="signing-bodies">
          <thead>
            <tr>
              <th scope="col" class="unsorted">
                Organisme
              </th>
              <th scope="col" class="unsorted">
                Délibération
              </th>
              <th scope="col" class="unsorted">
                Autorité signataire
              </th>
              <th scope="col" class="unsorted">
                Signature
              </th>
              {open ? (
                <th scope="col" class="unsorted">
                  Actions
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {overview.bodies.map((body) => (
              <tr key={body.id} data-signatory={body.id}>
                <th scope="row" data-label="Organisme">
                  <span class="name">{body.name}</span> <span class="muted small">{KINDS[body.kind] ?? body.kind}</span>
                </th>
                <td data-label="Délibération">
                  {body.deliberation
                    ? `${body.deliberation.number ? `n° ${body.deliberation.number} ` : ''}du ${formatDay(body.deliberation.sessionDate)}`
                    : '—'}
                </td>
                <td data-label="Autorité signataire" data-testid="autorite">
                  <AuthorityCell body={body} />
                </td>
                <td data-label="Signature" data-testid="statut-signature">
                  {bodySignatureText(body, overview.signature)}
                  {body.signatureStatus === 'awaiting' && body.signatureLinkSentAt ? (
                    <span class="muted small"> (lien envoyé le {formatTimestamp(body.signatureLinkSentAt)})</span>
                  ) : null}
                </td>
                {open ? (
                  <td data-label="Actions">
                    <div class="row-actions">
                      {body.signatureStatus === 'awaiting' ? (
                        <button type="button" class="button secondary small" onClick={() => resend(body)} disabled={sending === body.id}>
                          Renvoyer le lien de signature<span class="visually-hidden"> à {body.name}</span>
                        </button>
                      ) : null}
                      {body.status === 'adopted' && !body.signature ? (
                        <button type="button" class="button secondary small" onClick={() => setNaming(body)}>
                          {body.signingAuthority ? 'Remplacer' : 'Nommer'} l’autorité signataire<span class="visually-hidden"> de {body.name}</span>
                        </button>
                      ) : null}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog title={naming ? `Autorité signataire de ${naming.name}` : 'Autorité signataire'} open={Boolean(naming)} onClose={close}>
        {naming ? (
          <SigningAuthorityForm
            campaignId={id}
            signatoryId={naming.id}
            bodyName={naming.name}
            named={naming.signingAuthority}
            askReason={Boolean(naming.signingAuthority)}
            onDone={(text) => {
              close();
              onDone(text);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
