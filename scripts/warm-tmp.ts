import { findOrBuildTemporalCli } from './dev-stack/temporal-cli';
import { ensureVersitygw } from './dev-stack/versitygw';
(async () => { console.log(await findOrBuildTemporalCli()); console.log(await ensureVersitygw()); })().catch((e) => { console.error(e); process.exit(1); });
