/**
 * The Message-ID of a reminder, derived from (campaign, signatory, number) so that a re-sent copy
 * is the same message. Ids may hold dots, dashes and underscores (ID_PATTERN): `+`, an atext
 * character of RFC 5322 outside that alphabet, keeps campaign `a.b` + signatory `c` apart from
 * campaign `a` + signatory `b.c`.
 */
export function reminderMessageId(reminder: { campaignId: string; signatoryId: string; number: number }, domain: string): string {
  return `<reminder+${reminder.campaignId}+${reminder.signatoryId}+${reminder.number}@${domain}>`;
}

/** The Message-ID of the administrators' message of an escalated reminder: a message of its own, sent once too. */
export function reminderCopyMessageId(reminder: { campaignId: string; signatoryId: string; number: number }, domain: string): string {
  return `<reminder-copy+${reminder.campaignId}+${reminder.signatoryId}+${reminder.number}@${domain}>`;
}

const REMINDER_MESSAGE_ID = /^<reminder\+([^+@]+)\+([^+@]+)\+(\d+)@[^>]+>$/;

/** The reminder a Message-ID names, or undefined for any other message. */
export function parseReminderMessageId(messageId: string): { campaignId: string; signatoryId: string; number: number } | undefined {
  const m = REMINDER_MESSAGE_ID.exec(messageId);
  return m ? { campaignId: m[1], signatoryId: m[2], number: Number(m[3]) } : undefined;
}
