import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { keep, table, type BenchResult, type BenchRow } from './report.js';
import type { DatasetDescriptor } from './dataset.js';
import { benchDataset, cpuNotes, loadWithMemory, openDatasetDatabase, request, round, shuffle, signIn, smokeMode, startBare, startDiogel, type CpuPerRequest, type ServerProcess } from './http.js';
import type { LoadResult } from './load.js';

/**
 * The case page (issue 7): GET /cases/:id, the whole HTML page, as the demo authority's duty
 * social worker, at 50 concurrent connections spread over up to 2,000 different cases of
 * that authority that are not restricted, on a generated dataset (BENCH_DATASET=wales for
 * Wales scale on PostgreSQL; bench/.data/small otherwise; the demo data when none exists).
 *
 * The bare cost: a bare Fastify server in its own process (bench/bare.ts case-page) on the
 * same database that reads the case by primary key, then its person, and renders a GOV.UK
 * summary list with nunjucks, grown to the size of Diogel's pages.
 * Goal: p99 < 50 ms, and Diogel's requests/s ≥ 0.5 × the bare server's.
 *
 * Two loads, each on both servers: closed (each connection asks again as soon as it is
 * answered: the most pages a second, the throughput goal) and paced (50 users each reading
 * a page a second, 50 pages a second in all: the latency goal). Under a closed load every
 * connection always waits, so its p99 is about connections ÷ throughput, and under 50 ms at
 * 50 connections would need over 1,000 pages a second, more than the bare server serves on
 * this machine; its p99 is reported too.
 *
 * Settings: BENCH_DATASET, BENCH_CONNECTIONS (50), BENCH_DURATION (20 s), BENCH_WARMUP (5 s),
 * BENCH_RATE (the paced load's requests/s in all, 50),
 * BENCH_CASES (2,000); BENCH_SMOKE=1 runs 1.5 s at 5 connections over 20 cases whatever the
 * others say.
 */
export interface CasePageOptions {
  dataset?: DatasetDescriptor;
  connections: number;
  duration: number;
  warmup: number;
  cases: number;
  /** Requests per second offered in all by the paced load (BENCH_RATE, 50) */
  rate: number;
  smoke: boolean;
}

export function casePageOptions(given: Partial<CasePageOptions> = {}): CasePageOptions {
  const smoke = smokeMode(given.smoke);
  const env = process.env;
  return {
    ...(given.dataset ? { dataset: given.dataset } : {}),
    connections: given.connections ?? (smoke ? 5 : Number(env.BENCH_CONNECTIONS ?? 50)),
    duration: given.duration ?? (smoke ? 1.5 : Number(env.BENCH_DURATION ?? 20)),
    warmup: given.warmup ?? (smoke ? 0.25 : Number(env.BENCH_WARMUP ?? 5)),
    cases: given.cases ?? (smoke ? 20 : Number(env.BENCH_CASES ?? 2000)),
    rate: given.rate ?? (smoke ? 20 : Number(env.BENCH_RATE ?? 50)),
    smoke,
  };
}

export interface CasePageDetail {
  options: Omit<CasePageOptions, 'dataset'>;
  dataset: string;
  caseIds: number;
  /** Mean size of Diogel's case pages (a sample), and of the bare server's */
  pageBytes: { diogel: number; bare: number; bareRows: number };
  diogel: LoadResult;
  bare: LoadResult;
  /** The paced load (rate pages a second in all) */
  paced: { diogel: LoadResult; bare: LoadResult };
  memory: { restMiB: number; peakDuringLoadMiB: number; highWaterMiB: number };
  /** Cores each server kept busy during its load (1.0 = one core all the time) */
  serverCpu: { diogel: number; bare: number };
  /** Server CPU time per page answered, ms */
  cpuMsPerPage: { diogel: number; bare: number };
  /** The machine's CPU per page in the closed-loop runs: server, database, load generator, all */
  cpu: { diogel: CpuPerRequest; bare: CpuPerRequest };
  /** The machine's load average before the runs (other work on it skews figures) */
  loadAverage: number[];
}

export async function run(given: Partial<CasePageOptions> = {}): Promise<BenchResult & { detail: CasePageDetail }> {
  const o = casePageOptions(given);
  const { dataset, label, done } = await benchDataset(o.dataset);
  try {
    return await measure(o, dataset, label);
  } finally {
    await done();
  }
}

/** Cases of the demo authority that are not restricted, in random order. */
export async function caseIdsOf(d: DatasetDescriptor, limit: number): Promise<string[]> {
  const handle = await openDatasetDatabase(d);
  try {
    const rows = await sql<{ id: string }>`
      select c.id from cases c
      where c.local_authority_id = ${d.demo.localAuthorityId}
        and not exists (select 1 from case_restrictions r where r.case_id = c.id)
      order by random() limit ${limit}`.execute(handle.db);
    return rows.rows.map((r) => r.id);
  } finally {
    await handle.close();
  }
}

async function measure(o: CasePageOptions, d: DatasetDescriptor, label: string): Promise<BenchResult & { detail: CasePageDetail }> {
  // Read before the server starts: the embedded database has one process at a time.
  const ids = shuffle(await caseIdsOf(d, o.cases));
  if (ids.length === 0) throw new Error(`the dataset has no unrestricted cases in ${d.demo.localAuthorityId}`);
  const loadAverage = os.loadavg().map((n) => round(n, 2));

  const server = await startDiogel(d);
  let diogel: Awaited<ReturnType<typeof loadWithMemory>>;
  let diogelPaced: LoadResult;
  let restMiB: number;
  let highWaterMiB: number;
  let diogelBytes: number;
  try {
    const session = await signIn(server.url, d.demo.dutyEmail);
    diogelBytes = await meanPageBytes(server, ids.slice(0, 20).map((id) => `/cases/${id}`), { cookie: session.cookie });
    restMiB = server.memory().rssMiB;
    const load = (rate?: number) =>
      loadWithMemory(server, {
        url: server.url, connections: o.connections, duration: o.duration, warmup: o.warmup, ...(rate ? { rate } : {}),
        headers: { cookie: session.cookie },
        requests: [{ method: 'GET', path: ids.map((id) => `/cases/${id}`) }],
      });
    diogel = await load();
    diogelPaced = (await load(o.rate)).load;
    highWaterMiB = server.memory().peakMiB;
  } finally {
    await server.stop();
  }

  const bareServer = await startBare('case-page', d, 10);
  let bare: LoadResult;
  let barePaced: LoadResult;
  let bareCpu: number;
  let bareCpuMs: number;
  let bareCpuShare: CpuPerRequest;
  let bareRows: number;
  let bareBytes: number;
  try {
    bareRows = await rowsForSize(bareServer, ids[0]!, diogelBytes);
    const paths = ids.map((id) => `/cases/${id}?rows=${bareRows}`);
    bareBytes = await meanPageBytes(bareServer, paths.slice(0, 20), {});
    const load = (rate?: number) =>
      loadWithMemory(bareServer, {
        url: bareServer.url, connections: o.connections, duration: o.duration, warmup: o.warmup, ...(rate ? { rate } : {}),
        requests: [{ method: 'GET', path: paths }],
      });
    ({ load: bare, serverCpu: bareCpu, cpuMsPerRequest: bareCpuMs, cpu: bareCpuShare } = await load());
    barePaced = (await load(o.rate)).load;
  } finally {
    await bareServer.stop();
  }

  const l = diogel.load;
  const ratio = l.requestsPerSecond / bare.requestsPerSecond;
  const on = label;
  const at = `at ${o.connections} connections`;
  const paced = `at ${o.rate} pages a second (${o.connections} connections)`;
  const sample = `${l.requests.toLocaleString('en-GB')} pages over ${ids.length.toLocaleString('en-GB')} cases in ${l.seconds} s after ${o.warmup} s warm-up; non-2xx ${l.non2xx} (bare ${bare.non2xx})`;
  const p = diogelPaced;
  const lat = (x: LoadResult) => `${x.latencyMs.p50}/${x.latencyMs.p95}/${x.latencyMs.p99}`;
  const rows: BenchRow[] = [
    {
      benchmark: 'case-page', measure: `case page p99 ${paced}`, on, value: p.latencyMs.p99, unit: 'ms', bare: barePaced.latencyMs.p99,
      ratio: round(barePaced.latencyMs.p99 / p.latencyMs.p99, 3), goal: 'p99 < 50 ms', met: p.latencyMs.p99 < 50 && p.non2xx === 0 && p.requestsPerSecond >= o.rate * 0.95,
      notes: `p50/p95/p99 ${lat(p)} ms (bare ${lat(barePaced)}); ${p.requests.toLocaleString('en-GB')} pages answered, ${p.requestsPerSecond}/s, non-2xx ${p.non2xx}`,
    },
    {
      benchmark: 'case-page', measure: `case page p99 ${at}, closed loop`, on, value: l.latencyMs.p99, unit: 'ms', bare: bare.latencyMs.p99,
      ratio: round(bare.latencyMs.p99 / l.latencyMs.p99, 3), goal: 'reported', met: l.non2xx === 0,
      notes: `p50/p95/p99 ${lat(l)} ms (bare ${lat(bare)}); ${sample}`,
    },
    {
      benchmark: 'case-page', measure: `case pages per second ${at}`, on, value: l.requestsPerSecond, unit: 'req/s', bare: bare.requestsPerSecond,
      ratio: round(ratio, 3), goal: 'ratio ≥ 0.5', met: ratio >= 0.5 && l.non2xx === 0,
      notes:
        `pages ${Math.round(diogelBytes / 100) / 10} kB on average (bare ${Math.round(bareBytes / 100) / 10} kB, ${bareRows} summary rows); ` +
        `server CPU ${diogel.cpuMsPerRequest} ms a page (bare ${bareCpuMs} ms), busy ${diogel.serverCpu} cores (bare ${bareCpu}); load average before ${loadAverage[0]}`,
    },
    {
      benchmark: 'case-page', measure: `machine CPU per case page ${at} (server, database, load generator)`, on, value: diogel.cpu.machine, unit: 'ms',
      bare: bareCpuShare.machine, ratio: round(bareCpuShare.machine / diogel.cpu.machine, 3), goal: 'reported', met: true,
      notes: cpuNotes(diogel.cpu, bareCpuShare, d.databaseUrl ? 'postgres' : 'pglite', 'pages'),
    },
    {
      benchmark: 'case-page', measure: 'server RSS at rest (signed in, before load)', on, value: restMiB, unit: 'MiB', goal: 'reported', met: true,
    },
    {
      benchmark: 'case-page', measure: `server RSS peak under load ${at}`, on, value: diogel.peakRssMiB, unit: 'MiB', goal: 'reported', met: true,
      notes: `sampled every 100 ms; VmHWM since start ${highWaterMiB} MiB`,
    },
  ];
  return {
    benchmark: 'case-page',
    rows,
    detail: {
      options: { connections: o.connections, duration: o.duration, warmup: o.warmup, cases: o.cases, rate: o.rate, smoke: o.smoke },
      dataset: label,
      caseIds: ids.length,
      pageBytes: { diogel: Math.round(diogelBytes), bare: Math.round(bareBytes), bareRows },
      diogel: l,
      bare,
      paced: { diogel: p, bare: barePaced },
      memory: { restMiB, peakDuringLoadMiB: diogel.peakRssMiB, highWaterMiB },
      serverCpu: { diogel: diogel.serverCpu, bare: bareCpu },
      cpuMsPerPage: { diogel: diogel.cpuMsPerRequest, bare: bareCpuMs },
      cpu: { diogel: diogel.cpu, bare: bareCpuShare },
      loadAverage,
    },
  };
}

/** The mean size of some pages; each must answer 200. */
async function meanPageBytes(server: ServerProcess, paths: string[], headers: Record<string, string>): Promise<number> {
  let total = 0;
  for (const p of paths) {
    const a = await request(`${server.url}${p}`, { headers });
    if (a.status !== 200) throw new Error(`${p} answered ${a.status}`);
    total += a.raw.length;
  }
  return total / paths.length;
}

/** How many summary rows make the bare page as large as Diogel's. */
async function rowsForSize(bare: ServerProcess, id: string, target: number): Promise<number> {
  const size = async (rows: number) => (await request(`${bare.url}/cases/${id}?rows=${rows}`)).raw.length;
  const one = await size(1);
  const perRow = ((await size(41)) - one) / 40;
  return Math.max(1, Math.round(1 + (target - one) / perRow));
}

/** Prints the figures and keeps them in bench/results/. */
export async function main(given: Partial<CasePageOptions> = {}): Promise<BenchResult> {
  const result = await run(given);
  process.stdout.write(`${table(result.rows)}\n  written to ${keep(result)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
