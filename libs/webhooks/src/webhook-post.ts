import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { blockedAddressReason } from './address-guard';
import { webhookUrlProblem } from './webhook-url';

export interface WebhookAttempt {
  delivered: boolean;
  statusCode?: number;
  /** Why it failed, for the delivery log: `HTTP 500`, `timed out after 10 s`, `redirect refused`… */
  error?: string;
  durationMs: number;
}

export interface PostOptions {
  timeoutMs: number;
  production: boolean;
  /** Aborts the attempt (the worker stopping). */
  signal?: AbortSignal;
}

/** Reading at most this much of an answer: a receiver's body says nothing we keep. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Resolves the host and, in production, refuses it when any address is private, loopback or
 * link-local; the socket then connects to the very addresses checked, so a name that changes its
 * answer between a check and the connection (DNS rebinding) gets nowhere.
 */
export function guardedLookup(production: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family, hints: options.hints }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const blocked = production ? addresses.find((a) => blockedAddressReason(a.address)) : undefined;
      if (blocked) {
        const refused = Object.assign(new Error(`${hostname} resolves to ${blockedAddressReason(blocked.address)} (${blocked.address}): refused`), { code: 'EWEBHOOKBLOCKED' });
        return callback(refused, '', 0);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '', 0);
      // Node asks for every address when it tries them in turn (autoSelectFamily), for one otherwise.
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * One POST of a webhook: no redirect followed (a 3xx fails, « redirect refused »), no connection
 * kept (nothing lingers once the attempt is over), the whole exchange within `timeoutMs`.
 */
export function postWebhook(url: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<WebhookAttempt> {
  const started = Date.now();
  const done = (result: Omit<WebhookAttempt, 'durationMs'>): WebhookAttempt => ({ ...result, durationMs: Date.now() - started });
  const problem = webhookUrlProblem(url, options.production);
  if (problem) return Promise.resolve(done({ delivered: false, error: `URL refused: ${problem}` }));
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<WebhookAttempt, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(done(result));
    };
    const req = request(target, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(options.production),
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'CTG-Webhooks/1' },
    });
    const timer = setTimeout(() => finish({ delivered: false, error: `timed out after ${options.timeoutMs / 1000} s` }), options.timeoutMs);
    const onAbort = () => finish({ delivered: false, error: 'interrupted: the worker is stopping' });
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onAbort();
    req.on('error', (error: NodeJS.ErrnoException) => finish({ delivered: false, error: error.code === 'EWEBHOOKBLOCKED' ? error.message : `${error.code ?? 'error'}: ${error.message}` }));
    req.on('response', (res) => {
      const statusCode = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) res.destroy();
      });
      const outcome = () => {
        if (statusCode >= 200 && statusCode < 300) return finish({ delivered: true, statusCode });
        if (statusCode >= 300 && statusCode < 400) return finish({ delivered: false, statusCode, error: `redirect refused (HTTP ${statusCode}): webhooks follow no redirect; register the final URL` });
        return finish({ delivered: false, statusCode, error: `HTTP ${statusCode}` });
      };
      res.on('end', outcome);
      res.on('close', outcome);
      res.on('error', outcome);
    });
    req.end(body);
  });
}
