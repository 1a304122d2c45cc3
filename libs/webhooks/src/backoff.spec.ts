import { retryDelayMs } from './backoff';

describe('the retry schedule', () => {
  const minute = 60_000;

  it('doubles from the first wait up to the longest, without jitter at the middle of its range', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 30, 1000].map((n) => retryDelayMs(n, 30_000, 60 * minute, middle))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('spreads each wait by 20% either way', () => {
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(3200);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.999999)).toBe(4800);
  });

  it('treats a count below one as the first failure', () => {
    expect(retryDelayMs(0, 1000, 60_000, () => 0.5)).toBe(1000);
  });
});
