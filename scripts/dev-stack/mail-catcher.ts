import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parseReminderMessageId } from '../../apps/worker/src/reminder-message-id';

export interface CaughtMail {
  messageId: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
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
  private server: SMTPServer | undefined;
  port = 0;

  constructor(private readonly onMail: (mail: CaughtMail) => void = () => undefined) {}

  async start(port = 0): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refused.has(address.address.toLowerCase())) return callback();
        callback(Object.assign(new Error(`no mailbox ${address.address}`), { responseCode: 550 }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const caught = {
              messageId: mail.messageId ?? '',
              to: addresses(mail.to),
              cc: addresses(mail.cc),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              receivedAt: Date.now(),
            };
            this.mails.push(caught);
            this.onMail(caught);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return `smtp://127.0.0.1:${this.port}`;
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
