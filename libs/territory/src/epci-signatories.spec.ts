import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { TERRES_DU_LAURAGAIS_CSV } from '@ctg/reference-data/terres-du-lauragais';
import { epciSignatories } from './epci-signatories';
import { refusal } from '@ctg/domain/testing/refusal';

interface ReferenceRow {
  id: string;
  kind: string;
  name: string;
  insee_code: string;
  siren: string;
  population: string;
  postal_code: string;
  required: string;
}

const reference: ReferenceRow[] = parse(readFileSync(TERRES_DU_LAURAGAIS_CSV), { columns: true, skip_empty_lines: true });


describe('signatories of an EPCI from INSEE data (@etalab/decoupage-administratif)', () => {
  it('gives for the Terres du Lauragais (200071298) exactly the 58 communes of the reference CSV, same INSEE codes and names', () => {
    const { territory, signatories } = epciSignatories('200071298');
    const communes = signatories.filter((s) => s.kind === 'commune');
    const expected = reference.filter((r) => r.kind === 'commune');
    expect(expected).toHaveLength(58);
    expect(communes.map((c) => [c.id, c.name])).toEqual(expected.map((r) => [r.insee_code, r.name]));
    expect(communes.map((c) => [c.inseeCode, c.siren, String(c.population), c.postalCode])).toEqual(
      expected.map((r) => [r.insee_code, r.siren, r.population, r.postal_code]),
    );
    expect(communes.every((c) => c.required === false && c.email === null)).toBe(true);

    expect(signatories[0]).toMatchObject({
      id: '200071298',
      kind: 'epci',
      name: 'Communauté de communes des Terres du Lauragais',
      required: true,
      email: null,
    });
    const epci = reference.find((r) => r.kind === 'epci') as ReferenceRow;
    expect([signatories[0].name, String(signatories[0].population)]).toEqual([epci.name, epci.population]);
    expect(signatories).toHaveLength(59);
    expect(territory).toMatchObject({
      name: 'Communauté de communes des Terres du Lauragais',
      siren: '200071298',
      legalForm: 'CC',
      departement: { code: '31', name: 'Haute-Garonne' },
      departements: ['31'],
      source: '@etalab/decoupage-administratif@6.0.0',
    });
  });

  it('adds the partner bodies asked for: the CAF required, the usual names of the department when none is given', () => {
    const { signatories } = epciSignatories('200071298', { caf: '', departement: '', msa: 'MSA Midi-Pyrénées Sud' });
    expect(signatories.slice(-3)).toEqual([
      expect.objectContaining({ id: 'caf31', kind: 'caf', name: 'Caisse d’allocations familiales de la Haute-Garonne', required: true, email: null }),
      expect.objectContaining({ id: 'cd31', kind: 'departement', name: 'Conseil départemental de la Haute-Garonne', required: false }),
      expect.objectContaining({ id: 'msa-midi-pyrenees-sud', kind: 'msa', name: 'MSA Midi-Pyrénées Sud', required: false }),
    ]);
    const reference62 = reference.map((r) => [r.kind, r.name]);
    expect(reference62).toContainEqual(['caf', signatories[59].name]);
    expect(reference62).toContainEqual(['departement', signatories[60].name]);
    const named = epciSignatories('200071298', { caf: 'CAF de la Haute-Garonne' }).signatories;
    expect(named[named.length - 1]).toMatchObject({ id: 'caf31', name: 'CAF de la Haute-Garonne' });
  });

  it('works for any EPCI: a communauté d’agglomération of the Gard, a métropole spread over one department', () => {
    const nimes = epciSignatories('243000643', { caf: '', departement: '' });
    expect(nimes.territory).toMatchObject({ name: 'Communauté d’agglomération de Nîmes Métropole', legalForm: 'CA', departement: { code: '30' } });
    expect(nimes.signatories.filter((s) => s.kind === 'commune').length).toBeGreaterThan(30);
    expect(nimes.signatories.find((s) => s.kind === 'caf')?.name).toBe('Caisse d’allocations familiales du Gard');
    expect(nimes.signatories.find((s) => s.id === '30189')).toMatchObject({ kind: 'commune', name: 'Nîmes' });
  });

  it('refuses a malformed SIREN, explains a commune’s SIREN and does not know a SIREN that is no EPCI’s', () => {
    expect(refusal(() => epciSignatories('20007129'))).toMatchObject({ kind: 'invalid', fields: [{ field: 'siren', message: 'must be 9 digits (e.g. 200071298)' }] });
    expect(refusal(() => epciSignatories('200071299'))).toMatchObject({ kind: 'invalid', fields: [{ field: 'siren' }] });
    const commune = refusal(() => epciSignatories('213105828'));
    expect(commune.kind).toBe('not_found');
    expect(commune.message).toContain('commune Villefranche-de-Lauragais (31582), whose EPCI is Communauté de communes des Terres du Lauragais (200071298)');
    expect(refusal(() => epciSignatories('100000009')).message).toBe(
      'no EPCI with SIREN 100000009 in @etalab/decoupage-administratif@6.0.0 (EPCI à fiscalité propre)',
    );
    expect(refusal(() => epciSignatories('200071298', { msa: ' ' })).fields).toEqual([{ field: 'msa', message: expect.stringContaining('name the MSA') }]);
  });
});
