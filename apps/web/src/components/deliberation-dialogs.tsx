import { useRef, useState } from 'preact/hooks';
import { api, SignatoryRow } from '../api';
import { describeFailure, fieldErrors, todayInParis } from '../fr';
import { checkDraft, DeliberationDraft, DeliberationForm, draftOf, emptyDraft } from './deliberation-form';
import { FieldError, Notice } from './field';

/** The reason of a correction, a reopening or a cancellation, which the audit trail keeps. */
export function ReasonField({ id, value, onValue, error }: { id: string; value: string; onValue: (v: string) => void; error?: string }) {
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

/** An administrator replaces a recorded deliberation, with a reason: a new event that references the old one. */
export function CorrectForm({ id, row, conferenceDay, onDone }: { id: string; row: SignatoryRow; conferenceDay?: string; onDone: (text: string) => void }) {
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
        document={<ActChoice row={row} value={draft.documentSha256} onValue={(sha) => setDraft({ ...draft, documentSha256: sha })} invalid={Boolean(errors.documentSha256)} />}
        documentTarget="correction-acte"
      />
    </>
  );
}

/** Which of the body's uploaded acts the corrected deliberation cites (the API takes only those). */
function ActChoice({ row, value, onValue, invalid }: { row: SignatoryRow; value: string; onValue: (sha256: string) => void; invalid: boolean }) {
  const acts = row.acts ?? [];
  const known = value === '' || acts.some((a) => a.sha256 === value);
  return (
    <>
      <label for="correction-acte">Délibération signée citée par le vote</label>
      <p class="hint" id="correction-acte-aide">
        {acts.length ? 'Un des actes déposés pour ce signataire, avec l’empreinte SHA-256 calculée par le serveur.' : 'Aucun acte n’a été déposé pour ce signataire.'}
      </p>
      <select
        id="correction-acte"
        value={value}
        onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}
        aria-describedby={`correction-acte-aide${invalid ? ' correction-documentSha256-erreur' : ''}`}
        aria-invalid={invalid ? 'true' : undefined}
      >
        <option value="">Aucun acte</option>
        {acts.map((act) => (
          <option key={act.version} value={act.sha256}>
            Version {act.version} — {act.name} ({act.sha256.slice(0, 12)}…)
          </option>
        ))}
        {known ? null : <option value={value}>Empreinte enregistrée auparavant ({value.slice(0, 12)}…)</option>}
      </select>
    </>
  );
}

/** An administrator reopens a rejected deliberation for a vote at a later session. */
export function ReopenForm({ id, row, onDone }: { id: string; row: SignatoryRow; onDone: (text: string) => void }) {
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
