import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import pg from 'pg';
import { ENGINES } from '../support/db.js';
import { ADMIN_URL, childProcessesRunning, freshPostgresDatabase, makeDemoDataset, tempDir, type CpuPerRequest } from '../../bench/http.js';
import type { DatasetDescriptor } from '../../bench/dataset.js';
import type { BenchRow } from '../../bench/report.js';
import { run as intake } from '../../bench/intake.js';
import { run as casePage } from '../../bench/case-page.js';
import { run as startup } from '../../bench/startup.js';
import { run as pageWeight } from '../../bench/page-weight.js';

/**
 * The HTTP benchmarks (issue 7) in smoke mode: each runs for a second or so against real
 * servers in child processes, on a throwaway demo dataset, and its figures are checked for
 * honesty — present, finite and positive, no failed requests, the intake's rows really in
 * the database, every weighed page answered 200 — and nothing is left behind.
 */
function assertRows(rows: BenchRow[], benchmark: string): void {
  assert.ok(rows.length > 0, `${benchmark} reports rows`);
  for (const row of rows) {
    assert.equal(row.benchmark, benchmark);
    assert.ok(Number.isFinite(row.value) && row.value > 0, `${row.measure}: ${row.value}`);
    if (row.bare !== undefined) assert.ok(Number.isFinite(row.bare) && row.bare > 0, `${row.measure}: bare ${row.bare}`);
    if (row.ratio !== undefined) assert.ok(Number.isFinite(row.ratio) && row.ratio > 0, `${row.measure}: ratio ${row.ratio}`);
    assert.ok(row.goal.length > 0);
  }
}

/**
 * The machine's CPU per request, split: every part measured, the machine at least the sum of
 * the parts it was read from (other tests may add to it, never take away), PostgreSQL's share
 * there when the server used it, and the ceilings consistent with the costs.
 */
function assertCpuShares(cpu: { diogel: CpuPerRequest; bare: CpuPerRequest }, engine: 'postgres' | 'pglite'): void {
  for (const [who, c] of Object.entries(cpu)) {
    const parts = c.server + c.database + c.load;
    assert.ok(c.server > 0 && c.load > 0, `${who}: ${JSON.stringify(c)}`);
    assert.ok(c.machine >= parts * 0.9, `${who}: the machine's ${c.machine} ms covers its parts' ${parts} ms`);
    if (engine === 'postgres') assert.ok(c.database > 0, `${who}: PostgreSQL's share on PostgreSQL: ${JSON.stringify(c)}`);
    assert.ok(Math.abs(c.ceiling - (c.cores * 1000) / c.machine) <= c.ceiling * 0.02 + 1, `${who}: ceiling ${c.ceiling} for ${c.machine} ms on ${c.cores} cores`);
    assert.ok(c.ceilingWithoutServer > c.ceiling, `${who}: without the server's work the ceiling is higher`);
  }
}

describe('HTTP benchmarks (smoke)', () => {
  // To stay quick, each benchmark runs on one engine: PostgreSQL unless TEST_ENGINES leaves it
  // out (a fresh embedded database costs several seconds more to start). Start-up is on the
  // embedded database whatever the engines, as `npm start` is.
  const engine = ENGINES.includes('postgres') ? 'postgres' : 'pglite';
  let dataset: DatasetDescriptor;
  let dir: string;
  let database: { url: string; drop(): Promise<void> } | undefined;

  before(async () => {
    dir = tempDir('smoke-dataset');
    database = engine === 'postgres' ? await freshPostgresDatabase('smoke') : undefined;
    dataset = await makeDemoDataset(dir, engine, database?.url);
  });

  after(async () => {
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const calls of [1, 2] as const) it(`intake: raises and reports concerns over the API (${calls === 1 ? 'one call' : 'two calls'}), and the rows are in the database`, async () => {
    const result = await intake({ smoke: true, engines: [engine], calls });
    for (const e of result.detail.engines) assert.ok(e.answered.reported > 0 && e.bare.requests > 0, `${e.engine}: ${e.answered.reported} intakes, ${e.bare.requests} bare inserts`);
    assertRows(result.rows, 'intake');
    assert.deepEqual(result.rows.map((r) => r.unit), ['intakes/s', 'ms'], 'the intakes, then the machine CPU each took');
    for (const e of result.detail.engines) assertCpuShares(e.cpu, e.engine);
    for (const e of result.detail.engines) {
      assert.equal(e.diogel.non2xx, 0, `${e.engine}: ${JSON.stringify(e.diogel.statusCodes)}`);
      assert.equal(e.bare.non2xx, 0);
      assert.equal(e.diogel.errors + e.diogel.timeouts, 0);
      // Requests still in flight when a run stops may have committed without an answer: at most one per connection per run.
      const inFlight = 2 * result.detail.options.connections;
      const s = e.stored;
      assert.ok(s.concerns >= e.answered.raised && s.concerns <= e.answered.raised + inFlight, `${e.engine}: ${s.concerns} concerns for ${e.answered.raised} raised`);
      assert.ok(s.reports >= e.answered.reported && s.reports <= e.answered.reported + inFlight, `${e.engine}: ${s.reports} reports for ${e.answered.reported}`);
      assert.equal(s.cases, s.reports, 'each report opened a case');
      assert.ok(s.clocks >= s.cases, 'each case started its clock');
      assert.equal(s.raiseAudits, s.concerns, 'each concern raised was audited');
      assert.equal(s.reportAudits, s.reports, 'each report was audited');
    }
  });

  it('case page: many cases read under load, against a bare server', async () => {
    const result = await casePage({ smoke: true, dataset });
    const d = result.detail;
    assert.ok(d.diogel.requests > 0 && d.bare.requests > 0, `${d.diogel.requests} pages, ${d.bare.requests} bare pages answered`);
    assertRows(result.rows, 'case-page');
    assertCpuShares(d.cpu, engine);
    assert.equal(d.diogel.non2xx, 0, JSON.stringify(d.diogel.statusCodes));
    assert.equal(d.bare.non2xx, 0, JSON.stringify(d.bare.statusCodes));
    assert.ok(d.caseIds > 1, 'more than one case was asked for');
    // The paced load was paced: answered, and no faster than offered (the closed one is not held back).
    assert.ok(d.paced.diogel.requests > 0 && d.paced.bare.requests > 0);
    assert.equal(d.paced.diogel.non2xx, 0, JSON.stringify(d.paced.diogel.statusCodes));
    assert.ok(d.paced.diogel.requestsPerSecond <= d.options.rate * 1.25, `${d.paced.diogel.requestsPerSecond}/s at ${d.options.rate}/s offered`);
    assert.ok(result.rows.some((r) => r.measure.startsWith(`case page p99 at ${d.options.rate} pages a second`) && r.goal === 'p99 < 50 ms'));
    assert.ok(d.diogel.latencyMs.p50 <= d.diogel.latencyMs.p95 && d.diogel.latencyMs.p95 <= d.diogel.latencyMs.p99);
    assert.ok(d.memory.peakDuringLoadMiB >= d.memory.restMiB * 0.5 && d.memory.restMiB > 0);
    // The bare page was grown to within a fifth of Diogel's.
    assert.ok(Math.abs(d.pageBytes.bare - d.pageBytes.diogel) < d.pageBytes.diogel / 5, JSON.stringify(d.pageBytes));
  });

  it('startup: fresh and initialised starts to the first page, and memory under load', async () => {
    const result = await startup({ smoke: true });
    assertRows(result.rows, 'startup');
    const d = result.detail;
    assert.equal(d.freshMs.length, 1);
    assert.ok(d.freshMs[0]! > 0 && d.initialisedMs[0]! > 0 && d.bareMs[0]! > 0);
    assert.equal(d.load.non2xx, 0, JSON.stringify(d.load.statusCodes));
    assert.ok(d.load.requests > 0);
    assert.equal(childProcessesRunning(), 0, 'every server it started has stopped');
  });

  it('page weight: every page answers 200 and weighs what it links to', async () => {
    const result = await pageWeight({ smoke: true, dataset });
    assertRows(result.rows, 'page-weight');
    for (const page of result.detail.pages) {
      assert.equal(page.status, 200, page.path);
      for (const r of page.resources) assert.equal(r.status, 200, `${page.path}: ${r.url}`);
      assert.ok(page.resources.some((r) => r.kind === 'stylesheet'), `${page.path} has its stylesheet weighed`);
      assert.ok(page.totalBytes > page.htmlBytes && page.htmlBytes > 0);
    }
  });

  it('leaves no server, load generator or database behind', async () => {
    assert.equal(childProcessesRunning(), 0);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const left = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1 and datname not like 'diogel_bench_smoke_%'`, [`diogel_bench_%_${process.pid}_%`]);
      assert.deepEqual(left.rows, []);
    } finally {
      await admin.end();
    }
  });
});
