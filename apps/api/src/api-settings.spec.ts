import { DEVELOPMENT_DEFAULTS, apiSettingsFromEnv } from './api-settings';

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

  it('name a wrong setting', () => {
    expect(() => apiSettingsFromEnv({})).toThrow(/DATABASE_URL is required/);
    expect(() => apiSettingsFromEnv({ ...base, PORT: 'eighty' })).toThrow(/PORT must be a positive integer \(got "eighty"\)/);
    expect(() => apiSettingsFromEnv({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
  });
});
