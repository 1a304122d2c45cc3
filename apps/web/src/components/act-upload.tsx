import { useRef, useState } from 'preact/hooks';
import { api, DocumentVersion, fileUrls } from '../api';
import { formatSize, formatTimestamp } from '../fr';
import { ReasonField } from './deliberation-dialogs';
import { Notice } from './field';
import { PdfFileField } from './pdf-file-field';
import { useUpload } from './use-upload';

interface ActUploadProps {
  campaignId: string;
  signatoryId: string;
  token: string;
  /** The body's acts known to the page, oldest first. */
  acts: DocumentVersion[];
  onUploaded: (act: DocumentVersion) => void;
  disabled?: boolean;
}

/**
 * The signed extract of the register goes to the server, which hashes and checks it; the page then
 * shows the act as the server recorded it. A second file corrects the first and asks why.
 */
export function ActUpload({ campaignId, signatoryId, token, acts, onUploaded, disabled }: ActUploadProps) {
  const [file, setFile] = useState<File | undefined>();
  const [reason, setReason] = useState('');
  const [inputKey, setInputKey] = useState(0);
  const [notice, setNotice] = useState('');
  const { state, busy, errors, setErrors, failure, send } = useUpload();
  const failureRef = useRef<HTMLDivElement>(null);
  const current = acts[acts.length - 1];
  // The server may know an act this page does not (sent from another device): its 422 on the reason says so.
  const correcting = current !== undefined || errors.reason !== undefined;

  const submit = async (event: Event) => {
    event.preventDefault();
    setNotice('');
    if (!file) {
      setErrors({ file: 'Choisissez le PDF de la délibération signée.' });
      document.getElementById('acte-fichier')?.focus();
      return;
    }
    if (correcting && !reason.trim()) {
      setErrors({ reason: 'Indiquez pourquoi ce nouveau fichier remplace l’acte déjà déposé.' });
      document.getElementById('acte-motif')?.focus();
      return;
    }
    const answer = await send((onProgress) => api.attachAct(campaignId, signatoryId, file, correcting ? reason.trim() : undefined, token, onProgress));
    if (!answer) {
      setTimeout(() => {
        const target = document.getElementById(errorsTarget()) ?? failureRef.current;
        target?.focus();
      }, 0);
      return;
    }
    setFile(undefined);
    setReason('');
    setInputKey((k) => k + 1);
    setNotice(answer.recorded ? '' : 'Ce fichier est déjà l’acte en vigueur : rien de nouveau n’a été enregistré.');
    onUploaded(answer.act);
  };
  // Read at the time of the focus, after the refusal is rendered.
  const errorsTarget = () => (document.querySelector('#acte-form [aria-invalid="true"]') as HTMLElement | null)?.id ?? 'acte-fichier';

  return (
    <div class="act-upload">
      {current ? <ActFacts campaignId={campaignId} signatoryId={signatoryId} token={token} act={current} /> : null}
      {notice ? <Notice kind="info">{notice}</Notice> : null}
      {failure ? (
        <div ref={failureRef} tabIndex={-1}>
          <Notice kind="error">{failure}</Notice>
        </div>
      ) : null}
      <form id="acte-form" class="form" noValidate onSubmit={submit}>
        <PdfFileField
          key={inputKey}
          id="acte-fichier"
          label={current ? 'Nouvelle version de la délibération signée (PDF)' : 'Délibération signée (PDF)'}
          hint="L’extrait du registre signé, au format PDF, 50 Mo au plus. Le serveur calcule son empreinte SHA-256, qui accompagne le vote."
          file={file}
          onFile={(chosen) => {
            setFile(chosen);
            setErrors({});
          }}
          error={errors.file}
          upload={state}
          disabled={disabled || busy}
        />
        {correcting ? (
          <ReasonField id="acte-motif" value={reason} onValue={setReason} error={errors.reason} />
        ) : null}
        <div class="actions">
          <button type="submit" class="button secondary" disabled={disabled || busy}>
            {busy ? 'Envoi en cours…' : current ? 'Envoyer la nouvelle version' : 'Envoyer la délibération signée'}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The act as the server recorded it: its name, version, date, and the SHA-256 it computed. */
export function ActFacts({ campaignId, signatoryId, token, act }: { campaignId: string; signatoryId: string; token?: string; act: DocumentVersion }) {
  return (
    <div class="act-facts" data-testid="acte">
      <Notice kind="success">
        Délibération signée reçue : <strong>« {act.name} »</strong>, version {act.version}.
      </Notice>
      <dl class="facts compact-facts">
        <div>
          <dt>Fichier</dt>
          <dd>
            <a href={fileUrls.act(campaignId, signatoryId, act.version, token)} download={act.name}>
              {act.name}
            </a>{' '}
            <span class="muted">(PDF, {formatSize(act.size)})</span>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>{act.version}</dd>
        </div>
        <div>
          <dt>Reçue le</dt>
          <dd>
            <time dateTime={act.attachedAt}>{formatTimestamp(act.attachedAt, true)}</time>
          </dd>
        </div>
        {act.reason ? (
          <div>
            <dt>Motif</dt>
            <dd>{act.reason}</dd>
          </div>
        ) : null}
        <div>
          <dt>Empreinte SHA-256 (calculée par le serveur)</dt>
          <dd>
            <code class="hash">{act.sha256}</code>
          </dd>
        </div>
      </dl>
    </div>
  );
}
