import { DisableNotice } from '@ctg/persistence';
import { MailContent, SIGNATURE, formatDeadline, mailText } from './mail-wording';

/** The e-mail that tells an organisation's managers one of its webhook endpoints was disabled. */
export function renderWebhookDisabledEmail(notice: DisableNotice, publicUrl: string): MailContent {
  const name = notice.description ? `« ${notice.description} » (${notice.url})` : notice.url;
  return {
    subject: `Webhook désactivé : ${notice.url}`,
    text: mailText([
      'Bonjour,',
      '',
      `Le webhook ${name} de ${notice.organisation.name} échoue sans interruption depuis le ${formatDeadline(notice.failingSince)} : il a été désactivé.`,
      notice.lastError ? `Dernière erreur : ${notice.lastError}` : '',
      '',
      'Les événements de vos campagnes sont conservés : ils lui seront envoyés, dans l’ordre, dès que vous le réactiverez.',
      `Une fois le récepteur rétabli, réactivez-le depuis la page « Organisations » : ${publicUrl}/mes-organisations`,
      '',
      ...SIGNATURE,
    ]),
  };
}
