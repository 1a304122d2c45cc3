import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, Campaign, CampaignEvent, SignatoryRow, Status } from '../api';
import { LateBadge, PhaseBadge, StatusBadge } from '../components/badges';
import { checkDraft, DeliberationDraft, DeliberationForm, draftOf, emptyDraft } from '../components/deliberation-form';
import { Dialog } from '../components/dialog';
import { Field, FieldError, Notice } from '../components/field';
import { Page } from '../components/page';
import {
  DECISIONS,
  describeEvent,
  describeFailure,
  fieldErrors,
  formatDay,
  formatTimestamp,
  KINDS,
  parisDayAndTime,
  parisOffset,
  plural,
  STATUSES,
  todayInParis,
} from '../fr';
import { AdminNav } from './campaigns';

const REFRESH_MS = 4000;

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

/** `/campagnes/:id`: follow and steer one campaign; refreshes by itself. */
export function CampaignPage({ id, onLogout }: { id: string; onLogout: () => void }) {
  const [campaign, setCampaign] = useState<Campaign | undefined>();
  const [rows, setRows] = useState<SignatoryRow[]>([]);
  const [events, setEvents] = useState<CampaignEvent[]>([]);
  const [loadError, setLoadError] = useState('');
  const [refreshedAt, setRefreshedAt] = useState<Date | undefined>();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const lastSeq = useRef(0);
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const [c, s] = await Promise.all([api.campaign(id), api.signatories(id)]);
      let fresh: CampaignEvent[] = [];
      for (let page = 0; page < 20; page++) {
        const { events: batch, next } = await api.events(id, lastSeq.current);
        fresh = fresh.concat(batch);
        if (batch.length) lastSeq.current = batch[batch.length - 1].seq;
        if (next === null) break;
      }
      setCampaign(c);
      setRows(s.signatories);
      if (fresh.length) setEvents((old) => old.concat(fresh));
      setRefreshedAt(new Date());
      setLoadError('');
    } catch (error) {
      setLoadError(describeFailure(error));
    } finally {
      inFlight.current = false;
    }
  }, [id]);

  useEffect(() => {
    lastSeq.current = 0;
    setEvents([]);
    void refresh();
    const timer = setInterval(() => {
      if (!document.hidden) void refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [id, refresh]);

  const names = useMemo(() => Object.fromEntries(rows.map((r) => [r.id, r.name])), [rows]);
  const done = (text: string) => {
    setMessage({ kind: 'success', text });
    void refresh();
  };

  const nav = <AdminNav onLogout={onLogout} />;
  if (!campaign) {
    return (
      <Page title="Campagne" nav={nav} wide>
        {loadError ? <Notice kind="error">{loadError}</Notice> : <p role="status">Chargement de la campagne…</p>}
        <p>
          <a href="/campagnes">Retour à la liste des campagnes</a>
        </p>
      </Page>
    );
  }

  const open = campaign.phase !== 'signed' && campaign.phase !== 'cancelled';
  return (
    <Page title={campaign.title} nav={nav} wide>
      <p class="breadcrumb">
        <a href="/campagnes">Campagnes</a> <span aria-hidden="true">›</span> <span aria-current="page">{campaign.title}</span>
      </p>
      {loadError ? <Notice kind="error">La mise à jour automatique a échoué : {loadError}</Notice> : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <Summary campaign={campaign} names={names} refreshedAt={refreshedAt} />
      <section aria-labelledby="actions-titre" class="section">
        <h2 id="actions-titre">Actions</h2>
        <div class="action-grid">
          {campaign.phase === 'awaiting_conference' ? <ConferenceForm id={id} onDone={done} /> : null}
          {open ? <DeadlineForm id={id} campaign={campaign} onDone={done} /> : null}
          {campaign.phase === 'awaiting_signature' ? <SignatureForm id={id} campaign={campaign} onDone={done} /> : null}
          <div class="card action">
            <h3>Piste d’audit</h3>
            <p class="hint">Tous les événements de la campagne, horodatés et attribués, au format CSV.</p>
            <DownloadCsv id={id} onError={(text) => setMessage({ kind: 'error', text })} />
          </div>
          {open ? <CancelAction id={id} onDone={done} /> : null}
        </div>
      </section>
      <SignatoryTable id={id} campaign={campaign} rows={rows} onDone={done} />
      <Timeline events={events} names={names} />
    </Page>
  );
}

function Summary({ campaign, names, refreshedAt }: { campaign: Campaign; names: Record<string, string>; refreshedAt?: Date }) {
  const { counts } = campaign;
  const missing = campaign.requiredPending ?? [];
  const percent = counts.total ? Math.round((counts.adopted / counts.total) * 100) : 0;
  return (
    <section aria-labelledby="etat-titre" class="section">
      <h2 id="etat-titre">État de la campagne</h2>
      <div class="summary">
        <div class="card">
          <p class="label">Phase</p>
          <p class="big" data-testid="phase">
            <PhaseBadge phase={campaign.phase} />
          </p>
          {campaign.blocked ? (
            <p class="badge blocked">
              <span aria-hidden="true">⚠</span> bloquée : un signataire obligatoire a rejeté la convention
            </p>
          ) : null}
          {campaign.territory?.name ? <p class="muted">{campaign.territory.name}</p> : null}
        </div>
        <div class="card">
          <p class="label" id="progression-titre">
            Adoptions
          </p>
          <p class="big" data-testid="progress-text">
            {counts.adopted} sur {counts.total}
          </p>
          <div
            class="progress"
            role="progressbar"
            aria-labelledby="progression-titre"
            aria-valuemin={0}
            aria-valuemax={counts.total}
            aria-valuenow={counts.adopted}
            aria-valuetext={`${counts.adopted} adoptions sur ${counts.total} signataires (${percent} %)`}
          >
            <div class="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <p class="muted">
            {percent} % — {counts.rejected} rejet(s), {counts.adjourned} ajournement(s), {counts.pending} en attente
            {counts.scheduled ? ` dont ${counts.scheduled} avec une séance prévue` : ''}
          </p>
        </div>
        <div class="card">
          <p class="label">En retard</p>
          <p class="big" data-testid="late-count">
            {counts.late ?? 0}
          </p>
          <p class="muted">
            Échéance : {formatTimestamp(campaign.deliberationDeadline)}
            {campaign.deadlinePassed ? ' (dépassée)' : ''}
          </p>
        </div>
        <div class="card">
          <p class="label">Signataires obligatoires manquants</p>
          {missing.length ? (
            <>
              <p class="big">
                <span aria-hidden="true">⚠ </span>
                {missing.length}
              </p>
              <ul class="compact">
                {missing.map((sid) => (
                  <li key={sid}>{names[sid] ?? sid}</li>
                ))}
              </ul>
            </>
          ) : (
            <p class="big">
              <span aria-hidden="true">✔ </span>aucun
            </p>
          )}
        </div>
      </div>
      <dl class="facts">
        <div>
          <dt>Conférence des maires</dt>
          <dd>{campaign.conference ? `tenue le ${formatDay(campaign.conference.heldOn)}` : 'pas encore tenue'}</dd>
        </div>
        {campaign.signature ? (
          <div>
            <dt>Signature</dt>
            <dd>le {formatDay(campaign.signature.signedOn)}</dd>
          </div>
        ) : null}
        {campaign.cancellation ? (
          <div>
            <dt>Motif de l’annulation</dt>
            <dd>{campaign.cancellation.reason}</dd>
          </div>
        ) : null}
        <div>
          <dt>Mise à jour</dt>
          <dd>automatique toutes les quelques secondes{refreshedAt ? ` (dernière à ${refreshedAt.toLocaleTimeString('fr-FR')})` : ''}</dd>
        </div>
      </dl>
    </section>
  );
}

function useAction(onDone: (text: string) => void) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const run = async (action: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setErrors({});
    setFailure('');
    try {
      await action();
      onDone(success);
      return true;
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      setFailure(Object.keys(fields).length ? '' : describeFailure(error));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, setErrors, failure, run };
}

function ConferenceForm({ id, onDone }: { id: string; onDone: (text: string) => void }) {
  const [heldOn, setHeldOn] = useState('');
  const [notes, setNotes] = useState('');
  const { busy, errors, setErrors, failure, run } = useAction(onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!heldOn) return setErrors({ heldOn: 'Saisissez la date de la conférence des maires.' });
    void run(() => api.holdConference(id, notes.trim() ? { heldOn, notes: notes.trim() } : { heldOn }), `Conférence des maires enregistrée au ${formatDay(heldOn)} : les délibérations sont ouvertes.`);
  };
  return (
    <form class="card action" noValidate onSubmit={submit} aria-labelledby="conference-titre">
      <h3 id="conference-titre">Conférence des maires</h3>
      <p class="hint">Elle ouvre la phase des délibérations.</p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <Field id="heldOn" type="date" label="Date de la conférence" required max={todayInParis()} value={heldOn} onValue={setHeldOn} error={errors.heldOn} />
      <div class={`field ${errors.notes ? 'has-error' : ''}`}>
        <label for="conference-notes">Notes (facultatif)</label>
        <textarea
          id="conference-notes"
          rows={2}
          maxLength={5000}
          value={notes}
          onInput={(e) => setNotes((e.currentTarget as HTMLTextAreaElement).value)}
          aria-describedby={errors.notes ? 'conference-notes-erreur' : undefined}
        />
        <FieldError id="conference-notes" error={errors.notes} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        Enregistrer la conférence
      </button>
    </form>
  );
}

function DeadlineForm({ id, campaign, onDone }: { id: string; campaign: Campaign; onDone: (text: string) => void }) {
  const current = parisDayAndTime(campaign.deliberationDeadline);
  const [day, setDay] = useState(current.day);
  const [time, setTime] = useState(current.time);
  const { busy, errors, setErrors, failure, run } = useAction(onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!day) return setErrors({ deliberationDeadline: 'Saisissez le jour de la nouvelle échéance.' });
    const at = time || '23:59';
    const deadline = `${day}T${at}:${at === '23:59' ? '59' : '00'}${parisOffset(day, at)}`;
    void run(() => api.moveDeadline(id, deadline), `Échéance déplacée au ${formatTimestamp(deadline)}.`);
  };
  return (
    <form class="card action" noValidate onSubmit={submit} aria-labelledby="echeance-titre">
      <h3 id="echeance-titre">Échéance des délibérations</h3>
      <p class="hint">Heure de Paris. Les relances suivent la nouvelle échéance.</p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <div class="inline-fields">
        <Field id="deadline-day" type="date" label="Jour" required value={day} onValue={setDay} error={errors.deliberationDeadline} />
        <Field id="deadline-time" type="time" label="Heure" value={time} onValue={setTime} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        Déplacer l’échéance
      </button>
    </form>
  );
}

function SignatureForm({ id, campaign, onDone }: { id: string; campaign: Campaign; onDone: (text: string) => void }) {
  const [signedOn, setSignedOn] = useState('');
  const { busy, errors, setErrors, failure, run } = useAction(onDone);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!signedOn) return setErrors({ signedOn: 'Saisissez la date de la signature.' });
    void run(() => api.sign(id, signedOn), `Signature de la convention enregistrée au ${formatDay(signedOn)}.`);
  };
  return (
    <form class="card action" noValidate onSubmit={submit} aria-labelledby="signature-titre">
      <h3 id="signature-titre">Signature de la convention</h3>
      {campaign.blocked ? (
        <Notice kind="warning">Un signataire obligatoire a rejeté la convention : la signature est impossible tant qu’il n’a pas adopté.</Notice>
      ) : (
        <p class="hint">Les signataires ayant adopté la convention seront enregistrés comme signataires.</p>
      )}
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <Field
        id="signedOn"
        type="date"
        label="Date de la signature"
        required
        min={campaign.conference?.heldOn}
        max={todayInParis()}
        value={signedOn}
        onValue={setSignedOn}
        error={errors.signedOn}
      />
      <button type="submit" class="button" disabled={busy}>
        Enregistrer la signature
      </button>
    </form>
  );
}

function CancelAction({ id, onDone }: { id: string; onDone: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, errors, setErrors, failure, run } = useAction(onDone);
  const close = useCallback(() => setOpen(false), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setErrors({ reason: 'Indiquez le motif de l’annulation.' });
    if (await run(() => api.cancel(id, reason.trim()), 'La campagne est annulée.')) setOpen(false);
  };
  return (
    <div class="card action">
      <h3>Annuler la campagne</h3>
      <p class="hint">Définitif : les liens des secrétariats cessent de fonctionner.</p>
      <button type="button" class="button danger" onClick={() => setOpen(true)}>
        Annuler la campagne…
      </button>
      <Dialog title="Annuler la campagne" open={open} onClose={close}>
        <form noValidate onSubmit={submit} class="form">
          {failure ? <Notice kind="error">{failure}</Notice> : null}
          <ReasonField id="cancel-reason" value={reason} onValue={setReason} error={errors.reason} />
          <div class="actions">
            <button type="submit" class="button danger" disabled={busy}>
              Confirmer l’annulation
            </button>
            <button type="button" class="button secondary" onClick={close}>
              Ne pas annuler
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}

function ReasonField({ id, value, onValue, error }: { id: string; value: string; onValue: (v: string) => void; error?: string }) {
  return (
    <div class={`field ${error ? 'has-error' : ''}`}>
      <label for={id}>
        Motif<span class="required-mark"> (obligatoire)</span>
      </label>
      <p class="hint" id={`${id}-aide`}>
        Il figure dans la piste d’audit (2000 caractères au plus).
      </p>
      <textarea
        id={id}
        rows={3}
        maxLength={2000}
        required
        value={value}
        onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={`${id}-aide${error ? ` ${id}-erreur` : ''}`}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

function DownloadCsv({ id, onError }: { id: string; onError: (text: string) => void }) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const blob = await api.eventsCsv(id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `piste-audit-${id}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      onError(`Le téléchargement a échoué : ${describeFailure(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class="button secondary" onClick={download} disabled={busy}>
      <span aria-hidden="true" class="icon">
        ⤓
      </span>
      {busy ? 'Téléchargement…' : 'Télécharger la piste d’audit (CSV)'}
    </button>
  );
}

function decisionText(row: SignatoryRow): string {
  const d = row.deliberation;
  if (!d) return '—';
  return `${DECISIONS[d.decision] ?? d.decision} : ${d.votesFor} pour, ${d.votesAgainst} contre, ${d.abstentions} abst.${d.number ? ` — n° ${d.number}` : ''}`;
}

function SignatoryTable({ id, campaign, rows, onDone }: { id: string; campaign: Campaign; rows: SignatoryRow[]; onDone: (text: string) => void }) {
  const [filter, setFilter] = useState<'all' | 'late' | 'required' | Status>('all');
  const [text, setText] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'name', dir: 1 });
  const [link, setLink] = useState<{ sid: string; name: string; url: string; copied: boolean; expiresAt: string } | undefined>();
  const [linkError, setLinkError] = useState('');
  const [correcting, setCorrecting] = useState<SignatoryRow | undefined>();
  const [reopening, setReopening] = useState<SignatoryRow | undefined>();
  const open = campaign.phase !== 'signed' && campaign.phase !== 'cancelled';

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

  const copyLink = async (row: SignatoryRow) => {
    setLinkError('');
    try {
      const issued = await api.issueLink(id, row.id);
      let copied = false;
      try {
        await navigator.clipboard.writeText(issued.url);
        copied = true;
      } catch {
        copied = false;
      }
      setLink({ sid: row.id, name: row.name, url: issued.url, copied, expiresAt: issued.expiresAt });
    } catch (error) {
      setLink(undefined);
      setLinkError(`Le lien de ${row.name} n’a pas pu être émis : ${describeFailure(error)}`);
    }
  };

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
      {linkError ? <Notice kind="error">{linkError}</Notice> : null}
      {link ? (
        <div class={`notice ${link.copied ? 'notice-success' : 'notice-info'}`} role="status">
          <span class="notice-icon" aria-hidden="true">
            {link.copied ? '✔' : 'ℹ'}
          </span>
          <div class="link-box">
            <p>
              {link.copied
                ? `Lien personnel de ${link.name} copié dans le presse-papiers.`
                : `Lien personnel de ${link.name} émis : copiez-le ci-dessous.`}{' '}
              Il remplace le lien précédent et reste valable jusqu’au {formatTimestamp(link.expiresAt)}.
            </p>
            <label for="lien-emis">Lien de {link.name}</label>
            <input id="lien-emis" type="text" readOnly value={link.url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
          </div>
        </div>
      ) : null}
      <div class="table-wrap">
        <table class="signatories">
          <caption class="visually-hidden">Signataires de la campagne, avec leur statut, leur séance et leur décision</caption>
          <thead>
            <tr>
              {header('name', 'Signataire')}
              {header('status', 'Statut')}
              {header('sessionDate', 'Séance')}
              {header('decision', 'Décision')}
              {header('remindersSent', 'Relances')}
              {header('late', 'Retard')}
              <th scope="col">Actions</th>
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
                <td data-label="Actions">
                  <div class="row-actions">
                  {open ? (
                    <button type="button" class="button secondary small" onClick={() => copyLink(row)}>
                      Copier le lien<span class="visually-hidden"> personnel de {row.name}</span>
                    </button>
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
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Dialog title={correcting ? `Corriger la délibération de ${correcting.name}` : 'Corriger'} open={Boolean(correcting)} onClose={closeCorrect}>
        {correcting ? <CorrectForm id={id} row={correcting} conferenceDay={campaign.conference?.heldOn} onDone={(t) => { setCorrecting(undefined); onDone(t); }} /> : null}
      </Dialog>
      <Dialog title={reopening ? `Rouvrir la délibération de ${reopening.name}` : 'Rouvrir'} open={Boolean(reopening)} onClose={closeReopen}>
        {reopening ? <ReopenForm id={id} row={reopening} onDone={(t) => { setReopening(undefined); onDone(t); }} /> : null}
      </Dialog>
    </section>
  );
}

function CorrectForm({ id, row, conferenceDay, onDone }: { id: string; row: SignatoryRow; conferenceDay?: string; onDone: (text: string) => void }) {
  const [draft, setDraft] = useState<DeliberationDraft>(row.deliberation ? draftOf(row.deliberation) : emptyDraft());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const submit = async () => {
    const checked = checkDraft(draft);
    const local = { ...checked.errors };
    if (!reason.trim()) local.reason = 'Indiquez le motif de la correction.';
    setFailure('');
    if (Object.keys(local).length || !checked.deliberation) {
      setErrors(local);
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setBusy(true);
    try {
      await api.correct(id, row.id, reason.trim(), checked.deliberation);
      onDone(`Délibération de ${row.name} corrigée.`);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      setFailure(Object.keys(fields).length ? '' : describeFailure(error));
      setTimeout(() => summary.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <DeliberationForm
        prefix="correction"
        draft={draft}
        onChange={setDraft}
        errors={errors}
        onSubmit={submit}
        submitting={busy}
        submitLabel="Enregistrer la correction"
        conferenceDay={conferenceDay}
        today={todayInParis()}
        summaryRef={summary}
        before={<ReasonField id="correction-reason" value={reason} onValue={setReason} error={errors.reason} />}
      />
    </>
  );
}

function ReopenForm({ id, row, onDone }: { id: string; row: SignatoryRow; onDone: (text: string) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setError('Indiquez le motif de la réouverture.');
    setBusy(true);
    setError('');
    setFailure('');
    try {
      await api.reopen(id, row.id, reason.trim());
      onDone(`Délibération de ${row.name} rouverte : un nouveau vote est attendu.`);
    } catch (err) {
      const fields = fieldErrors(err);
      setError(fields.reason ?? '');
      setFailure(fields.reason ? '' : describeFailure(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit} class="form">
      <p>La délibération rejetée reste dans la piste d’audit ; le signataire pourra voter à nouveau lors d’une prochaine séance.</p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <ReasonField id="reopen-reason" value={reason} onValue={setReason} error={error} />
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          Rouvrir la délibération
        </button>
      </div>
    </form>
  );
}

function Timeline({ events, names }: { events: CampaignEvent[]; names: Record<string, string> }) {
  const [all, setAll] = useState(false);
  const newestFirst = [...events].reverse();
  const shown = all ? newestFirst : newestFirst.slice(0, 30);
  return (
    <section aria-labelledby="chronologie-titre" class="section">
      <h2 id="chronologie-titre">Chronologie</h2>
      <p class="muted">Du plus récent au plus ancien. {plural(events.length, 'événement', 'événements')}.</p>
      <ol class="timeline">
        {shown.map((event) => {
          const { title, detail, actor } = describeEvent(event, names);
          return (
            <li key={event.seq}>
              <p class="timeline-title">
                <strong>{title}</strong>
              </p>
              {detail ? <p>{detail}</p> : null}
              <p class="muted small">
                n° {event.seq} — <time dateTime={event.occurredAt}>{formatTimestamp(event.occurredAt, true)}</time> — {actor}
              </p>
            </li>
          );
        })}
      </ol>
      {events.length > shown.length || all ? (
        <button type="button" class="button secondary small" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Afficher seulement les 30 derniers' : `Afficher les ${events.length} événements`}
        </button>
      ) : null}
    </section>
  );
}

