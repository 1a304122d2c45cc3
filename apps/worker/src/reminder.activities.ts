import { ApplicationFailure } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import { awaitsDecision, isClosedPhase } from '@ctg/domain';
import {
  AdministratorRepository,
  CampaignReadRepository,
  OutboxKey,
  ReminderOutboxRepository,
  SignatoryLinkRepository,
} from '@ctg/persistence';
import { REMINDER_REFUSED, ReminderActivities, ReminderReceipt, ReminderRequest, SkippedReminder } from '@ctg/contracts';
import { renderReminderCopyEmail, renderReminderEmail } from './reminder-email';
import { reminderCopyMessageId, reminderMessageId } from './reminder-message-id';
import { deliver } from './smtp-delivery';

export interface ReminderSettings {
  publicUrl: string;
  mailFrom: string;
  linkTtlMs: number;
  /** Domain of the Message-ID header. */
  messageIdDomain: string;
  /** Derives the token of each e-mailed personal link (see personal-link-token.ts). */
  linkSecret: string;
}

export interface ReminderDependencies {
  outbox: ReminderOutboxRepository;
  links: SignatoryLinkRepository;
  administrators: AdministratorRepository;
  campaigns: Pick<CampaignReadRepository, 'standing'>;
  transport: Transporter;
  settings: ReminderSettings;
}

/** Type of the refusal for good of the administrators' message, which does not undo the reminder sent. */
const COPY_REFUSED = 'ReminderCopyRefused';

const isRefusal = (error: unknown, type: string): error is ApplicationFailure => error instanceof ApplicationFailure && error.type === type;

/**
 * Why the reminder must not go out, from the read model; undefined while the body is awaited. The
 * API acknowledges a vote only once it is there, so no acknowledged vote is missed. A body the read
 * model does not hold belongs to no campaign under way.
 */
async function reasonToSkip(campaigns: ReminderDependencies['campaigns'], request: ReminderRequest): Promise<SkippedReminder['reason'] | undefined> {
  const standing = await campaigns.standing(request.campaignId, request.signatory.id);
  if (!standing || isClosedPhase(standing.phase)) return 'closed';
  return awaitsDecision(standing.status) ? undefined : 'decided';
}

export function createReminderActivities(deps: ReminderDependencies): ReminderActivities {
  const { settings } = deps;
  const headersOf = (request: ReminderRequest) => ({ 'X-CTG-Campaign': request.campaignId, 'X-CTG-Signatory': request.signatory.id });

  /** The reminder itself, with a link of its own, to the secretary alone; returns when it was sent. */
  async function remindSecretary(request: ReminderRequest, key: OutboxKey, to: string[], messageId: string): Promise<string> {
    try {
      const link = await deps.links.issueAlongside(request.campaignId, request.signatory.id, 'reminder', settings.linkTtlMs);
      const email = renderReminderEmail(request, `${settings.publicUrl}/deliberation?token=${encodeURIComponent(link.token)}`);
      await deliver(
        deps.transport,
        { from: settings.mailFrom, to, subject: email.subject, text: email.text, messageId, headers: headersOf(request) },
        REMINDER_REFUSED,
      );
    } catch (error) {
      // Not taken by the SMTP server: the next attempt reads the record again. (Refused for good,
      // the claim stays: the administrators' message still goes out under it, and none retries.)
      if (!isRefusal(error, REMINDER_REFUSED)) await deps.outbox.release(key);
      throw error;
    }
    return deps.outbox.markSent(key.campaignId, key.signatoryId, key.number);
  }

  /** The administrators' message of an escalated reminder; false when their server refused it for good. */
  async function tellAdministrators(request: ReminderRequest, key: OutboxKey, copies: string[], refused: boolean): Promise<boolean> {
    const email = renderReminderCopyEmail(request, `${settings.publicUrl}/campagnes/${encodeURIComponent(request.campaignId)}`, refused);
    const messageId = reminderCopyMessageId(key, settings.messageIdDomain);
    try {
      await deliver(
        deps.transport,
        { from: settings.mailFrom, to: copies, subject: email.subject, text: email.text, messageId, headers: headersOf(request) },
        COPY_REFUSED,
      );
    } catch (error) {
      if (isRefusal(error, COPY_REFUSED)) return false;
      throw error;
    }
    await deps.outbox.markCopySent(key);
    return true;
  }

  return {
    async sendReminder(request: ReminderRequest): Promise<ReminderReceipt> {
      const key = { campaignId: request.campaignId, signatoryId: request.signatory.id, number: request.number };
      // Every attempt, retries included, reads the record first: a body that decided while the SMTP
      // server was failing gets nothing. A claim still held is an attempt that stopped without
      // knowing whether its e-mail went out (a crash after the SMTP server took it): it goes again
      // under the same Message-ID, and is recorded, rather than sent and never recorded.
      if (!(await deps.outbox.find(key))) {
        const reason = await reasonToSkip(deps.campaigns, request);
        if (reason) return { skipped: true, reason };
      }
      const cc = request.escalated ? await deps.administrators.forCampaign(request.campaignId) : [];
      const firstMessageId = reminderMessageId(key, settings.messageIdDomain);
      const claimed = await deps.outbox.claim({ ...key, messageId: firstMessageId, recipients: [request.signatory.email], copies: cc });
      // A row claimed earlier keeps its recipients, and the Message-ID it was first sent under (its
      // format changed once): a mail client shows a re-sent copy once.
      const messageId = claimed?.messageId ?? firstMessageId;
      const to = claimed?.recipients ?? [request.signatory.email];
      const copies = claimed?.copies ?? cc;

      const outcome: { sentAt: string } | { refusal: ApplicationFailure } =
        claimed?.status === 'sent'
          ? { sentAt: claimed.sentAt ?? new Date().toISOString() }
          : await remindSecretary(request, key, to, messageId).then(
              (sentAt) => ({ sentAt }),
              (error: unknown) => {
                // Refused for good, an escalated reminder still tells the administrators, who learn of the address.
                if (copies.length > 0 && isRefusal(error, REMINDER_REFUSED)) return { refusal: error };
                throw error;
              },
            );
      const told = copies.length === 0 || claimed?.copySentAt !== undefined || (await tellAdministrators(request, key, copies, 'refusal' in outcome));
      if ('refusal' in outcome) throw outcome.refusal;
      return { messageId, to, cc: told ? copies : [], sentAt: outcome.sentAt };
    },
  };
}
