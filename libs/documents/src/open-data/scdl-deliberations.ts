import { Deliberation, LegalFollowUp, dayInParis, inertCell } from '@ctg/domain';
import { stringify } from 'csv-stringify/sync';

/**
 * The fields of the SCDL « délibérations » schema 2.1.3 (schema.data.gouv.fr, scdl/deliberations),
 * in its order: the header of the file is exactly these names.
 */
export const SCDL_DELIBERATION_FIELDS = [
  'COLL_NOM',
  'COLL_SIRET',
  'DELIB_ID',
  'DELIB_DATE',
  'DELIB_MATIERE_CODE',
  'DELIB_MATIERE_NOM',
  'DELIB_OBJET',
  'BUDGET_ANNEE',
  'BUDGET_NOM',
  'PREF_ID',
  'PREF_DATE',
  'VOTE_EFFECTIF',
  'VOTE_REEL',
  'VOTE_POUR',
  'VOTE_CONTRE',
  'VOTE_ABSTENTION',
  'DELIB_URL',
] as const;

/**
 * The matière of the ACTES nomenclature a CTG deliberation is filed under: 8 « Domaines de
 * compétences par thèmes », 8.2 « Aide sociale » (the CTG is the CAF's framework for family and
 * social policy: childhood, youth, parenthood, access to rights). The name is the two levels in
 * lower case, with a slash, as the schema asks (docs/open-data-and-calendar.md says why this one).
 */
export const CTG_MATIERE = { code: '8.2', name: 'domaines de compétences par thèmes/aide sociale' } as const;

/** One body's recorded deliberation, as the export needs it. */
export interface ScdlDeliberationSource {
  bodyName: string;
  siret: string;
  deliberation: Deliberation & { number: string };
  legalFollowUp?: LegalFollowUp;
}

/** The object of every body's deliberation: approving the convention and letting its head sign it. */
export function ctgDeliberationObject(campaignTitle: string): string {
  return `Approbation de la convention « ${campaignTitle} » et autorisation de signature`;
}

/**
 * The file a territory publishes on data.gouv.fr as it is: UTF-8 without a byte-order mark (the
 * header must be the schema's names exactly), commas, one line per deliberation. Body names and
 * numbers come from outside data: a cell a spreadsheet would run as a formula is made inert.
 * DELIB_URL stays empty (the acts are not public here) and so do the budget and the prefecture's
 * id, which the record does not know; PREF_DATE is the day the prefecture acknowledged the act.
 */
export function scdlDeliberationsCsv(campaignTitle: string, sources: ScdlDeliberationSource[]): string {
  const object = ctgDeliberationObject(campaignTitle);
  const rows = sources.map(({ bodyName, siret, deliberation: d, legalFollowUp }) => {
    const cells: Record<(typeof SCDL_DELIBERATION_FIELDS)[number], string> = {
      COLL_NOM: bodyName,
      COLL_SIRET: siret,
      DELIB_ID: d.number,
      DELIB_DATE: d.sessionDate,
      DELIB_MATIERE_CODE: CTG_MATIERE.code,
      DELIB_MATIERE_NOM: CTG_MATIERE.name,
      DELIB_OBJET: object,
      BUDGET_ANNEE: '',
      BUDGET_NOM: '',
      PREF_ID: '',
      PREF_DATE: legalFollowUp?.acknowledgedAt ? dayInParis(Date.parse(legalFollowUp.acknowledgedAt)) : '',
      VOTE_EFFECTIF: d.membersInOffice === undefined ? '' : String(d.membersInOffice),
      // Those who took part in the vote, present or represented: every ballot, abstentions included.
      VOTE_REEL: String(d.votesFor + d.votesAgainst + d.abstentions),
      VOTE_POUR: String(d.votesFor),
      VOTE_CONTRE: String(d.votesAgainst),
      VOTE_ABSTENTION: String(d.abstentions),
      DELIB_URL: '',
    };
    return SCDL_DELIBERATION_FIELDS.map((field) => inertCell(cells[field]));
  });
  return stringify(rows, { header: true, columns: [...SCDL_DELIBERATION_FIELDS] });
}
