import { ApplicationFailure } from '@temporalio/activity';
import type { SendMailOptions, Transporter } from 'nodemailer';

/**
 * Sends one e-mail. A 5xx answer of the SMTP server refuses it for good (the address, or every
 * recipient): retrying would be refused again for ever, so it becomes a non-retryable
 * ApplicationFailure of `refusalType`. Anything else (the server away, a 4xx) is thrown as it is,
 * for the activity to retry.
 */
export async function deliver(transport: Transporter, mail: SendMailOptions, refusalType: string): Promise<void> {
  try {
    await transport.sendMail(mail);
  } catch (error) {
    const responseCode = (error as { responseCode?: unknown })?.responseCode;
    if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
      throw ApplicationFailure.create({ type: refusalType, message: (error as Error).message, nonRetryable: true, details: [{ responseCode }] });
    }
    throw error;
  }
}
