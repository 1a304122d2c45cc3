/** The French wording the secretaries' e-mails share: dates, what their assembly is asked, the link and the signature. */

export interface MailContent {
  subject: string;
  text: string;
}

const parisFormat = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options });
const deadlineFormat = parisFormat({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dayFormat = parisFormat({ day: 'numeric', month: 'long', year: 'numeric' });

/** « mardi 31 octobre 2023 à 23:59 », Paris time. */
export const formatDeadline = (timestamp: string) => deadlineFormat.format(new Date(timestamp));
/** « 2 novembre 2023 », Paris time. */
export const formatDay = (timestamp: string) => dayFormat.format(new Date(timestamp));

const assemblyOf: Record<string, { assembly: string; head: string }> = {
  commune: { assembly: 'conseil municipal', head: 'le maire' },
  epci: { assembly: 'conseil communautaire', head: 'le président' },
  departement: { assembly: 'conseil départemental (ou sa commission permanente)', head: 'le président' },
  caf: { assembly: "conseil d'administration", head: 'le directeur' },
  msa: { assembly: "conseil d'administration", head: 'le directeur général' },
  other: { assembly: 'assemblée délibérante', head: 'son représentant légal' },
};

/** What the body's assembly is asked to vote. */
export function expectedDeliberation(kind: string): string {
  const { assembly, head } = assemblyOf[kind] ?? assemblyOf.other;
  return `Ce qui est attendu : une délibération du ${assembly} approuvant la convention et autorisant ${head} à la signer.`;
}

export const LINK_INTRO =
  'Pour indiquer la date de la séance ou enregistrer la délibération (date, décision, votes, numéro), utilisez votre lien personnel';
export const LINK_IS_PERSONAL = 'Ce lien est personnel et réservé à votre collectivité : merci de ne pas le transférer.';
export const SIGNATURE = ['Cordialement,', "L'équipe de la Convention Territoriale Globale"];

/** The lines of an e-mail, where an absent sentence ('') never leaves two blank lines in a row. */
export function mailText(lines: string[]): string {
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}
