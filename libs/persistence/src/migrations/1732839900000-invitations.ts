import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations to join an organisation, sent by e-mail: only the token's SHA-256 is kept, the
 * invitation expires, and it is accepted once (then `accepted_at`) or withdrawn (deleted).
 */
export class Invitations1732839900000 implements MigrationInterface {
  name = 'Invitations1732839900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        email text NOT NULL,
        role varchar(10) NOT NULL CHECK (role IN ('manager', 'observer')),
        token_hash char(64) NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        invited_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz
      )`);
    // One invitation awaiting an answer per person and organisation: a new one replaces it.
    await q.query(`CREATE UNIQUE INDEX invitation_one_pending ON invitation (organisation_id, lower(email)) WHERE accepted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invitation`);
  }
}
