import { DataSource } from 'typeorm';
import { openDatabase } from './data-source';
import { campaignView, signatoryView } from './read-models';

/** The column tables against the schema the migrations build: a column missing from one is never written or compared. */
describe('read model tables', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDatabase(process.env.TEST_DATABASE_URL as string, 2);
  });
  afterAll(async () => dataSource?.destroy());

  const SQL_TYPE: Record<string, string> = { 'character varying': 'text', 'timestamp with time zone': 'timestamptz' };

  it.each([campaignView, signatoryView])('$name has the columns and the primary key its table declares', async (table) => {
    const columns: { name: string; type: string }[] = await dataSource.query(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY column_name COLLATE "C"`,
      [table.name],
    );
    const key: { name: string }[] = await dataSource.query(
      `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
      [table.name],
    );
    const declared = Object.values(table.columns);
    expect(columns.map((c) => [c.name, SQL_TYPE[c.type] ?? c.type])).toEqual(
      declared.map((c) => [c.sql, c.type]).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    expect(key.map((c) => c.name)).toEqual(declared.filter((c) => 'key' in c).map((c) => c.sql));
  });
});
