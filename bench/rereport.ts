import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BenchResults, chartSvg, evaluateTargets, logSignals, markdownSummary } from './lib/report';

/**
 * Judges a results file again with the report's current rules: its targets, its summary and its
 * chart are written again beside it (the measures are not touched). The log counts are read again
 * when the run's folder (bench/results/tmp/<stamp>) is still there.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register -P tsconfig.json bench/rereport.ts bench/results/<stamp>.json
 */
const file = resolve(process.argv[2] ?? '');
if (!file.endsWith('.json') || !existsSync(file)) throw new Error('usage: bench/rereport.ts bench/results/<stamp>.json');
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
const stamp = basename(file, '.json');
const runDir = join(dirname(file), 'tmp', stamp);
if (existsSync(runDir)) for (const name of Object.keys(results.logSignals)) results.logSignals[name] = logSignals(runDir, name);
const { targets, ratios } = evaluateTargets(results, Number(results.options.baselineCampaigns));
Object.assign(results, { targets, ratios });
writeFileSync(file, JSON.stringify(results, null, 2));
writeFileSync(join(dirname(file), `${stamp}.svg`), chartSvg(results));
const summary = markdownSummary(results, `${stamp}.svg`);
writeFileSync(join(dirname(file), `${stamp}.md`), summary);
console.log(summary);
