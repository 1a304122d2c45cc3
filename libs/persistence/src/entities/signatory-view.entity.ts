import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: one row per signatory of a campaign, with its current deliberation. */
@Entity({ name: 'signatory_view' })
export class SignatoryViewEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'varchar', length: 80 })
  campaignId: string;

  @PrimaryColumn({ name: 'signatory_id', type: 'varchar', length: 80 })
  signatoryId: string;

  /** Order of the campaign's definition, for stable listings. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'boolean' })
  required: boolean;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ name: 'session_date', type: 'text', nullable: true })
  sessionDate: string | null;

  @Column({ type: 'jsonb', nullable: true })
  deliberation: Record<string, unknown> | null;

  @Column({ name: 'deliberation_seq', type: 'integer', nullable: true })
  deliberationSeq: number | null;

  @Column({ type: 'boolean', default: false })
  late: boolean;

  @Column({ type: 'boolean', default: false })
  blocking: boolean;

  @Column({ name: 'reminders_sent', type: 'integer', default: 0 })
  remindersSent: number;

  @Column({ name: 'last_reminder_at', type: 'timestamptz', nullable: true })
  lastReminderAt: Date | null;

  /** Contrôle de légalité of the current deliberation: transmission, @ctes id, acknowledgment, executory day. */
  @Column({ name: 'legal_follow_up', type: 'jsonb', nullable: true })
  legalFollowUp: Record<string, unknown> | null;

  /** When an administrator last had a personal link e-mailed to this signatory. */
  @Column({ name: 'last_link_sent_at', type: 'timestamptz', nullable: true })
  lastLinkSentAt: Date | null;
}
