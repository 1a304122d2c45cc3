import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkPdf, documentStoreFromUrl } from '@ctg/documents';
import { openDatabase } from '@ctg/persistence';
import { CpuMeter, Percentiles, RssSampler, http, percentiles, round1, round3, rssBytes, runPool, sleep, until } from './measure';
import { writePaddedPdf } from './padded-pdf';
import { ErrorTally, Settings, benchCampaign, noteError, tally, waitForQuietTaskQueue } from './scenarios';
import { Stack } from './stack';

const MIB = 1024 ** 2;
/** How often the API's RSS is read while the files pass through. */
export const RSS_SAMPLE_MS = 50;
/** How long the API's RSS is read before the uploads; the idle RSS is the median of that window. */
const IDLE_WINDOW_MS = 2000;
/** One upload may take this long before it counts as refused (no answer). */
const UPLOAD_TIMEOUT_MS = 600_000;

export interface DocumentsPhase {
  files: number;
  bytes: number;
  wallMs: number;
  mibPerSecond: number;
  /** Each file, from its first byte sent (or `putFile` called) to its answer. */
  latencyMs: Percentiles;
  /** CPU seconds over the phase: the API (or the bench process, which runs the raw insert) and the database's backends. */
  cpuSeconds: Record<string, number>;
}

export interface DocumentsResult {
  uploads: number;
  fileBytes: number;
  /** The store the API writes into and the raw insert uses: `postgres` unless DOCUMENT_STORE_URL names an S3 store. */
  store?: 'postgres' | 's3';
  ok: boolean;
  error?: string;
  campaignId?: string;
  rssSampleMs: number;
  /** The API's RSS once the campaign is launched and the task queue drained: the median over 2 s. */
  apiIdleRssBytes?: number;
  /** The API's highest RSS from the first upload sent to the last answered. */
  apiPeakRssBytes?: number;
  /** Peak minus idle: what the files passing through cost the API in memory. */
  apiRssGrowthBytes?: number;
  /** A second after the last answer. */
  apiRssAfterBytes?: number;
  /** The API's RSS during the uploads, one point in four (every 200 ms), ms since the sampling began. */
  apiRssSeries?: { t: number; api: number }[];
  /** The same number of other files uploaded again once the first pass is over: tells a cost paid once from one held per pass. */
  secondPass?: { startRssBytes: number; peakRssBytes: number; growthOverIdleBytes: number; mibPerSecond: number };
  /** Uploads answered anything but 201, by status ("0": no answer); must be 0. */
  refused: number;
  refusals: ErrorTally;
  /** POST /campaigns/:id/documents, multipart, kind=annex, every file at once. */
  api?: DocumentsPhase;
  /** The same number of files of the same size (other bytes) straight into the same store with `putFile`, all at once. */
  raw?: DocumentsPhase;
  /** API MiB/s ÷ raw MiB/s. */
  throughputRatio?: number;
}

interface BenchFile {
  path: string;
  sha256: string;
  size: number;
}

/**
 * The documents part: one campaign launched through the API, then `uploads` different PDFs of
 * `fileBytes` each uploaded through the API at once as annexes, the API's RSS read every 50 ms;
 * a second pass of as many other files; then as many other files again written at once straight
 * into the same store. The targets are judged on the first pass, against the API's idle RSS.
 */
export async function documentsBench(stack: Stack, uploads: number, fileBytes: number, settings: Settings): Promise<DocumentsResult> {
  const { log } = settings;
  const result: DocumentsResult = { uploads, fileBytes, ok: false, rssSampleMs: RSS_SAMPLE_MS, refused: 0, refusals: tally() };
  const dir = mkdtempSync(join(tmpdir(), 'ctg-bench-docs-'));
  try {
    const apiPid = stack.api?.pid;
    if (!apiPid || !stack.apiUrl) throw new Error('the documents part needs the API');
    // Every file made before anything is measured: the API's and the raw insert's never share bytes.
    const apiFiles = await makeFiles(dir, 'api', uploads, fileBytes);
    const secondFiles = await makeFiles(dir, 'api-second', uploads, fileBytes);
    const rawFiles = await makeFiles(dir, 'raw', uploads, fileBytes);
    const check = await checkPdf(apiFiles[0].path);
    if (!check.ok) throw new Error(`the bench's PDF is refused by checkPdf: ${check.message}`);
    log(`documents: ${uploads * 3} PDFs of ${round1(fileBytes / MIB)} MiB made in ${dir}`);

    const request = benchCampaign('bench-docs-1');
    const id = request.id as string;
    result.campaignId = id;
    const launched = await http(stack.apiUrl, 'POST', '/campaigns', stack.adminToken, request);
    if (launched.status !== 201 && launched.status !== 200) throw new Error(`launch: ${launched.status} ${launched.error ?? JSON.stringify(launched.body)}`);
    await until('the campaign in the read model', async () => (await http(stack.apiUrl!, 'GET', `/campaigns/${id}`, stack.adminToken)).status === 200, settings.settleTimeoutMs, 100);
    await waitForQuietTaskQueue(stack, settings);

    result.apiIdleRssBytes = await idleRss(apiPid);
    const first = await uploadPass(stack, id, apiFiles, 1, result.refusals);
    result.refused = result.refusals.count;
    result.api = first.phase;
    result.apiPeakRssBytes = first.peakRssBytes;
    result.apiRssGrowthBytes = first.peakRssBytes - result.apiIdleRssBytes;
    result.apiRssSeries = first.series;
    await sleep(1000);
    result.apiRssAfterBytes = rssBytes(apiPid);
    log(
      `documents: ${uploads} × ${round1(fileBytes / MIB)} MiB through the API in ${Math.round(first.phase.wallMs)} ms (${first.phase.mibPerSecond} MiB/s), ` +
        `RSS idle ${mib(result.apiIdleRssBytes)} → peak ${mib(result.apiPeakRssBytes)} (+${mib(result.apiRssGrowthBytes)}), ${result.refused} refused`,
    );
    if (result.refused) throw new Error(`${result.refused} upload(s) refused, e.g. ${result.refusals.samples[0]}`);
    await expectAnnexesListed(stack, id, apiFiles);

    // The same again with other files: a peak that climbs again is held per pass, one that does not was paid once.
    const second = await uploadPass(stack, id, secondFiles, uploads + 1, result.refusals);
    result.refused = result.refusals.count;
    result.secondPass = {
      startRssBytes: result.apiRssAfterBytes,
      peakRssBytes: second.peakRssBytes,
      growthOverIdleBytes: second.peakRssBytes - result.apiIdleRssBytes,
      mibPerSecond: second.phase.mibPerSecond,
    };
    log(`documents: a second pass of ${uploads} other files, ${second.phase.mibPerSecond} MiB/s, RSS peak ${mib(second.peakRssBytes)}, ${result.refused} refused in all`);
    if (result.refused) throw new Error(`${result.refused} upload(s) refused, e.g. ${result.refusals.samples[0]}`);
    await expectAnnexesListed(stack, id, [...apiFiles, ...secondFiles]);

    result.raw = await rawInsert(stack, rawFiles, (store) => (result.store = store));
    result.throughputRatio = round3(result.api.bytes / result.api.wallMs / (result.raw.bytes / result.raw.wallMs));
    log(`documents: the same straight into the ${result.store} store in ${Math.round(result.raw.wallMs)} ms (${result.raw.mibPerSecond} MiB/s); API ÷ raw = ${result.throughputRatio}`);
    result.ok = true;
  } catch (error) {
    result.error = String(error instanceof Error ? error.message : error);
    log(`documents: FAILED: ${result.error}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** One pass: every file uploaded at once, the API's RSS read every 50 ms from the first byte sent to the last answer. */
async function uploadPass(stack: Stack, campaignId: string, files: BenchFile[], firstNumber: number, refusals: ErrorTally) {
  const apiPid = stack.api!.pid!;
  const sampler = new RssSampler({ api: apiPid }, RSS_SAMPLE_MS);
  const cpu = new CpuMeter({ api: apiPid }, stack.databaseUrl, stack.database);
  const cpuBefore = await cpu.snapshot();
  const latencies: number[] = [];
  sampler.start();
  const start = performance.now();
  await runPool(files, files.length, async (file, i) => {
    const name = `annexe-bench-${firstNumber + i}.pdf`;
    const answer = await uploadAnnex(stack.apiUrl!, stack.adminToken!, campaignId, file, name);
    if (answer.status === 201 && answer.body?.version?.sha256 === file.sha256) latencies.push(answer.ms);
    else noteError(refusals, `${name}: ${answer.status} ${answer.error ?? JSON.stringify(answer.body)}`, answer.status);
  });
  const wallMs = performance.now() - start;
  sampler.stop();
  const cpuAfter = await cpu.snapshot();
  return {
    phase: phase(files, wallMs, latencies, CpuMeter.delta(cpuBefore, cpuAfter)),
    peakRssBytes: sampler.peaks.api,
    series: sampler.series.map((point) => ({ t: point.t, api: point.api })),
  };
}

async function makeFiles(dir: string, prefix: string, count: number, size: number): Promise<BenchFile[]> {
  const files: BenchFile[] = [];
  for (let i = 1; i <= count; i++) {
    const path = join(dir, `${prefix}-${i}.pdf`);
    files.push({ path, ...(await writePaddedPdf(path, size)) });
  }
  return files;
}

/** The median of the API's RSS over a quiet window: one reading could catch a collection half done. */
async function idleRss(pid: number): Promise<number> {
  const readings: number[] = [];
  for (const end = performance.now() + IDLE_WINDOW_MS; performance.now() < end; await sleep(RSS_SAMPLE_MS)) readings.push(rssBytes(pid));
  readings.sort((a, b) => a - b);
  return readings[Math.floor(readings.length / 2)];
}

/** One multipart upload, the file streamed from disk (never whole in the bench's memory), timed to the whole answer. */
async function uploadAnnex(apiUrl: string, token: string, campaignId: string, file: BenchFile, name: string) {
  const form = new FormData();
  form.append('kind', 'annex');
  form.append('file', await openAsBlob(file.path, { type: 'application/pdf' }), name);
  const start = performance.now();
  try {
    const response = await fetch(`${apiUrl}/campaigns/${campaignId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: kept as text */
    }
    return { status: response.status, body, ms: performance.now() - start };
  } catch (error) {
    return { status: 0, body: undefined, ms: performance.now() - start, error: String(error) };
  }
}

/** Every file uploaded is an annex of the campaign, its hash the one the bench computed. */
async function expectAnnexesListed(stack: Stack, campaignId: string, files: BenchFile[]): Promise<void> {
  const listed = await http(stack.apiUrl!, 'GET', `/campaigns/${campaignId}/documents`, stack.adminToken);
  if (listed.status !== 200) throw new Error(`listing the documents: ${listed.status} ${JSON.stringify(listed.body)}`);
  const hashes = new Set<string>(
    (listed.body.documents as { kind: string; versions: { sha256: string }[] }[]).filter((d) => d.kind === 'annex').flatMap((d) => d.versions.map((v) => v.sha256)),
  );
  const missing = files.filter((f) => !hashes.has(f.sha256));
  if (missing.length) throw new Error(`${missing.length} uploaded file(s) answered 201 but are not listed among the campaign's annexes`);
}

/**
 * The baseline: the files written at once into the store the API uses (DOCUMENT_STORE_URL, or
 * the same PostgreSQL database), each already hashed as `putFile` expects, with a connection each.
 */
async function rawInsert(stack: Stack, files: BenchFile[], storeKind: (kind: 'postgres' | 's3') => void): Promise<DocumentsPhase> {
  const dataSource = await openDatabase(stack.databaseUrl, files.length + 2);
  const store = documentStoreFromUrl(process.env.DOCUMENT_STORE_URL, dataSource);
  storeKind(store.kind);
  try {
    const cpu = new CpuMeter({}, stack.databaseUrl, stack.database);
    const cpuBefore = await cpu.snapshot();
    const latencies: number[] = [];
    const start = performance.now();
    await runPool(files, files.length, async (file) => {
      const t = performance.now();
      await store.putFile({ sha256: file.sha256, size: file.size }, file.path);
      latencies.push(performance.now() - t);
    });
    const wallMs = performance.now() - start;
    const cpuAfter = await cpu.snapshot();
    for (const file of files) {
      if (!(await store.has(file.sha256))) throw new Error(`the raw insert of ${file.sha256} resolved but the store does not hold it`);
    }
    return phase(files, wallMs, latencies, CpuMeter.delta(cpuBefore, cpuAfter));
  } finally {
    await store.close();
    await dataSource.destroy();
  }
}

function phase(files: BenchFile[], wallMs: number, latencies: number[], cpuSeconds: Record<string, number>): DocumentsPhase {
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  return { files: files.length, bytes, wallMs: round1(wallMs), mibPerSecond: round1(bytes / MIB / (wallMs / 1000)), latencyMs: percentiles(latencies), cpuSeconds };
}

const mib = (bytes: number | undefined) => `${Math.round((bytes ?? NaN) / MIB)} MiB`;
