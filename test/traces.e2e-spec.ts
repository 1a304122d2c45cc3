import { campaignWorkflowId } from '@ctg/domain';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { writeFileSync } from 'node:fs';
import { Tracing, startTracing } from '@ctg/observability';
import { adopted, smallCampaign } from './fixtures/campaigns';
import { keepHistory } from './support/recorded-history';
import { TestApp, eventually, startTestApp } from './support/test-app';

const VOTE_ROUTE = 'PUT /campaigns/:id/signatories/:sid/deliberation';

/** The spans of one trace as an indented tree, with each one's duration, for a reader. */
function traceAsText(spans: ReadableSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const children = (parent: string | undefined) =>
    spans.filter((s) => (parent === undefined ? !s.parentSpanId || !ids.has(s.parentSpanId) : s.parentSpanId === parent)).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number) => {
    const ms = span.duration[0] * 1000 + span.duration[1] / 1e6;
    const sql = span.attributes['db.statement'];
    const statement = typeof sql === 'string' ? `  ${sql.replace(/\s+/g, ' ').trim().slice(0, 70)}` : '';
    lines.push(`${'  '.repeat(depth)}${span.name}  ${ms.toFixed(1)} ms${statement}`);
    for (const child of children(span.spanContext().spanId)) walk(child, depth + 1);
  };
  for (const root of children(undefined)) walk(root, 0);
  return lines.join('\n');
}

/**
 * One vote's trace, recorded by an in-memory exporter: the HTTP request, the Temporal update the
 * API sends, its handling in the campaign's workflow, the append activity and its PostgreSQL
 * queries, each the child of the one before in one trace.
 */
describe('traces of a vote', () => {
  let t: TestApp;
  let tracing: Tracing;
  const exporter = new InMemorySpanExporter();
  const auth = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'ctg-test', exporter });
    t = await startTestApp({}, { tracing });
  });
  afterAll(async () => {
    await t?.close();
    await tracing?.shutdown();
  });

  async function openCampaign(): Promise<string> {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(auth()).send(body).expect(201);
    await t.http.post(`/campaigns/${body.id}/conference`).set(auth()).send({ heldOn: '2023-06-13' }).expect(200);
    // The vote's request is then the only one of its route among the spans.
    exporter.reset();
    return body.id as string;
  }

  /** The spans of the vote's trace, once its append has run its queries. */
  async function voteTrace(): Promise<{ http: ReadableSpan; spans: ReadableSpan[] }> {
    return eventually(() => {
      const votes = exporter.getFinishedSpans().filter((s) => s.name === VOTE_ROUTE);
      expect(votes).toHaveLength(1);
      const http = votes[0];
      const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === http!.spanContext().traceId);
      const append = spans.find((s) => s.name === 'RunActivity:appendEvents');
      expect(append).toBeDefined();
      expect(spans.some((s) => s.parentSpanId === append!.spanContext().spanId && s.name.startsWith('pg.query'))).toBe(true);
      return { http: http!, spans };
    });
  }

  it('follows a vote from the HTTP request through the update and the workflow to the append and its queries', async () => {
    const id = await openCampaign();
    await t.http.put(`/campaigns/${id}/signatories/commune-1/deliberation`).set(auth()).send(adopted()).expect(200);

    const { http, spans } = await voteTrace();
    expect(http.attributes['http.response.status_code']).toBe(200);
    const child = (parent: ReadableSpan, name: string) => {
      const found = spans.filter((s) => s.name === name && s.parentSpanId === parent.spanContext().spanId);
      expect(found.map((s) => s.name)).toEqual([name]);
      return found[0];
    };
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.attributes['http.route']).toBe('/campaigns/:id/signatories/:sid/deliberation');
    const update = child(http, 'StartWorkflowUpdate:recordDeliberation');
    expect(update.attributes.temporalWorkflowId).toContain(id);
    const handled = child(update, 'HandleUpdate:recordDeliberation');
    const scheduled = child(handled, 'StartActivity:appendEvents');
    const append = child(scheduled, 'RunActivity:appendEvents');
    const queries = spans.filter((s) => s.parentSpanId === append.spanContext().spanId && s.name.startsWith('pg.query'));
    const statements = queries.map((s) => String(s.attributes['db.statement']));
    expect(statements.some((sql) => /^\s*INSERT INTO campaign_event /.test(sql))).toBe(true);
    // The workflow's span comes out of the worker's sink, with the run's identity.
    expect(handled.attributes.temporalUpdateId).toBeDefined();
    expect(handled.resource.attributes['service.name']).toBe('ctg-test');

    // A run whose updates came with a trace, for the replay tier (headers, the HandleUpdate spans' SDK flag).
    await keepHistory('campaign-traced-vote.json', () => t.temporal.workflow.getHandle(campaignWorkflowId(id)).fetchHistory());

    const text = traceAsText(spans);
    if (process.env.VOTE_TRACE_FILE) writeFileSync(process.env.VOTE_TRACE_FILE, `${text}\n`);
    expect(text.split('\n')[0]).toMatch(/^PUT \/campaigns\/:id\/signatories\/:sid\/deliberation /);
  });

  it("continues a caller's W3C trace context, recording the request whatever the caller's sampling flag says", async () => {
    const id = await openCampaign();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    // Flag 00: the caller did not sample; the API records its request all the same.
    await t.http.put(`/campaigns/${id}/signatories/commune-2/deliberation`).set(auth()).set('traceparent', `00-${traceId}-${callerSpan}-00`).send(adopted()).expect(200);

    const { http, spans } = await voteTrace();
    expect(http.spanContext().traceId).toBe(traceId);
    expect(http.parentSpanId).toBe(callerSpan);
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['StartWorkflowUpdate:recordDeliberation', 'HandleUpdate:recordDeliberation', 'RunActivity:appendEvents']));
  });

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an unknown version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['an oversized header', `00-${'a'.repeat(4000)}-00f067aa0ba902b7-01`],
  ])('ignores a malformed traceparent (%s): the vote is recorded and its trace starts afresh', async (_, traceparent) => {
    const id = await openCampaign();
    await t.http.put(`/campaigns/${id}/signatories/commune-1/deliberation`).set(auth()).set('traceparent', traceparent).send(adopted()).expect(200);
    const { http } = await voteTrace();
    expect(http.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(http.spanContext().traceId).not.toBe('0'.repeat(32));
    expect(http.parentSpanId).toBeUndefined();
  });
});
