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

/**
 * Warm-up and measured load share their connections. A measured load that opened new ones
 * would start with all of them asking a busy Node server to accept them, one per turn of its
 * event loop, and time that queue instead of the pages.
 */
describe('the warm-up', () => {
  async function countingServer() {
    let connections = 0;
    const served: number[] = [];
    const server = http.createServer((req, res) => {
      served.push((req.socket as unknown as { id: number }).id);
      setTimeout(() => res.end('ok'), 2);
    });
    server.on('connection', (socket) => ((socket as unknown as { id: number }).id = ++connections));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      connections: () => connections,
      served,
      close() {
        server.closeAllConnections();
        server.close();
      },
    };
  }

  it('runs the closed load on the connections it opened, and measures only what follows it', async () => {
    const s = await countingServer();
    try {
      const r = await load({ url: s.url, connections: 4, warmup: 0.6, duration: 0.6, requests: [{ path: '/a' }] });
      assert.equal(s.connections(), 4, 'the measured load opened connections of its own');
      assert.ok(r.warmup.ok[0]! > 20 && r.requests > 20, `warm-up ${r.warmup.ok[0]}, measured ${r.requests}`);
      assert.ok(r.warmup.seconds >= 0.5 && r.warmup.seconds <= 0.8, `warm-up ${r.warmup.seconds} s`);
      assert.ok(r.seconds >= 0.5 && r.seconds <= 0.8, `measured ${r.seconds} s`);
      // Every answer counted once, in one phase or the other (the last few in flight when it stopped may be in neither).
      const counted = r.warmup.ok[0]! + r.requests;
      assert.ok(counted <= s.served.length && counted >= s.served.length - 4, `counted ${counted} of ${s.served.length} served`);
      assert.equal(r.non2xx + r.errors + r.timeouts, 0);
      assert.deepEqual(r.statusCodes, { 200: r.requests });
    } finally {
      s.close();
    }
  });

  it('keeps the paced load on the connection the warm-up used', async () => {
    const s = await countingServer();
    try {
      const r = await load({ url: s.url, connections: 10, warmup: 0.5, duration: 0.5, rate: 20, requests: [{ path: '/a' }] });
      assert.equal(r.requests, 10);
      assert.equal(r.warmup.ok[0], 10);
      // One request every 50 ms, each answered in 2: one kept-alive connection serves them all.
      assert.equal(s.connections(), 1, `served on connections ${s.served.join(', ')}`);
    } finally {
      s.close();
    }
  });
});

