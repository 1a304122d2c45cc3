import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiFailure, Campaign, Deliberation, DeliberationAnswer, DocumentVersion, SigningAuthority, Status } from '../api';
import { ActUpload } from '../components/act-upload';
import { StatusBadge } from '../components/badges';
import { checkDraft, DeliberationDraft, DeliberationForm, emptyDraft } from '../components/deliberation-form';
import { Field, Notice } from '../components/field';
import { Page } from '../components/page';
import { SecretaryDocuments } from '../components/secretary-documents';
import { SigningAuthorityForm } from '../components/signing-authority-form';
import { linkToken } from '../router';
import { DECISIONS, describeFailure, fieldErrors, formatDay, formatTimestamp, KINDS, PHASES, STATUSES, todayInParis } from '../fr';
import { ForwardLinkSection } from '../components/forward-link';

interface Who {
  campaignId: string;
  signatoryId: string;
  name?: string;
  kind?: string;
  status?: Status;
  sessionDate?: string | null;
  /** The body's acts, when the API says (GET /auth/me); else the page learns them as they are uploaded. */
  acts?: DocumentVersion[];
  signingAuthority?: SigningAuthority | null;
}

type State =
  | { step: 'loading' }
  | { step: 'failed'; message: string }
  | { step: 'ready'; who: Who; campaign: Campaign }
  | { step: 'done'; who: Who; campaign: Campaign; recorded: Deliberation; answer: DeliberationAnswer; at: Date; token: string };

/** Who the link belongs to: from GET /auth/me, or, failing that endpoint, from the URL. */
async function identify(token: string, search: URLSearchParams): Promise<Who> {
  const fromUrl = { campaignId: search.get('campagne') ?? '', signatoryId: search.get('signataire') ?? '' };
  try {
    const me = await api.me(token);
    if (me.kind !== 'secretary') throw new ApiFailure(403, 'this personal link does not give access to this resource');
    if ((fromUrl.campaignId && fromUrl.campaignId !== me.campaignId) || (fromUrl.signatoryId && fromUrl.signatoryId !== me.signatory.id)) {
      throw new ApiFailure(403, 'this personal link does not give access to this resource');
    }
    return {
      campaignId: me.campaignId,
      signatoryId: me.signatory.id,
      name: me.signatory.name,
      kind: me.signatory.kind,
      status: me.signatory.status,
      sessionDate: me.signatory.sessionDate,
      acts: me.signatory.acts ?? [],
      signingAuthority: me.signatory.signingAuthority ?? null,
    };
  } catch (error) {
    // An API without GET /auth/me answers 404: then the link must carry the ids itself.
    if (error instanceof ApiFailure && error.status === 404 && fromUrl.campaignId && fromUrl.signatoryId) return fromUrl;
    throw error;
  }
}

/** `/deliberation?token=sl_…`: a secretary announces the session and records the vote. */
export function DeliberationPage({ search }: { search: URLSearchParams }) {
  const [token] = useState(() => linkToken('ctg.link'));
  const [state, setState] = useState<State>({ step: 'loading' });

  useEffect(() => {
    if (!token) {
      setState({ step: 'failed', message: 'Ce lien est incomplet : ouvrez le lien personnel reçu par courriel, tel quel.' });
      return;
    }
    let stop = false;
    (async () => {
      try {
        const who = await identify(token, search);
        const campaign = await api.campaign(who.campaignId, token);
        if (!stop) setState({ step: 'ready', who, campaign });
      } catch (error) {
        if (!stop) setState({ step: 'failed', message: describeFailure(error) });
      }
    })();
    return () => {
      stop = true;
    };
  }, [token]);

  if (state.step === 'loading') {
    return (
      <Page title="Délibération">
        <p role="status">Chargement…</p>
      </Page>
    );
  }
  if (state.step === 'failed') {
    return (
      <Page title="Lien personnel inutilisable">
        <Notice kind="error">{state.message}</Notice>
        <p>Si le problème persiste, contactez le service de l’intercommunalité qui vous a envoyé le lien.</p>
      </Page>
    );
  }
  if (state.step === 'done') return <Confirmation {...state} />;
  return (
    <Secretary
      token={token}
      who={state.who}
      campaign={state.campaign}
      onRecorded={(recorded, answer, at) => setState({ step: 'done', who: state.who, campaign: state.campaign, recorded, answer, at, token })}
    />
  );
}

function Header({ who, campaign }: { who: Who; campaign: Campaign }) {
  const deadline = Date.parse(campaign.deliberationDeadline);
  const days = Math.ceil((deadline - Date.now()) / 86_400_000);
  return (
    <dl class="facts card">
      <div>
        <dt>Convention</dt>
        <dd>{campaign.title}</dd>
      </div>
      {campaign.territory?.name ? (
        <div>
          <dt>Territoire</dt>
          <dd>{campaign.territory.name}</dd>
        </div>
      ) : null}
      <div>
        <dt>Échéance des délibérations</dt>
        <dd>
          {formatTimestamp(campaign.deliberationDeadline)}{' '}
          {days > 0 ? (
            <span class="muted">(dans {days} jour{days > 1 ? 's' : ''})</span>
          ) : (
            <span class="badge late">
              <span aria-hidden="true">⚠</span> échéance dépassée
            </span>
          )}
        </dd>
      </div>
      {campaign.conference ? (
        <div>
          <dt>Conférence des maires</dt>
          <dd>{formatDay(campaign.conference.heldOn)}</dd>
        </div>
      ) : null}
      {who.status ? (
        <div>
          <dt>Votre délibération</dt>
          <dd>
            <StatusBadge status={who.status} />
            {who.sessionDate && who.status === 'scheduled' ? ` — séance annoncée le ${formatDay(who.sessionDate)}` : ''}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function Secretary({
  token,
  who,
  campaign,
  onRecorded,
}: {
  token: string;
  who: Who;
  campaign: Campaign;
  onRecorded: (recorded: Deliberation, answer: DeliberationAnswer, at: Date) => void;
}) {
  const today = todayInParis();
  const [session, setSession] = useState(who.sessionDate ?? '');
  const [sessionError, setSessionError] = useState('');
  const [sessionNotice, setSessionNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const [sessionBusy, setSessionBusy] = useState(false);
  const [draft, setDraft] = useState<DeliberationDraft>(emptyDraft(who.sessionDate && who.sessionDate <= today ? who.sessionDate : ''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const [acts, setActs] = useState<DocumentVersion[]>(who.acts ?? []);
  const act = acts[acts.length - 1];

  const [announced, setAnnounced] = useState<string | undefined>();
  const shownWho: Who = announced && (who.status === 'pending' || who.status === 'scheduled') ? { ...who, status: 'scheduled', sessionDate: announced } : who;
  const name = who.name ?? 'votre collectivité';
  const closed = campaign.phase === 'signed' || campaign.phase === 'cancelled';
  const decided = who.status === 'adopted' || who.status === 'rejected';
  const notOpen = campaign.phase === 'awaiting_conference';

  const announce = async (event: Event) => {
    event.preventDefault();
    setSessionNotice(undefined);
    if (!session) {
      setSessionError('Saisissez la date de la séance prévue.');
      document.getElementById('session-date')?.focus();
      return;
    }
    setSessionBusy(true);
    setSessionError('');
    try {
      const { at } = await api.scheduleSession(who.campaignId, who.signatoryId, session, token);
      setAnnounced(session);
      setSessionNotice({
        kind: 'success',
        text: `Séance du ${formatDay(session)} enregistrée le ${formatTimestamp(at)}. Aucune relance ne vous sera envoyée avant le lendemain de cette séance.`,
      });
      if (session <= today && !draft.sessionDate) setDraft({ ...draft, sessionDate: session });
    } catch (error) {
      const fields = fieldErrors(error);
      if (fields.sessionDate) setSessionError(fields.sessionDate);
      else setSessionNotice({ kind: 'error', text: describeFailure(error) });
      document.getElementById('session-date')?.focus();
    } finally {
      setSessionBusy(false);
    }
  };

  const record = async () => {
    // The vote cites the act in force by the hash the server computed when it was uploaded.
    const checked = checkDraft({ ...draft, documentSha256: act?.sha256 ?? '' });
    setFailure('');
    if (!checked.deliberation) {
      setErrors(checked.errors);
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const { body, at } = await api.recordDeliberation(who.campaignId, who.signatoryId, checked.deliberation, token);
      window.scrollTo(0, 0);
      onRecorded(checked.deliberation, body, at);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length) {
        setTimeout(() => summary.current?.focus(), 0);
      } else {
        setFailure(describeFailure(error));
        setTimeout(() => failureRef.current?.focus(), 0);
      }
    } finally {
      setBusy(false);
    }
  };

  /** Step 2 before the vote; after it, the act can still be sent (both orders are accepted). */
  const actSection = (step?: number) => (
    <section aria-labelledby="acte-titre" class="section card">
      <h2 id="acte-titre">
        {step ? (
          <>
            <span class="step" aria-hidden="true">
              {step}
            </span>{' '}
          </>
        ) : null}
        Déposer la délibération signée
      </h2>
      {notOpen ? (
        <Notice kind="info">La délibération signée pourra être déposée après la conférence des maires.</Notice>
      ) : (
        <p class="hint">
          {step
            ? 'Une fois la séance tenue, déposez l’extrait du registre signé : il accompagnera le vote enregistré à l’étape suivante.'
            : 'Déposez ici l’extrait du registre signé, ou une version corrigée avec son motif.'}
        </p>
      )}
      <ActUpload
        campaignId={who.campaignId}
        signatoryId={who.signatoryId}
        token={token}
        acts={acts}
        onUploaded={(uploaded) => setActs((old) => (old.some((a) => a.version === uploaded.version) ? old : [...old, uploaded]))}
        disabled={notOpen}
      />
    </section>
  );

  return (
    <Page title={`Délibération de ${name}`} heading={<>Délibération de {name}</>}>
      <p class="lead">
        Vous êtes le secrétariat de <strong>{name}</strong>
        {who.kind ? ` (${KINDS[who.kind] ?? who.kind})` : ''}. Cette page personnelle vous permet de confirmer le vote de votre assemblée sur la
        convention, sans créer de compte.
      </p>
      <Header who={shownWho} campaign={campaign} />
      <SecretaryDocuments
        campaignId={who.campaignId}
        signatoryId={who.signatoryId}
        conventionTitle={campaign.title}
        documents={campaign.documents ?? []}
        token={token}
      />
      {closed ? null : <ForwardLinkSection campaignId={who.campaignId} signatoryId={who.signatoryId} token={token} />}
      {closed ? (
        <Notice kind="info">La campagne est {PHASES[campaign.phase]} : aucune délibération ne peut plus être enregistrée ici.</Notice>
      ) : decided ? (
        <>
          <Notice kind="success">
            La délibération de {name} est déjà enregistrée ({STATUSES[who.status as Status]}). Pour la corriger, contactez le service de
            l’intercommunalité.
          </Notice>
          {actSection()}
          {who.status === 'adopted' ? <SigningAuthoritySection who={who} token={token} /> : null}
        </>
      ) : (
        <>
          <section aria-labelledby="seance-titre" class="section card">
            <h2 id="seance-titre">
              <span class="step" aria-hidden="true">
                1
              </span>{' '}
              Annoncer la date de la séance
            </h2>
            <p class="hint">Indiquez quand votre assemblée examinera la convention : les relances s’arrêteront jusqu’au lendemain de cette date.</p>
            {sessionNotice ? <Notice kind={sessionNotice.kind}>{sessionNotice.text}</Notice> : null}
            <form class="form" noValidate onSubmit={announce}>
              <Field
                id="session-date"
                type="date"
                label="Date de la séance prévue"
                required
                min={campaign.conference?.heldOn}
                value={session}
                onValue={setSession}
                error={sessionError}
              />
              <div class="actions">
                <button type="submit" class="button secondary" disabled={sessionBusy}>
                  {sessionBusy ? 'Enregistrement…' : 'Annoncer la séance'}
                </button>
              </div>
            </form>
          </section>
          {actSection(2)}
          <section aria-labelledby="vote-titre" class="section card">
            <h2 id="vote-titre">
              <span class="step" aria-hidden="true">
                3
              </span>{' '}
              Enregistrer la délibération
            </h2>
            {notOpen ? (
              <Notice kind="info">
                La conférence des maires n’a pas encore eu lieu : les délibérations pourront être enregistrées après elle. Vous pouvez déjà
                annoncer la date de votre séance.
              </Notice>
            ) : (
              <p class="hint">Une fois la séance tenue, reportez ici la décision et le décompte des voix tels qu’ils figurent au registre.</p>
            )}
            {failure ? (
              <div ref={failureRef} tabIndex={-1}>
                <Notice kind="error">{failure}</Notice>
              </div>
            ) : null}
            <DeliberationForm
              prefix="deliberation"
              draft={draft}
              onChange={setDraft}
              errors={errors}
              onSubmit={record}
              submitting={busy}
              submitLabel="Enregistrer la délibération"
              conferenceDay={campaign.conference?.heldOn}
              today={today}
              disabled={notOpen}
              summaryRef={summary}
              document={<CitedAct act={act} />}
              documentTarget="acte-fichier"
            />
          </section>
        </>
      )}
    </Page>
  );
}

/** In the vote's form: the act the vote will cite, as the server recorded it. */
function CitedAct({ act }: { act: DocumentVersion | undefined }) {
  return (
    <>
      <p class="field-label">Délibération signée jointe au vote</p>
      {act ? (
        <p class="hint">
          « {act.name} » (version {act.version}), empreinte SHA-256 : <code class="hash">{act.sha256}</code>
        </p>
      ) : (
        <p class="hint">Aucune pour l’instant : déposez-la à l’étape 2 pour qu’elle accompagne le vote (facultatif, elle peut aussi être déposée après).</p>
      )}
    </>
  );
}

/** After an adoption: who will sign the convention for the body, as the deliberation authorises its head. */
function SigningAuthoritySection({ who, token }: { who: Who; token: string }) {
  const [notice, setNotice] = useState('');
  return (
    <section aria-labelledby="autorite-titre" class="section card no-print">
      <h2 id="autorite-titre">Autorité signataire</h2>
      <p class="hint">
        La délibération autorise le chef de l’exécutif à signer la convention : indiquez qui signera pour {who.name ?? 'votre collectivité'}, et en
        quelle qualité.
      </p>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <SigningAuthorityForm
        campaignId={who.campaignId}
        signatoryId={who.signatoryId}
        bodyName={who.name ?? 'votre collectivité'}
        named={who.signingAuthority}
        token={token}
        onDone={(text) => setNotice(text)}
      />
    </section>
  );
}

function Confirmation({
  who,
  campaign,
  recorded,
  answer,
  at,
  token,
}: {
  who: Who;
  campaign: Campaign;
  recorded: Deliberation;
  answer: DeliberationAnswer;
  at: Date;
  token: string;
}) {
  const name = who.name ?? 'votre collectivité';
  return (
    <Page title="Délibération enregistrée" heading="Délibération enregistrée" focus>
      <Notice kind="success">
        La délibération de <strong>{name}</strong> a été enregistrée le <strong>{formatTimestamp(at, true)}</strong>.
      </Notice>
      {answer.late ? (
        <Notice kind="warning">Elle a été reçue après l’échéance du {formatTimestamp(campaign.deliberationDeadline)} : elle est marquée « en retard ».</Notice>
      ) : null}
      <section aria-labelledby="recap-titre" class="section card">
        <h2 id="recap-titre">Ce qui a été enregistré</h2>
        <dl class="facts" data-testid="recap">
          <div>
            <dt>Convention</dt>
            <dd>{campaign.title}</dd>
          </div>
          <div>
            <dt>Signataire</dt>
            <dd>{name}</dd>
          </div>
          <div>
            <dt>Date de la séance</dt>
            <dd>{formatDay(recorded.sessionDate)}</dd>
          </div>
          <div>
            <dt>Décision</dt>
            <dd>{DECISIONS[recorded.decision]}</dd>
          </div>
          <div>
            <dt>Voix pour</dt>
            <dd>{recorded.votesFor}</dd>
          </div>
          <div>
            <dt>Voix contre</dt>
            <dd>{recorded.votesAgainst}</dd>
          </div>
          <div>
            <dt>Abstentions</dt>
            <dd>{recorded.abstentions}</dd>
          </div>
          {recorded.tieBrokenByChair ? (
            <div>
              <dt>Égalité</dt>
              <dd>départagée par la voix prépondérante du président</dd>
            </div>
          ) : null}
          <div>
            <dt>Numéro</dt>
            <dd>{recorded.number ?? 'non renseigné'}</dd>
          </div>
          {recorded.membersInOffice !== undefined ? (
            <div>
              <dt>Membres en exercice</dt>
              <dd>{recorded.membersInOffice}</dd>
            </div>
          ) : null}
          {recorded.membersPresent !== undefined ? (
            <div>
              <dt>Membres présents</dt>
              <dd>{recorded.membersPresent}</dd>
            </div>
          ) : null}
          {recorded.proxies !== undefined ? (
            <div>
              <dt>Pouvoirs</dt>
              <dd>{recorded.proxies}</dd>
            </div>
          ) : null}
          <div>
            <dt>Empreinte SHA-256 du PDF</dt>
            <dd>{recorded.documentSha256 ? <code class="hash">{recorded.documentSha256}</code> : 'aucun fichier'}</dd>
          </div>
          <div>
            <dt>Statut</dt>
            <dd>
              <StatusBadge status={answer.status} />
            </dd>
          </div>
          <div>
            <dt>Enregistrée le</dt>
            <dd>
              <time dateTime={at.toISOString()}>{formatTimestamp(at, true)}</time>
            </dd>
          </div>
        </dl>
      </section>
      {recorded.decision === 'adopted' ? <SigningAuthoritySection who={who} token={token} /> : null}
      <p>
        {recorded.decision === 'adjourned'
          ? 'Le vote a été ajourné : revenez sur ce lien pour enregistrer la délibération après la prochaine séance.'
          : 'Merci : il n’y a plus rien à faire. Une erreur ? Contactez le service de l’intercommunalité, qui peut corriger la délibération en indiquant un motif.'}
      </p>
      <div class="actions no-print">
        <button type="button" class="button secondary" onClick={() => window.print()}>
          Imprimer ce récapitulatif
        </button>
        {recorded.decision === 'adjourned' ? (
          <button type="button" class="button secondary" onClick={() => window.location.reload()}>
            Revenir au formulaire
          </button>
        ) : null}
      </div>
    </Page>
  );
}
