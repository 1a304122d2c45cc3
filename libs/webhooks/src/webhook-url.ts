import { isIP } from 'node:net';
import { blockedAddressReason, isLoopbackName } from './address-guard';

export const WEBHOOK_URL_MAX_LENGTH = 2000;

/** Resolves a host name to its addresses (dns.promises.lookup with `all`, or a test's own). */
export type HostResolver = (hostname: string) => Promise<string[]>;

/**
 * Why this URL cannot receive webhooks, judged on its text alone: HTTPS (plain HTTP only on loopback
 * outside production, for a receiver on the developer's machine), no user or password in it (the
 * secret is the signature's), a host, a bounded length; in production, no literal address that is
 * private, loopback or link-local. Undefined when it may.
 */
export function webhookUrlProblem(raw: string, production: boolean): string | undefined {
  if (raw.length > WEBHOOK_URL_MAX_LENGTH) return `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`;
  // The URL parser drops tabs and line breaks silently: what is stored must be what is called.
  if (/\s/.test(raw)) return 'must not contain spaces, tabs or line breaks';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL (https://…)';
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'http:') {
    if (production || !isLoopbackName(host)) return 'must be an https:// URL (http:// only to this machine, outside production)';
  } else if (url.protocol !== 'https:') {
    return 'must be an https:// URL';
  }
  if (url.username || url.password) return 'must not carry a user or a password: the receiver checks the signature instead';
  if (!host) return 'must name a host';
  if (production) {
    if (isLoopbackName(host)) return `must not point to this machine (${host})`;
    const reason = isIP(host) ? blockedAddressReason(host) : undefined;
    if (reason) return `must not point to ${reason} (${host}): webhooks go to the public Internet only`;
  }
  return undefined;
}

/**
 * The same, and in production the addresses the host resolves to now: one private, loopback or
 * link-local address among them refuses the URL. The relay checks again at each delivery (the
 * name may point elsewhere by then): this is the early answer to the manager, not the guard.
 */
export async function checkWebhookUrl(raw: string, production: boolean, resolve: HostResolver): Promise<string | undefined> {
  const problem = webhookUrlProblem(raw, production);
  if (problem || !production) return problem;
  const host = new URL(raw).hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) return undefined;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return `names a host that does not resolve (${host})`;
  }
  if (addresses.length === 0) return `names a host that does not resolve (${host})`;
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason) return `resolves to ${reason} (${host} is ${address}): webhooks go to the public Internet only`;
  }
  return undefined;
}
