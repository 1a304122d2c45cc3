import { useCallback, useMemo, useState } from 'preact/hooks';
import { Campaign, SignatoryRow, Status } from '../api';
import { DECISIONS, formatDay, formatTimestamp, KINDS, plural, STATUSES } from '../fr';
import { LateBadge, StatusBadge } from './badges';
import { CorrectForm, ReopenForm } from './deliberation-dialogs';
import { Dialog } from './dialog';
import { LegalFollowUpCell, LegalFollowUpForm, takesLegalFollowUp } from './legal-follow-up';
import { usePersonalLinks } from './personal-link';
import { ActCell, ConventionCell } from './signatory-document-cells';

type SortKey = 'name' | 'status' | 'sessionDate' | 'decision' | 'remindersSent' | 'late';
const SORT_OPTIONS: [SortKey, 1 | -1, string][] = [
  ['name', 1, 'nom (A → Z)'],
  ['name', -1, 'nom (Z → A)'],
  ['status', 1, 'statut (en attente d’abord)'],
  ['status', -1, 'statut (adoptées d’abord)'],
  ['sessionDate', 1, 'date de séance (plus ancienne d’abord)'],
  ['sessionDate', -1, 'date de séance (plus récente d’abord)'],
  ['decision', -1, 'décision (plus large majorité d’abord)'],
  ['remindersSent', -1, 'relances (les plus relancés d’abord)'],
  ['late', -1, 'retard (en retard d’abord)'],
];
const STATUS_ORDER: Record<Status, number> = { pending: 0, scheduled: 1, adjourned: 2, rejected: 3, adopted: 4 };

function decisionText(row: SignatoryRow): string {
  const d = row.deliberation;
  if (!d) return '—';
  return `${DECISIONS[d.decision] ?? d.decision} : ${d.votesFor} pour, ${d.votesAgainst} contre, ${d.abstentions} abst.${d.number ? ` — n° ${d.number}` : ''}`;
}

interface SignatoryTableProps {
  id: string;
  campaign: Campaign;
  rows: SignatoryRow[];
  /** After a change: its message, and the page reloads. */
  onDone: (text: string) => void;
  /** A download that failed, in French. */
  onError: (text: string) => void;
  /** Reload the page's data without a message of its own. */
  onRefresh: () => void;
}

/** The signatories with their status, filtered and sorted, and what an administrator does for each. */
export function SignatoryTable({ id, campaign, rows, onDone, onError, onRefresh }: SignatoryTableProps) {
  const [filter, setFilter] = useState<'all' | 'late' | 'required' | Status>('all');
  const [text, setText] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'name', dir: 1 });
  const links = usePersonalLinks(id, onRefresh);
  const [correcting, setCorrecting] = useState<SignatoryRow | undefined>();
  const [followingUp, setFollowingUp] = useState<SignatoryRow | undefined>();
  const [reopening, setReopening] = useState<SignatoryRow | undefined>();
  const open = campaign.phase !== 'signed' && campaign.phase !== 'cancelled';
  const missing = useMemo(() => new Set(campaign.legalFollowUpMissing ?? []), [campaign.legalFollowUpMissing]);
  const convention = (campaign.documents ?? []).find((d) => d.kind === 'convention');
  const conventionInForce = convention ? convention.versions[convention.versions.length - 1]?.version : undefined;

  const shown = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase('fr');
    const keep = rows.filter((r) => {
      if (filter === 'late' && !r.late) return false;
      if (filter === 'required' && !r.required) return false;
      if (filter !== 'all' && filter !== 'late' && filter !== 'required' && r.status !== filter) return false;
      if (needle && !`${r.name} ${r.id} ${KINDS[r.kind] ?? r.kind}`.toLocaleLowerCase('fr').includes(needle)) return false;
      return true;
    });
    const value = (r: SignatoryRow): string | number => {
      switch (sort.key) {
        case 'name':
          return r.name.toLocaleLowerCase('fr');
        case 'status':
          return STATUS_ORDER[r.status] ?? 0;
        case 'sessionDate':
          return r.sessionDate ?? r.deliberation?.sessionDate ?? '';
        case 'decision':
          return r.deliberation ? r.deliberation.votesFor - r.deliberation.votesAgainst : -1000;
        case 'remindersSent':
          return r.remindersSent;
        case 'late':
          return r.late ? 1 : 0;
      }
    };
    return [...keep].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'fr');
      return c * sort.dir || a.name.localeCompare(b.name, 'fr');
    });
  }, [rows, filter, text, sort]);

  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          class="sort"
          onClick={() => setSort(active ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: 1 })}
        >
          {label}
          <span aria-hidden="true" class="sort-icon">
            {active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ' ⇅'}
          </span>
          <span class="visually-hidden">
            {active ? (sort.dir === 1 ? ' (tri croissant, activer pour trier par ordre décroissant)' : ' (tri décroissant, activer pour trier par ordre croissant)') : ' (activer pour trier)'}
          </span>
        </button>
      </th>
    );
  };

  const closeCorrect = useCallback(() => setCorrecting(undefined), []);
  const closeReopen = useCallback(() => setReopening(undefined), []);
  const closeFollowUp = useCallback(() => setFollowingUp(undefined), []);
  const after = (close: () => void) => (message: string) => {
    close();
    onDone(message);
  };

  return (
    <section aria-labelledby="signataires-titre" class="section">
      <h2 id="signataires-titre">Signataires</h2>
      <div class="filters" role="search" aria-label="Filtrer les signataires">
        <div class="field">
          <label for="filtre-statut">Statut</label>
          <select id="filtre-statut" value={filter} onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value as typeof filter)}>
            <option value="all">Tous</option>
            {(Object.keys(STATUSES) as Status[]).map((s) => (
              <option key={s} value={s}>
                {STATUSES[s]}
              </option>
            ))}
            <option value="late">En retard</option>
            <option value="required">Obligatoires</option>
          </select>
        </div>
        <div class="field">
          <label for="filtre-texte">Rechercher un signataire</label>
          <input id="filtre-texte" type="search" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} autoComplete="off" />
        </div>
        <div class="field">
          <label for="tri">Trier par</label>
          <select
            id="tri"
            value={`${sort.key}:${sort.dir}`}
            onChange={(e) => {
              const [key, dir] = (e.currentTarget as HTMLSelectElement).value.split(':');
              setSort({ key: key as SortKey, dir: dir === '-1' ? -1 : 1 });
            }}
          >
            {SORT_OPTIONS.map(([key, dir, label]) => (
              <option key={`${key}:${dir}`} value={`${key}:${dir}`}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p class="muted" role="status" aria-live="polite">
        {shown.length === rows.length ? plural(rows.length, 'signataire', 'signataires') : `${shown.length} signataire(s) affiché(s) sur ${rows.length}`}
      </p>
      {links.notice}
      <div class="table-wrap">
        <table class="signatories">
          <caption class="visually-hidden">Signataires de la campagne, avec leur statut, leur séance, leur décision, la convention consultée et leur acte</caption>
          <thead>
            <tr>
              {header('name', 'Signataire')}
              {header('status', 'Statut')}
              {header('sessionDate', 'Séance')}
              {header('decision', 'Décision')}
              {header('remindersSent', 'Relances')}
              {header('late', 'Retard')}
              <th scope="col" class="unsorted">
                Convention et acte
              </th>
              <th scope="col" class="unsorted">
                Contrôle de légalité
              </th>
              <th scope="col" class="unsorted">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.id} data-signatory={row.id}>
                <th scope="row" data-label="Signataire">
                  <span class="name">{row.name}</span>
                  <span class="muted small">
                    {' '}
                    {KINDS[row.kind] ?? row.kind}
                    {row.required ? (
                      <span class="badge required">
                        <span aria-hidden="true">★</span> obligatoire
                      </span>
                    ) : null}
                  </span>
                </th>
                <td data-label="Statut">
                  <StatusBadge status={row.status} />
                </td>
                <td data-label="Séance">{formatDay(row.deliberation?.sessionDate ?? row.sessionDate)}</td>
                <td data-label="Décision">{decisionText(row)}</td>
                <td data-label="Relances">
                  {row.remindersSent}
                  {row.lastReminderAt ? <span class="muted small"> (dernière le {formatTimestamp(row.lastReminderAt)})</span> : null}
                </td>
                <td data-label="Retard">
                  <LateBadge late={row.late} />
                </td>
                <td data-label="Convention et acte" class="documents-cell">
                  <p data-testid="convention-consultee">
                    <ConventionCell row={row} inForce={conventionInForce} />
                  </p>
                  <p data-testid="acte">
                    <ActCell id={id} row={row} onError={onError} />
                  </p>
                </td>
                <td data-label="Contrôle de légalité">
                  <LegalFollowUpCell row={row} missing={missing.has(row.id)} />
                </td>
                <td data-label="Actions">
                  <div class="row-actions">
                  {open ? (
                    <>
                      <button type="button" class="button secondary small" onClick={() => links.copy(row)} disabled={links.isBusy('copy', row)}>
                        Copier le lien<span class="visually-hidden"> personnel de {row.name}</span>
                      </button>
                      <button type="button" class="button secondary small" onClick={() => links.send(row)} disabled={links.isBusy('send', row)}>
                        Envoyer le lien par e-mail<span class="visually-hidden"> à {row.name}</span>
                      </button>
                    </>
                  ) : null}
                  {open && row.deliberation ? (
                    <button type="button" class="button secondary small" onClick={() => setCorrecting(row)}>
                      Corriger<span class="visually-hidden"> la délibération de {row.name}</span>
                    </button>
                  ) : null}
                  {open && row.status === 'rejected' ? (
                    <button type="button" class="button secondary small" onClick={() => setReopening(row)}>
                      Rouvrir<span class="visually-hidden"> la délibération de {row.name}</span>
                    </button>
                  ) : null}
                  {takesLegalFollowUp(campaign, row) ? (
                    <button type="button" class="button secondary small" onClick={() => setFollowingUp(row)}>
                      Contrôle de légalité<span class="visually-hidden"> de {row.name}</span>
                    </button>
                  ) : null}
                  </div>
                  {row.lastLinkSentAt ? <p class="muted small link-sent">Lien envoyé par e-mail le {formatTimestamp(row.lastLinkSentAt)}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog title={correcting ? `Corriger la délibération de ${correcting.name}` : 'Corriger'} open={Boolean(correcting)} onClose={closeCorrect}>
        {correcting ? <CorrectForm id={id} row={correcting} conferenceDay={campaign.conference?.heldOn} onDone={after(closeCorrect)} /> : null}
      </Dialog>
      <Dialog title={reopening ? `Rouvrir la délibération de ${reopening.name}` : 'Rouvrir'} open={Boolean(reopening)} onClose={closeReopen}>
        {reopening ? <ReopenForm id={id} row={reopening} onDone={after(closeReopen)} /> : null}
      </Dialog>
      <Dialog
        title={followingUp ? `Contrôle de légalité de la délibération de ${followingUp.name}` : 'Contrôle de légalité'}
        open={Boolean(followingUp)}
        onClose={closeFollowUp}
      >
        {followingUp ? <LegalFollowUpForm id={id} row={followingUp} onDone={after(closeFollowUp)} /> : null}
      </Dialog>
    </section>
  );
}
