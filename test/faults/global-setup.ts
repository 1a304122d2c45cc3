import { findOrBuildTemporalCli } from '../../scripts/dev-stack/temporal-cli';
import { findOrBuildTemporalServer } from '../../scripts/dev-stack/temporal-server';

/**
 * The Go-built binaries the fault stacks start, built (once, into the cache) before any spec: on a
 * fresh machine the builds take minutes, which a spec's start-up timeout would count, and four specs
 * starting at once would each build them.
 */
export default function globalSetup(): void {
  findOrBuildTemporalCli();
  findOrBuildTemporalServer(console.log);
}
