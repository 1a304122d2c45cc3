import type { SignatoryKind } from '../api';
import { KINDS, plural } from '../fr';
import { FieldError } from './field';

export interface EditableSignatory {
  id: string;
  kind: SignatoryKind;
  name: string;
  email: string;
  required: boolean;
  /** From the CSV, carried to the launch as it is. */
  siret?: string;
}

/** `signatories[3].email` → `signataire-3-email`: the API's field name as the id of its input. */
export const signatoryFieldId = (key: string) => key.replace(/^signatories\[(\d+)\]\.(\w+)$/, 'signataire-$1-$2');

interface SignatoryEditorProps {
  rows: EditableSignatory[];
  onChange: (rows: EditableSignatory[]) => void;
  /** Keyed as the API names them: `signatories[3].email`. */
  errors: Record<string, string>;
}

/** The campaign's signatories before launch: an e-mail address for each, and which must approve. */
export function SignatoryEditor({ rows, onChange, errors }: SignatoryEditorProps) {
  const update = (i: number, change: Partial<EditableSignatory>) => onChange(rows.map((row, j) => (j === i ? { ...row, ...change } : row)));
  const filled = rows.filter((r) => r.email.trim() !== '').length;
  const required = rows.filter((r) => r.required).length;
  return (
    <>
      <p class="muted" role="status" aria-live="polite" data-testid="signatory-count">
        {plural(rows.length, 'signataire', 'signataires')}, dont {plural(required, 'obligatoire', 'obligatoires')} ; {plural(filled, 'adresse saisie', 'adresses saisies')} sur {rows.length}.
      </p>
      <div class="table-wrap">
        <table class="signatories editor">
          <caption class="visually-hidden">Signataires de la future campagne : adresse électronique et caractère obligatoire de chacun</caption>
          <thead>
            <tr>
              <th scope="col">Signataire</th>
              <th scope="col">Adresse électronique du secrétariat</th>
              <th scope="col">Obligatoire</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const emailKey = `signatories[${i}].email`;
              const emailId = signatoryFieldId(emailKey);
              return (
                <tr key={row.id} data-signatory={row.id}>
                  <th scope="row" data-label="Signataire">
                    <span class="name">{row.name}</span>
                    <span class="muted small">
                      {' '}
                      {KINDS[row.kind] ?? row.kind} — {row.id}
                    </span>
                    <FieldError id={`signataire-${i}-ligne`} error={['id', 'name', 'kind', 'required'].map((f) => errors[`signatories[${i}].${f}`]).find(Boolean)} />
                  </th>
                  <td data-label="Adresse électronique" class={errors[emailKey] ? 'has-error' : ''}>
                    <label for={emailId} class="visually-hidden">
                      Adresse électronique de {row.name}
                    </label>
                    <input
                      id={emailId}
                      type="email"
                      autoComplete="off"
                      required
                      maxLength={254}
                      value={row.email}
                      onInput={(e) => update(i, { email: (e.currentTarget as HTMLInputElement).value })}
                      aria-invalid={errors[emailKey] ? 'true' : undefined}
                      aria-describedby={errors[emailKey] ? `${emailId}-erreur` : undefined}
                    />
                    <FieldError id={emailId} error={errors[emailKey]} />
                  </td>
                  <td data-label="Obligatoire">
                    <div class="choice">
                      <input
                        id={signatoryFieldId(`signatories[${i}].required`)}
                        type="checkbox"
                        checked={row.required}
                        onChange={(e) => update(i, { required: (e.currentTarget as HTMLInputElement).checked })}
                      />
                      <label for={signatoryFieldId(`signatories[${i}].required`)}>
                        Obligatoire<span class="visually-hidden"> : {row.name}</span>
                      </label>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
