import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A personal link forwarded by a body's secretary to a colleague or the mayor: `holder` names the
 * person it belongs to (`{name, email}`), written into the actor of whatever they record with it.
 */
export class ForwardedLinks1732840000000 implements MigrationInterface {
  name = 'ForwardedLinks1732840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatory_link ADD COLUMN holder jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatory_link DROP COLUMN holder`);
  }
}
