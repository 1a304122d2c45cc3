import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the read models show of the documents: the convention's and annexes' versions and the
 * draft's wording on the campaign; each body's read receipts, acts, and the version it voted on.
 */
export class DocumentsReadModel1732839500000 implements MigrationInterface {
  name = 'DocumentsReadModel1732839500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_view ADD COLUMN documents jsonb, ADD COLUMN draft_template text`);
    await q.query(
      `ALTER TABLE signatory_view ADD COLUMN convention_version_voted integer, ADD COLUMN convention_consulted jsonb, ADD COLUMN acts jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatory_view DROP COLUMN convention_version_voted, DROP COLUMN convention_consulted, DROP COLUMN acts`);
    await q.query(`ALTER TABLE campaign_view DROP COLUMN documents, DROP COLUMN draft_template`);
  }
}
