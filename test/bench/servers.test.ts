import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { freePort, listensOn, PortTaken, request, startNode, startOnFreePort } from '../../bench/http.js';

/**
 * The benchmarks' servers start on a port that was free a moment before. Two test files run
 * at once, so another process can take that port first; then what answers there is not the
 * server started (a CI run once signed in to a stranger's page), and only the child's own
 * listening socket may count as ready.
 */
describe('the benchmarks’ servers and their ports', () => {
  let stranger: http.Server;
  let takenPort: number;
  before(async () => {
    // Something else on the machine: answers 200 to everything, as a page without a form.
    stranger = http.createServer((_req, res) => res.end('<!doctype html><title>not Diogel</title>'));
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    takenPort = (stranger.address() as net.AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => stranger.close(() => resolve())));

  it('tells which process listens on a port', async () => {
    assert.equal(listensOn(process.pid, takenPort), true);
    assert.equal(listensOn(process.pid, await freePort()), false, 'nothing listens there');
    const child = await startOnFreePort((port) => startNode(['bench/bare.ts', 'hello'], { PORT: String(port) }, { port, label: 'bare hello server' }));
    try {
      assert.equal(listensOn(child.pid, child.port), true);
      assert.equal(listensOn(process.pid, child.port), false, 'the child’s port is not this process’s');
      assert.equal(listensOn(child.pid, takenPort), false);
    } finally {
      await child.stop();
    }
  });

  it('does not take another process’s answer on its port for its own, and says the port was taken', async () => {
    await assert.rejects(
      startNode(['bench/bare.ts', 'hello'], { PORT: String(takenPort) }, { port: takenPort, label: 'bare hello server' }),
      (err: unknown) => err instanceof PortTaken && new RegExp(`port ${takenPort} was taken`).test(err.message),
    );
  });

  it('starts again on another free port when the one chosen was taken', async () => {
    const tried: number[] = [];
    const server = await startOnFreePort((free) => {
      const port = tried.length === 0 ? takenPort : free;
      tried.push(port);
      return startNode(['bench/bare.ts', 'hello'], { PORT: String(port) }, { port, label: 'bare hello server' });
    });
    try {
      assert.equal(tried.length, 2);
      assert.equal(tried[0], takenPort);
      assert.equal(server.port, tried[1]);
      assert.notEqual(server.port, takenPort);
      const answer = await request(`${server.url}/`);
      assert.equal(answer.status, 200);
      assert.doesNotMatch(answer.text, /not Diogel/);
    } finally {
      await server.stop();
    }
  });

  it('gives up after its tries, with the last reason', async () => {
    let tries = 0;
    await assert.rejects(
      startOnFreePort(() => {
        tries++;
        return startNode(['bench/bare.ts', 'hello'], { PORT: String(takenPort) }, { port: takenPort, label: 'bare hello server' });
      }, 2),
      PortTaken,
    );
    assert.equal(tries, 2);
  });
});
