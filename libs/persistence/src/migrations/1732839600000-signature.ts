import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signature (issue 17). Read models: the convention sent round on the campaign; each body's
 * signing authority, its own signature, its signature link and last code. Links: a signature link
 * is a `signatory_link` of purpose `signature`, which counts the wrong codes given with it and
 * locks at the fifth. Codes: only a hash of each code sent to sign with, keyed by its
 * `SignatureCodeSent` event, used once.
 */
export class Signature1732839600000 implements MigrationInterface {
  name = 'Signature1732839600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_view ADD COLUMN circulation jsonb`);
    await q.query(
      `ALTER TABLE signatory_view ADD COLUMN signing_authority jsonb, ADD COLUMN body_signature jsonb,
         ADD COLUMN signature_link_sent_at timestamptz, ADD COLUMN signature_link_expires_at text,
         ADD COLUMN signature_code_seq integer, ADD COLUMN signature_reminders_sent integer`,
    );
    await q.query(
      `ALTER TABLE signatory_link
         ADD COLUMN purpose text NOT NULL DEFAULT 'deliberation' CHECK (purpose IN ('deliberation', 'signature')),
         ADD COLUMN failed_codes integer NOT NULL DEFAULT 0,
         ADD COLUMN locked_at timestamptz`,
    );
    await q.query(`
      CREATE TABLE signature_code (
        campaign_id varchar(80) NOT NULL,
        seq integer NOT NULL,
        signatory_id varchar(80) NOT NULL,
        code_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, seq)
      )`);
    await q.query(`CREATE INDEX signature_code_signatory ON signature_code (campaign_id, signatory_id, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signature_code`);
    await q.query(`ALTER TABLE signatory_link DROP COLUMN purpose, DROP COLUMN failed_codes, DROP COLUMN locked_at`);
    await q.query(
      `ALTER TABLE signatory_view DROP COLUMN signing_authority, DROP COLUMN body_signature, DROP COLUMN signature_link_sent_at, DROP COLUMN signature_link_expires_at,
         DROP COLUMN signature_code_seq, DROP COLUMN signature_reminders_sent`,
    );
    await q.query(`ALTER TABLE campaign_view DROP COLUMN circulation`);
  }
}
