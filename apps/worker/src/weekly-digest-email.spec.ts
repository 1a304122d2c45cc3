import type { DigestCampaign } from '@ctg/persistence';
import { renderWeeklyDigest } from './weekly-digest-email';

const campaign = (overrides: Partial<DigestCampaign> = {}): DigestCampaign => ({
  id: 'ctg-2026',
  title: 'CTG Terres du Lauragais',
  phase: 'deliberating',
  deliberationDeadline: '2026-12-18T23:59:00+01:00',
  deadlinePassed: false,
  blocked: false,
  happened: {},
  undecided: [],
  blocking: [],
  total: 62,
  adopted: 0,
  ...overrides,
});
const period = { start: '2026-11-30T08:00:00Z', end: '2026-12-07T08:00:00Z' };

describe('the weekly digest’s e-mail', () => {
  it('is not written when none of the campaigns saw an event in the week', () => {
    expect(renderWeeklyDigest([campaign({ undecided: ['Aignes'] })], period, 'https://ctg.example.org')).toBeUndefined();
    expect(renderWeeklyDigest([], period, 'https://ctg.example.org')).toBeUndefined();
  });

  it('counts the week’s votes, names the late bodies (the first eight, then how many more) and leaves out a campaign closed before the week', () => {
    const late = Array.from({ length: 11 }, (_, i) => `Commune ${i + 1}`);
    const email = renderWeeklyDigest(
      [
        campaign({ happened: { 'DeliberationRecorded:adopted': 12, 'DeliberationRecorded:rejected': 1, ReminderSent: 7 }, adopted: 50, undecided: late, deadlinePassed: true }),
        campaign({ id: 'old', title: 'Ancienne CTG', phase: 'signed' }),
      ],
      period,
      'https://ctg.example.org/',
    )!;
    expect(email.subject).toBe('Récapitulatif de la semaine : 1 campagne, 11 organismes en retard');
    expect(email.text).toContain('Cette semaine : 12 adoptions, 1 rejet, 7 relances envoyées.');
    expect(email.text).toContain('Délibérations en cours, 50 adoptions sur 62 organismes.');
    expect(email.text).toContain('En retard, l’échéance étant passée : Commune 1, Commune 2, Commune 3, Commune 4, Commune 5, Commune 6, Commune 7, Commune 8 et 3 autres.');
    expect(email.text).toContain('https://ctg.example.org/campagnes/ctg-2026');
    expect(email.text).not.toContain('Ancienne CTG');
  });

  it('escapes what the campaign’s title and the bodies’ names hold in the HTML part', () => {
    const email = renderWeeklyDigest(
      [campaign({ id: 'a b', title: '<img src=x onerror=alert(1)> & Cie', happened: { ConferenceHeld: 1 }, blocking: ['"Mairie" <b>'] })],
      period,
      'https://ctg.example.org',
    )!;
    expect(email.html).toContain('<a href="https://ctg.example.org/campagnes/a%20b">&lt;img src=x onerror=alert(1)&gt; &amp; Cie</a>');
    expect(email.html).toContain('&quot;Mairie&quot; &lt;b&gt;');
    expect(email.html).not.toContain('<img');
  });
});
