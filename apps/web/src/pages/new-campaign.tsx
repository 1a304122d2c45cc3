import { useEffect, useRef, useState } from 'preact/hooks';
import { api, CampaignRequest } from '../api';
import { ErrorSummary } from '../components/error-summary';
import { Field, FieldError, Notice } from '../components/field';
import { Page } from '../components/page';
import { policyErrorKey, policyFieldId, policyOf, PolicyDraft, ReminderPolicyFields } from '../components/reminder-policy-fields';
import { EditableSignatory, SignatoryEditor, signatoryFieldId } from '../components/signatory-editor';
import { TerritoryChoice, TerritorySource } from '../components/territory-source';
import { describeFailure, FIELD_LABELS, fieldErrors, parisOffset, todayInParis } from '../fr';
import { navigate } from '../router';
import { AdminNav } from './campaigns';

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const FIELD_ORDER = ['organisation', 'title', 'territory.name', 'deliberationDeadline', 'conferenceDate', 'administrators'];
const TARGETS: Record<string, string> = {
  title: 'campagne-titre',
  'territory.name': 'campagne-territoire',
  deliberationDeadline: 'campagne-echeance-jour',
  conferenceDate: 'campagne-conference',
  administrators: 'campagne-administrateurs',
  organisation: 'campagne-organisation',
  signatories: 'signataires-titre',
};
const POLICY_LABELS: Record<string, string> = {
  'reminderPolicy.before': 'rappels avant l’échéance',
  'reminderPolicy.overdueEvery': 'intervalle des relances',
  'reminderPolicy.overdueMax': 'nombre de relances après l’échéance',
  'reminderPolicy.escalateFrom': 'relance à partir de laquelle les administrateurs sont en copie',
};

const targetOf = (key: string) =>
  TARGETS[key] ?? (key.startsWith('reminderPolicy.') ? policyFieldId(key) : signatoryFieldId(key.replace(/\.\w+$/, '.email')));

/** The API's field names as the form shows them: one field for the administrators and one for the offsets. */
function formErrors(api: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(api)) {
    const admin = /^administrators\[(\d+)\]$/.exec(field);
    const key = field === 'id' ? 'title' : admin ? 'administrators' : policyErrorKey(field);
    const text = field === 'id' ? 'Le titre doit contenir au moins une lettre ou un chiffre : il donne l’identifiant de la campagne.' : admin ? `Adresse n° ${Number(admin[1]) + 1} : ${message}` : message;
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}

const addressesOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** `/nouvelle-campagne`: the territory's signatories, their e-mail addresses, the deadline, then the launch. */
export function NewCampaignPage({ onLogout }: { onLogout: () => void }) {
  const [choice, setChoice] = useState<TerritoryChoice | undefined>();
  const [rows, setRows] = useState<EditableSignatory[]>([]);
  const [title, setTitle] = useState('');
  const [territoryName, setTerritoryName] = useState('');
  const [deadlineDay, setDeadlineDay] = useState('');
  const [deadlineTime, setDeadlineTime] = useState('');
  const [conferenceDate, setConferenceDate] = useState('');
  const [administrators, setAdministrators] = useState('');
  const managed = useManagedOrganisations();
  const [organisation, setOrganisation] = useState('');
  const [policy, setPolicy] = useState<PolicyDraft | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const loaded = (next: TerritoryChoice) => {
    setChoice(next);
    setRows(next.signatories.map((s) => ({ id: s.id, kind: s.kind, name: s.name, email: s.email ?? '', required: s.required, ...(s.siret ? { siret: s.siret } : {}) })));
    setTerritoryName(next.territory.name);
    if (!title.trim() && next.territory.name) setTitle(`Convention Territoriale Globale — ${next.territory.name}`);
    setErrors({});
  };

  /** What the browser can check; the API checks the rest and answers field by field. */
  const check = (): Record<string, string> => {
    const local: Record<string, string> = {};
    if (!title.trim()) local.title = 'Saisissez le titre de la campagne.';
    if (!territoryName.trim()) local['territory.name'] = 'Saisissez le nom du territoire.';
    if (!deadlineDay) local.deliberationDeadline = 'Saisissez le jour de l’échéance des délibérations.';
    else if (deadlineDay < todayInParis()) local.deliberationDeadline = 'L’échéance ne peut pas être passée.';
    const wrong = addressesOf(administrators).filter((a) => !EMAIL.test(a));
    if (wrong.length) local.administrators = `Adresses invalides : ${wrong.join(', ')}.`;
    rows.forEach((row, i) => {
      const email = row.email.trim();
      if (!email) local[`signatories[${i}].email`] = `Saisissez l’adresse électronique de ${row.name}.`;
      else if (!EMAIL.test(email)) local[`signatories[${i}].email`] = `« ${email} » n’est pas une adresse électronique valide.`;
    });
    if (!rows.some((r) => r.required)) local.signatories = 'Au moins un signataire doit être obligatoire (en principe l’intercommunalité et la CAF).';
    return { ...local, ...(policy ? policyOf(policy).errors : {}) };
  };

  const requestBody = (): CampaignRequest => {
    const at = deadlineTime || '23:59';
    const admins = addressesOf(administrators);
    const reminderPolicy = policy ? policyOf(policy).policy : undefined;
    return {
      title: title.trim(),
      territory: { name: territoryName.trim(), ...(choice?.territory.siren ? { siren: choice.territory.siren } : {}) },
      deliberationDeadline: `${deadlineDay}T${at}:${at === '23:59' ? '59' : '00'}${parisOffset(deadlineDay, at)}`,
      ...(conferenceDate ? { conferenceDate } : {}),
      signatories: rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, email: r.email.trim(), required: r.required, ...(r.siret ? { siret: r.siret } : {}) })),
      ...(reminderPolicy ? { reminderPolicy } : {}),
      ...(admins.length ? { administrators: admins } : {}),
      ...(managed.length > 1 && organisation ? { organisation } : {}),
    };
  };

  const showErrors = (next: Record<string, string>, message = '') => {
    setErrors(next);
    setFailure(message);
    setTimeout(() => summary.current?.focus(), 0);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const local = check();
    if (Object.keys(local).length) return showErrors(local);
    setBusy(true);
    setErrors({});
    setFailure('');
    try {
      const campaign = await api.launch(requestBody());
      navigate(`/campagnes/${encodeURIComponent(campaign.id)}`);
    } catch (error) {
      const fields = formErrors(fieldErrors(error));
      if (Object.keys(fields).length) showErrors(fields);
      else if ((error as { status?: number }).status === 409) showErrors({ title: describeFailure(error) });
      else showErrors({}, describeFailure(error));
    } finally {
      setBusy(false);
    }
  };

  const labelOf = (key: string) => {
    const row = /^signatories\[(\d+)\]\.(\w+)$/.exec(key);
    if (row) return `${FIELD_LABELS[row[2]] ?? row[2]} de ${rows[Number(row[1])]?.name ?? `la ligne ${Number(row[1]) + 1}`}`;
    return POLICY_LABELS[key] ?? FIELD_LABELS[key];
  };

  return (
    <Page title="Nouvelle campagne" nav={<AdminNav onLogout={onLogout} />} wide>
      <p class="breadcrumb">
        <a href="/campagnes">Campagnes</a> <span aria-hidden="true">›</span> <span aria-current="page">Nouvelle campagne</span>
      </p>
      <p class="lead">Choisissez le territoire, complétez les adresses électroniques des secrétariats, fixez l’échéance, puis lancez la campagne.</p>
      <section class="section card">
        <TerritorySource onLoaded={loaded} />
      </section>
      {choice ? (
        <form class="form section card" noValidate onSubmit={submit} aria-labelledby="campagne-etape-titre">
          <h2 id="campagne-etape-titre">2. La campagne</h2>
          <ErrorSummary id="campagne-erreurs" errors={errors} order={FIELD_ORDER} targetOf={targetOf} labelOf={labelOf} focusRef={summary} />
          {failure ? <Notice kind="error">{failure}</Notice> : null}
          <p class="hint">Les champs marqués « obligatoire » doivent être remplis.</p>
          {managed.length > 1 ? (
            <div class={`field ${errors.organisation ? 'has-error' : ''}`}>
              <label for="campagne-organisation">
                Organisation qui lance la campagne<span class="required-mark"> (obligatoire)</span>
              </label>
              <p class="hint" id="campagne-organisation-aide">
                La campagne lui appartient ; vous pourrez la partager ensuite avec des organisations partenaires.
              </p>
              <select
                id="campagne-organisation"
                value={organisation}
                onChange={(e) => setOrganisation((e.currentTarget as HTMLSelectElement).value)}
                aria-invalid={errors.organisation ? 'true' : undefined}
                aria-describedby={`campagne-organisation-aide${errors.organisation ? ' campagne-organisation-erreur' : ''}`}
              >
                <option value="">Choisissez…</option>
                {managed.map((o) => (
                  <option key={o.siren} value={o.siren}>
                    {o.name}
                  </option>
                ))}
              </select>
              <FieldError id="campagne-organisation" error={errors.organisation} />
            </div>
          ) : managed.length === 1 ? (
            <p>
              La campagne appartiendra à <strong>{managed[0].name}</strong>.
            </p>
          ) : null}
          <Field id="campagne-titre" label="Titre" required maxLength={300} value={title} onValue={setTitle} error={errors.title} hint="Il figure dans les courriels aux secrétariats et donne l’identifiant de la campagne." />
          <Field id="campagne-territoire" label="Territoire" required maxLength={300} value={territoryName} onValue={setTerritoryName} error={errors['territory.name']} />
          <div class="inline-fields">
            <Field
              id="campagne-echeance-jour"
              type="date"
              label="Échéance des délibérations"
              required
              min={todayInParis()}
              hint="Heure de Paris ; 23 h 59 si l’heure est laissée vide."
              value={deadlineDay}
              onValue={setDeadlineDay}
              error={errors.deliberationDeadline}
            />
            <Field id="campagne-echeance-heure" type="time" label="Heure de l’échéance" value={deadlineTime} onValue={setDeadlineTime} />
          </div>
          <Field id="campagne-conference" type="date" label="Date prévue de la conférence des maires (facultatif)" value={conferenceDate} onValue={setConferenceDate} error={errors.conferenceDate} />
          <div class={`field ${errors.administrators ? 'has-error' : ''}`}>
            <label for="campagne-administrateurs">Autres adresses en copie des relances (facultatif)</label>
            <p class="hint" id="campagne-administrateurs-aide">
              Les responsables des organisations de la campagne sont en copie des relances à partir de l’escalade ; ajoutez ici d’autres adresses, une par ligne.
            </p>
            <textarea
              id="campagne-administrateurs"
              rows={2}
              value={administrators}
              onInput={(e) => setAdministrators((e.currentTarget as HTMLTextAreaElement).value)}
              aria-invalid={errors.administrators ? 'true' : undefined}
              aria-describedby={`campagne-administrateurs-aide${errors.administrators ? ' campagne-administrateurs-erreur' : ''}`}
            />
            <FieldError id="campagne-administrateurs" error={errors.administrators} />
          </div>
          <section aria-labelledby="signataires-titre" class="section">
            <h3 id="signataires-titre" tabIndex={-1}>
              Signataires
            </h3>
            <p class="hint">L’intercommunalité et la CAF sont obligatoires par défaut : la convention ne peut être signée sans leur adoption.</p>
            <FieldError id="signataires" error={errors.signatories} />
            <SignatoryEditor rows={rows} onChange={setRows} errors={errors} />
          </section>
          <ReminderPolicyFields draft={policy} onChange={setPolicy} errors={errors} />
          <div class="actions">
            <button type="submit" class="button" disabled={busy}>
              {busy ? 'Lancement en cours…' : 'Lancer la campagne'}
            </button>
          </div>
        </form>
      ) : null}
    </Page>
  );
}

/** The organisations the administrator manages: the campaign is launched for one of them. */
function useManagedOrganisations(): { siren: string; name: string }[] {
  const [managed, setManaged] = useState<{ siren: string; name: string }[]>([]);
  useEffect(() => {
    void api
      .me()
      .then((me) => setManaged(me.kind === 'administrator' ? (me.organisations ?? []).filter((o) => o.role === 'manager') : []))
      .catch(() => undefined);
  }, []);
  return managed;
}
