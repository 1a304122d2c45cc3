import { useRef, useState } from 'preact/hooks';
import { api, Campaign, LegalFollowUp, LegalFollowUpInput, SignatoryRow } from '../api';
import { formatDay, legalFollowUpText, parisDayAndTime, parisOffset, plural, todayInParis } from '../fr';
import { ErrorSummary } from './error-summary';
import { Field, FieldProps, Notice } from './field';
import { useAction } from './use-action';

const FIELDS = ['transmittedOn', 'actesId', 'acknowledgedAt', 'executoryOn'] as const;
type Draft = Record<(typeof FIELDS)[number], string>;

/** The contrôle de légalité is recorded for a final deliberation, also after the signature. */
export const takesLegalFollowUp = (campaign: Campaign, row: SignatoryRow) =>
  (row.status === 'adopted' || row.status === 'rejected') && campaign.phase !== 'cancelled' && campaign.phase !== 'awaiting_conference';

function draftOf(f: LegalFollowUp | null | undefined): Draft {
  const acknowledged = f?.acknowledgedAt ? parisDayAndTime(f.acknowledgedAt) : undefined;
  return {
    transmittedOn: f?.transmittedOn ?? '',
    actesId: f?.actesId ?? '',
    acknowledgedAt: acknowledged ? `${acknowledged.day}T${acknowledged.time}` : '',
    executoryOn: f?.executoryOn ?? '',
  };
}

/** The whole follow-up as the form shows it: an emptied field clears what was recorded. */
function requestOf(draft: Draft): LegalFollowUpInput {
  const [day, time] = draft.acknowledgedAt.split('T');
  return {
    transmittedOn: draft.transmittedOn || null,
    actesId: draft.actesId.trim() || null,
    acknowledgedAt: draft.acknowledgedAt ? `${day}T${time}:00${parisOffset(day, time)}` : null,
    executoryOn: draft.executoryOn || null,
  };
}

/** The follow-up of one row, for the table: what is recorded, and whether the API counts it incomplete. */
export function LegalFollowUpCell({ row, missing }: { row: SignatoryRow; missing: boolean }) {
  const recorded = row.legalFollowUp && Object.keys(row.legalFollowUp).length ? legalFollowUpText(row.legalFollowUp) : '';
  if (!missing) return <>{recorded || '—'}</>;
  return (
    <>
      <span class="badge late">
        <span aria-hidden="true">⚠</span> à compléter
      </span>
      {recorded ? <span class="small"> {recorded}</span> : null}
    </>
  );
}

/** The summary's card: how many adopted deliberations have an incomplete contrôle de légalité, and which. */
export function LegalFollowUpSummary({ campaign, names }: { campaign: Campaign; names: Record<string, string> }) {
  const missing = campaign.legalFollowUpMissing ?? [];
  return (
    <div class="card">
      <p class="label">Contrôle de légalité à compléter</p>
      <p class="big" data-testid="legal-missing-count">
        {missing.length ? <span aria-hidden="true">⚠ </span> : <span aria-hidden="true">✔ </span>}
        {missing.length || 'aucun'}
      </p>
      {missing.length ? (
        <details class="details">
          <summary>{plural(missing.length, 'délibération adoptée au suivi incomplet', 'délibérations adoptées au suivi incomplet')}</summary>
          <ul class="compact" data-testid="legal-missing">
            {missing.map((sid) => (
              <li key={sid}>{names[sid] ?? sid}</li>
            ))}
          </ul>
        </details>
      ) : (
        <p class="muted">Aucune délibération adoptée n’attend sa transmission, son accusé de réception ou sa date exécutoire.</p>
      )}
    </div>
  );
}

/** The dialog's form: transmission to the prefecture, @ctes identifier, acknowledgment, executory day. */
export function LegalFollowUpForm({ id, row, onDone }: { id: string; row: SignatoryRow; onDone: (text: string) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(row.legalFollowUp));
  const { busy, errors, failure, run } = useAction(onDone);
  const summary = useRef<HTMLDivElement>(null);
  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const fieldId = (key: string) => `suivi-${key}`;
  const session = row.deliberation?.sessionDate;
  const today = todayInParis();
  const fields: ({ key: keyof Draft; label: string; hint: string } & Pick<FieldProps, 'type' | 'min' | 'max' | 'maxLength'>)[] = [
    {
      key: 'transmittedOn',
      type: 'date',
      label: 'Transmise à la préfecture le',
      hint: `Par @ctes (article L2131-2 du CGCT), au plus tôt le jour de la séance (${formatDay(session)}).`,
      min: session,
      max: today,
    },
    {
      key: 'actesId',
      label: 'Identifiant de l’acte sur @ctes',
      hint: 'Tel qu’il figure sur l’accusé de réception, par exemple 031-213105826-20230704-2023_045-DE (100 caractères au plus).',
      maxLength: 100,
    },
    { key: 'acknowledgedAt', type: 'datetime-local', label: 'Accusé de réception de la préfecture', hint: 'Date et heure de l’accusé de réception, heure de Paris.' },
    {
      key: 'executoryOn',
      type: 'date',
      label: 'Exécutoire le',
      hint: 'Le jour où l’acte, publié et transmis, est devenu exécutoire (article L2131-1 du CGCT).',
      max: today,
    },
  ];
  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await run(
      () => api.recordLegalFollowUp(id, row.id, requestOf(draft)),
      (answer) =>
        `Contrôle de légalité de ${row.name} enregistré${answer.missing ? ' : il reste incomplet (transmission, accusé de réception ou date exécutoire).' : '.'}`,
    );
    if (!saved) setTimeout(() => summary.current?.focus(), 0);
  };
  return (
    <form noValidate onSubmit={submit} class="form">
      <ErrorSummary id={fieldId('erreurs')} errors={errors} order={[...FIELDS]} targetOf={fieldId} focusRef={summary} />
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <p class="hint">
        Délibération {row.deliberation?.number ? `n° ${row.deliberation.number} ` : ''}du {formatDay(session)}. Tous les champs sont facultatifs ;
        videz un champ pour effacer ce qui était enregistré.
      </p>
      {fields.map(({ key, ...field }) => (
        <Field key={key} id={fieldId(key)} value={draft[key]} onValue={set(key)} error={errors[key]} autoComplete="off" {...field} />
      ))}
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Enregistrement en cours…' : 'Enregistrer le contrôle de légalité'}
        </button>
      </div>
    </form>
  );
}
