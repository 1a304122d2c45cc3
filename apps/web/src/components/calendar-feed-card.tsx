import { useState } from 'preact/hooks';
import { api } from '../api';
import { describeFailure } from '../fr';

/**
 * The administrator's private calendar of the campaign: an address to subscribe to in an agenda,
 * shown once when created (only its hash is kept), and revocable.
 */
export function CalendarFeedCard({ id, onDone, onError }: { id: string; onDone: (text: string) => void; onError: (text: string) => void }) {
  const [url, setUrl] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      onError(describeFailure(error));
    } finally {
      setBusy(false);
    }
  };
  const create = () => act(async () => setUrl((await api.createCalendarFeed(id)).url));
  const revoke = () =>
    act(async () => {
      await api.revokeCalendarFeed(id);
      setUrl(undefined);
      onDone('Votre adresse de calendrier est révoquée : les agendas abonnés ne la liront plus.');
    });
  return (
    <div class="card action">
      <h3>Calendrier</h3>
      <p class="hint">La date limite, la conférence des maires et chaque séance annoncée, dans votre agenda, par une adresse privée.</p>
      {url ? (
        <div class="calendar-url">
          <label for="adresse-calendrier">Votre adresse privée</label>
          <input id="adresse-calendrier" type="text" readOnly value={url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          <p class="hint">
            Copiez-la dans votre agenda (« s’abonner à un calendrier ») : elle ne sera plus affichée. Ne la partagez pas : elle suffit à lire le calendrier.
          </p>
        </div>
      ) : null}
      <div class="actions">
        <button type="button" class="button" onClick={create} disabled={busy}>
          {url ? 'Créer une nouvelle adresse' : 'Créer mon adresse de calendrier'}
        </button>
        <button type="button" class="button secondary" onClick={revoke} disabled={busy}>
          Révoquer mon adresse
        </button>
      </div>
    </div>
  );
}
