import { isIP } from 'node:net';

/** What Express's `trust proxy` setting takes: all or none, a hop count, or the proxies' addresses. */
export type TrustProxy = boolean | number | string[];

/** The names Express (proxy-addr) knows for ranges of addresses. */
const ADDRESS_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** Why one entry of a TRUST_PROXY list is not an address, a subnet or a range name; undefined when it is. */
function trustedEntryProblem(entry: string): string | undefined {
  if (ADDRESS_RANGES.includes(entry)) return undefined;
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return `"${entry}" is not an IP address, a subnet or one of ${ADDRESS_RANGES.join(', ')}`;
  if (slash < 0) return undefined;
  const prefix = entry.slice(slash + 1);
  const maxPrefix = family === 4 ? 32 : 128;
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > maxPrefix) return `"${entry}": the prefix length must be 0 to ${maxPrefix}`;
  return undefined;
}

/**
 * TRUST_PROXY as Express expects it, so that `request.ip` is the client's and not the proxy's:
 * a hop count (`1` for one proxy in front), `true`/`false`, or a comma-separated list of
 * addresses, subnets and range names. Unset means no proxy is trusted: X-Forwarded-For is ignored.
 */
export function parseTrustProxy(raw: string | undefined, errors: string[]): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const problems = entries.map((entry) => (entry === '' ? 'an empty entry' : trustedEntryProblem(entry))).filter(Boolean);
  if (problems.length) {
    errors.push(
      `TRUST_PROXY must be a hop count, true, false, or a comma-separated list of IP addresses, subnets (10.0.0.0/8) and ${ADDRESS_RANGES.join('/')} (${problems.join('; ')})`,
    );
  }
  return entries;
}

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and `localhost`: nobody else can reach the API. */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  const ipv4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  if (isIP(ipv4) === 4) return ipv4.split('.')[0] === '127';
  // The URL parser writes every spelling of an IPv6 address in its one compressed form.
  if (isIP(name) === 6) return new URL(`http://[${name}]`).hostname === '[::1]';
  return false;
}
