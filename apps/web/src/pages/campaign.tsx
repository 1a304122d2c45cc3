import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, Campaign, CampaignEvent, CampaignHolder, RecordFault, SignatoryRow, SignatureOverview } from '../api';
import { PhaseBadge } from '../components/badges';
import { ReasonField } from '../components/deliberation-dialogs';
import { Dialog } from '../components/dialog';
import { DocumentsCard } from '../components/documents-card';
import { SignatureSection } from '../components/signature-card';
import { DownloadButton } from '../components/download-button';
import { DraftTemplateCard } from '../components/draft-template-card';
import { HoldersCard } from '../components/holders-card';
import { Field, FieldError, Notice } from '../components/field';
import { LegalFollowUpSummary } from '../components/legal-follow-up';
import { Page } from '../components/page';
import { RecordCard } from '../components/record-card';
import { OpenDataCard } from '../components/open-data-card';
import { CalendarFeedCard } from '../components/calendar-feed-card';
import { SignatoryTable } from '../components/signatory-table';
import { useAction } from '../components/use-action';
import { describeEvent, describeFailure, formatDay, formatTimestamp, parisDayAndTime, parisOffset, plural, recordFaultText, todayInParis } from '../fr';
import { AdminNav } from './campaigns';

const REFRESH_MS = 4000;

/** `/campagnes/:id`: follow and steer one campaign; refreshes by itself. */
export function CampaignPage({ id, onLogout }: { id: string; onLogout: () => void }) {
  const [campaign, setCampaign] = useState<Campaign | undefined>();
  const [rows, setRows] = useState<SignatoryRow[]>([]);
  const [events, setEvents] = useState<CampaignEvent[]>([]);
  const [loadError, setLoadError] = useState('');
  const [refreshedAt, setRefreshedAt] = useState<Date | undefined>();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const [signature, setSignature] = useState<SignatureOverview | undefined>();
  const [holders, setHolders] = useState<CampaignHolder[]>([]);
  const [myOrganisations, setMyOrganisations] = useState<{ siren: string; role: 'manager' | 'observer' }[]>([]);
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
      // The signature's part of each body, once the deliberations are over.
      if (c.phase === 'awaiting_signature' || c.phase === 'signed') setSignature(await api.signature(id));
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
    void (async () => {
      try {
        const [me, { organisations }] = await Promise.all([api.me(), api.campaignHolders(id)]);
        setHolders(organisations);
        if (me.kind === 'administrator') setMyOrganisations(me.organisations ?? []);
      } catch {
        // The campaign's own refresh says what went wrong.
      }
    })();
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
  const failed = (text: string) => setMessage({ kind: 'error', text });

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
  const roleOn = (siren: string) => myOrganisations.find((m) => m.siren === siren)?.role;
  const manager = holders.some((h) => roleOn(h.siren) === 'manager');
  const observer = holders.length > 0 && !manager;
  const ownsIt = holders.some((h) => h.relation === 'owner' && roleOn(h.siren) === 'manager');
  return (
    <Page title={campaign.title} nav={nav} wide>
      <p class="breadcrumb">
        <a href="/campagnes">Campagnes</a> <span aria-hidden="true">›</span> <span aria-current="page">{campaign.title}</span>
      </p>
      {loadError ? <Notice kind="error">La mise à jour automatique a échoué : {loadError}</Notice> : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {campaign.recordFault ? <RecordFaultAlert fault={campaign.recordFault} /> : null}
      {observer ? (
        <Notice kind="info" id="observateur">
          Vous consultez cette campagne en <strong>observateur</strong> : vous voyez son état et téléchargez ses pièces, sans rien modifier.
        </Notice>
      ) : null}
      <Summary campaign={campaign} names={names} refreshedAt={refreshedAt} />
      <section aria-labelledby="actions-titre" class="section">
        <h2 id="actions-titre">Actions</h2>
        <div class="action-grid">
          {campaign.phase === 'awaiting_conference' && !observer ? <ConferenceForm id={id} onDone={done} /> : null}
          {open && !observer ? <DeadlineForm id={id} campaign={campaign} onDone={done} /> : null}
          <div class="card action">
            <h3>Piste d’audit</h3>
            <p class="hint">Tous les événements de la campagne, horodatés et attribués, au format CSV.</p>
            <DownloadButton label="Télécharger la piste d’audit (CSV)" fileName={`piste-audit-${id}.csv`} fetchFile={() => api.eventsCsv(id)} onError={failed} />
          </div>
          <RecordCard id={id} onError={failed} />
          <OpenDataCard id={id} onError={failed} />
          {!observer ? <CalendarFeedCard id={id} onDone={done} onError={failed} /> : null}
          {holders.length ? <HoldersCard id={id} holders={holders} canShare={ownsIt} onChanged={setHolders} onDone={done} onError={failed} /> : null}
          {open && !observer ? <CancelAction id={id} onDone={done} /> : null}
        </div>
      </section>
      <section aria-labelledby="documents-titre" class="section">
        <h2 id="documents-titre">Documents</h2>
        <div class="action-grid">
          <DocumentsCard id={id} campaign={campaign} onDone={done} onError={failed} />
          <div class="card action">
            <h3>Actes des signataires</h3>
            <p class="hint">
              {plural(rows.filter((r) => r.acts?.length).length, 'signataire a', 'signataires ont')} déposé sa délibération signée. Le ZIP contient
              chaque version, nommée par signataire, et un manifeste de leurs empreintes SHA-256.
            </p>
            <DownloadButton label="Télécharger tous les actes (ZIP)" fileName={`actes-${id}.zip`} fetchFile={() => api.actsZip(id)} onError={failed} />
          </div>
          <DraftTemplateCard id={id} open={open} onDone={done} />
        </div>
      </section>
      {campaign.phase === 'awaiting_signature' || campaign.phase === 'signed' ? (
        <SignatureSection id={id} campaign={campaign} overview={signature} onDone={done} onError={failed} />
      ) : null}
      <SignatoryTable id={id} campaign={campaign} rows={rows} onDone={done} onError={failed} onRefresh={refresh} />
      <Timeline events={events} names={names} />
    </Page>
  );
}

function RecordFaultAlert({ fault }: { fault: RecordFault }) {
  const text = recordFaultText(fault);
  return (
    <Notice kind="error" id="registre-bloque">
      <strong>{text.title}</strong>
      <p>{text.detail}</p>
    </Notice>
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
        <LegalFollowUpSummary campaign={campaign} names={names} />
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
