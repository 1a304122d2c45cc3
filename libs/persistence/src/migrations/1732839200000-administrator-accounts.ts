import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Administrator accounts that can be disabled, and whose tokens die with a password change: each
 * access token carries the `token_version` it was issued under, and the access guard compares it
 * with the row (by primary key) on every request.
 */
export class AdministratorAccounts1732839200000 implements MigrationInterface {
  name = 'AdministratorAccounts1732839200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE administrator
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN token_version integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE administrator DROP COLUMN token_version, DROP COLUMN disabled_at`);
  }
}
