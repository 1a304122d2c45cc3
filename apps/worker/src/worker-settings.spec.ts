import { WORKER_DEVELOPMENT_DEFAULTS, workerSettingsFromEnv } from './worker-settings';

const base = { DATABASE_URL: 'postgres://localhost/ctg', SMTP_URL: 'smtp://127.0.0.1:1025' };

describe('worker settings', () => {
  it('start locally with the documented development LINK_SECRET', () => {
    expect(workerSettingsFromEnv(base).reminders.linkSecret).toBe(WORKER_DEVELOPMENT_DEFAULTS.LINK_SECRET);
  });

  it('refuse to start in production without a LINK_SECRET of its own, naming it', () => {
    for (const LINK_SECRET of [undefined, '', WORKER_DEVELOPMENT_DEFAULTS.LINK_SECRET]) {
      expect(() => workerSettingsFromEnv({ ...base, NODE_ENV: 'production', LINK_SECRET })).toThrow(
        'LINK_SECRET must be set to a value of your own in production (the development default is refused)',
      );
    }
  });

  it('refuse a LINK_SECRET shorter than 32 characters', () => {
    expect(() => workerSettingsFromEnv({ ...base, LINK_SECRET: 'short' })).toThrow('LINK_SECRET must be at least 32 characters');
  });

  it('start in production with a LINK_SECRET of its own', () => {
    const secret = 'x'.repeat(48);
    expect(workerSettingsFromEnv({ ...base, NODE_ENV: 'production', LINK_SECRET: secret }).reminders.linkSecret).toBe(secret);
  });
});
