import { personalLinkToken } from './personal-link-token';

const SECRET = 'a-link-secret-of-32-characters-at-least';
const event = { campaignId: 'ctg-1', signatory: { id: 'commune-1' }, seq: 7, expiresAt: '2024-03-01T10:00:00.000Z' };

describe('the token of an e-mailed personal link', () => {
  it('is the same for every attempt at the same event, in the format links are resolved in', () => {
    expect(personalLinkToken(SECRET, event)).toBe(personalLinkToken(SECRET, { ...event }));
    expect(personalLinkToken(SECRET, event)).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
  });

  it('differs for another event, signatory, campaign, expiry or secret', () => {
    const token = personalLinkToken(SECRET, event);
    const others = [
      personalLinkToken(SECRET, { ...event, seq: 8 }),
      personalLinkToken(SECRET, { ...event, signatory: { id: 'commune-2' } }),
      personalLinkToken(SECRET, { ...event, campaignId: 'ctg-2' }),
      // A campaign id used again after a purge: the same seq, another instant.
      personalLinkToken(SECRET, { ...event, expiresAt: '2024-03-01T10:00:00.001Z' }),
      personalLinkToken(`${SECRET}!`, event),
      // The parts are kept apart: campaign `ctg-1","x` is not campaign `ctg-1` + signatory `x`.
      personalLinkToken(SECRET, { ...event, campaignId: 'ctg-1","commune-1' }),
    ];
    expect(new Set([token, ...others]).size).toBe(others.length + 1);
  });
});
