import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../src/store/database.js';

/**
 * The embedded database runs in this process, and its queries chain on promises: a queue of
 * them ran in one turn of the event loop, and nothing else (a new connection, a request's
 * bytes, a timer) was served until the queue was empty. Under load Node accepted one new
 * connection a turn of hundreds of ms, and the last of a burst of new connections waited up
 * to 9 s for its first page. A turn now ends once its queries have taken 10 ms.
 */
describe('the embedded database and the event loop', () => {
  let h: DatabaseHandle;
  before(async () => {
    h = await openTestDatabase('pglite', { migrate: false });
  });
  after(async () => h?.close());

  it('lets other work run between the queries of a long queue', async () => {
    // Each query takes at least 5 ms: two or three fill a turn.
    let done = 0;
    const queries = Array.from({ length: 40 }, (_, i) => sql<{ n: number }>`SELECT ${i}::int + 1 AS n, pg_sleep(0.005)`.execute(h.db).then((r) => {
      done += 1;
      return r.rows[0]!.n;
    }));
    // Both wait for the next turn of the event loop: an immediate, and I/O (a timer of 0 ms polls it).
    const atImmediate = new Promise<number>((resolve) => setImmediate(() => resolve(done)));
    const atTimer = new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
    const answers = await Promise.all(queries);
    assert.deepEqual(answers, Array.from({ length: 40 }, (_, i) => i + 1), 'every query answered, in order');
    const [immediate, timer] = [await atImmediate, await atTimer];
    assert.ok(immediate <= 4, `${immediate} of 40 queries ran before the event loop turned`);
    assert.ok(timer <= 8, `${timer} of 40 queries ran before a timer of 0 ms`);
  });

  it('still runs a transaction on its one connection, with other queries waiting their turn', async () => {
    await sql`CREATE TABLE turn_probe (id int PRIMARY KEY)`.execute(h.db);
    const outside: number[] = [];
    const tx = h.db.transaction().execute(async (t) => {
      for (let i = 1; i <= 5; i++) {
        await sql`INSERT INTO turn_probe VALUES (${i})`.execute(t);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return (await sql<{ c: number }>`SELECT count(*)::int AS c FROM turn_probe`.execute(t)).rows[0]!.c;
    });
    const reader = sql<{ c: number }>`SELECT count(*)::int AS c FROM turn_probe`.execute(h.db).then((r) => outside.push(r.rows[0]!.c));
    assert.equal(await tx, 5);
    await reader;
    assert.deepEqual(outside, [5], 'the query waited for the transaction to end, and saw all of it');
  });
});
