import { Command } from 'commander';
import { isEmail } from '@ctg/domain';
import { CliError } from '../cli-error';
import { Context, contextOf } from '../context';
import { promptHidden, readStdin } from '../password-prompt';

/** As for ADMIN_PASSWORD (apps/api/src/api-settings.ts). */
const MIN_PASSWORD_LENGTH = 12;

async function passwordFrom(o: { passwordStdin?: boolean }, label = 'Password'): Promise<string> {
  const password = o.passwordStdin ? await readStdin() : await promptHidden(`${label}: `);
  if (!o.passwordStdin && (await promptHidden(`${label} again: `)) !== password) throw new CliError('the two passwords differ; nothing changed');
  if (password.length < MIN_PASSWORD_LENGTH) throw new CliError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters; nothing changed`);
  return password;
}

interface Account {
  email: string;
  createdAt: string;
  disabledAt: string | null;
}

/** The API's path of one account: the e-mail as one path segment. */
const accountPath = (email: string, action = '') => `/administrators/${encodeURIComponent(email)}${action}`;

async function list(ctx: Context): Promise<void> {
  const { administrators } = await ctx.api().get<{ administrators: Account[] }>('/administrators');
  if (ctx.out.json) return ctx.out.data(administrators);
  ctx.out.table(
    ['email', 'status', 'created'],
    administrators.map((a) => [a.email, a.disabledAt ? `disabled since ${a.disabledAt.slice(0, 10)}` : 'active', a.createdAt.slice(0, 10)]),
  );
}

/** disable, enable and remove: through the API, which refuses to leave no active administrator. */
function accountChange(name: string, past: string, description: string, run: (ctx: Context, email: string) => Promise<string>): Command {
  return new Command(name)
    .description(description)
    .argument('<email>', "the administrator's e-mail address")
    .action(async (email: string, _: unknown, command: Command) => {
      const ctx = contextOf(command);
      const done = await run(ctx, email.toLowerCase());
      if (ctx.out.json) return ctx.out.data({ email: email.toLowerCase(), [past]: true });
      ctx.out.line(done);
    });
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
  const { createDataSource, AdministratorRepository } = await import('@ctg/persistence');
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
  const admins = new Command('admins').description('administrator accounts: `add` writes to PostgreSQL (DATABASE_URL), the others go through the API');
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
      const argon2 = await import('argon2');
      const added = await addAdministrator(email, await argon2.hash(password), databaseUrl);
      if (!added) throw new CliError(`an administrator ${email.toLowerCase()} already exists; nothing changed`);
      if (ctx.out.json) return ctx.out.data({ email: email.toLowerCase(), added: true });
      ctx.out.line(`Administrator ${email.toLowerCase()} added: they can log in now.`);
    });
  admins
    .command('list')
    .description('the administrator accounts, active or disabled (through the API)')
    .action((_: unknown, command: Command) => list(contextOf(command)));
  admins
    .command('passwd')
    .description("change the password of the administrator logged in (CTG_ADMIN_EMAIL): the new one is asked for, or read from standard input; every token issued before stops working")
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (o: { passwordStdin?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const api = ctx.api();
      const newPassword = await passwordFrom(o, 'New password');
      await api.put('/administrators/me/password', { currentPassword: ctx.options.password ?? process.env.CTG_ADMIN_PASSWORD, newPassword });
      if (ctx.out.json) return ctx.out.data({ changed: true });
      ctx.out.line('Password changed: log in with the new one (set CTG_ADMIN_PASSWORD); earlier sessions are closed.');
    });
  admins.addCommand(
    accountChange('disable', 'disabled', 'disable an administrator: no login, their tokens refused at once (through the API)', async (ctx, email) => {
      await ctx.api().post(accountPath(email, '/disable'), {});
      return `Administrator ${email} disabled: they can no longer log in, and their sessions are closed.`;
    }),
  );
  admins.addCommand(
    accountChange('enable', 'enabled', 'enable a disabled administrator again (through the API)', async (ctx, email) => {
      await ctx.api().post(accountPath(email, '/enable'), {});
      return `Administrator ${email} enabled: they can log in again.`;
    }),
  );
  admins.addCommand(
    accountChange('remove', 'removed', 'remove an administrator, their tokens refused at once (through the API)', async (ctx, email) => {
      await ctx.api().delete(accountPath(email));
      return `Administrator ${email} removed.`;
    }),
  );
  return admins;
}
