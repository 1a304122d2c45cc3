import { ComponentHealth, errorMessage } from './component-health';

describe('ComponentHealth', () => {
  let clock = new Date('2026-12-05T10:00:00Z');
  const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
  const health = new ComponentHealth(() => clock);

  it('keeps the first failure of a run as its since, and the last error', () => {
    health.up('smtp');
    tick(10);
    expect(health.down('smtp', new Error('connect ECONNREFUSED 127.0.0.1:1'))).toEqual({
      status: 'down',
      since: '2026-12-05T10:00:10.000Z',
      lastError: 'connect ECONNREFUSED 127.0.0.1:1',
      lastErrorAt: '2026-12-05T10:00:10.000Z',
    });
    tick(5);
    expect(health.down('smtp', new Error('timeout'))).toMatchObject({ since: '2026-12-05T10:00:10.000Z', lastError: 'timeout', lastErrorAt: '2026-12-05T10:00:15.000Z' });
  });

  it('marks the recovery as the new since, and still tells the last error', () => {
    tick(5);
    expect(health.up('smtp')).toEqual({ status: 'up', since: '2026-12-05T10:00:20.000Z', lastError: 'timeout', lastErrorAt: '2026-12-05T10:00:15.000Z' });
    tick(5);
    expect(health.up('smtp').since).toBe('2026-12-05T10:00:20.000Z');
  });

  it('knows nothing of a component never probed', () => {
    expect(health.state('documents')).toBeUndefined();
  });

  it('makes one bounded line of any error', () => {
    expect(errorMessage(new Error('a\n  b'))).toBe('a b');
    expect(errorMessage('x'.repeat(1000))).toHaveLength(300);
    expect(errorMessage(Object.assign(new Error(''), { name: 'AbortError' }))).toBe('AbortError');
  });
});
