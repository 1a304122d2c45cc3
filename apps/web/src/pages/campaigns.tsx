import { useEffect, useState } from 'preact/hooks';
import { api, Campaign } from '../api';
import { PhaseBadge } from '../components/badges';
import { Notice } from '../components/field';
import { Page } from '../components/page';
import { usePolled } from '../components/use-polled';
import { formatTimestamp } from '../fr';

/** Outside `/campagnes/…`, so that no campaign id can take its place. */
export const NEW_CAMPAIGN_PATH = '/nouvelle-campagne';
/** Outside the API's `/organisations` routes, which share the origin. */
export const ORGANISATIONS_PATH = '/mes-organisations';

export function AdminNav({ onLogout, current }: { onLogout: () => void; current?: 'campagnes' | 'organisations' | 'notifications' | 'etat' }) {
  const [unread, setUnread] = useState(0);
  const [operator, setOperator] = useState(false);
  useEffect(() => {
    api.notifications().then(
      (inbox) => setUnread(inbox.unread),
      () => setUnread(0),
    );
  }, [current]);
  useEffect(() => {
    api.me().then(
      (me) => setOperator(me.kind === 'administrator' && me.operator === true),
      () => setOperator(false),
    );
  }, []);
  return (
    <ul class="nav-list">
      <li>
        <a href="/campagnes" aria-current={current === 'campagnes' ? 'page' : undefined}>
          Campagnes
        </a>
      </li>
      <li>
        <a href={ORGANISATIONS_PATH} aria-current={current === 'organisations' ? 'page' : undefined}>
          Organisations
        </a>
      </li>
      <li>
        <a href="/mes-notifications" aria-current={current === 'notifications' ? 'page' : undefined}>
          Notifications
          {unread > 0 ? (
            <span class="count-badge">
              {' '}
              {unread}
              <span class="visually-hidden"> non lue{unread > 1 ? 's' : ''}</span>
            </span>
          ) : null}
        </a>
      </li>
      {operator ? (
        <li>
          <a href="/etat" aria-current={current === 'etat' ? 'page' : undefined}>
            État du service
          </a>
        </li>
      ) : null}
      <li>
        <button type="button" class="button secondary small" onClick={onLogout}>
          Se déconnecter
        </button>
      </li>
    </ul>
  );
}

/** `/campagnes`: every campaign with its phase and progress. */
export function CampaignsPage({ onLogout }: { onLogout: () => void }) {
  const polled = usePolled(async () => (await api.campaigns()).campaigns);
  const campaigns: Campaign[] | undefined = polled.value;
  const failure = polled.failure;

  return (
    <Page title="Campagnes" nav={<AdminNav onLogout={onLogout} current="campagnes" />}>
      <p class="actions page-actions">
        <a class="button" href={NEW_CAMPAIGN_PATH}>
          <span aria-hidden="true" class="icon">
            +
          </span>
          Nouvelle campagne
        </a>
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {!campaigns && !failure ? <p role="status">Chargement des campagnes…</p> : null}
      {campaigns && campaigns.length === 0 ? <p>Aucune campagne n’a encore été lancée.</p> : null}
      {campaigns && campaigns.length > 0 ? (
        <ul class="cards" aria-label={`${campaigns.length} campagne(s)`}>
          {campaigns.map((c) => (
            <li key={c.id} class="card">
              <h2 class="card-title">
                <a href={`/campagnes/${encodeURIComponent(c.id)}`}>{c.title}</a>
              </h2>
              {c.territory?.name ? <p class="muted">{c.territory.name}</p> : null}
              <p>
                <PhaseBadge phase={c.phase} />
                {c.blocked ? (
                  <span class="badge blocked">
                    <span aria-hidden="true">⚠</span> bloquée
                  </span>
                ) : null}
              </p>
              <p>
                <strong>{c.counts.adopted}</strong> adoption(s) sur <strong>{c.counts.total}</strong> signataires
                {c.counts.late ? ` — ${c.counts.late} en retard` : ''}
              </p>
              <p class="muted">Échéance des délibérations : {formatTimestamp(c.deliberationDeadline)}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
