import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { ENGINES } from '../support/db.js';
import { ADMIN_URL, cpuPer, machineCpuSeconds, postgresCpuSeconds, type CpuPerRequest } from '../../bench/http.js';

/**
 * Where a benchmark's CPU goes (issue 7): the readings behind each run's "machine CPU per
 * request" row, which splits the machine's busy time between the server, PostgreSQL and the
 * load generator. They are read from /proc, so they are checked against work done on purpose.
 */
describe('CPU readings of the benchmarks', () => {
  it('the machine reading grows by at least the CPU this process spends', () => {
    const machine0 = machineCpuSeconds();
    const own0 = process.cpuUsage();
    const until = Date.now() + 300;
    let spin = 0;
    while (Date.now() < until) spin += Math.sqrt(spin + 1);
    assert.ok(spin > 0);
    const own = process.cpuUsage(own0);
    const ownSeconds = (own.user + own.system) / 1e6;
    // Both count in 10 ms ticks: allow two of them.
    assert.ok(machineCpuSeconds() - machine0 >= ownSeconds - 0.02, `machine ${machineCpuSeconds() - machine0} s, this process ${ownSeconds} s`);
  });

  it('cpuPer turns a cost per request into a cost per intake of several requests', () => {
    const perRequest: CpuPerRequest = { server: 1, database: 0.5, load: 0.25, machine: 2, cores: 2, ceiling: 1000, ceilingWithoutServer: 2000 };
    assert.deepEqual(cpuPer(perRequest, 2), { server: 2, database: 1, load: 0.5, machine: 4, cores: 2, ceiling: 500, ceilingWithoutServer: 1000 });
  });

  it('a PostgreSQL backend that works shows the work in its own reading', { skip: !ENGINES.includes('postgres') && 'PostgreSQL is not among TEST_ENGINES' }, async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      const pid = Number((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
      const before = postgresCpuSeconds();
      assert.ok(before.has(pid), `the backend ${pid} is among the PostgreSQL processes read`);
      const machine0 = machineCpuSeconds();
      const started = Date.now();
      await client.query('select count(*) from generate_series(1, 5000000) as g where g % 7 = 3');
      const seconds = (Date.now() - started) / 1000;
      const used = postgresCpuSeconds().get(pid)! - before.get(pid)!;
      // The query is all CPU: its backend was busy for most of the time it took (most: other work shares the machine).
      assert.ok(used >= Math.min(0.1, seconds / 4), `the backend used ${used} s of CPU in a ${seconds} s query`);
      assert.ok(machineCpuSeconds() - machine0 >= used - 0.02, 'the machine counts the backend too');
    } finally {
      await client.end();
    }
  });
});
