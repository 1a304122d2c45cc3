import type { ReminderRequest } from '@ctg/contracts';
import { LINK_INTRO, LINK_IS_PERSONAL, MailContent, SIGNATURE, expectedDeliberation, formatDeadline, mailText } from './mail-wording';

/** « Rappel n° 1 : délibération attendue avant le … » or « Relance n° 3 : délibération en retard », with the body's name for others. */
function subjectOf(request: ReminderRequest, deadline: string, addressee = ''): string {
  const late = request.overdue ? 'délibération en retard' : `délibération attendue avant le ${deadline}`;
  return `${request.overdue ? 'Relance' : 'Rappel'} n° ${request.number}${addressee} : ${late} — ${request.campaignTitle}`;
}

/** The French e-mail of one reminder: who, which convention, by when, what is expected, and the link. */
export function renderReminderEmail(request: ReminderRequest, link: string): MailContent {
  const deadline = formatDeadline(request.deliberationDeadline);
  const subject = subjectOf(request, deadline);
  const text = mailText([
    'Madame, Monsieur,',
    '',
    `Dans le cadre de la ${request.campaignTitle}, la délibération de ${request.signatory.name} est attendue.`,
    '',
    expectedDeliberation(request.signatory.kind),
    request.overdue
      ? `La date limite (${deadline}) est dépassée : merci de nous indiquer au plus vite la date de la séance prévue ou le résultat du vote.`
      : `Date limite : ${deadline}.`,
    '',
    `${LINK_INTRO} :`,
    link,
    '',
    LINK_IS_PERSONAL,
    request.escalated ? `Les administrateurs de la campagne sont informés de ${request.overdue ? 'cette relance' : 'ce rappel'}.` : '',
    '',
    ...SIGNATURE,
  ]);
  return { subject, text };
}

/**
 * The administrators' message of an escalated reminder: which body is late, whether the reminder
 * reached its secretary, and the campaign's page. Never the secretary's link, which would let
 * anyone who receives this message vote as that body.
 */
export function renderReminderCopyEmail(request: ReminderRequest, campaignPage: string, refused: boolean): MailContent {
  const deadline = formatDeadline(request.deliberationDeadline);
  const { email, name } = request.signatory;
  // « la relance » is feminine, « le rappel » masculine.
  const [reminder, e] = request.overdue ? [`la relance n° ${request.number}`, 'e'] : [`le rappel n° ${request.number}`, ''];
  return {
    subject: `Pour information — ${subjectOf(request, deadline, ` à ${name}`)}`,
    text: mailText([
      'Madame, Monsieur,',
      '',
      `Dans le cadre de la ${request.campaignTitle}, la délibération de ${name} est attendue.`,
      request.overdue ? `La date limite (${deadline}) est dépassée.` : `Date limite : ${deadline}.`,
      '',
      refused
        ? `Le serveur de messagerie a refusé ${reminder} adressé${e} à ${email} : merci de vérifier cette adresse.`
        : `Nous avons envoyé ${reminder} à ${email}, avec le lien personnel de son secrétariat.`,
      '',
      'Pour suivre la campagne et les délibérations :',
      campaignPage,
      '',
      'Ce message ne contient pas le lien personnel du secrétariat, qui lui est réservé.',
      '',
      ...SIGNATURE,
    ]),
  };
}
