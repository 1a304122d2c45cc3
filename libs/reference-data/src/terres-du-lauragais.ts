import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_REMINDER_POLICY, ReminderPolicy, SignatoryDefinition, SignatoryKind } from '@ctg/domain';

export const TERRES_DU_LAURAGAIS_CSV = join(__dirname, '..', 'terres-du-lauragais-signatories.csv');

interface SignatoryRow {
  id: string;
  kind: string;
  name: string;
  insee_code: string;
  siren: string;
  siret: string;
  population: string;
  postal_code: string;
  required: string;
  email: string;
}

/** The 62 signatories of the Terres du Lauragais CTG (fictitious e-mail addresses and SIRETs). */
export function terresDuLauragaisSignatories(): SignatoryDefinition[] {
  const rows: SignatoryRow[] = parse(readFileSync(TERRES_DU_LAURAGAIS_CSV), { columns: true, skip_empty_lines: true });
  return rows.map((r) => ({ id: r.id, kind: r.kind as SignatoryKind, name: r.name, email: r.email, required: r.required === 'true', ...(r.siret ? { siret: r.siret } : {}) }));
}

export interface CampaignRequest {
  id?: string;
  title: string;
  territory: { name: string; siren?: string };
  conferenceDate?: string;
  deliberationDeadline: string;
  signatories: SignatoryDefinition[];
  reminderPolicy?: ReminderPolicy;
  administrators?: string[];
  /** SIREN of the organisation launching it, for a manager of several. */
  organisation?: string;
}

/** The body of `POST /campaigns` for the real case: the demo campaign and the tests' reference. */
export function terresDuLauragaisCampaign(overrides: Partial<CampaignRequest> = {}): CampaignRequest {
  return {
    id: 'ctg-terres-du-lauragais-2023',
    title: 'Convention Territoriale Globale — Terres du Lauragais',
    territory: { name: 'Communauté de communes des Terres du Lauragais', siren: '200071298' },
    conferenceDate: '2023-06-13',
    deliberationDeadline: '2023-10-31T23:59:59+01:00',
    signatories: terresDuLauragaisSignatories(),
    reminderPolicy: DEFAULT_REMINDER_POLICY,
    ...overrides,
  };
}
