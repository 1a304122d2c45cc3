import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure, fileUrls, SentCode, SigningAuthority, SigningView } from '../api';
import { Field, Notice } from '../components/field';
import { Page } from '../components/page';
import { AuthorityFields } from '../components/signing-authority-form';
import { describeFailure, fieldErrors, formatSize, formatTimestamp, KINDS, maskEmail } from '../fr';
import { linkToken } from '../router';

type State = { step: 'loading' } | { step: 'failed'; message: string } | { step: 'ready'; view: SigningView; campaignId: string; signatoryId: string };

async function load(token: string): Promise<{ view: SigningView; campaignId: string; signatoryId: string }> {
  const me = await api.me(token);
  if (me.kind !== 'signer') throw new ApiFailure(403, 'this personal link does not give access to this resource');
  const view = await api.signing(me.campaignId, me.signatoryId, token);
  return { view, campaignId: me.campaignId, signatoryId: me.signatoryId };
}

/** `/signature?token=sg_…`: a body's signing authority reads the exact convention and signs it with a code e-mailed to the body. */
export function SignaturePage() {
  const [token] = useState(() => linkToken('ctg.signature-link'));
  const [state, setState] = useState<State>({ step: 'loading' });

  useEffect(() => {
    if (!token) {
      setState({ step: 'failed', message: 'Ce lien est incomplet : ouvrez le lien de signature reçu par courriel, tel quel.' });
      return;
    }
    load(token).then(
      (loaded) => setState({ step: 'ready', ...loaded }),
      (error) => setState({ step: 'failed', message: describeFailure(error) }),
    );
  }, [token]);

  if (state.step === 'loading') {
    return (
      <Page title="Signature de la convention">
        <p role="status">Chargement…</p>
      </Page>
    );
  }
  if (state.step === 'failed') {
    return (
      <Page title="Lien de signature inutilisable">
        <Notice kind="error">{state.message}</Notice>
        <p>Si le problème persiste, demandez un nouveau lien de signature aux administrateurs de la campagne.</p>
      </Page>
    );
  }
  return <Signing token={token} {...state} />;
}

function Signing({ token, view, campaignId, signatoryId }: { token: string; view: SigningView; campaignId: string; signatoryId: string }) {
  const [authority, setAuthority] = useState<SigningAuthority>({ name: view.signingAuthority?.name ?? '', capacity: view.signingAuthority?.capacity ?? '' });
  const [code, setCode] = useState('');
  const [sent, setSent] = useState<SentCode | null>(view.code);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const [signedAt, setSignedAt] = useState<string | undefined>(view.signature?.at);
  const [locked, setLocked] = useState(view.locked);
  const [attemptsLeft, setAttemptsLeft] = useState(view.attemptsLeft);
  const body = view.signatory.name;

  const askCode = async () => {
    setFailure('');
    setBusy(true);
    try {
      setSent(await api.sendSigningCode(campaignId, signatoryId, token));
      setTimeout(() => document.getElementById('code')?.focus(), 0);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 423) setLocked(true);
      setFailure(describeFailure(error));
    } finally {
      setBusy(false);
    }
  };

  const sign = async (event: Event) => {
    event.preventDefault();
    setFailure('');
    const local: Record<string, string> = {};
    if (!authority.name.trim()) local.name = 'Indiquez votre nom.';
    if (!authority.capacity.trim()) local.capacity = 'Indiquez votre qualité, par exemple « le Maire ».';
    if (!/^[0-9]{6}$/.test(code.trim())) local.code = 'Saisissez les 6 chiffres du code reçu par courriel.';
    setErrors(local);
    if (Object.keys(local).length) {
      document.getElementById(local.name ? 'signataire-nom' : local.capacity ? 'signataire-qualite' : 'code')?.focus();
      return;
    }
    setBusy(true);
    try {
      const answer = await api.signAsBody(
        campaignId,
        signatoryId,
        { name: authority.name.trim(), capacity: authority.capacity.trim(), code: code.trim(), conventionSha256: view.convention?.sha256 ?? '' },
        token,
      );
      setSignedAt(answer.signedAt);
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 423) setLocked(true);
      const fields = fieldErrors(error);
      if (Object.keys(fields).length) {
        setErrors(fields);
        setCode('');
        // A wrong code is counted: the hint shows what is left.
        if (fields.code) await api.signing(campaignId, signatoryId, token).then((fresh) => setAttemptsLeft(fresh.attemptsLeft), () => undefined);
        document.getElementById(fields.code ? 'code' : 'signataire-nom')?.focus();
      } else setFailure(describeFailure(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={`Signature de la convention — ${body}`} heading={<>Signature de la convention pour {body}</>}>
      <p class="lead">
        {view.campaign.title} — {body}
        {KINDS[view.signatory.kind] ? ` (${KINDS[view.signatory.kind]})` : ''}.
      </p>
      <section aria-labelledby="convention-titre" class="section card">
        <h2 id="convention-titre">La convention à signer</h2>
        {view.convention ? (
          <>
            <dl class="facts">
              <div>
                <dt>Document</dt>
                <dd>
                  « {view.convention.name} », version {view.convention.version} ({formatSize(view.convention.size)})
                </dd>
              </div>
              <div>
                <dt>Empreinte SHA-256</dt>
                <dd>
                  <code class="hash" data-testid="empreinte">
                    {view.convention.sha256}
                  </code>
                </dd>
              </div>
            </dl>
            <a class="button secondary" href={fileUrls.signingConvention(campaignId, signatoryId, token)} download={view.convention.name}>
              Lire la convention (PDF)
            </a>
          </>
        ) : (
          <Notice kind="warning">La convention n’a pas encore été envoyée pour signature.</Notice>
        )}
      </section>
      {signedAt ? (
        <Notice kind="success">
          <span data-testid="signe">
            Vous avez signé la convention pour {body} le {formatTimestamp(signedAt, true)}.
          </span>{' '}
          Merci : il n’y a plus rien à faire.
        </Notice>
      ) : locked ? (
        <Notice kind="error">
          Ce lien de signature est verrouillé après plusieurs codes erronés. Demandez un nouveau lien aux administrateurs de la campagne.
        </Notice>
      ) : view.convention ? (
        <section aria-labelledby="signer-titre" class="section card">
          <h2 id="signer-titre">Signer</h2>
          <p class="hint">
            « Je signe » est une signature électronique simple : votre identité est établie par ce lien, envoyé à l’adresse de {body}, et par un code
            envoyé à cette même adresse au moment de signer. L’empreinte de la convention ci-dessus, l’heure et votre adresse IP sont enregistrées dans
            le registre de la campagne.
          </p>
          {failure ? <Notice kind="error">{failure}</Notice> : null}
          <form class="form" noValidate onSubmit={sign}>
            <AuthorityFields prefix="signataire" value={authority} onValue={setAuthority} errors={errors} disabled={busy} />
            <div class="actions">
              <button type="button" class="button secondary" onClick={askCode} disabled={busy}>
                {sent ? 'Recevoir un nouveau code' : 'Recevoir un code par e-mail'}
              </button>
            </div>
            {sent ? (
              <p role="status" data-testid="code-envoye">
                Un code a été envoyé à {sent.sentTo.map(maskEmail).join(', ')}, valable jusqu’à {formatTimestamp(sent.expiresAt)}.
              </p>
            ) : null}
            <Field
              id="code"
              label="Code reçu par e-mail"
              hint={`6 chiffres. Il vous reste ${attemptsLeft} essai${attemptsLeft > 1 ? 's' : ''} avant que ce lien ne soit verrouillé.`}
              required
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onValue={setCode}
              error={errors.code}
              disabled={busy}
            />
            {errors.conventionSha256 ? <Notice kind="error">{errors.conventionSha256}</Notice> : null}
            <button type="submit" class="button" disabled={busy}>
              {busy ? 'Signature en cours…' : 'Je signe'}
            </button>
          </form>
        </section>
      ) : null}
    </Page>
  );
}
