import type { ComponentChildren } from 'preact';
import type { Decision, Deliberation } from '../api';
import { FIELD_LABELS, formatDay } from '../fr';
import { ErrorSummary } from './error-summary';
import { Checkbox, Field, FieldError } from './field';

export interface DeliberationDraft {
  sessionDate: string;
  decision: Decision | '';
  votesFor: string;
  votesAgainst: string;
  abstentions: string;
  number: string;
  documentSha256: string;
  documentName: string;
  tieBrokenByChair: boolean;
  membersInOffice: string;
  membersPresent: string;
  proxies: string;
  reconvened: boolean;
}

export function emptyDraft(sessionDate = ''): DeliberationDraft {
  return {
    sessionDate,
    decision: '',
    votesFor: '',
    votesAgainst: '',
    abstentions: '',
    number: '',
    documentSha256: '',
    documentName: '',
    tieBrokenByChair: false,
    membersInOffice: '',
    membersPresent: '',
    proxies: '',
    reconvened: false,
  };
}

export function draftOf(d: Deliberation): DeliberationDraft {
  const n = (v: number | undefined) => (v === undefined || v === null ? '' : String(v));
  return {
    sessionDate: d.sessionDate,
    decision: d.decision,
    votesFor: n(d.votesFor),
    votesAgainst: n(d.votesAgainst),
    abstentions: n(d.abstentions),
    number: d.number ?? '',
    documentSha256: d.documentSha256 ?? '',
    documentName: '',
    tieBrokenByChair: d.tieBrokenByChair === true,
    membersInOffice: n(d.membersInOffice),
    membersPresent: n(d.membersPresent),
    proxies: n(d.proxies),
    reconvened: d.reconvened === true,
  };
}

const COUNT = /^\d{1,3}$/;

/** Checks what the browser can (filled in, whole numbers); the API checks the rules of law. */
export function checkDraft(draft: DeliberationDraft): { errors: Record<string, string>; deliberation?: Deliberation } {
  const errors: Record<string, string> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.sessionDate)) errors.sessionDate = 'Saisissez la date de la séance (jour, mois, année).';
  if (!draft.decision) errors.decision = 'Choisissez la décision de l’assemblée.';
  for (const key of ['votesFor', 'votesAgainst', 'abstentions'] as const) {
    const value = draft[key].trim();
    if (!value) errors[key] = `Saisissez le nombre de ${FIELD_LABELS[key]} (0 s’il n’y en a pas).`;
    else if (!COUNT.test(value) || Number(value) > 500) errors[key] = 'Saisissez un nombre entier de 0 à 500.';
  }
  for (const key of ['membersInOffice', 'membersPresent', 'proxies'] as const) {
    const value = draft[key].trim();
    if (value && (!COUNT.test(value) || Number(value) > 500)) errors[key] = 'Saisissez un nombre entier de 0 à 500, ou laissez vide.';
  }
  if (draft.number.length > 50) errors.number = '50 caractères au plus.';
  if (Object.keys(errors).length) return { errors };
  const deliberation: Deliberation = {
    sessionDate: draft.sessionDate,
    decision: draft.decision as Decision,
    votesFor: Number(draft.votesFor),
    votesAgainst: Number(draft.votesAgainst),
    abstentions: Number(draft.abstentions),
  };
  if (draft.number.trim()) deliberation.number = draft.number.trim();
  if (draft.documentSha256) deliberation.documentSha256 = draft.documentSha256;
  if (draft.tieBrokenByChair) deliberation.tieBrokenByChair = true;
  for (const key of ['membersInOffice', 'membersPresent', 'proxies'] as const) {
    if (draft[key].trim()) deliberation[key] = Number(draft[key]);
  }
  if (draft.reconvened) deliberation.reconvened = true;
  return { errors, deliberation };
}

/** Where each field's error is shown, in the order of the form (for the summary's links). */
const FIELD_ORDER = [
  'sessionDate', 'decision', 'votesFor', 'votesAgainst', 'abstentions', 'tieBrokenByChair', 'number', 'documentSha256',
  'membersInOffice', 'membersPresent', 'proxies', 'reconvened',
];

interface FormProps {
  prefix: string;
  draft: DeliberationDraft;
  onChange: (draft: DeliberationDraft) => void;
  errors: Record<string, string>;
  onSubmit: () => void;
  submitting: boolean;
  submitLabel: string;
  conferenceDay?: string | null;
  today: string;
  disabled?: boolean;
  /** Fields shown before the deliberation's own (the reason of a correction). */
  before?: ComponentChildren;
  /**
   * The signed act the vote cites, in place of the old in-browser hash: what the server recorded
   * (the secretary uploads it above the form) or a choice among the body's acts (a correction).
   */
  document?: ComponentChildren;
  /** The id of the element the summary's link to the act's error leads to. */
  documentTarget?: string;
  summaryRef?: { current: HTMLDivElement | null };
}

/** The deliberation's fields: session date, decision, votes, number, PDF, and attendance. */
export function DeliberationForm(props: FormProps) {
  const { prefix, draft, onChange, errors, today, conferenceDay, disabled } = props;
  const set = <K extends keyof DeliberationDraft>(key: K, value: DeliberationDraft[K]) => onChange({ ...draft, [key]: value });
  const id = (key: string) => `${prefix}-${key}`;
  const describedBy = (key: string, hint = false) =>
    [hint ? `${id(key)}-aide` : '', errors[key] ? `${id(key)}-erreur` : ''].filter(Boolean).join(' ') || undefined;

  const tie = draft.votesFor.trim() !== '' && draft.votesFor === draft.votesAgainst;

  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <ErrorSummary
        id={id('erreurs')}
        errors={errors}
        order={FIELD_ORDER}
        targetOf={(key) => (key === 'decision' ? id('decision-adopted') : key === 'documentSha256' && props.documentTarget ? props.documentTarget : id(key))}
        focusRef={props.summaryRef}
      />
      <p class="hint">Les champs marqués « obligatoire » doivent être remplis.</p>
      {props.before}
      <Field
        id={id('sessionDate')}
        type="date"
        label="Date de la séance"
        required
        hint={`La séance ne peut pas être dans le futur${conferenceDay ? ` ni précéder la conférence des maires (${formatDay(conferenceDay)})` : ''}.`}
        value={draft.sessionDate}
        onValue={(v) => set('sessionDate', v)}
        min={conferenceDay ?? undefined}
        max={today}
        error={errors.sessionDate}
        disabled={disabled}
      />
      <fieldset class={`field ${errors.decision ? 'has-error' : ''}`} aria-describedby={describedBy('decision')} disabled={disabled}>
        <legend>
          Décision de l’assemblée<span class="required-mark"> (obligatoire)</span>
        </legend>
        <div class="choices">
          {(
            [
              ['adopted', 'Adoptée', 'la convention est approuvée'],
              ['rejected', 'Rejetée', 'la convention est refusée'],
              ['adjourned', 'Ajournée', 'le vote est reporté à une séance ultérieure'],
            ] as const
          ).map(([value, label, hint]) => (
            <div class="choice" key={value}>
              <input
                type="radio"
                id={id(`decision-${value}`)}
                name={id('decision')}
                value={value}
                checked={draft.decision === value}
                onChange={() => set('decision', value)}
                aria-invalid={errors.decision ? 'true' : undefined}
                aria-describedby={errors.decision ? `${id('decision')}-erreur` : undefined}
              />
              <label for={id(`decision-${value}`)}>
                {label} <span class="hint-inline">({hint})</span>
              </label>
            </div>
          ))}
        </div>
        <FieldError id={id('decision')} error={errors.decision} />
      </fieldset>
      <fieldset class="field group" disabled={disabled}>
        <legend>Résultat du vote</legend>
        <p class="hint" id={id('votes-aide')}>
          Seules les voix pour et contre sont des suffrages exprimés ; les abstentions et les bulletins blancs n’en sont pas.
        </p>
        <div class="counts">
          {(['votesFor', 'votesAgainst', 'abstentions'] as const).map((key) => (
            <Field
              key={key}
              id={id(key)}
              label={{ votesFor: 'Voix pour', votesAgainst: 'Voix contre', abstentions: 'Abstentions' }[key]}
              required
              type="text"
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
              value={draft[key]}
              onValue={(v) => set(key, v.trim())}
              error={errors[key]}
              class="count"
            />
          ))}
        </div>
        <div class={`choice check ${errors.tieBrokenByChair ? 'has-error' : ''}`}>
          <input
            type="checkbox"
            id={id('tieBrokenByChair')}
            checked={draft.tieBrokenByChair}
            onChange={(e) => set('tieBrokenByChair', (e.currentTarget as HTMLInputElement).checked)}
            aria-describedby={describedBy('tieBrokenByChair', true)}
          />
          <label for={id('tieBrokenByChair')}>Égalité départagée par la voix prépondérante du président</label>
          <p class="hint" id={`${id('tieBrokenByChair')}-aide`}>
            {tie ? 'Les voix pour et contre sont à égalité : cochez si le président a départagé (vote à main levée).' : 'Seulement en cas d’égalité des voix pour et contre.'}
          </p>
          <FieldError id={id('tieBrokenByChair')} error={errors.tieBrokenByChair} />
        </div>
      </fieldset>
      <Field
        id={id('number')}
        label="Numéro de la délibération"
        hint="Tel qu’il figure au registre des délibérations, par exemple 2023-045 (facultatif, 50 caractères au plus)."
        value={draft.number}
        onValue={(v) => set('number', v)}
        maxLength={50}
        autoComplete="off"
        error={errors.number}
        disabled={disabled}
      />
      {props.document ? (
        <div class={`field ${errors.documentSha256 ? 'has-error' : ''}`} id={id('documentSha256')} tabIndex={-1}>
          {props.document}
          <FieldError id={id('documentSha256')} error={errors.documentSha256} />
        </div>
      ) : null}
      <details class="details" open={Boolean(errors.membersInOffice || errors.membersPresent || errors.proxies || draft.membersInOffice || draft.membersPresent)}>
        <summary>Présence et quorum (facultatif)</summary>
        <fieldset class="field group" disabled={disabled}>
          <legend class="visually-hidden">Présence et quorum</legend>
          <p class="hint">
            Le quorum est atteint lorsque plus de la moitié des membres en exercice sont présents (article L2121-17 du CGCT), sauf en seconde convocation.
          </p>
          <div class="counts">
            {(['membersInOffice', 'membersPresent', 'proxies'] as const).map((key) => (
              <Field
                key={key}
                id={id(key)}
                label={{ membersInOffice: 'Membres en exercice', membersPresent: 'Membres présents', proxies: 'Pouvoirs' }[key]}
                type="text"
                inputMode="numeric"
                pattern="[0-9]*"
                autoComplete="off"
                value={draft[key]}
                onValue={(v) => set(key, v.trim())}
                error={errors[key]}
                class="count"
              />
            ))}
          </div>
          <Checkbox
            id={id('reconvened')}
            label="Séance sur seconde convocation (sans condition de quorum)"
            checked={draft.reconvened}
            onChecked={(checked) => set('reconvened', checked)}
            error={errors.reconvened}
          />
        </fieldset>
      </details>
      <div class="actions">
        <button type="submit" class="button" disabled={props.submitting || disabled} aria-disabled={props.submitting ? 'true' : undefined}>
          {props.submitting ? 'Enregistrement en cours…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
