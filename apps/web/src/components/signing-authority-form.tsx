import { useState } from 'preact/hooks';
import { api, SigningAuthority } from '../api';
import { ReasonField } from './deliberation-dialogs';
import { Field, Notice } from './field';
import { useAction } from './use-action';

/** The person who signs and in what capacity: the two fields of the secretary's form, of the administrator's, and of « Je signe ». */
export function AuthorityFields({
  prefix,
  value,
  onValue,
  errors,
  disabled,
}: {
  prefix: string;
  value: SigningAuthority;
  onValue: (value: SigningAuthority) => void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  return (
    <>
      <Field
        id={`${prefix}-nom`}
        label="Nom de la personne qui signe"
        hint="Prénom et nom, par exemple Marie Dupont."
        required
        maxLength={200}
        autoComplete="name"
        value={value.name}
        onValue={(name) => onValue({ ...value, name })}
        error={errors.name}
        disabled={disabled}
      />
      <Field
        id={`${prefix}-qualite`}
        label="Qualité"
        hint="Telle qu’elle figure au-dessus de la signature : « le Maire », « la Présidente », « le Directeur »."
        required
        maxLength={200}
        autoComplete="organization-title"
        value={value.capacity}
        onValue={(capacity) => onValue({ ...value, capacity })}
        error={errors.capacity}
        disabled={disabled}
      />
    </>
  );
}

interface SigningAuthorityFormProps {
  campaignId: string;
  signatoryId: string;
  /** The body's name, for the confirmation. */
  bodyName: string;
  /** The authority already named, which the form starts from. */
  named?: SigningAuthority | null;
  /** The secretary's personal link; absent: the administrator's session. */
  token?: string;
  /** An administrator replacing a named authority says why. */
  askReason?: boolean;
  onDone: (text: string, authority: SigningAuthority) => void;
}

/** Names (or replaces) the signing authority of a body: PUT …/signing-authority. */
export function SigningAuthorityForm({ campaignId, signatoryId, bodyName, named, token, askReason, onDone }: SigningAuthorityFormProps) {
  const prefix = `autorite-${signatoryId}`;
  const [value, setValue] = useState<SigningAuthority>({ name: named?.name ?? '', capacity: named?.capacity ?? '' });
  const [reason, setReason] = useState('');
  const { busy, errors, setErrors, failure, run } = useAction((text) => onDone(text, { name: value.name.trim(), capacity: value.capacity.trim() }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!value.name.trim()) local.name = 'Indiquez le nom de la personne qui signe.';
    if (!value.capacity.trim()) local.capacity = 'Indiquez sa qualité, par exemple « le Maire ».';
    if (askReason && !reason.trim()) local.reason = 'Indiquez pourquoi vous remplacez l’autorité signataire.';
    if (Object.keys(local).length) {
      setErrors(local);
      document.getElementById(local.name ? `${prefix}-nom` : local.capacity ? `${prefix}-qualite` : `${prefix}-motif`)?.focus();
      return;
    }
    const body = { name: value.name.trim(), capacity: value.capacity.trim(), ...(askReason ? { reason: reason.trim() } : {}) };
    await run(
      () => api.nameSigningAuthority(campaignId, signatoryId, body, token),
      `Autorité signataire de ${bodyName} enregistrée : ${body.name}, ${body.capacity}.`,
    );
  };

  return (
    <form class="form" noValidate onSubmit={submit} id={`${prefix}-form`}>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <AuthorityFields prefix={prefix} value={value} onValue={setValue} errors={errors} disabled={busy} />
      {askReason ? <ReasonField id={`${prefix}-motif`} value={reason} onValue={setReason} error={errors.reason} /> : null}
      <div class="actions">
        <button type="submit" class="button secondary" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer l’autorité signataire'}
        </button>
      </div>
    </form>
  );
}
