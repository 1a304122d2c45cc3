/**
 * Credentials a request line can carry, wherever they sit: a personal or signature link token
 * (`sl_…`, `sg_…`) or a calendar feed's (`cf_…`), its underscore escaped or not, in the path or
 * any parameter, an administrator's JWT pasted into a
 * URL, and the value of every parameter whose name says it is a token (`token`, `access_token`,
 * `to%6Ben`: Express decodes the name before the access guard reads it), repeated or not.
 */
const LINK_TOKEN = /(s[lg]|cf)(?:_|%5f)[A-Za-z0-9_%-]*/gi;
const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const PARAMETER = /([?&;])([^=&#;]*)=([^&#;]*)/g;

export const REDACTED = '…';

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** The text with every credential in it replaced by `…`, so that a log line can be shared as it is. */
export function redactTokens(text: string): string {
  return text
    .replace(PARAMETER, (whole, separator: string, name: string) => (/token/i.test(decodedName(name)) ? `${separator}${name}=${REDACTED}` : whole))
    .replace(LINK_TOKEN, (_, prefix: string) => `${prefix}_${REDACTED}`)
    .replace(JWT, REDACTED);
}
