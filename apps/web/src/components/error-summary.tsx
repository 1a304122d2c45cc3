import { FIELD_LABELS } from '../fr';

interface ErrorSummaryProps {
  id: string;
  errors: Record<string, string>;
  /** The id of the field each error's link leads to. */
  targetOf: (key: string) => string;
  /** The form's fields in their order; the errors of other keys follow, as given. */
  order?: string[];
  /** The field's name in the summary: the API's field labels by default. */
  labelOf?: (key: string) => string | undefined;
  focusRef?: { current: HTMLDivElement | null };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function focusField(event: Event, id: string) {
  const target = document.getElementById(id);
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'center' });
}

/** A list of the errors at the top of a form, each a link to its field. */
export function ErrorSummary({ id, errors, targetOf, order = [], labelOf = (key) => FIELD_LABELS[key], focusRef }: ErrorSummaryProps) {
  const keys = Object.keys(errors);
  if (!keys.length) return null;
  const ordered = [...order.filter((k) => k in errors), ...keys.filter((k) => !order.includes(k))];
  return (
    <div class="error-summary" id={id} tabIndex={-1} ref={focusRef} role="alert" aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>
        <span aria-hidden="true">⚠ </span>
        {keys.length > 1 ? `${keys.length} erreurs à corriger` : 'Une erreur à corriger'}
      </h3>
      <ul>
        {ordered.map((key) => {
          const label = labelOf(key);
          return (
            <li key={key}>
              <a href={`#${targetOf(key)}`} onClick={(e) => focusField(e, targetOf(key))}>
                {label ? `${capitalise(label)} : ` : ''}
                {errors[key]}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
