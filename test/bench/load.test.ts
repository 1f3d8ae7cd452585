import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { load } from '../../bench/load.js';

/**
 * The load generator's paced (open) mode: requests evenly spaced and timed from when each was
 * due, so a server with room to spare shows its service time, not the queue a burst of
 * simultaneous requests would build (what autocannon's own rate does at the start of each second).
 */
describe('the paced load', () => {
  it('spreads its requests over each second, and times them from when they were due', async () => {
    // One request at a time, 20 ms each: 30 a second keeps it 60% busy.
    let busyUntil = 0;
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url!);
      const start = Math.max(Date.now(), busyUntil);
      busyUntil = start + 20;
      setTimeout(() => res.end('ok'), busyUntil - Date.now());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const paced = await load({ url, connections: 50, duration: 2, rate: 30, requests: [{ path: ['/a', '/b'] }] });
      assert.equal(paced.requests, 60);
      assert.equal(paced.non2xx + paced.errors + paced.timeouts, 0);
      assert.ok(paced.requestsPerSecond > 25 && paced.requestsPerSecond <= 31, `${paced.requestsPerSecond}/s`);
      // Spread out, most wait for nobody; all 30 of a second sent at once would queue for up to 600 ms.
      assert.ok(paced.latencyMs.p50 < 60, JSON.stringify(paced.latencyMs));
      assert.ok(seen.includes('/a') && seen.includes('/b'), 'a list of paths is taken in turn');

      // The closed load at 50 connections keeps the server saturated: each waits for the 49 others.
      const closed = await load({ url, connections: 50, duration: 1, requests: [{ path: '/a' }] });
      assert.ok(closed.latencyMs.p50 > 300, JSON.stringify(closed.latencyMs));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
