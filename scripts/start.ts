import { join, resolve } from 'node:path';
import { DEVELOPMENT_DEFAULTS } from '../apps/api/src/api-settings';
import { runService, stopService } from './dev-stack/child-service';
import { DEMO_PASSWORD, loadDemo } from './dev-stack/demo-campaigns';
import { MailCatcher } from './dev-stack/mail-catcher';
import { ensureDatabase, leaveStopSignalsToCaller, startPostgres } from './dev-stack/postgres';
import { startTemporalDevServer } from './dev-stack/temporal-dev-server';
import { waitFor } from './dev-stack/wait-for';

const root = resolve(__dirname, '..', '..');
const dataDir = resolve(process.env.CTG_DATA_DIR ?? join(root, '.data'));
const port = Number(process.env.PORT ?? 3000);
const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
const temporalUiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 1025);
/** The operator's ports, on loopback: the API's, then the worker's (whose Temporal SDK exporter takes the next). */
const apiMetricsPort = Number(process.env.API_METRICS_PORT ?? 9464);
const workerMetricsPort = Number(process.env.WORKER_METRICS_PORT ?? 9465);

/**
 * `npm start`: the whole product on one machine — PostgreSQL, the Temporal dev server (its state in
 * .data/), a mail sink, the worker and the API — with the demo campaigns loaded.
 */
let stopEverything: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[start] ${line}`);
  log('starting PostgreSQL…');
  const postgres = await startPostgres({ dataDir: join(dataDir, 'postgres'), port: Number(process.env.PG_PORT ?? 5433), log });
  const databaseUrl = await ensureDatabase(postgres.serverUrl, process.env.CTG_DATABASE ?? 'ctg');
  log('starting the Temporal dev server…');
  const temporal = await startTemporalDevServer({
    port: temporalPort,
    uiPort: temporalUiPort,
    dbFile: join(dataDir, 'temporal.sqlite'),
    logFile: join(dataDir, 'temporal.log'),
  });

  let mail: MailCatcher | undefined;
  let smtpUrl = process.env.SMTP_URL;
  if (!smtpUrl) {
    mail = new MailCatcher((m) => {
      console.log(`[mail] ✉ to ${m.to.join(', ')}${m.cc.length ? ` (cc ${m.cc.join(', ')})` : ''}: ${m.subject}`);
      // A personal link is what a person trying the demo wants to open; notifications carry none.
      const personalLink = m.text.split('\n').find((line) => line.includes('token='));
      if (personalLink) console.log(`[mail]   ${personalLink}`);
    });
    smtpUrl = await mail.start(smtpPort);
  }

  const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_URL: smtpUrl,
    PORT: String(port),
    PUBLIC_URL: publicUrl,
  };
  const worker = runService('worker', join(root, 'dist/apps/worker/src/main.js'), { ...env, METRICS_PORT: String(workerMetricsPort) });
  const api = runService('api', join(root, 'dist/apps/api/src/main.js'), { ...env, METRICS_PORT: String(apiMetricsPort) });

  const stopAll = async () => {
    stopEverything = undefined;
    log('stopping…');
    await Promise.all([stopService(api), stopService(worker)]);
    await mail?.stop();
    await temporal.stop();
    await postgres.stop();
  };
  stopEverything = stopAll;
  // From here Ctrl-C stops the services, then Temporal, then PostgreSQL; until here the embedded
  // server's own hook stops PostgreSQL, which is all there is to stop.
  leaveStopSignalsToCaller();
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  for (const [name, child] of [['api', api], ['worker', worker]] as const) {
    child.once('exit', (code) => {
      if (!stopEverything) return;
      console.error(`[start] the ${name} stopped (exit code ${code}); stopping everything`);
      void stopEverything().then(() => process.exit(1));
    });
  }

  await waitFor('the API', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    if (response.status !== 200) throw new Error(`health ${response.status}`);
  }, 120_000);
  const admin = { email: process.env.ADMIN_EMAIL ?? DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD ?? DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD };
  const { campaigns, accounts } = await loadDemo(`http://127.0.0.1:${port}`, admin);
  const people = accounts.map((a) => `${a.email} / ${DEMO_PASSWORD}  (${a.role === 'manager' ? 'responsable' : 'observateur'}, ${a.organisation})`);

  const temporalUi = `${temporal.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(`CampaignId="${campaigns[0]}"`)}`;
  console.log(`
  CTG — délibérations et signature is running.

  Web interface      ${publicUrl}/
  API (OpenAPI)      ${publicUrl}/docs
  Health             ${publicUrl}/health  (each part's last error: ${publicUrl}/etat, or http://127.0.0.1:${apiMetricsPort}/health)
  Metrics            http://127.0.0.1:${apiMetricsPort}/metrics (API), http://127.0.0.1:${workerMetricsPort}/metrics (worker)
  Temporal Web UI    ${temporalUi}
  Administrator      ${admin.email} / ${process.env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : admin.password}  (operator, and manager of the CAF)
  Demo people        ${people.join('\n                     ')}
  E-mails            ${mail ? `caught by the local SMTP sink on port ${smtpPort} and printed here as [mail]` : `sent through ${smtpUrl}`}
  Demo campaigns     ${campaigns.join(', ')}
  Data               ${dataDir}

  Ctrl-C stops everything; the campaigns are kept for the next start.
`);
}

main().catch(async (error) => {
  console.error(`[start] ${error instanceof Error ? error.stack : String(error)}`);
  await stopEverything?.();
  process.exit(1);
});
