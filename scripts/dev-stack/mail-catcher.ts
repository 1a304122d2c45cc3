import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parseReminderMessageId } from '../../apps/worker/src/reminder-message-id';

export interface CaughtMail {
  messageId: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  /** The HTML part, when the e-mail has one. */
  html?: string;
  receivedAt: number;
}

function addresses(field: ParsedMail['to']): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/** The number of a reminder, from its Message-ID (NaN for a message that is no reminder). */
export function reminderNumber(mail: CaughtMail): number {
  return parseReminderMessageId(mail.messageId)?.number ?? Number.NaN;
}

/** A real SMTP server in our own process that keeps every message it receives: the tests' and `npm start`'s mail sink. */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  /** Addresses answered `550` at RCPT TO, as a server that knows no such mailbox does. */
  readonly refused = new Set<string>();
  /** Addresses answered `451` at RCPT TO, as a server that is overloaded or failing does: the sender retries. */
  readonly deferred = new Set<string>();
  /** Every address answered `451` at RCPT TO, in order: proof that a send was tried while deferred. */
  readonly deferrals: string[] = [];
  /**
   * Per address, how many of its next messages are kept and then answered `451`, as when the
   * server's acceptance never reaches the sender: the sender retries a message already delivered.
   */
  readonly keptButDeferred = new Map<string, number>();
  private server: SMTPServer | undefined;
  port = 0;

  constructor(private readonly onMail: (mail: CaughtMail) => void = () => undefined) {}

  async start(port = 0): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const mailbox = address.address.toLowerCase();
        if (this.deferred.has(mailbox)) {
          this.deferrals.push(mailbox);
          return callback(Object.assign(new Error(`mailbox ${mailbox} unavailable, try again later`), { responseCode: 451 }));
        }
        if (!this.refused.has(mailbox)) return callback();
        callback(Object.assign(new Error(`no mailbox ${address.address}`), { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const caught = {
              messageId: mail.messageId ?? '',
              to: addresses(mail.to),
              cc: addresses(mail.cc),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              ...(typeof mail.html === 'string' ? { html: mail.html } : {}),
              receivedAt: Date.now(),
            };
            this.mails.push(caught);
            this.onMail(caught);
            if (!this.takeDeferral(session.envelope.rcptTo.map((r) => r.address.toLowerCase()))) return callback();
            callback(Object.assign(new Error('local error in processing, try again later'), { responseCode: 451 }));
          })
          .catch(callback);
      },
    });
    // A sender killed in the middle of a message resets its connection; smtp-server re-emits that
    // on the server, where an unheard 'error' would throw in the catcher's process. A real server
    // drops the message and goes on, and so does this one.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Whether this message, kept already, is answered `451` (see `keptButDeferred`). */
  private takeDeferral(recipients: string[]): boolean {
    const mailbox = recipients.find((r) => (this.keptButDeferred.get(r) ?? 0) > 0);
    if (mailbox === undefined) return false;
    this.keptButDeferred.set(mailbox, (this.keptButDeferred.get(mailbox) ?? 0) - 1);
    return true;
  }

  to(email: string): CaughtMail[] {
    return this.mails.filter((m) => m.to.includes(email));
  }

  /** The reminders of one signatory of one campaign, by their Message-ID `<reminder+<campaign>+<signatory>+<n>@…>`. */
  reminders(campaignId: string, signatoryId: string): CaughtMail[] {
    return this.mails.filter((m) => {
      const reminder = parseReminderMessageId(m.messageId);
      return reminder?.campaignId === campaignId && reminder.signatoryId === signatoryId;
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
