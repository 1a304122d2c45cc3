import { CampaignDefinition, DEFAULT_REMINDER_POLICY, validateCampaignDefinition } from './campaign-definition';

const definition = (overrides: Partial<CampaignDefinition> = {}): CampaignDefinition => ({
  id: 'ctg-test',
  title: 'Convention de test',
  territory: { name: 'Territoire de test' },
  deliberationDeadline: '2023-10-31T23:59:59+01:00',
  signatories: [{ id: 'epci', kind: 'epci', name: 'EPCI', email: 'epci@example.org', required: true }],
  reminderPolicy: DEFAULT_REMINDER_POLICY,
  ...overrides,
});
const faults = (overrides: Partial<CampaignDefinition>) => validateCampaignDefinition(definition(overrides)).map((e) => e.field);

describe("a campaign's administrators (copied on escalated reminders)", () => {
  it('may be left out: the launching administrator is copied', () => {
    expect(faults({})).toEqual([]);
  });

  it('are e-mail addresses, each once, whatever their case', () => {
    expect(faults({ administrators: ['referente@caf.example.org', 'dgs@epci.example.org'] })).toEqual([]);
    expect(faults({ administrators: ['referente@caf.example.org', 'pas-une-adresse'] })).toEqual(['administrators[1]']);
    expect(faults({ administrators: ['a@example.org', 'A@example.org'] })).toEqual(['administrators[1]']);
  });

  it('are 1 to 20 when given', () => {
    expect(faults({ administrators: [] })).toEqual(['administrators']);
    expect(faults({ administrators: Array.from({ length: 21 }, (_, i) => `admin-${i}@example.org`) })).toEqual(['administrators']);
  });
});
