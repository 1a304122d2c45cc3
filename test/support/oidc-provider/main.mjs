// A real OpenID provider (the `oidc-provider` package) standing in for ProConnect in the tests, in
// a process of its own (the package is an ES module). Configured by OIDC_TEST_CONFIG (JSON):
//   port, clientId, clientSecret, redirectUri, postLogoutRedirectUri,
//   accounts: { login: { email, siret, given_name, usual_name } },
//   jwk: the private signing key (RS256, with its kid),
//   idTokenTtlSeconds, clockOffsetSeconds: a provider whose clock is behind issues id tokens
//   expired before they arrive,
//   publishedJwk: a key served at /jwks instead of the signing key (tokens whose signature the
//   provider's published keys do not verify).
// It signs the id token and the user info (RS256), requires PKCE, and asks no consent (a partner
// ProConnect already knows). It prints `listening <issuer>` once it takes requests.
import process from 'node:process';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
if (config.clockOffsetSeconds) {
  const realNow = Date.now;
  Date.now = () => realNow() + config.clockOffsetSeconds * 1000;
}
const issuer = `http://127.0.0.1:${config.port}`;
const scopes = ['openid', 'email', 'siret', 'given_name', 'usual_name'];

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uris: [config.redirectUri],
      post_logout_redirect_uris: [config.postLogoutRedirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [config.jwk] },
  scopes,
  claims: { openid: ['sub'], email: ['email'], siret: ['siret'], given_name: ['given_name'], usual_name: ['usual_name'] },
  features: { devInteractions: { enabled: true }, jwtUserinfo: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  ttl: { IdToken: config.idTokenTtlSeconds ?? 3600, AccessToken: 3600, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
  cookies: { keys: ['oidc-test-provider-cookie-key'] },
  async findAccount(_ctx, id) {
    const account = config.accounts?.[id];
    return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
  },
  async loadExistingGrant(ctx) {
    const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(scopes.join(' '));
    await grant.save();
    return grant;
  },
});

if (config.publishedJwk) {
  const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi']);
  const publicPart = Object.fromEntries(Object.entries(config.publishedJwk).filter(([name]) => !PRIVATE_MEMBERS.has(name)));
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/jwks') ctx.body = { keys: [publicPart] };
  });
}

provider.listen(config.port, '127.0.0.1', () => process.stdout.write(`listening ${issuer}\n`));
