import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/db.js';

/**
 * Smoke runs of the guidance search and audit intake benchmarks: tiny, so they say nothing
 * about speed, but they fail when a benchmark stops working or stops measuring what it says.
 */
describe('the guidance search benchmark', () => {
  for (const engine of ENGINES) {
    it(`searches the whole library on ${engine} and times the bare match beside it`, async () => {
      const { runEngine } = await import('../../bench/guidance-search.js');
      const r = await runEngine(engine, 1);
      assert.ok(r.entries > 200, `${r.entries} entries`);
      assert.ok(r.fullTexts > 200, `${r.fullTexts} full texts imported`);
      assert.equal(r.queries, 40);
      assert.ok(r.searchMs.p95 > 0 && r.bareMs.p95 > 0 && Number.isFinite(r.ratio));
    });
  }
});

describe('the audit intake benchmark', { skip: !ENGINES.includes('postgres') && 'needs PostgreSQL' }, () => {
  it('writes with the sealer off and on, and verifies everything written intact', async () => {
    Object.assign(process.env, { BENCH_WRITERS: '2', BENCH_PAIRS: '1', BENCH_PHASE_SECONDS: '0.3', BENCH_SEAL_INTERVAL_MS: '50' });
    const { run } = await import('../../bench/audit-intake.js');
    const r = await run();
    assert.equal(r.phases.length, 2);
    assert.ok(r.phases.every((p) => p.transactions > 0));
    assert.ok(r.verify.ok && r.verify.events > 0, JSON.stringify(r.verify));
    // Every event written in the phases was sealed and checked.
    const written = r.phases.reduce((n, p) => n + p.transactions, 0);
    assert.ok(r.verify.events >= written, `${r.verify.events} verified of ${written} written`);
  });
});
