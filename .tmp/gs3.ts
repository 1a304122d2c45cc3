import { ensureVersitygw, startVersitygw } from '../scripts/dev-stack/versitygw';
import { startTemporalDevServer } from '../scripts/dev-stack/temporal-dev-server';
import { startPostgres } from '../scripts/dev-stack/postgres';
import { freePort } from '../scripts/dev-stack/ports';
(async () => {
  console.log(ensureVersitygw());
  const p = await freePort();
  try { const s3 = await startVersitygw({ port: p, dataDir: '/tmp/vgw-x', accessKey: 'a', secretKey: 'b'.repeat(20), bucket: 'bk' }); console.log('s3 ok', s3.url.replace(/:[^:@]*@/, ':***@')); await s3.stop(); } catch (e) { console.log('s3 failed', e); }
  try { const t = await startTemporalDevServer({ port: await freePort(), dbFile: '/tmp/t-x.sqlite', logFile: '/tmp/t-x.log' }); console.log('temporal ok'); await t.stop(); } catch (e) { console.log('temporal failed', e); }
  try { const pg = await startPostgres({ dataDir: '/tmp/ctg-test-postgres', port: await freePort() }); console.log('pg ok'); await pg.stop(); } catch (e) { console.log('pg failed', e); }
  process.exit(0);
})();
