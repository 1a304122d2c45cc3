import type { CampaignEvent } from '../libs/domain/src';

/** Side effects the workflows ask of the worker; implemented in apps/worker. */
export interface RecordActivities {
  /** Appends events to the legal record and projects them, idempotently by (campaign, seq). */
  appendEvents(campaignId: string, events: CampaignEvent[]): Promise<void>;
}

export interface ReminderRequest {
  campaignId: string;
  campaignTitle: string;
  signatory: { id: string; name: string; kind: string; email: string };
  number: number;
  escalated: boolean;
  overdue: boolean;
  deliberationDeadline: string;
}

export interface ReminderReceipt {
  messageId: string;
  to: string[];
  cc: string[];
  sentAt: string;
}

export interface ReminderActivities {
  /** Sends one reminder e-mail at most once for (campaign, signatory, number), whatever the retries. */
  sendReminder(request: ReminderRequest): Promise<ReminderReceipt>;
}
