import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { formatSize, MAX_UPLOAD_BYTES } from '../fr';
import { FieldError } from './field';
import type { UploadState } from './use-upload';

interface PdfFileFieldProps {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  file: File | undefined;
  onFile: (file: File | undefined) => void;
  /** The server's refusal, in French. */
  error?: string;
  upload: UploadState;
  disabled?: boolean;
  required?: boolean;
}

/** What the browser can tell before sending: the API checks the PDF itself, this only spares a useless upload. */
function localProblem(file: File): string | undefined {
  if (file.size === 0) return 'Ce fichier est vide : choisissez le PDF complet.';
  if (file.size > MAX_UPLOAD_BYTES) return `Ce fichier pèse ${formatSize(file.size)} : la limite est de ${formatSize(MAX_UPLOAD_BYTES)}.`;
  const looksPdf = file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
  if (!looksPdf) return 'Choisissez un fichier PDF (extension .pdf).';
  return undefined;
}

/**
 * A PDF to send: a file input (the keyboard's and the phone's way) inside a zone that also takes a
 * dropped file, the file chosen, the upload's progress in a live region, and the refusal next to it.
 */
export function PdfFileField({ id, label, hint, file, onFile, error, upload, disabled, required }: PdfFileFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState('');
  const shownError = localError || error;

  const choose = (files: FileList | null | undefined) => {
    const chosen = files?.[0];
    if (!chosen) {
      setLocalError('');
      onFile(undefined);
      return;
    }
    const problem = localProblem(chosen);
    setLocalError(problem ?? '');
    onFile(problem ? undefined : chosen);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (disabled || !event.dataTransfer?.files.length) return;
    // The input shows the dropped file too, so that what is sent is what the field says.
    if (input.current) input.current.files = event.dataTransfer.files;
    choose(event.dataTransfer.files);
  };

  const describedBy = [hint ? `${id}-aide` : '', file ? `${id}-choisi` : '', shownError ? `${id}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field upload ${shownError ? 'has-error' : ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="required-mark"> (obligatoire)</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      <div
        class={`drop-zone ${dragging ? 'dragging' : ''} ${disabled ? 'disabled' : ''}`}
        onDragEnter={(e) => {
          e.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragOver={(e) => e.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <input
          ref={input}
          type="file"
          id={id}
          name={id}
          accept="application/pdf,.pdf"
          disabled={disabled}
          aria-invalid={shownError ? 'true' : undefined}
          aria-describedby={describedBy}
          onChange={(e) => choose((e.currentTarget as HTMLInputElement).files)}
        />
        <p class="drop-hint" aria-hidden="true">
          ou glissez-déposez le PDF ici
        </p>
      </div>
      {file ? (
        <p class="file-chosen" id={`${id}-choisi`}>
          Fichier choisi : « {file.name} » (PDF, {formatSize(file.size)})
        </p>
      ) : null}
      <UploadProgressText id={id} upload={upload} />
      <FieldError id={id} error={shownError} />
    </div>
  );
}

/** The upload's progress: a bar for the eyes, and a live text that moves by tenths so that a screen reader is not flooded. */
function UploadProgressText({ id, upload }: { id: string; upload: UploadState }) {
  const percent = upload.step === 'sending' && upload.total > 0 ? Math.floor((upload.loaded / upload.total) * 100) : 0;
  return (
    <div class="upload-progress" role="status" aria-live="polite" id={`${id}-progression`}>
      {upload.step === 'sending' ? (
        <>
          <progress max={100} value={percent} aria-label="Progression de l’envoi" />
          <span>Envoi en cours : {Math.floor(percent / 10) * 10} %</span>
          <span class="visually-hidden">, ne fermez pas cette page</span>
        </>
      ) : upload.step === 'checking' ? (
        <span>Fichier reçu : vérification du PDF par le serveur…</span>
      ) : null}
    </div>
  );
}
