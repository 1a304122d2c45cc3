import { ApiClient } from './api-client';
import { CliError } from './cli-error';
import { Output } from './output';

/** The global options, shared by every command. */
export interface GlobalOptions {
  api: string;
  email?: string;
  password?: string;
  json?: boolean;
  progress: boolean;
}

export interface Context {
  options: GlobalOptions;
  out: Output;
  api(): ApiClient;
}

export function createContext(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  const out = new Output(Boolean(options.json), options.progress);
  let client: ApiClient | undefined;
  return {
    options,
    out,
    api: () => {
      if (client) return client;
      const email = options.email ?? env.CTG_ADMIN_EMAIL;
      const password = options.password ?? env.CTG_ADMIN_PASSWORD;
      if (!email || !password) {
        throw new CliError('no administrator credentials: set CTG_ADMIN_EMAIL and CTG_ADMIN_PASSWORD (or --email and --password)');
      }
      client = new ApiClient(options.api, { email, password });
      return client;
    },
  };
}

/** The context of a command's action, from the options it and the program were given. */
export function contextOf(command: { optsWithGlobals(): Record<string, unknown> }): Context {
  return createContext(command.optsWithGlobals() as unknown as GlobalOptions);
}
