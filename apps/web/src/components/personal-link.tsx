import { useState } from 'preact/hooks';
import { api, SignatoryRow } from '../api';
import { describeFailure, formatTimestamp } from '../fr';
import { Notice } from './field';

type Outcome =
  | { kind: 'issued'; name: string; url: string; copied: boolean; expiresAt: string }
  | { kind: 'sent'; name: string; sentTo: string[]; expiresAt: string }
  | { kind: 'failed'; text: string };

function LinkNotice({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'failed') return <Notice kind="error">{outcome.text}</Notice>;
  const validity = `Il remplace le lien précédent et reste valable jusqu’au ${formatTimestamp(outcome.expiresAt)}.`;
  if (outcome.kind === 'sent') {
    return (
      <Notice kind="success">
        Lien personnel de {outcome.name} envoyé par e-mail à {outcome.sentTo.join(', ')}. {validity}
      </Notice>
    );
  }
  return (
    <div class={`notice ${outcome.copied ? 'notice-success' : 'notice-info'}`} role="status">
      <span class="notice-icon" aria-hidden="true">
        {outcome.copied ? '✔' : 'ℹ'}
      </span>
      <div class="link-box">
        <p>
          {outcome.copied ? `Lien personnel de ${outcome.name} copié dans le presse-papiers.` : `Lien personnel de ${outcome.name} émis : copiez-le ci-dessous.`}{' '}
          {validity}
        </p>
        <label for="lien-emis">Lien de {outcome.name}</label>
        <input id="lien-emis" type="text" readOnly value={outcome.url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
      </div>
    </div>
  );
}

/** Whether the browser copied the text: a page on plain HTTP (not localhost) has no clipboard. */
async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A secretary's personal link, copied (issued here, pasted by the administrator) or e-mailed by the
 * campaign; either way a new link that revokes the previous one. `onSent` follows an e-mail.
 */
export function usePersonalLinks(id: string, onSent: () => void) {
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const attempt = async (key: string, action: () => Promise<Outcome>, failure: string) => {
    setBusy(key);
    try {
      setOutcome(await action());
    } catch (error) {
      setOutcome({ kind: 'failed', text: `${failure} : ${describeFailure(error)}` });
    } finally {
      setBusy(undefined);
    }
  };
  const copy = (row: SignatoryRow) =>
    attempt(`copy:${row.id}`, async () => {
      const issued = await api.issueLink(id, row.id);
      const copied = await copyToClipboard(issued.url);
      return { kind: 'issued', name: row.name, url: issued.url, copied, expiresAt: issued.expiresAt };
    }, `Le lien de ${row.name} n’a pas pu être émis`);
  const send = (row: SignatoryRow) =>
    attempt(`send:${row.id}`, async () => {
      const sent = await api.sendLink(id, row.id);
      onSent();
      return { kind: 'sent', name: row.name, sentTo: sent.sentTo, expiresAt: sent.expiresAt };
    }, `Le lien de ${row.name} n’a pas pu être envoyé`);
  const isBusy = (action: 'copy' | 'send', row: SignatoryRow) => busy === `${action}:${row.id}`;
  return { notice: outcome ? <LinkNotice outcome={outcome} /> : null, copy, send, isBusy };
}
