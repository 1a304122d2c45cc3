import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * The role the API and the worker work as (migration 1732839300000-application-role): one per
 * database, because PostgreSQL's roles belong to the whole cluster and tests run many databases on
 * one cluster.
 */
export function applicationRoleName(database: string): string {
  return `${database}_app`;
}

/**
 * When a process is given the owner's URL only (`npm start`, the tests, the bench): the application
 * role's URL on the same server. Its password is derived from the owner's password, so the API and
 * the worker, started apart, derive the same one and neither locks the other out; it protects
 * nothing the owner's URL does not already open.
 */
export function derivedApplicationUrl(ownerUrl: string, role: string): string {
  const url = new URL(ownerUrl);
  if (!url.hostname) throw new Error('DATABASE_URL names no host: set DATABASE_OWNER_URL and DATABASE_URL (the application role) apart');
  // Keyed by the owner's password alone, so two spellings of the same URL derive the same password.
  const ownerPassword = decodeURIComponent(url.password);
  url.username = encodeURIComponent(role);
  url.password = createHmac('sha256', ownerPassword).update(`ctg application role ${role}`).digest('hex');
  return url.toString();
}

export function urlUser(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Lets the application role log in with the password of its URL (as the owner, once migrated; the
 * caller holds the migration lock, so two processes never alter the role at once). A URL without a
 * password leaves the password to the operator.
 */
export async function enableApplicationLogin(owner: DataSource, role: string, applicationUrl: string): Promise<void> {
  const password = decodeURIComponent(new URL(applicationUrl).password);
  const [{ statement }] = await owner.query(
    password ? `SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS statement` : `SELECT format('ALTER ROLE %I LOGIN', $1::text) AS statement`,
    password ? [role, password] : [role],
  );
  await owner.query(statement);
}
