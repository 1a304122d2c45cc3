/** French wording of the territory's sources: the CSV's line-numbered faults, column by column. */
import type { FieldError } from './api';

const COLUMNS: Record<string, string> = {
  id: 'identifiant',
  kind: 'type',
  name: 'nom',
  insee_code: 'code INSEE',
  siren: 'SIREN',
  population: 'population',
  postal_code: 'code postal',
  required: 'obligatoire',
  email: 'adresse électronique',
  header: 'en-tête',
  csv: 'fichier',
};

const KINDS_TEXT = 'epci, commune, caf, departement, msa ou other';

const CSV_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^duplicated id (\S+) \(first on line (\d+)\)/, (m) => `identifiant ${m[1]} en double (déjà à la ligne ${m[2]}).`],
  [/^"(.*)" is not an e-mail address/, (m) => `« ${m[1]} » n’est pas une adresse électronique.`],
  [/^missing e-mail address/, () => 'adresse électronique manquante.'],
  [/^missing name/, () => 'nom manquant.'],
  [/^missing id/, () => 'identifiant manquant.'],
  [/^missing kind/, () => `type manquant : ${KINDS_TEXT}.`],
  [/^unknown kind "(.*)"/, (m) => `type « ${m[1]} » inconnu : ${KINDS_TEXT}.`],
  [/^missing: true or false/, () => 'indiquez true (obligatoire) ou false.'],
  [/^bad required value "(.*)"/, (m) => `valeur « ${m[1]} » incorrecte : true ou false.`],
  [/^"(.*)" is not a valid id/, (m) => `« ${m[1]} » n’est pas un identifiant valide (1 à 80 lettres, chiffres, points, tirets ou soulignés).`],
  [/^is (\d+) characters long; at most (\d+)/, (m) => `${m[1]} caractères, ${m[2]} au plus.`],
  [/^has (\d+) fields where the header has (\d+)/, (m) => `${m[1]} colonnes au lieu des ${m[2]} de l’en-tête.`],
  [/^contains control characters/, () => 'contient des caractères de contrôle.'],
  [/^"(.*)" is not an INSEE commune code/, (m) => `« ${m[1]} » n’est pas un code commune INSEE (5 caractères, par exemple 31582 ou 2A004).`],
  [/^"(.*)" must be 9 digits/, (m) => `« ${m[1]} » : un SIREN compte 9 chiffres.`],
  [/^"(.*)" is not a valid SIREN/, (m) => `« ${m[1]} » n’est pas un SIREN valide (clé de contrôle erronée).`],
  [/^"(.*)" is not a whole number/, (m) => `« ${m[1]} » n’est pas un nombre entier.`],
  [/^"(.*)" is not a postal code/, (m) => `« ${m[1]} » n’est pas un code postal (5 chiffres).`],
  [/^unknown columns (.+): the columns are (.+)$/, (m) => `colonnes inconnues : ${m[1]}. Les colonnes sont ${m[2]}.`],
  [/^missing columns (.+)$/, (m) => `colonnes manquantes : ${m[1]}.`],
  [/^repeated columns (.+)$/, (m) => `colonnes en double : ${m[1]}.`],
  [/^the file is empty/, () => 'le fichier est vide.'],
  [/^the file lists no signatory/, () => 'le fichier ne contient aucun signataire.'],
  [/^a campaign has at most (\d+) signatories; the file lists (\d+)/, (m) => `une campagne compte ${m[1]} signataires au plus ; le fichier en contient ${m[2]}.`],
  [/^no signatory is required/, () => 'aucun signataire n’est obligatoire : indiquez true dans la colonne required, au moins pour l’intercommunalité et la CAF.'],
  [/^not a readable CSV/, () => 'ce n’est pas un fichier CSV lisible.'],
  [/^must be the CSV text/, () => 'le fichier est vide ou illisible.'],
];

/** One fault of the CSV, `line 7: email` and its message, as a line of the list shown to the administrator. */
export function describeCsvProblem({ field, message }: FieldError): string {
  const at = /^line (\d+): (\w+)$/.exec(field);
  const where = at ? `Ligne ${at[1]} (${COLUMNS[at[2]] ?? at[2]})` : `${(COLUMNS[field] ?? field).replace(/^./, (c) => c.toUpperCase())}`;
  for (const [pattern, render] of CSV_RULES) {
    const match = pattern.exec(message);
    if (match) return `${where} : ${render(match)}`;
  }
  return `${where} : ${message}`;
}
