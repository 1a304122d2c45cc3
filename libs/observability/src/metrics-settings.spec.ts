import { metricsSettingsFromEnv } from './metrics-settings';

describe('metricsSettingsFromEnv', () => {
  const read = (env: NodeJS.ProcessEnv) => {
    const errors: string[] = [];
    return { settings: metricsSettingsFromEnv(env, errors), errors };
  };

  it('serves nothing unless METRICS_PORT is set, and on loopback by default', () => {
    expect(read({})).toEqual({ settings: { host: '127.0.0.1' }, errors: [] });
    expect(read({ METRICS_PORT: '9464' }).settings).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it('refuses a metrics port beyond loopback without a token, in production or not', () => {
    expect(read({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).errors).toEqual(['METRICS_TOKEN is required when the metrics listen beyond loopback (METRICS_HOST=0.0.0.0)']);
    expect(read({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 'a-long-enough-token' }).errors).toEqual([]);
  });

  it('names the wrong setting', () => {
    expect(read({ METRICS_PORT: 'nine' }).errors).toEqual(['METRICS_PORT must be a port number from 0 to 65535 (got "nine")']);
    expect(read({ METRICS_TOKEN: 'short' }).errors).toEqual(['METRICS_TOKEN must be at least 16 characters']);
  });
});
