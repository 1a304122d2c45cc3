import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultRow } from './record-audit';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function faultTable(rows: FaultRow[]): string {
  const lines = [
    '| fault | votes acknowledged | votes found | duplicates | reminders expected / sent | reminders repeated | answers other than 2xx/503 | outage | recovery | hash chain |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.votesAcknowledged} | ${r.votesFound} | ${r.duplicates} | ${r.remindersExpected} / ${r.remindersSent} | ` +
        `${r.remindersRepeated} | ${r.unexpectedAnswers} | ${seconds(r.outageMs)} | ${seconds(r.recoveryMs)} | ${r.chain} |`,
    ),
  ];
  return lines.join('\n');
}

/**
 * Prints a part of the fault report and appends it to the run's report file
 * (`FAULTS_REPORT`, or one in the system's temp folder), which `npm run test:faults` names at the end.
 */
export function report(title: string, markdown: string): void {
  const file = process.env.FAULTS_REPORT ?? join(tmpdir(), 'ctg-faults-report.md');
  mkdirSync(join(file, '..'), { recursive: true });
  const text = `\n### ${title}\n\n${markdown}\n`;
  appendFileSync(file, text);
  process.stdout.write(`${text}\n(report: ${file})\n`);
}
