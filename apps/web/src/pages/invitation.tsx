import { useEffect, useState } from 'preact/hooks';
import { api, OpenedInvitation, saveAdminSession } from '../api';
import { Field, Notice } from '../components/field';
import { Page } from '../components/page';
import { describeFailure, fieldErrors, formatTimestamp } from '../fr';
import { linkToken } from '../router';
import { ROLE_LABEL } from './organisations';

/**
 * `/invitation?token=iv_…`: the person invited by e-mail sees which organisation invites them and
 * with which role, chooses a password when they have no account yet, and accepts; they are then
 * signed in. The token leaves the address bar at once.
 */
export function InvitationPage() {
  const [token] = useState(() => linkToken('ctg.invitation'));
  const [invitation, setInvitation] = useState<OpenedInvitation | undefined>();
  const [failure, setFailure] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return setFailure('Ce lien d’invitation est incomplet : ouvrez-le depuis le courriel reçu.');
    api.openInvitation(token).then(setInvitation, (error) => setFailure(describeFailure(error)));
  }, [token]);

  const accept = async (event: Event) => {
    event.preventDefault();
    if (!invitation) return;
    if (!invitation.accountExists && password !== confirmation) {
      setErrors({ confirmation: 'Les deux mots de passe ne sont pas identiques.' });
      return;
    }
    setBusy(true);
    try {
      saveAdminSession(await api.acceptInvitation(token, invitation.accountExists ? undefined : password));
      sessionStorage.removeItem('ctg.invitation');
      location.replace('/campagnes');
    } catch (error) {
      setErrors(fieldErrors(error));
      setFailure(Object.keys(fieldErrors(error)).length ? '' : describeFailure(error));
      setBusy(false);
    }
  };

  return (
    <Page title="Invitation">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {!invitation && !failure ? <p role="status">Lecture de l’invitation…</p> : null}
      {invitation ? (
        <form class="form narrow" noValidate onSubmit={accept}>
          <p>
            Vous êtes invité(e) à rejoindre <strong>{invitation.organisation.name}</strong> comme <strong>{ROLE_LABEL[invitation.role]}</strong>, avec l’adresse{' '}
            {invitation.email}. L’invitation vaut jusqu’au {formatTimestamp(invitation.expiresAt)}.
          </p>
          {invitation.accountExists ? (
            <p>Vous avez déjà un compte avec cette adresse : acceptez, et votre compte rejoindra l’organisation.</p>
          ) : (
            <>
              <Field
                id="mot-de-passe"
                type="password"
                label="Choisissez un mot de passe"
                hint="12 caractères au moins."
                autoComplete="new-password"
                required
                value={password}
                onValue={setPassword}
                error={errors.password}
              />
              <Field
                id="confirmation"
                type="password"
                label="Confirmez le mot de passe"
                autoComplete="new-password"
                required
                value={confirmation}
                onValue={setConfirmation}
                error={errors.confirmation}
              />
            </>
          )}
          <div class="actions">
            <button type="submit" class="button" disabled={busy}>
              {busy ? 'Un instant…' : 'Accepter l’invitation'}
            </button>
          </div>
        </form>
      ) : null}
    </Page>
  );
}
