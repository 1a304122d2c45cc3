import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { stopService } from './child-service';
import { ensureDatabase } from './postgres';
import { freePort, freePortBetween } from './ports';
import { findOrBuildTemporalCli, goBinaryCache, goInstall } from './temporal-cli';
import { RunningTemporal } from './temporal-dev-server';
import { waitFor } from './wait-for';

/** The server of the compose file's `temporalio/server` image, and of the dev server in the CLI. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const DOCKER_TEMPORAL = resolve(__dirname, '../../docker/temporal');

/** One of the compose file's Temporal scripts, run here; its output is shown only if it fails. */
function runScript(script: string, env: NodeJS.ProcessEnv): void {
  try {
    execFileSync('sh', [join(DOCKER_TEMPORAL, script)], { env, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`docker/temporal/${script} failed:\n${String(e.stdout ?? '')}${String(e.stderr ?? '')}`.slice(-4000), { cause: error });
  }
}

interface ServerBinaries {
  server: string;
  /** A folder with `temporal-sql-tool`, the name the compose file's schema script calls. */
  toolsDir: string;
  schemaDir: string;
}

/** The Temporal server and its SQL schema tool, built once with Go into the cache; the schema comes with the module. */
export function findOrBuildTemporalServer(log: (line: string) => void): ServerBinaries {
  const binDir = goBinaryCache(`server-${TEMPORAL_SERVER_VERSION}`);
  const server = join(binDir, 'server');
  if (!existsSync(server) || !existsSync(join(binDir, 'sql'))) {
    goInstall(
      [`go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`, `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`],
      binDir,
      `the Temporal server ${TEMPORAL_SERVER_VERSION}`,
      log,
    );
  }
  const toolsDir = join(binDir, 'tools');
  if (!existsSync(join(toolsDir, 'temporal-sql-tool'))) {
    mkdirSync(toolsDir, { recursive: true });
    symlinkSync(join(binDir, 'sql'), join(toolsDir, 'temporal-sql-tool'));
  }
  const modules = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const schemaDir = join(modules, `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}/schema/postgresql/v12`);
  if (!existsSync(schemaDir)) throw new Error(`the Temporal schema is not in ${schemaDir}`);
  return { server, toolsDir, schemaDir };
}

export interface TemporalServerOptions {
  /** The PostgreSQL server (its maintenance database URL) that will hold Temporal's two databases. */
  postgresUrl: string;
  /** Names the databases (`temporal_<name>`, `temporal_visibility_<name>`) and the files. */
  name: string;
  runDir: string;
  /** Dynamic config beyond docker/temporal/dynamicconfig.yaml. */
  dynamicConfig?: Record<string, string | number>;
  log?: (line: string) => void;
}

/**
 * The production shape of Temporal on one machine: the real server (all four services in one
 * process) on PostgreSQL with SQL visibility, as the compose file deploys it. Its schema and its
 * namespace are made by the compose file's own scripts (docker/temporal/*.sh), and it reads the
 * compose file's dynamic config, so running it here checks them.
 */
export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporal> {
  const log = options.log ?? console.log;
  const binaries = findOrBuildTemporalServer(log);
  const postgres = new URL(options.postgresUrl);
  // The compose file's scripts require a password; a server with trust authentication ignores it.
  const password = decodeURIComponent(postgres.password) || 'unused-with-trust-authentication';
  const databases = { main: `temporal_${options.name}`, visibility: `temporal_visibility_${options.name}` };
  for (const database of Object.values(databases)) await ensureDatabase(options.postgresUrl, database, true);

  const env = { ...process.env, PATH: `${binaries.toolsDir}:${dirname(findOrBuildTemporalCli(log))}:${process.env.PATH}` };
  runScript('setup-schema.sh', {
      ...env,
      POSTGRES_SEEDS: postgres.hostname,
      DB_PORT: postgres.port || '5432',
      POSTGRES_USER: decodeURIComponent(postgres.username),
      POSTGRES_PWD: password,
      DBNAME: databases.main,
      VISIBILITY_DBNAME: databases.visibility,
      SCHEMA_DIR: binaries.schemaDir,
  });

  mkdirSync(join(options.runDir, `${options.name}-config`), { recursive: true });
  const dynamicConfigFile = join(options.runDir, `${options.name}-dynamicconfig.yaml`);
  const extra = Object.entries(options.dynamicConfig ?? {}).map(([key, value]) => `${key}:\n  - value: ${value}\n`);
  writeFileSync(dynamicConfigFile, readFileSync(join(DOCKER_TEMPORAL, 'dynamicconfig.yaml'), 'utf8') + extra.join(''));
  const [frontend, frontendHttp, history, matching, worker, metrics] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  // Temporal keeps membership ports in a PostgreSQL smallint: ephemeral ports (above 32767) do not fit.
  const membership = new Set<number>();
  while (membership.size < 4) membership.add(await freePortBetween(20_000, 32_000));
  const [frontendMembership, historyMembership, matchingMembership, workerMembership] = [...membership];
  const datastore = (database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "${postgres.hostname}:${postgres.port || 5432}"
        connectProtocol: tcp
        user: "${decodeURIComponent(postgres.username)}"
        password: "${password}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const service = (grpcPort: number, membershipPort: number, more = '') => `
    rpc:
      grpcPort: ${grpcPort}
      membershipPort: ${membershipPort}
      bindOnLocalHost: true${more}`;
  // The compose file's image renders the same settings from its template (4 shards, 20 and 10 connections).
  writeFileSync(
    join(options.runDir, `${options.name}-config`, 'development.yaml'),
    `log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:${datastore(databases.main, 20)}
    visibility:${datastore(databases.visibility, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: "127.0.0.1:${metrics}"
services:
  frontend:${service(frontend, frontendMembership, `\n      httpPort: ${frontendHttp}`)}
  history:${service(history, historyMembership)}
  matching:${service(matching, matchingMembership)}
  worker:${service(worker, workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${frontend}"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: 10s
`,
  );

  const child = spawn(
    binaries.server,
    ['--root', options.runDir, '--config', `${options.name}-config`, '--env', 'development', '--allow-no-auth', 'start'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const serverLog = createWriteStream(join(options.runDir, `${options.name}.temporal.log`), { flags: 'a' });
  child.stdout?.pipe(serverLog);
  child.stderr?.pipe(serverLog);
  let exited = false;
  child.on('exit', () => (exited = true));
  const address = `127.0.0.1:${frontend}`;
  await waitFor('the Temporal server', async () => {
    if (exited) throw new Error(`the Temporal server exited early (exit code ${child.exitCode}); see ${options.name}.temporal.log`);
    const connection = await Connection.connect({ address, connectTimeout: '1 second' });
    await connection.close();
  }, 120_000, 500);
  runScript('setup-namespace.sh', { ...env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_NAMESPACE_RETENTION: '24h' });

  return {
    address,
    metricsUrl: `http://127.0.0.1:${metrics}/metrics`,
    process: child,
    stop: () => stopService(child, 15_000),
  };
}
