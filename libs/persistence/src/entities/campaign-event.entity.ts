import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One fact of the legal record. Rows are only ever inserted. */
@Entity({ name: 'campaign_event' })
@Index('campaign_event_campaign_seq', ['campaignId', 'seq'], { unique: true })
export class CampaignEventEntity {
  /** Deterministic id from the workflow: appending the same event twice is a no-op. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'campaign_id', type: 'varchar', length: 80 })
  campaignId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  actor: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  /** The previous event's hash (64 zeros for seq 1): the link of the chain (record-chain.ts). */
  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  /** SHA-256 of prev_hash and the event's canonical form. */
  @Column({ type: 'char', length: 64 })
  hash: string;
}
