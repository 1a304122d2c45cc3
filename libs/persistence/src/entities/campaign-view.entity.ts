import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read model: one row per campaign, projected from its events. */
@Entity({ name: 'campaign_view' })
export class CampaignViewEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'jsonb' })
  territory: { name: string; siren?: string };

  /** The definition the campaign was launched with, to answer a repeated launch. */
  @Column({ type: 'jsonb' })
  definition: Record<string, unknown>;

  @Column({ type: 'varchar', length: 30 })
  phase: string;

  /** Kept as sent (with its offset), as the administrator wrote it. */
  @Column({ name: 'deliberation_deadline', type: 'text' })
  deliberationDeadline: string;

  @Column({ name: 'deadline_passed', type: 'boolean', default: false })
  deadlinePassed: boolean;

  @Column({ type: 'jsonb', nullable: true })
  conference: { heldOn: string; notes?: string } | null;

  @Column({ type: 'jsonb', nullable: true })
  signature: { signedOn: string; signedBy: string[] } | null;

  @Column({ type: 'jsonb', nullable: true })
  cancellation: { reason: string } | null;

  @Column({ type: 'boolean', default: false })
  blocked: boolean;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;

  @Column({ name: 'launched_at', type: 'timestamptz' })
  launchedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
