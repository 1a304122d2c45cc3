import type { ReminderRequest } from '../../../workflows/activity-contracts';

const deadlineFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const assemblyOf: Record<string, { assembly: string; head: string }> = {
  commune: { assembly: 'conseil municipal', head: 'le maire' },
  epci: { assembly: 'conseil communautaire', head: 'le président' },
  departement: { assembly: 'conseil départemental (ou sa commission permanente)', head: 'le président' },
  caf: { assembly: "conseil d'administration", head: 'le directeur' },
  msa: { assembly: "conseil d'administration", head: 'le directeur général' },
  other: { assembly: 'assemblée délibérante', head: 'son représentant légal' },
};

export interface ReminderEmail {
  subject: string;
  text: string;
}

/** The French e-mail of one reminder: who, which convention, by when, what is expected, and the link. */
export function renderReminderEmail(request: ReminderRequest, link: string): ReminderEmail {
  const { assembly, head } = assemblyOf[request.signatory.kind] ?? assemblyOf.other;
  const deadline = deadlineFormat.format(new Date(request.deliberationDeadline));
  const subject = request.overdue
    ? `Relance n° ${request.number} : délibération en retard — ${request.campaignTitle}`
    : `Rappel n° ${request.number} : délibération attendue avant le ${deadline} — ${request.campaignTitle}`;
  const text = [
    'Madame, Monsieur,',
    '',
    `Dans le cadre de la ${request.campaignTitle}, la délibération de ${request.signatory.name} est attendue.`,
    '',
    `Ce qui est attendu : une délibération du ${assembly} approuvant la convention et autorisant ${head} à la signer.`,
    request.overdue
      ? `La date limite (${deadline}) est dépassée : merci de nous indiquer au plus vite la date de la séance prévue ou le résultat du vote.`
      : `Date limite : ${deadline}.`,
    '',
    'Pour indiquer la date de la séance ou enregistrer la délibération (date, décision, votes, numéro), utilisez votre lien personnel :',
    link,
    '',
    'Ce lien est personnel et réservé à votre collectivité : merci de ne pas le transférer.',
    request.escalated ? 'Les administrateurs de la campagne sont en copie de ce message.' : '',
    '',
    'Cordialement,',
    "L'équipe de la Convention Territoriale Globale",
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
  return { subject, text };
}
