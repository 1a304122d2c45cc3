import type { ReminderRequest } from '../../../workflows/activity-contracts';
import { LINK_INTRO, LINK_IS_PERSONAL, MailContent, SIGNATURE, expectedDeliberation, formatDeadline, mailText } from './mail-wording';

/** The French e-mail of one reminder: who, which convention, by when, what is expected, and the link. */
export function renderReminderEmail(request: ReminderRequest, link: string): MailContent {
  const deadline = formatDeadline(request.deliberationDeadline);
  const subject = request.overdue
    ? `Relance n° ${request.number} : délibération en retard — ${request.campaignTitle}`
    : `Rappel n° ${request.number} : délibération attendue avant le ${deadline} — ${request.campaignTitle}`;
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
    request.escalated ? 'Les administrateurs de la campagne sont en copie de ce message.' : '',
    '',
    ...SIGNATURE,
  ]);
  return { subject, text };
}
