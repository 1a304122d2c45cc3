import type { Transporter } from 'nodemailer';
import type { NotificationRepository } from '@ctg/persistence';
import { renderNotificationEmail } from './notification-email';

export interface NotificationMailerSettings {
  publicUrl: string;
  mailFrom: string;
  messageIdDomain: string;
}

/** After a failed attempt: 30 s, 1 min, 2 min… up to an hour; a notice older than a day is not worth sending. */
const MAX_ATTEMPTS = 12;
export const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

const isPermanentRefusal = (error: unknown) => {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/**
 * Sends the notifications' e-mails that are due, each under a Message-ID of its own, so that one
 * sent again after a crash is the same message to the receiving server. Returns how many it took.
 */
export function notificationMailDrain(notifications: NotificationRepository, transport: Transporter, settings: NotificationMailerSettings) {
  return async (): Promise<number> => {
    const due = await notifications.claimDueMails(20);
    for (const n of due) {
      const mail = renderNotificationEmail(n, settings.publicUrl);
      try {
        await transport.sendMail({
          from: settings.mailFrom,
          to: n.to,
          subject: mail.subject,
          text: mail.text,
          messageId: `<notification-${n.id}@${settings.messageIdDomain}>`,
          headers: { 'X-CTG-Campaign': n.campaignId, 'X-CTG-Notification': n.kind },
        });
        await notifications.mailSent(n.id);
      } catch (error) {
        const gaveUp = isPermanentRefusal(error) || n.attempts >= MAX_ATTEMPTS;
        await notifications.mailFailed(n.id, String((error as Error)?.message ?? error), gaveUp ? undefined : new Date(Date.now() + retryDelayMs(n.attempts)));
      }
    }
    return due.length;
  };
}
