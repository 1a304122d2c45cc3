import { Command } from 'commander';
import { isEmail } from '../../../../libs/domain/src';
import { CliError } from '../cli-error';
import { contextOf } from '../context';
import { promptHidden, readStdin } from '../password-prompt';

/** As for ADMIN_PASSWORD (apps/api/src/api-settings.ts). */
const MIN_PASSWORD_LENGTH = 12;

async function passwordFrom(o: { passwordStdin?: boolean }): Promise<string> {
  if (o.passwordStdin) return readStdin();
  const password = await promptHidden('Password: ');
  if ((await promptHidden('Password again: ')) !== password) throw new CliError('the two passwords differ; nothing changed');
  return password;
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    throw new CliError('DATABASE_URL is not a URL (postgres://user:password@host:5432/database)');
  }
}

/** There is no API route to add an administrator: this writes to PostgreSQL, as the API's start-up does. */
async function addAdministrator(email: string, passwordHash: string, databaseUrl: string): Promise<boolean> {
  const { createDataSource, AdministratorRepository } = await import('../../../../libs/persistence/src');
  const dataSource = createDataSource(databaseUrl, 1);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new CliError(`cannot connect to PostgreSQL at ${hostOf(databaseUrl)}: ${(error as Error).message}`);
  }
  try {
    return await new AdministratorRepository(dataSource).addIfMissing(email, passwordHash);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') {
      throw new CliError(`the database at ${hostOf(databaseUrl)} has no administrator table: start the API once, it applies the migrations`);
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

export function adminsCommand(): Command {
  const admins = new Command('admins').description('administrator accounts (directly in PostgreSQL: DATABASE_URL)');
  admins
    .command('add')
    .description('add an administrator; the password is asked for, or read from standard input')
    .argument('<email>', "the administrator's e-mail address")
    .option('--password-stdin', 'read the password from standard input')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL)')
    .action(async (email: string, o: { passwordStdin?: boolean; databaseUrl?: string }, command: Command) => {
      const ctx = contextOf(command);
      if (!isEmail(email)) throw new CliError(`${email}: not an e-mail address`);
      const databaseUrl = o.databaseUrl ?? process.env.DATABASE_URL;
      if (!databaseUrl) throw new CliError('set DATABASE_URL (or --database-url) to the PostgreSQL database of the API');
      hostOf(databaseUrl);
      const password = await passwordFrom(o);
      if (password.length < MIN_PASSWORD_LENGTH) throw new CliError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters; nothing changed`);
      const argon2 = await import('argon2');
      const added = await addAdministrator(email, await argon2.hash(password), databaseUrl);
      if (!added) throw new CliError(`an administrator ${email.toLowerCase()} already exists; nothing changed`);
      if (ctx.out.json) return ctx.out.data({ email: email.toLowerCase(), added: true });
      ctx.out.line(`Administrator ${email.toLowerCase()} added: they can log in now.`);
    });
  return admins;
}
