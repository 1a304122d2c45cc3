import { DEVELOPMENT_DEFAULTS, DEVELOPMENT_FIRST_ORGANISATION, apiSettingsFromEnv } from './api-settings';

const base = { DATABASE_URL: 'postgres://localhost/ctg' };

describe('API settings', () => {
  it('start locally with the documented development defaults', () => {
    const settings = apiSettingsFromEnv(base);
    expect(settings).toMatchObject({ production: false, adminEmail: DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, port: 3000 });
  });

  it('refuse to start in production with the development secrets, naming each', () => {
    expect(() => apiSettingsFromEnv({ ...base, NODE_ENV: 'production' })).toThrow(
      /ADMIN_EMAIL must be set[\s\S]*ADMIN_PASSWORD must be set[\s\S]*JWT_SECRET must be set/,
    );
    expect(() =>
      apiSettingsFromEnv({ ...base, NODE_ENV: 'production', ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'long-enough-password', JWT_SECRET: DEVELOPMENT_DEFAULTS.JWT_SECRET }),
    ).toThrow(/JWT_SECRET must be set to a value of your own/);
  });

  it('start in production with secrets of its own', () => {
    const settings = apiSettingsFromEnv({
      ...base,
      NODE_ENV: 'production',
      ADMIN_EMAIL: 'secretariat@example.org',
      ADMIN_PASSWORD: 'a-password-of-our-own',
      JWT_SECRET: 'x'.repeat(48),
    });
    expect(settings.production).toBe(true);
  });

  it('refuse the development secrets whenever HOST is beyond loopback, whatever NODE_ENV says', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'api.example.org', '']) {
      for (const NODE_ENV of [undefined, 'development', 'test']) {
        expect(() => apiSettingsFromEnv({ ...base, HOST, NODE_ENV })).toThrow(
          /ADMIN_PASSWORD must be set to a value of your own when the API listens beyond loopback[\s\S]*JWT_SECRET must be set to a value of your own/,
        );
      }
    }
    expect(() => apiSettingsFromEnv({ ...base, HOST: '0.0.0.0', ADMIN_PASSWORD: 'a-password-of-our-own', JWT_SECRET: DEVELOPMENT_DEFAULTS.JWT_SECRET })).toThrow(
      /JWT_SECRET must be set to a value of your own when the API listens beyond loopback \(HOST=0\.0\.0\.0\)/,
    );
    const own = { ADMIN_PASSWORD: 'a-password-of-our-own', JWT_SECRET: 'y'.repeat(40) };
    expect(apiSettingsFromEnv({ ...base, ...own, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('keep the development defaults on every loopback address', () => {
    for (const HOST of ['127.0.0.1', '127.3.2.1', '::1', '0:0:0:0:0:0:0:1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
      expect(apiSettingsFromEnv({ ...base, HOST }).jwtSecret).toBe(DEVELOPMENT_DEFAULTS.JWT_SECRET);
    }
  });

  it('read TRUST_PROXY as Express takes it: a hop count, true/false, or addresses, subnets and range names', () => {
    const trust = (TRUST_PROXY?: string) => apiSettingsFromEnv({ ...base, ...(TRUST_PROXY === undefined ? {} : { TRUST_PROXY }) }).trustProxy;
    expect(trust()).toBe(false);
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('0')).toBe(0);
    expect(trust('2')).toBe(2);
    expect(trust('loopback')).toEqual(['loopback']);
    expect(trust('loopback, 10.0.0.0/8,fd00::/8, 172.18.0.5 ,uniquelocal,linklocal,::1')).toEqual([
      'loopback', '10.0.0.0/8', 'fd00::/8', '172.18.0.5', 'uniquelocal', 'linklocal', '::1',
    ]);
  });

  it('refuse a wrong TRUST_PROXY at start, naming the entry at fault', () => {
    const cases: [string, RegExp][] = [
      ['yes', /"yes" is not an IP address/],
      ['-1', /"-1" is not an IP address/],
      ['1.5', /"1.5" is not an IP address/],
      ['10.0.0.0/33', /"10.0.0.0\/33": the prefix length must be 0 to 32/],
      ['fd00::/129', /"fd00::\/129": the prefix length must be 0 to 128/],
      ['10.0.0.0/', /the prefix length must be 0 to 32/],
      ['10.0.0.0/8/8', /the prefix length must be 0 to 32/],
      ['loopback,,10.0.0.1', /an empty entry/],
      ['256.1.1.1', /"256.1.1.1" is not an IP address/],
      ['(a+)+$', /is not an IP address/],
    ];
    for (const [TRUST_PROXY, message] of cases) {
      expect(() => apiSettingsFromEnv({ ...base, TRUST_PROXY })).toThrow(/TRUST_PROXY must be a hop count, true, false, or a comma-separated list/);
      expect(() => apiSettingsFromEnv({ ...base, TRUST_PROXY })).toThrow(message);
    }
  });

  it('name a wrong setting', () => {
    expect(() => apiSettingsFromEnv({})).toThrow(/DATABASE_URL is required/);
    expect(() => apiSettingsFromEnv({ ...base, PORT: 'eighty' })).toThrow(/PORT must be a positive integer \(got "eighty"\)/);
    expect(() => apiSettingsFromEnv({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
  });

  it("give a small installation its first organisation: the demo's CAF outside production, none in production unless set, all three settings or none", () => {
    expect(apiSettingsFromEnv(base).firstOrganisation).toEqual(DEVELOPMENT_FIRST_ORGANISATION);
    const production = { ...base, NODE_ENV: 'production', ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'a-password-of-our-own', JWT_SECRET: 'x'.repeat(48) };
    expect(apiSettingsFromEnv(production).firstOrganisation).toBeUndefined();
    const epci = { FIRST_ORGANISATION_SIREN: '200071298', FIRST_ORGANISATION_NAME: ' CC des Terres du Lauragais ', FIRST_ORGANISATION_KIND: 'epci' };
    expect(apiSettingsFromEnv({ ...production, ...epci }).firstOrganisation).toEqual({ siren: '200071298', name: 'CC des Terres du Lauragais', kind: 'epci' });
    expect(() => apiSettingsFromEnv({ ...base, ...epci, FIRST_ORGANISATION_SIREN: '200071299', FIRST_ORGANISATION_KIND: 'mairie' })).toThrow(
      /FIRST_ORGANISATION_SIREN is not a valid SIREN[\s\S]*FIRST_ORGANISATION_KIND must be one of caf, epci, departement, msa, commune/,
    );
    expect(() => apiSettingsFromEnv({ ...base, FIRST_ORGANISATION_NAME: 'CAF' })).toThrow(/FIRST_ORGANISATION_SIREN is required/);
  });

  it('take ProConnect with its issuer, client id and secret together, over HTTPS (HTTP on loopback only)', () => {
    expect(apiSettingsFromEnv(base).proConnect).toBeUndefined();
    const client = { PROCONNECT_CLIENT_ID: 'client', PROCONNECT_CLIENT_SECRET: 'secret' };
    expect(apiSettingsFromEnv({ ...base, ...client, PROCONNECT_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2' }).proConnect).toEqual({
      issuer: 'https://auth.agentconnect.gouv.fr/api/v2',
      clientId: 'client',
      clientSecret: 'secret',
      scope: 'openid email given_name usual_name siret',
    });
    expect(apiSettingsFromEnv({ ...base, ...client, PROCONNECT_ISSUER: 'http://127.0.0.1:4000' }).proConnect?.issuer).toBe('http://127.0.0.1:4000');
    expect(() => apiSettingsFromEnv({ ...base, ...client, PROCONNECT_ISSUER: 'http://idp.example.org' })).toThrow(/PROCONNECT_ISSUER must be an https:\/\/ URL/);
    expect(() => apiSettingsFromEnv({ ...base, PROCONNECT_ISSUER: 'https://idp.example.org' })).toThrow(/go together: set all three, or none/);
    expect(() => apiSettingsFromEnv({ ...base, ...client, PROCONNECT_ISSUER: 'not a url' })).toThrow(/PROCONNECT_ISSUER must be a URL/);
  });
});
