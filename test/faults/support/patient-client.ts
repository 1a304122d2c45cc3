/** One try of a request: its HTTP status, or why none came back. */
export interface Attempt {
  /** The API this try went to. */
  baseUrl: string;
  status: number | 'network-error' | 'timeout';
  at: number;
  ms: number;
}

/** The answer a patient client finally got, and every try it took. */
export interface Answer {
  status: number;
  body: any;
  attempts: Attempt[];
  firstSentAt: number;
  answeredAt: number;
}

export interface PatientOptions {
  /** A real browser waits long; a secretary's page gives up on one try after this. */
  requestTimeoutMs?: number;
  /** After this, the client stops retrying and the answer is the last failure. */
  giveUpAfterMs?: number;
  /** Told when a try goes out (+1) and when it ends (-1), for a fault to strike while requests are open. */
  onInFlight?: (change: 1 | -1) => void;
}

/** Worth another try with the same body: the server was away, busy or said so. */
const retriable = (status: Attempt['status']) => typeof status !== 'number' || status === 429 || status >= 500;

/** Where the next request starts, over every client of this process: round robin. */
let nextUpstream = 0;

/**
 * Sends a request the way a real client does: on a network error, a timeout or a 5xx it waits a
 * little and sends the same body again, until it gets a definite answer (2xx or 4xx). Given several
 * APIs, each try goes to the next one in turn, as a round-robin load balancer without health
 * checks would send it: a try that reaches a dead API fails, and the next one reaches another.
 */
export async function sendPatiently(
  baseUrls: string | readonly string[],
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  options: PatientOptions = {},
): Promise<Answer> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const giveUpAt = Date.now() + (options.giveUpAfterMs ?? 180_000);
  const attempts: Attempt[] = [];
  const firstSentAt = Date.now();
  const upstreams = typeof baseUrls === 'string' ? [baseUrls] : baseUrls;
  let upstream = nextUpstream++;
  let pause = 200;
  for (;;) {
    const baseUrl = upstreams[upstream++ % upstreams.length];
    const at = Date.now();
    let status: Attempt['status'];
    let answer: unknown;
    options.onInFlight?.(1);
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      status = response.status;
      const text = await response.text();
      answer = text ? safeJson(text) : undefined;
    } catch (error) {
      status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network-error';
    } finally {
      options.onInFlight?.(-1);
    }
    attempts.push({ baseUrl, status, at, ms: Date.now() - at });
    if (!retriable(status) || Date.now() > giveUpAt) {
      return { status: typeof status === 'number' ? status : 0, body: answer, attempts, firstSentAt, answeredAt: Date.now() };
    }
    await new Promise((resolve) => setTimeout(resolve, pause + Math.random() * pause));
    pause = Math.min(pause * 2, 2000);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
