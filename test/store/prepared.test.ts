import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../src/store/database.js';

/**
 * Queries with parameters go as named prepared statements (planning a page's joins cost
 * more than running them), on both engines: prepared once per connection, a script of
 * several statements still runs, and a table changed under a prepared plan is read afresh.
 */
for (const engine of ENGINES) {
  describe(`prepared statements (${engine})`, () => {
    let h: DatabaseHandle;
    before(async () => {
      h = await openTestDatabase(engine, { migrate: false });
    });
    after(async () => h?.close());

    it('prepares a query with parameters once on its connection, and leaves scripts and BEGIN alone', async () => {
      await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY, name text); INSERT INTO prepared_probe VALUES (1, 'Nia'), (2, 'Osian');`.execute(h.db);
      const read = (id: number) => sql<{ name: string }>`SELECT name FROM prepared_probe WHERE id = ${id}`.execute(h.db);
      // In a transaction, so every statement is on the one connection whose prepared statements are listed.
      const names = await h.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 3; i++) assert.equal((await sql<{ name: string }>`SELECT name FROM prepared_probe WHERE id = ${1 + (i % 2)}`.execute(tx)).rows[0]!.name, i % 2 ? 'Osian' : 'Nia');
        return (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${'%prepared_probe WHERE id%'}`.execute(tx)).rows;
      });
      assert.equal(names.length, 1, 'one prepared statement for the three runs');
      assert.equal((await read(2)).rows[0]!.name, 'Osian');
    });

    it('reads a table changed under a prepared plan afresh', async () => {
      const all = () => sql<Record<string, unknown>>`SELECT * FROM prepared_probe WHERE id = ${1}`.execute(h.db);
      for (let i = 0; i < 6; i++) await all();
      await sql`ALTER TABLE prepared_probe ADD COLUMN welsh boolean NOT NULL DEFAULT true`.execute(h.db);
      assert.deepEqual((await all()).rows[0], { id: 1, name: 'Nia', welsh: true });
    });
  });
}
