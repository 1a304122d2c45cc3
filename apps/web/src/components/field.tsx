import type { ComponentChildren } from 'preact';

export interface FieldProps {
  type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'datetime-local' | 'search';
  min?: string;
  max?: string;
  maxLength?: number;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  pattern?: string;
  disabled?: boolean;
  class?: string;
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string;
  value?: string;
  onValue?: (value: string) => void;
  required?: boolean;
}

/** A labelled input with its hint and its error, both tied to it by aria-describedby. */
export function Field({ id, label, hint, error, value, onValue, required, class: className, type = 'text', ...rest }: FieldProps) {
  const describedBy = [hint ? `${id}-aide` : '', error ? `${id}-erreur` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label for={id}>
        {label}
        {required ? <span class="required-mark"> (obligatoire)</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={id}
        type={type as 'text'}
        value={value}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={onValue ? (e) => onValue((e.currentTarget as HTMLInputElement).value) : undefined}
        {...rest}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A labelled checkbox, with its error tied to it. */
export function Checkbox({ id, label, checked, onChecked, error, describedBy }: { id: string; label: ComponentChildren; checked: boolean; onChecked: (checked: boolean) => void; error?: string; describedBy?: string }) {
  return (
    <div class="choice check">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChecked((e.currentTarget as HTMLInputElement).checked)}
        aria-describedby={[describedBy ?? '', error ? `${id}-erreur` : ''].filter(Boolean).join(' ') || undefined}
      />
      <label for={id}>{label}</label>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** Radio buttons in a fieldset: one choice among a few, its legend said with each. */
export function Choices<T extends string>({
  id,
  legend,
  choices,
  value,
  onValue,
  error,
  disabled,
}: {
  id: string;
  legend: ComponentChildren;
  choices: [T, ComponentChildren][];
  value: T;
  onValue: (value: T) => void;
  error?: string;
  disabled?: boolean;
}) {
  return (
    <fieldset class={`field ${error ? 'has-error' : ''}`} disabled={disabled} aria-describedby={error ? `${id}-erreur` : undefined}>
      <legend>{legend}</legend>
      <div class="choices">
        {choices.map(([choice, label]) => (
          <div class="choice" key={choice}>
            <input type="radio" id={`${id}-${choice}`} name={id} value={choice} checked={value === choice} onChange={() => onValue(choice)} />
            <label for={`${id}-${choice}`}>{label}</label>
          </div>
        ))}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p class="field-error" id={`${id}-erreur`}>
      <span aria-hidden="true">⚠ </span>
      <span class="visually-hidden">Erreur : </span>
      {error}
    </p>
  );
}

/** A message for the whole form: role=alert for errors (read at once), role=status otherwise. */
export function Notice({ kind, children, id }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ComponentChildren; id?: string }) {
  const icon = { error: '⚠', success: '✔', info: 'ℹ', warning: '⚠' }[kind];
  const prefix = { error: 'Erreur', success: 'Succès', info: 'Information', warning: 'Attention' }[kind];
  return (
    <div id={id} class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <span class="notice-icon" aria-hidden="true">
        {icon}
      </span>
      <div>
        <span class="visually-hidden">{prefix} : </span>
        {children}
      </div>
    </div>
  );
}
