import type { Transporter } from 'nodemailer';
import { digestWeekAt } from '@ctg/domain';
import type { WeeklyDigestActivities, WeeklyDigestReport, WeeklyDigestRequest } from '@ctg/contracts';
import type { WeeklyDigestRepository } from '@ctg/persistence';
import { renderWeeklyDigest } from './weekly-digest-email';

export interface WeeklyDigestSettings {
  publicUrl: string;
  mailFrom: string;
  messageIdDomain: string;
}

/**
 * Each administrator's digest of the week: claimed before it goes out, so that a retry or a later
 * run of the same week sends it again only when the attempt that claimed it stopped before marking
 * it sent, under the same Message-ID.
 */
export function createWeeklyDigestActivities(digests: WeeklyDigestRepository, transport: Transporter, settings: WeeklyDigestSettings): WeeklyDigestActivities {
  return {
    async sendWeeklyDigests(request: WeeklyDigestRequest): Promise<WeeklyDigestReport> {
      const asOf = request.asOf ? Date.parse(request.asOf) : Date.now();
      const { due, week, digestAt } = digestWeekAt(asOf);
      const report: WeeklyDigestReport = { week, due, sent: 0, quiet: 0, alreadySent: 0 };
      if (!due) return report;
      for (const recipient of await digests.recipients()) {
        const claim = await digests.claim(recipient.administratorId, week, new Date(digestAt), `<digest-${week}-${recipient.administratorId}@${settings.messageIdDomain}>`);
        if (claim.status !== 'sending') {
          report.alreadySent++;
          continue;
        }
        const campaigns = await digests.campaigns(recipient.administratorId, claim.periodStart, claim.periodEnd);
        const email = renderWeeklyDigest(campaigns, { start: claim.periodStart, end: claim.periodEnd }, settings.publicUrl);
        if (!email) {
          await digests.settle(recipient.administratorId, week, 'empty');
          report.quiet++;
          continue;
        }
        await transport.sendMail({ from: settings.mailFrom, to: recipient.email, messageId: claim.messageId, ...email, headers: { 'X-CTG-Digest': week } });
        await digests.settle(recipient.administratorId, week, 'sent');
        report.sent++;
      }
      return report;
    },
  };
}
