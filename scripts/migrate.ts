import 'reflect-metadata';
import { openDatabase } from '@ctg/persistence';

/**
 * `node dist/scripts/migrate.js`: brings the schema up to date as the database's owner
 * (DATABASE_OWNER_URL) and lets the application role of DATABASE_URL log in, then exits. docker/
 * runs it once before the API and the workers, so they are given the application role's URL only
 * and never hold the owner's password (docs/threat-model.md).
 */
async function main(): Promise<void> {
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  const url = process.env.DATABASE_URL;
  if (!ownerUrl || !url) throw new Error('set DATABASE_OWNER_URL (the owner, who migrates) and DATABASE_URL (the application role)');
  const dataSource = await openDatabase(url, 1, ownerUrl);
  const [{ role }] = await dataSource.query(`SELECT current_user AS role`);
  await dataSource.destroy();
  console.log(JSON.stringify({ level: 'info', msg: 'schema up to date', applicationRole: role }));
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'error', msg: 'migration failed', error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
