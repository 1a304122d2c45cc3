import { validateCampaignDefinition } from './campaign-definition';
import { siretProblem } from './siret';

describe('a body’s SIRET', () => {
  it('is 14 digits under a Luhn key, starting with the body’s SIREN when it is known', () => {
    expect(siretProblem('21310582899991')).toBeUndefined();
    expect(siretProblem('21310582899991', '213105828')).toBeUndefined();
    expect(siretProblem('21310582899992')).toBe('is not a valid SIRET (wrong check digit)');
    expect(siretProblem('2131058289999')).toMatch(/^must be 14 digits/);
    expect(siretProblem('2131058289999a')).toMatch(/^must be 14 digits/);
    expect(siretProblem(21310582899991)).toMatch(/^must be 14 digits/);
    expect(siretProblem('21310582899991', '213100027')).toBe("must start with the body's SIREN 213100027");
  });

  it('is checked in a campaign definition, by signatory', () => {
    const signatory = { id: 'c1', kind: 'commune' as const, name: 'Commune', email: 'm@example.org', required: true };
    const definition = {
      id: 'ctg',
      title: 'CTG',
      territory: { name: 'T' },
      deliberationDeadline: '2023-10-31T23:59:59+01:00',
      reminderPolicy: { before: [], overdueEvery: 'P7D', overdueMax: 0, escalateFrom: 1, businessDaysOnly: false },
    };
    expect(validateCampaignDefinition({ ...definition, signatories: [{ ...signatory, siret: '21310582899991' }] })).toEqual([]);
    expect(validateCampaignDefinition({ ...definition, signatories: [signatory, { ...signatory, id: 'c2', siret: '12345678901234' }] })).toEqual([
      { field: 'signatories[1].siret', message: 'is not a valid SIRET (wrong check digit)' },
    ]);
  });
});
