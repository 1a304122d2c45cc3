import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { temporalWorkerTracing } from '@ctg/observability';
import { installQuietRuntime } from '../support/quiet-runtime';
import { HISTORIES_DIR as HISTORIES } from '../support/recorded-history';


/**
 * Histories recorded from real runs of v1 (`npm run record-histories`) replayed against today's
 * workflow code: a change that is not deterministic (a command added, removed or reordered without
 * `patched`) fails here before it can break a running campaign. Recorded histories are never
 * re-recorded once released: a new one is added beside them (docs/workflow-versioning.md).
 */
describe('workflow replay', () => {
  beforeAll(installQuietRuntime);
  // Large histories are kept gzipped.
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json') || f.endsWith('.json.gz'));

  it('has recorded histories of every path a campaign run takes', () => {
    expect(files.sort()).toEqual([
      // 2,000 signatories: a run that takes votes and continues as new, handing its state over.
      'campaign-2000-continued-as-new.json.gz',
      // Documents: the convention in two versions, a read receipt, an act, votes on either version.
      'campaign-documents.json',
      // A run due to continue as new that appends while a link e-mail keeps failing, then hands over.
      'campaign-handed-over-while-a-link-mail-fails.json',
      // The contrôle de légalité recorded before and after the signature, the run waiting for it.
      'campaign-legal-follow-up-acknowledged.json',
      'campaign-legal-follow-up-after-signature.json',
      // Personal links e-mailed through the campaign: the update, its event and the background activity.
      'campaign-personal-links-sent.json',
      // Reminders on the run's one timer: the policy in order, escalated; one refused for good,
      // before (no event) and after (ReminderRefused, patch record-refused-reminders) it was recorded.
      'campaign-reminder-refused-recorded.json',
      'campaign-reminder-refused.json',
      'campaign-reminders.json',
      // The signature: a ceremony with the convention as signed; the convention sent round, a
      // signature reminder on the run's timer, a code and a body's signature by its link.
      'campaign-signature-ceremony.json',
      'campaign-signature-circulated.json',
      // The 62 bodies of the Terres du Lauragais, from the conference to the signature.
      'campaign-terres-du-lauragais.json',
      // Tracing on: updates that came with a trace header, their spans, the append's headers.
      'campaign-traced-vote.json',
    ]);
  });

  const recorded = (file: string) => {
    const raw = readFileSync(join(HISTORIES, file));
    return historyFromJSON(JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')));
  };

  it.each(files)('replays %s without non-determinism', async (file) => {
    await Worker.runReplayHistory(
      // The workers' sink for the workflows' spans (Temporal calls none during replay).
      { workflowBundle: { codePath: process.env.WORKFLOW_TIER_BUNDLE as string }, sinks: temporalWorkerTracing(undefined).sinks },
      recorded(file),
      file.replace(/\.json(\.gz)?$/, ''),
    );
  });

  it('replays a traced run without the tracing interceptors too: tracing changes no command', async () => {
    const history = recorded('campaign-traced-vote.json');
    // The run's updates did come with a trace.
    const headers = (history.events ?? []).flatMap((e) => Object.keys(e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.header?.fields ?? {}));
    expect(headers).toContain('_tracer-data');
    await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.WORKFLOW_TIER_BUNDLE_UNTRACED as string } }, history, 'campaign-traced-vote-untraced');
  });
});
