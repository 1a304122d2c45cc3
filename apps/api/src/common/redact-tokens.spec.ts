import { redactTokens } from './redact-tokens';

const LINK = 'sl_Abc123-_xyzXYZ0123456789abcdefghijklmnopqr';
const OTHER_LINK = 'sl_Zyx987-_abcABC9876543210zyxwvutsrqponmlkji';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactTokens: no credential of a request line reaches the log', () => {
  it('redacts every token parameter of a line, not only the first', () => {
    const line = redactTokens(`/deliberation?token=${LINK}&campagne=c1&token=${OTHER_LINK}&signataire=s1`);
    expect(line).toBe('/deliberation?token=…&campagne=c1&token=…&signataire=s1');
  });

  it('redacts tokens in the path, in other parameters and behind escaped names', () => {
    const line = redactTokens(`/campaigns/c1/${LINK}/x?next=%2Fdeliberation%3Ftoken%3D${OTHER_LINK}&access_token=${JWT}&to%6Ben=secret-value&a=${JWT}`);
    expect(line).not.toContain(LINK.slice(3));
    expect(line).not.toContain(OTHER_LINK.slice(3));
    expect(line).not.toContain(JWT.split('.')[2]);
    expect(line).not.toContain('secret-value');
    expect(line).toBe('/campaigns/c1/sl_…/x?next=%2Fdeliberation%3Ftoken%3Dsl_…&access_token=…&to%6Ben=…&a=…');
  });

  it('redacts a link token whose underscore is %-escaped, as Express would decode it', () => {
    expect(redactTokens(`/auth/me?t=sl%5F${LINK.slice(3)}`)).toBe('/auth/me?t=sl_…');
  });

  it('redacts the token of a calendar feed, which is its path', () => {
    expect(redactTokens(`/calendar/cf_${LINK.slice(3)}.ics`)).toBe('/calendar/cf_….ics');
  });

  it('leaves a line without credentials as it is', () => {
    const line = '/campaigns/ctg-tdl-2023/events?after=12&limit=50';
    expect(redactTokens(line)).toBe(line);
  });
});
