/**
 * The wait before the next attempt after `failures` failed ones (1 after the first): `first`
 * doubling each time, at most `max`, then spread by ±20% so the endpoints a receiver's outage
 * failed together do not all come back at the same instant.
 */
export function retryDelayMs(failures: number, firstMs: number, maxMs: number, random: () => number = Math.random): number {
  const nominal = Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(failures, 1) - 1, 40));
  return Math.round(nominal * (0.8 + 0.4 * random()));
}
