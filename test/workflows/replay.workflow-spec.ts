import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { installQuietRuntime } from '../support/quiet-runtime';

const HISTORIES = join(__dirname, '..', 'histories');

/**
 * Histories recorded from real runs (`npm run record-histories`) replayed against today's workflow
 * code: a change that is not deterministic (a command added, removed or reordered without
 * `patched`) fails here before it can break a running campaign.
 */
describe('workflow replay', () => {
  beforeAll(installQuietRuntime);
  // Large histories are kept gzipped.
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json') || f.endsWith('.json.gz'));

  it('has recorded histories of the campaign and deliberation workflows', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'campaign-terres-du-lauragais.json',
        'deliberation-adjourned-then-adopted.json',
        // Patch legal-follow-up-v1: a run signed before it closed at once; one after it waits for the follow-up.
        'campaign-signed-before-legal-follow-up.json',
        'campaign-legal-follow-up-after-signature.json',
        // Personal links e-mailed through the campaign: the update, its event and the background activity.
        'campaign-personal-links-sent.json',
        // Patch legal-follow-up-acknowledged: a run before it closed without the acknowledgment; one after it waits for it.
        'campaign-signed-without-acknowledgment.json',
        'campaign-legal-follow-up-acknowledged.json',
        // Patch append-in-workflow-task: events appended by a local activity, every child told of every change.
        'campaign-append-in-workflow-task.json',
        // 2,000 signatories: children started in batches, a run that continues as new carrying its state.
        'campaign-2000-continued-as-new.json.gz',
        // Patch campaign-loop-2: children that ask the campaign before reminding, 62 and 2,000 signatories.
        'campaign-loop-2.json',
        'campaign-2000-loop-2.json.gz',
        'deliberation-loop-2.json',
        // Patch append-durable-events: events appended by an activity once Temporal has the task that decided them.
        'campaign-append-durable-events.json',
        // Patch append-while-continuing: a run due to continue as new appends while a link e-mail keeps failing.
        'campaign-append-while-continuing.json',
      ]),
    );
  });

  it.each(files)('replays %s without non-determinism', async (file) => {
    const raw = readFileSync(join(HISTORIES, file));
    const history = historyFromJSON(JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.WORKFLOW_TIER_BUNDLE as string } },
      history,
      file.replace(/\.json(\.gz)?$/, ''),
    );
  });
});
