import { ServiceHealth, api } from '../api';
import { Notice } from '../components/field';
import { Page } from '../components/page';
import { formatTimestamp } from '../fr';
import { usePolled } from '../components/use-polled';
import { AdminNav } from './campaigns';

export const SERVICE_HEALTH_PATH = '/etat';

const COMPONENTS: Record<string, string> = {
  temporal: 'Moteur de campagnes (Temporal)',
  database: 'Base de données (PostgreSQL)',
  smtp: 'Serveur de courriel (SMTP)',
  documents: 'Stockage des documents',
  outboxes: 'Envoi des courriels en attente',
};

const OUTBOXES: Record<string, string> = {
  notification: 'Notifications aux administrateurs',
  reminder: 'Relances',
  personal_link: 'Liens personnels et de signature',
  webhook: 'Webhooks',
};

const STATUS: Record<ServiceHealth['status'], string> = {
  ok: 'Tout fonctionne.',
  degraded: 'Le service fonctionne, mais une partie est en panne.',
  unavailable: 'Le service ne peut pas répondre : une partie essentielle est en panne.',
};

function waited(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** `/etat`: the operator's view of /health, refreshed every 10 s. */
export function ServiceHealthPage({ onLogout }: { onLogout: () => void }) {
  const { value: health, failure } = usePolled(api.health);

  return (
    <Page title="État du service" nav={<AdminNav onLogout={onLogout} current="etat" />}>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {!health && !failure ? <p role="status">Chargement de l’état du service…</p> : null}
      {health ? (
        <>
          <Notice kind={health.status === 'ok' ? 'success' : health.status === 'degraded' ? 'warning' : 'error'}>{STATUS[health.status]}</Notice>
          <section class="card" aria-labelledby="composants">
            <h2 id="composants" class="card-title">
              Composants
            </h2>
            <ul class="component-list">
              {Object.entries(health.components).map(([name, c]) => (
                <li key={name}>
                  <strong>{COMPONENTS[name] ?? name}</strong> : {c.status === 'up' ? 'en service' : <strong>en panne</strong>} depuis le {formatTimestamp(c.since, true)}.
                  {c.lastError ? (
                    <>
                      {' '}
                      Dernière erreur, le {formatTimestamp(c.lastErrorAt, true)} : <span class="break-anywhere">{c.lastError}</span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="courriels-en-attente">
            <h2 id="courriels-en-attente" class="card-title">
              Courriels en attente d’envoi
            </h2>
            <ul>
              {health.outboxBacklog.map((b) => (
                <li key={b.outbox}>
                  {OUTBOXES[b.outbox] ?? b.outbox} : {b.pending === 0 ? 'aucun' : `${b.pending}, le plus ancien depuis ${waited(b.oldestSeconds)}`}
                </li>
              ))}
            </ul>
          </section>
          {health.records.stuck.length > 0 ? (
            <section class="card" aria-labelledby="registres-bloques">
              <h2 id="registres-bloques" class="card-title">
                Registres bloqués
              </h2>
              <ul>
                {health.records.stuck.map((s) => (
                  <li key={s.campaignId}>
                    <a href={`/campagnes/${encodeURIComponent(s.campaignId)}`}>{s.campaignId}</a> : depuis le {formatTimestamp(s.since, true)}, {s.attempts} tentatives —{' '}
                    {s.lastError}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
