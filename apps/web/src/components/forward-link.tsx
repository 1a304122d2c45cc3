import { useState } from 'preact/hooks';
import { api } from '../api';
import { Field, Notice } from './field';
import { describeFailure, fieldErrors, formatDay } from '../fr';

/**
 * The secretary passes the link on to a colleague or the mayor: that person gets a link of their
 * own by e-mail, what they record names them, and this link keeps working.
 */
export function ForwardLinkSection({ campaignId, signatoryId, token }: { campaignId: string; signatoryId: string; token: string }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const answer = await api.forwardLink(campaignId, signatoryId, token, { name: name.trim(), email: email.trim() });
      setSent(`Lien transmis à ${name.trim()} (${answer.sentTo.join(', ')}), valable jusqu’au ${formatDay(answer.expiresAt)}. Votre lien reste valable.`);
      setFailure(undefined);
      setName('');
      setEmail('');
    } catch (error) {
      setFailure(error);
      setSent('');
    }
  };
  const errors = failure ? fieldErrors(failure) : {};
  return (
    <section aria-labelledby="transmettre-titre" class="section card no-print">
      <h2 id="transmettre-titre">Transmettre ce lien</h2>
      <p class="hint">
        À un collègue ou au maire, qui recevra par courriel un lien à son nom : ce qu’il enregistrera le sera à son nom, pour votre collectivité.
        L’intercommunalité le verra dans le suivi.
      </p>
      {sent ? <Notice kind="success">{sent}</Notice> : null}
      {failure && !errors.name && !errors.email ? <Notice kind="error">{describeFailure(failure)}</Notice> : null}
      <form class="form" noValidate onSubmit={submit}>
        <Field id="transmettre-nom" label="Nom de la personne" autoComplete="off" maxLength={200} value={name} onValue={setName} error={errors.name} required />
        <Field id="transmettre-email" label="Son adresse électronique" type="email" autoComplete="off" value={email} onValue={setEmail} error={errors.email} required />
        <p class="actions">
          <button type="submit" class="button secondary">
            Transmettre le lien
          </button>
        </p>
      </form>
    </section>
  );
}
