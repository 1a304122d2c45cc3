import nodemailer from 'nodemailer';

/**
 * Whether the SMTP server takes a connection (greeting and EHLO), within 2 s. The answer is kept a
 * few seconds: a probe every second from an orchestrator must not become a connection every second.
 */
export class SmtpProbe {
  private last?: { at: number; outcome: Promise<void> };

  constructor(
    private readonly smtpUrl: string,
    private readonly cacheMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(): Promise<void> {
    if (this.last && this.now() - this.last.at < this.cacheMs) return this.last.outcome;
    const transport = nodemailer.createTransport({ url: this.smtpUrl, connectionTimeout: 2_000, greetingTimeout: 2_000, socketTimeout: 2_000 });
    const outcome = transport
      .verify()
      .then(() => undefined)
      .finally(() => transport.close());
    // Kept settled either way, so a later caller sees the same answer without an unhandled rejection.
    outcome.catch(() => undefined);
    this.last = { at: this.now(), outcome };
    return outcome;
  }
}
