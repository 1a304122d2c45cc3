import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error';
import { adminsCommand } from './commands/admins.command';
import { campaignsCommand } from './commands/campaigns.command';
import { conferenceCommand } from './commands/conference.command';
import { eventsCommand } from './commands/events.command';
import { lateCommand } from './commands/late.command';
import { territoriesCommand } from './commands/territories.command';

export function buildProgram(): Command {
  return new Command('ctg')
    .description('Command line of the CTG deliberation engine, for administrators and operators: it talks to the API.')
    .addOption(new Option('--api <url>', 'URL of the API').env('CTG_API_URL').default('http://127.0.0.1:3000'))
    .addOption(new Option('--email <email>', "administrator's e-mail").env('CTG_ADMIN_EMAIL'))
    .addOption(new Option('--password <password>', "administrator's password (prefer CTG_ADMIN_PASSWORD)").env('CTG_ADMIN_PASSWORD'))
    .option('--json', 'print JSON instead of tables')
    .option('--no-progress', 'no progress bar')
    .addCommand(campaignsCommand())
    .addCommand(conferenceCommand())
    .addCommand(lateCommand())
    .addCommand(eventsCommand())
    .addCommand(territoriesCommand())
    .addCommand(adminsCommand())
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  export CTG_ADMIN_EMAIL=admin@ctg.example.org CTG_ADMIN_PASSWORD=admin-ctg-local
  npm run -s cli -- territories preview 243000643 --caf --csv > nimes.csv     # fill in the email column
  npm run -s cli -- campaigns create --csv nimes.csv --deadline 2026-12-18
  npm run -s cli -- campaigns create --epci 200071298 --deadline 2026-12-18 --caf-email ctg@caf31.example.org --emails-csv emails.csv
  npm run -s cli -- conference ctg-terres-du-lauragais-2023 --held-on 2023-06-13
  npm run -s cli -- campaigns list
  npm run -s cli -- events export ctg-terres-du-lauragais-2023 --csv > trail.csv
  printf %s "$PASSWORD" | DATABASE_URL=postgres://… npm run -s cli -- admins add someone@example.org --password-stdin
  npm run -s cli -- admins disable someone@example.org`,
    );
}

function exitOverride(command: Command): void {
  command.exitOverride();
  command.commands.forEach(exitOverride);
}

/** Runs one command line; resolves with the exit code: 0, 1 for a failure, 2 for a usage error. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  exitOverride(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const json = argv.includes('--json');
    if (error instanceof CliError) {
      if (json) process.stderr.write(`${JSON.stringify({ error: { message: error.message, details: error.details, response: error.body } })}\n`);
      else process.stderr.write(`error: ${error.message}\n${error.details.map((d) => `  ${d}\n`).join('')}`);
      return 1;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.CTG_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
