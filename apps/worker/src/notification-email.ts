import { NotificationKind, notificationSentence } from '@ctg/domain';
import type { NotificationView } from '@ctg/persistence';
import { MailContent, SIGNATURE, formatDay, mailText } from './mail-wording';

/** What the administrator can do about it, when there is something to do. */
const NEXT_STEP: Partial<Record<NotificationKind, string>> = {
  body_rejected: 'La campagne reste ouverte : la délibération peut être rouverte si l’organisme délibère à nouveau.',
  campaign_blocked: 'La signature attend qu’il délibère à nouveau et adopte.',
  ready_to_sign: 'Vous pouvez envoyer la convention pour signature ou enregistrer la cérémonie.',
  deadline_passed: 'Vous pouvez relancer les organismes en retard ou déplacer l’échéance.',
  reminder_refused: 'Corrigez l’adresse de cet organisme : les relances suivantes ne lui parviendraient pas.',
};

/** The French e-mail of one notification, with the link to the campaign's page. */
export function renderNotificationEmail(n: NotificationView, publicUrl: string): MailContent {
  const sentence = notificationSentence(n);
  const link = `${publicUrl.replace(/\/+$/, '')}/campagnes/${encodeURIComponent(n.campaignId)}`;
  return {
    subject: `${sentence} — ${n.campaignTitle}`,
    text: mailText([
      'Bonjour,',
      '',
      `${n.campaignTitle}, le ${formatDay(n.occurredAt)} :`,
      `${sentence}.`,
      NEXT_STEP[n.kind] ?? '',
      '',
      `La campagne : ${link}`,
      '',
      `Vous recevez ce message comme administrateur de la campagne. Vous choisissez ce que vous recevez sur ${publicUrl.replace(/\/+$/, '')}/mes-notifications.`,
      '',
      ...SIGNATURE,
    ]),
  };
}
