/**
 * Retries `probe` until it resolves, or fails with its last error after `timeoutMs`; an error that
 * `isFatal` recognises ends the wait at once (a process that exited will not come up).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  timeoutMs = 60_000,
  intervalMs = 250,
  isFatal: (error: unknown) => boolean = () => false,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      if (isFatal(error)) throw error;
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  throw new Error(`${what} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}
