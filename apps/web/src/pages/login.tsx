import { useEffect, useState } from 'preact/hooks';
import { adminSession, api, saveAdminSession } from '../api';
import { Field, Notice } from '../components/field';
import { Page } from '../components/page';
import { describeFailure, fieldErrors } from '../fr';
import { navigate } from '../router';
import { NEW_CAMPAIGN_PATH, ORGANISATIONS_PATH } from './campaigns';
import { NOTIFICATIONS_PATH } from './notifications';

/** `/`: administrators sign in; the token stays in this tab's sessionStorage. */
export function LoginPage({ expired, next }: { expired: boolean; next?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const [proConnect, setProConnect] = useState(false);
  useEffect(() => {
    void api
      .signInOptions()
      .then((options) => setProConnect(options.proConnect))
      .catch(() => undefined);
  }, []);
  const signedIn = adminSession();

  const submit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!email.trim()) local.email = 'Saisissez votre adresse électronique.';
    if (!password) local.password = 'Saisissez votre mot de passe.';
    setErrors(local);
    setFailure('');
    if (Object.keys(local).length) {
      document.getElementById(local.email ? 'email' : 'password')?.focus();
      return;
    }
    setBusy(true);
    try {
      saveAdminSession(await api.login(email.trim(), password));
      navigate(next && (next.startsWith('/campagnes') || next === NEW_CAMPAIGN_PATH || next === ORGANISATIONS_PATH || next === NOTIFICATIONS_PATH) ? next : '/campagnes');
    } catch (error) {
      setErrors(fieldErrors(error));
      setFailure(describeFailure(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Connexion des administrateurs">
      <p>
        Cet espace est réservé aux agents de l’intercommunalité et de la CAF qui suivent les délibérations. Les secrétariats des
        signataires n’ont pas de compte : ils utilisent le lien personnel reçu par courriel.
      </p>
      {signedIn ? (
        <Notice kind="info">
          Vous êtes déjà connecté. <a href="/campagnes">Voir les campagnes</a>
        </Notice>
      ) : null}
      {expired ? <Notice kind="warning">Votre session a expiré : reconnectez-vous.</Notice> : null}
      {next ? <Notice kind="info">Connectez-vous pour accéder à cette page.</Notice> : null}
      {proConnect ? (
        <section class="form narrow" aria-labelledby="proconnect-titre">
          <h2 id="proconnect-titre">Agents publics</h2>
          {/* A navigation, not a form: the page's CSP (form-action 'self') refuses a form sent on to the provider. */}
          <button type="button" class="button" onClick={() => location.assign('/auth/proconnect')}>
            S’identifier avec ProConnect
          </button>
          <p class="hint">ProConnect est la fédération d’identité des agents publics. Vous pouvez aussi vous connecter avec votre mot de passe :</p>
        </section>
      ) : null}
      <form class="form narrow" noValidate onSubmit={submit}>
        {failure ? <Notice kind="error">{failure}</Notice> : null}
        <Field
          id="email"
          type="email"
          label="Adresse électronique"
          autoComplete="username"
          required
          value={email}
          onValue={setEmail}
          error={errors.email}
        />
        <Field
          id="password"
          type="password"
          label="Mot de passe"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={errors.password}
        />
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Connexion…' : 'Se connecter'}
          </button>
        </div>
      </form>
    </Page>
  );
}
