import { keepHistory } from './support/recorded-history';
import { performance } from 'node:perf_hooks';
import { MAX_SIGNATORIES, campaignWorkflowId } from '@ctg/domain';
import { checkConsistency, rebuildProjections, verifyRecord } from '@ctg/persistence';
import { liveState } from '../scripts/record/record-commands';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { TestApp, eventually, startTestApp } from './support/test-app';

/** Temporal's warning threshold for one run's history: a campaign must stay well under it. */
const HISTORY_WARNING = 10_240;

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/**
 * The largest campaign the API takes, 2,000 signatories, from launch to awaiting_signature through
 * HTTP: its workflow continues as new instead of outgrowing Temporal's history limits, and its
 * record, 2,000 votes long, verifies, rebuilds and agrees with the workflow.
 */
describe(`a campaign of ${MAX_SIGNATORIES} signatories`, () => {
  let t: TestApp;
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('continues as new, keeps every run under the history limits, and keeps a record that verifies and rebuilds', async () => {
    const body = smallCampaign(MAX_SIGNATORIES);
    const id = body.id as string;
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);

    const refused: { signatory: string; status: number; body: unknown }[] = [];
    await inPool(body.signatories, 32, async (s) => {
      const answer = await t.http.put(`/campaigns/${id}/signatories/${s.id}/deliberation`).set(auth()).send(adopted());
      if (answer.status !== 200) refused.push({ signatory: s.id, status: answer.status, body: answer.body });
    });
    expect(refused).toEqual([]);
    await eventually(async () => {
      const campaign = (await t.http.get(`/campaigns/${id}`).set(auth()).expect(200)).body;
      expect(campaign).toMatchObject({ phase: 'awaiting_signature', counts: { adopted: MAX_SIGNATORIES } });
    }, 120_000, 500);

    const runs = [];
    for await (const run of t.temporal.workflow.list({ query: `WorkflowId = "${campaignWorkflowId(id)}"` })) runs.push(run);
    expect(runs.length).toBeGreaterThan(1);
    const lengths = [];
    for (const run of runs) {
      const history = await t.temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      lengths.push(history.events?.length ?? 0);
    }
    expect(Math.max(...lengths)).toBeLessThan(HISTORY_WARNING);
    // The first run: it takes votes and continues as new, handing its state over.
    const first = runs.reduce((a, b) => (a.startTime < b.startTime ? a : b));
    await keepHistory('campaign-2000-continued-as-new.json.gz', () => t.temporal.workflow.getHandle(first.workflowId, first.runId).fetchHistory());
    const [{ n: recorded }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM campaign_event WHERE campaign_id = $1 AND type = 'DeliberationRecorded'`,
      [id],
    );
    expect(recorded).toBe(MAX_SIGNATORIES);

    let started = performance.now();
    const verification = await verifyRecord(t.dataSource, id);
    const verifyMs = performance.now() - started;
    expect(verification).toMatchObject({ valid: true });
    const before = await t.dataSource.query(`SELECT * FROM signatory_view WHERE campaign_id = $1 ORDER BY signatory_id`, [id]);
    started = performance.now();
    await rebuildProjections(t.dataSource, id);
    const rebuildMs = performance.now() - started;
    expect(await t.dataSource.query(`SELECT * FROM signatory_view WHERE campaign_id = $1 ORDER BY signatory_id`, [id])).toEqual(before);
    const consistency = await checkConsistency(t.dataSource, id, await liveState(t.temporal, id, 30_000));
    expect(consistency.disagreements).toEqual([]);
    console.log(
      `${MAX_SIGNATORIES} signatories: ${runs.length} workflow runs of ${lengths.join(', ')} history events; ` +
        `record of ${verification.events} events verified in ${Math.round(verifyMs)} ms, rebuilt in ${Math.round(rebuildMs)} ms`,
    );
  }, 600_000);
});
