import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations (a CAF, an EPCI, a département, an MSA, a commune, by SIREN) and their members,
 * each a `manager` or an `observer`; the installation's operators; and which organisations hold
 * each campaign: the one that launched it (`owner`) and its partners. Access to a campaign is read
 * from here on every request, so a member removed loses it at once.
 */
export class Organisations1732839700000 implements MigrationInterface {
  name = 'Organisations1732839700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        siren char(9) NOT NULL UNIQUE CHECK (siren ~ '^[0-9]{9}$'),
        name varchar(200) NOT NULL CHECK (length(btrim(name)) > 0),
        kind varchar(20) NOT NULL CHECK (kind IN ('caf', 'epci', 'departement', 'msa', 'commune')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE organisation_member (
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        administrator_id uuid NOT NULL REFERENCES administrator (id) ON DELETE CASCADE,
        role varchar(10) NOT NULL CHECK (role IN ('manager', 'observer')),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, administrator_id)
      )`);
    await q.query(`CREATE INDEX organisation_member_by_administrator ON organisation_member (administrator_id)`);
    await q.query(`
      CREATE TABLE campaign_organisation (
        campaign_id varchar(80) NOT NULL,
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE RESTRICT,
        relation varchar(10) NOT NULL CHECK (relation IN ('owner', 'partner')),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, organisation_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX campaign_organisation_one_owner ON campaign_organisation (campaign_id) WHERE relation = 'owner'`);
    await q.query(`CREATE INDEX campaign_organisation_by_organisation ON campaign_organisation (organisation_id)`);
    await q.query(`ALTER TABLE administrator ADD COLUMN operator boolean NOT NULL DEFAULT false`);
    // The installation's first administrator was everyone's administrator: it becomes the operator.
    await q.query(`UPDATE administrator SET operator = true WHERE id = (SELECT id FROM administrator ORDER BY created_at, id LIMIT 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE administrator DROP COLUMN operator`);
    await q.query(`DROP TABLE campaign_organisation`);
    await q.query(`DROP TABLE organisation_member`);
    await q.query(`DROP TABLE organisation`);
  }
}
