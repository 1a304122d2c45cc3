import { MigrationInterface, QueryRunner } from 'typeorm';

export class LegalRecord1732838400000 implements MigrationInterface {
  name = 'LegalRecord1732838400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign_event (
        id uuid PRIMARY KEY,
        campaign_id varchar(80) NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        type varchar(40) NOT NULL,
        data jsonb NOT NULL,
        actor jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX campaign_event_campaign_seq ON campaign_event (campaign_id, seq)`);
    await q.query(`
      CREATE TABLE campaign_view (
        id varchar(80) PRIMARY KEY,
        title text NOT NULL,
        territory jsonb NOT NULL,
        definition jsonb NOT NULL,
        phase varchar(30) NOT NULL,
        deliberation_deadline text NOT NULL,
        deadline_passed boolean NOT NULL DEFAULT false,
        conference jsonb,
        signature jsonb,
        cancellation jsonb,
        blocked boolean NOT NULL DEFAULT false,
        last_seq integer NOT NULL,
        launched_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE signatory_view (
        campaign_id varchar(80) NOT NULL REFERENCES campaign_view (id) ON DELETE CASCADE,
        signatory_id varchar(80) NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        kind varchar(20) NOT NULL,
        email text NOT NULL,
        required boolean NOT NULL,
        status varchar(20) NOT NULL,
        session_date text,
        deliberation jsonb,
        deliberation_seq integer,
        late boolean NOT NULL DEFAULT false,
        blocking boolean NOT NULL DEFAULT false,
        reminders_sent integer NOT NULL DEFAULT 0,
        last_reminder_at timestamptz,
        PRIMARY KEY (campaign_id, signatory_id)
      )`);
    await q.query(`CREATE INDEX signatory_view_status ON signatory_view (campaign_id, status)`);
    // The legal record is append-only: the database itself refuses to edit or delete an event.
    await q.query(`
      CREATE FUNCTION campaign_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'campaign_event is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER campaign_event_append_only BEFORE UPDATE OR DELETE ON campaign_event
      FOR EACH ROW EXECUTE FUNCTION campaign_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signatory_view`);
    await q.query(`DROP TABLE campaign_view`);
    await q.query(`DROP TABLE campaign_event`);
    await q.query(`DROP FUNCTION campaign_event_append_only`);
  }
}
