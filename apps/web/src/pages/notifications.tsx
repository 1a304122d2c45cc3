import { useEffect, useState } from 'preact/hooks';
import { AdminNotification, NotificationPreference, PreferenceKind, api } from '../api';
import { Notice } from '../components/field';
import { Page } from '../components/page';
import { describeFailure, formatTimestamp } from '../fr';
import { AdminNav } from './campaigns';

/** Outside the API's `/notifications` routes, which share the origin. */
export const NOTIFICATIONS_PATH = '/mes-notifications';

const PREFERENCE_LABELS: Record<PreferenceKind, string> = {
  body_rejected: 'Un organisme rejette la convention',
  campaign_blocked: 'La campagne est bloquée',
  campaign_unblocked: 'La campagne est débloquée',
  ready_to_sign: 'La convention est prête à être signée',
  deadline_passed: 'L’échéance passe avec des organismes en retard',
  act_uploaded: 'Un secrétariat dépose l’acte de sa délibération',
  link_forwarded: 'Un secrétariat transmet son lien',
  reminder_refused: 'Une adresse refuse les relances',
  weekly_digest: 'Le récapitulatif de la semaine, le lundi à 9 h',
};

/** `/mes-notifications`: what happened on the administrator's campaigns, and what they choose to receive. */
export function NotificationsPage({ onLogout }: { onLogout: () => void }) {
  const [inbox, setInbox] = useState<{ unread: number; notifications: AdminNotification[] } | undefined>();
  const [failure, setFailure] = useState('');

  const load = async () => {
    try {
      setInbox(await api.notifications());
      setFailure('');
    } catch (error) {
      setFailure(describeFailure(error));
    }
  };
  useEffect(() => void load(), []);

  const markAllRead = async () => {
    try {
      await api.markNotificationsRead();
      await load();
    } catch (error) {
      setFailure(describeFailure(error));
    }
  };

  return (
    <Page title="Notifications" nav={<AdminNav onLogout={onLogout} current="notifications" />}>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <section class="card" aria-labelledby="notifications-recues">
        <h2 id="notifications-recues" class="card-title">
          Ce qui s’est passé
        </h2>
        {!inbox && !failure ? <p role="status">Chargement des notifications…</p> : null}
        {inbox ? (
          <p role="status">
            {inbox.unread === 0 ? 'Aucune notification non lue.' : `${inbox.unread} notification${inbox.unread > 1 ? 's' : ''} non lue${inbox.unread > 1 ? 's' : ''}.`}
          </p>
        ) : null}
        {inbox && inbox.notifications.length > 0 ? (
          <>
            <ul class="notification-list">
              {inbox.notifications.map((n) => (
                <li key={n.id} class={n.readAt ? 'read' : 'unread'}>
                  {n.readAt ? null : <span class="visually-hidden">Non lue : </span>}
                  <a href={`/campagnes/${encodeURIComponent(n.campaignId)}`}>{n.campaignTitle}</a> — {n.text}.{' '}
                  <span class="muted">{formatTimestamp(n.occurredAt)}</span>
                </li>
              ))}
            </ul>
            {inbox.unread > 0 ? (
              <p class="actions">
                <button type="button" class="button secondary" onClick={() => void markAllRead()}>
                  Tout marquer comme lu
                </button>
              </p>
            ) : null}
          </>
        ) : null}
      </section>
      <PreferencesForm />
    </Page>
  );
}

function PreferencesForm() {
  const [preferences, setPreferences] = useState<Record<PreferenceKind, NotificationPreference> | undefined>();
  const [notice, setNotice] = useState<{ kind: 'error' | 'success'; text: string } | undefined>();

  useEffect(() => {
    api.notificationPreferences().then(
      (answer) => setPreferences(answer.preferences),
      (error) => setNotice({ kind: 'error', text: describeFailure(error) }),
    );
  }, []);

  const toggle = (kind: PreferenceKind, way: keyof NotificationPreference, value: boolean) =>
    setPreferences((current) => current && { ...current, [kind]: { ...current[kind], [way]: value } });
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!preferences) return;
    try {
      setPreferences((await api.chooseNotifications(preferences)).preferences);
      setNotice({ kind: 'success', text: 'Vos choix sont enregistrés.' });
    } catch (error) {
      setNotice({ kind: 'error', text: describeFailure(error) });
    }
  };

  return (
    <section class="card" aria-labelledby="notifications-choix">
      <h2 id="notifications-choix" class="card-title">
        Ce que vous recevez
      </h2>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {preferences ? (
        <form class="form" noValidate onSubmit={submit} aria-labelledby="notifications-choix">
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Notifications par courriel et dans l’interface</caption>
              <thead>
                <tr>
                  <th scope="col">Quand</th>
                  <th scope="col">Par courriel</th>
                  <th scope="col">Dans l’interface</th>
                </tr>
              </thead>
              <tbody>
                {(Object.keys(PREFERENCE_LABELS) as PreferenceKind[]).map((kind) => (
                  <tr key={kind}>
                    <th scope="row">{PREFERENCE_LABELS[kind]}</th>
                    <td>
                      <input
                        type="checkbox"
                        id={`${kind}-courriel`}
                        aria-label={`${PREFERENCE_LABELS[kind]} : par courriel`}
                        checked={preferences[kind].email}
                        onChange={(e) => toggle(kind, 'email', (e.target as HTMLInputElement).checked)}
                      />
                    </td>
                    <td>
                      {kind === 'weekly_digest' ? (
                        <span class="muted">par courriel seulement</span>
                      ) : (
                        <input
                          type="checkbox"
                          id={`${kind}-interface`}
                          aria-label={`${PREFERENCE_LABELS[kind]} : dans l’interface`}
                          checked={preferences[kind].inApp}
                          onChange={(e) => toggle(kind, 'inApp', (e.target as HTMLInputElement).checked)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="actions">
            <button type="submit" class="button">
              Enregistrer mes choix
            </button>
          </p>
        </form>
      ) : null}
    </section>
  );
}
