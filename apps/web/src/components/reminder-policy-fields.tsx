import type { ReminderPolicy } from '../api';
import { Checkbox, Field } from './field';

/** The policy as the form edits it: days and counts as typed. */
export interface PolicyDraft {
  before: string;
  overdueEvery: string;
  overdueMax: string;
  escalateFrom: string;
  businessDaysOnly: boolean;
}

/** The engine's default (libs/domain DEFAULT_REMINDER_POLICY), in the form's terms. */
export const DEFAULT_POLICY_DRAFT: PolicyDraft = { before: '30, 14, 7, 2', overdueEvery: '7', overdueMax: '4', escalateFrom: '2', businessDaysOnly: true };

const WHOLE = /^\d{1,3}$/;
const days = (n: string) => `P${Number(n)}D`;

/** The policy to send, or the errors of its fields, keyed as the API names them. */
export function policyOf(draft: PolicyDraft): { policy?: ReminderPolicy; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const before = draft.before.split(/[\s,;]+/).filter(Boolean);
  if (before.some((d) => !WHOLE.test(d) || Number(d) < 1)) {
    errors['reminderPolicy.before'] = 'Saisissez des nombres entiers de jours, séparés par des virgules (par exemple 30, 14, 7, 2), ou laissez vide.';
  }
  if (!WHOLE.test(draft.overdueEvery.trim()) || Number(draft.overdueEvery) < 1) {
    errors['reminderPolicy.overdueEvery'] = 'Saisissez un nombre entier de jours, 1 au moins.';
  }
  if (!WHOLE.test(draft.overdueMax.trim()) || Number(draft.overdueMax) > 52) errors['reminderPolicy.overdueMax'] = 'Saisissez un nombre entier de 0 à 52.';
  if (!WHOLE.test(draft.escalateFrom.trim()) || Number(draft.escalateFrom) < 1) {
    errors['reminderPolicy.escalateFrom'] = 'Saisissez un numéro de relance, 1 au moins.';
  }
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    policy: {
      before: before.map(days),
      overdueEvery: days(draft.overdueEvery),
      overdueMax: Number(draft.overdueMax),
      escalateFrom: Number(draft.escalateFrom),
      businessDaysOnly: draft.businessDaysOnly,
    },
  };
}

/** `reminderPolicy.before[2]` → `reminderPolicy.before`: one field holds every offset. */
export const policyErrorKey = (key: string) => key.replace(/^(reminderPolicy\.before)\[\d+\]$/, '$1');
export const policyFieldId = (key: string) => `relances-${key.replace(/^reminderPolicy\./, '')}`;

interface Props {
  /** Undefined: the default policy is kept and not sent. */
  draft: PolicyDraft | undefined;
  onChange: (draft: PolicyDraft | undefined) => void;
  errors: Record<string, string>;
}

/** The reminder policy: the default unless the administrator chooses to change it. */
export function ReminderPolicyFields({ draft, onChange, errors }: Props) {
  const set = (key: keyof PolicyDraft) => (value: string) => draft && onChange({ ...draft, [key]: value });
  const error = (key: string) => errors[`reminderPolicy.${key}`];
  return (
    <fieldset class="field group">
      <legend>Relances</legend>
      <p class="hint" id="relances-defaut">
        Par défaut : un rappel 30, 14, 7 et 2 jours avant l’échéance, puis une relance par semaine une fois l’échéance passée (4 au plus),
        les administrateurs de la campagne en copie dès la 2<sup>e</sup>, les jours ouvrés à 9 h (heure de Paris).
      </p>
      <Checkbox
        id="relances-personnaliser"
        label="Modifier la politique de relance"
        checked={draft !== undefined}
        onChecked={(checked) => onChange(checked ? { ...DEFAULT_POLICY_DRAFT } : undefined)}
        describedBy="relances-defaut"
      />
      {draft ? (
        <>
          <Field
            id={policyFieldId('before')}
            label="Rappels avant l’échéance, en jours"
            hint="Par exemple 30, 14, 7, 2 ; vide pour aucun rappel avant l’échéance."
            inputMode="numeric"
            autoComplete="off"
            value={draft.before}
            onValue={set('before')}
            error={error('before')}
          />
          <div class="counts">
            {(
              [
                ['overdueEvery', 'Puis une relance tous les (jours)'],
                ['overdueMax', 'Relances après l’échéance, au plus'],
                ['escalateFrom', 'Administrateurs en copie dès la relance n°'],
              ] as const
            ).map(([key, label]) => (
              <Field key={key} id={policyFieldId(key)} label={label} inputMode="numeric" autoComplete="off" value={draft[key]} onValue={set(key)} error={error(key)} class="count" />
            ))}
          </div>
          <Checkbox
            id={policyFieldId('businessDaysOnly')}
            label="Seulement les jours ouvrés, à 9 h (heure de Paris)"
            checked={draft.businessDaysOnly}
            onChecked={(businessDaysOnly) => onChange({ ...draft, businessDaysOnly })}
            error={errors['reminderPolicy.businessDaysOnly']}
          />
        </>
      ) : null}
    </fieldset>
  );
}
