import { useState } from 'preact/hooks';
import { describeFailure } from '../fr';

/** Saves a blob under a file name: the admin's bearer token rules out a plain link, so the file is fetched first. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface DownloadButtonProps {
  label: string;
  fileName: string;
  fetchFile: () => Promise<Blob>;
  onError: (text: string) => void;
  secondary?: boolean;
  small?: boolean;
  /** Said to screen readers after the label, when the label alone is ambiguous (« Télécharger » in a list). */
  hiddenLabel?: string;
}

/** A button that downloads a file of the API with the administrator's token. */
export function DownloadButton({ label, fileName, fetchFile, onError, secondary = true, small = false, hiddenLabel }: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      saveBlob(await fetchFile(), fileName);
    } catch (error) {
      onError(`Le téléchargement a échoué : ${describeFailure(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class={`button ${secondary ? 'secondary' : ''} ${small ? 'small' : ''}`} onClick={download} disabled={busy} aria-busy={busy ? 'true' : undefined}>
      <span aria-hidden="true" class="icon">
        ⤓
      </span>
      {busy ? 'Téléchargement…' : label}
      {hiddenLabel ? <span class="visually-hidden"> {hiddenLabel}</span> : null}
    </button>
  );
}
