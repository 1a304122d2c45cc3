import type { PersonalLinkRequest } from '@ctg/contracts';
import { LINK_INTRO, LINK_IS_PERSONAL, MailContent, SIGNATURE, expectedDeliberation, formatDay, formatDeadline, mailText } from './mail-wording';

/** The French e-mail that hands a secretary their personal link: the body, the convention, the deadline, what is expected. */
export function renderPersonalLinkEmail(request: PersonalLinkRequest, link: string): MailContent {
  const deadline = formatDeadline(request.deliberationDeadline);
  return {
    subject: `Votre lien personnel pour la délibération de ${request.signatory.name} — ${request.campaignTitle}`,
    text: mailText([
      'Madame, Monsieur,',
      '',
      `Dans le cadre de la ${request.campaignTitle}, la délibération de ${request.signatory.name} est attendue.`,
      'Voici le lien personnel qui permet à votre secrétariat d’annoncer la séance et d’enregistrer le vote, sans créer de compte.',
      '',
      expectedDeliberation(request.signatory.kind),
      `Date limite : ${deadline}.`,
      '',
      `${LINK_INTRO}, valable jusqu'au ${formatDay(request.expiresAt)} :`,
      link,
      '',
      LINK_IS_PERSONAL,
      'Il remplace tout lien reçu auparavant, qui ne fonctionne plus.',
      '',
      ...SIGNATURE,
    ]),
  };
}

/** The French e-mail that hands a forwarded link to the person the body's secretary named. */
export function renderForwardedLinkEmail(request: PersonalLinkRequest, delegate: { name: string }, link: string): MailContent {
  return {
    subject: `Lien transmis pour la délibération de ${request.signatory.name} — ${request.campaignTitle}`,
    text: mailText([
      `Bonjour ${delegate.name},`,
      '',
      `Le secrétariat de ${request.signatory.name} vous transmet le lien qui permet d’annoncer la séance et d’enregistrer le vote de sa délibération sur la ${request.campaignTitle}.`,
      `Ce que vous enregistrerez le sera à votre nom, pour le compte de ${request.signatory.name}.`,
      '',
      `Date limite : ${formatDeadline(request.deliberationDeadline)}.`,
      '',
      `${LINK_INTRO}, valable jusqu'au ${formatDay(request.expiresAt)} :`,
      link,
      '',
      LINK_IS_PERSONAL,
      '',
      ...SIGNATURE,
    ]),
  };
}
