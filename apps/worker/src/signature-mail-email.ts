import type { SignatureMailRequest } from '@ctg/contracts';
import { MailContent, SIGNATURE, formatDay, formatDeadline, mailText } from './mail-wording';

function conventionLines(request: SignatureMailRequest): string[] {
  const { name, version, sha256 } = request.convention;
  return [`Convention : « ${name} », version ${version}`, `Empreinte SHA-256 : ${sha256}`];
}

/** The French e-mail that hands a body's signing authority its signature link. */
export function renderSignatureLinkEmail(request: SignatureMailRequest, link: string): MailContent {
  const reminder = request.reminder !== undefined ? `Rappel n° ${request.reminder} : ` : '';
  return {
    subject: `${reminder}Signature de la ${request.campaignTitle} — ${request.signatory.name}`,
    text: mailText([
      'Madame, Monsieur,',
      '',
      `${reminder}${request.signatory.name} a adopté la ${request.campaignTitle}. La convention ${request.reminder !== undefined ? 'attend toujours votre signature' : 'est maintenant à signer'}.`,
      'Le lien ci-dessous montre la convention exacte à signer ; la personne habilitée à signer pour votre organisme la signe en ligne, avec un code envoyé à cette adresse au moment de signer.',
      '',
      ...conventionLines(request),
      '',
      `Votre lien de signature, valable jusqu'au ${formatDay(request.expiresAt)} :`,
      link,
      '',
      'Ce lien est personnel et réservé à votre organisme : merci de ne le transmettre qu’à la personne qui signe.',
      'Il remplace tout lien de signature reçu auparavant, qui ne fonctionne plus.',
      '',
      ...SIGNATURE,
    ]),
  };
}

/** The French e-mail of a code to sign with: it alone, with the link, signs. */
export function renderSignatureCodeEmail(request: SignatureMailRequest, code: string): MailContent {
  return {
    subject: `Votre code de signature : ${code}`,
    text: mailText([
      'Madame, Monsieur,',
      '',
      `Voici le code pour signer la ${request.campaignTitle} au nom de ${request.signatory.name} :`,
      '',
      `    ${code}`,
      '',
      `Il est valable jusqu'à ${formatDeadline(request.expiresAt)}, une seule fois.`,
      ...conventionLines(request),
      '',
      'Si vous n’avez pas demandé ce code, ne le communiquez à personne et prévenez les administrateurs de la campagne.',
      '',
      ...SIGNATURE,
    ]),
  };
}
