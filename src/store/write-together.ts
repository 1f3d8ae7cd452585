import { sql, type Compilable, type OperationNodeSource } from 'kysely';
import type { Db, Tx } from './database.js';

/** A write built by a repository but not yet run (an insert, update or delete query). */
export type Write = OperationNodeSource & Compilable;

/**
 * Runs several writes as one statement, each a data-modifying CTE: one round trip to the
 * database instead of one each, and all or nothing even outside a transaction. The writes
 * see the same snapshot and not each other's rows, so none may depend on another's effect
 * (foreign keys are fine: they are checked at the end of the statement). `counted`, a write
 * with RETURNING, is the one whose rows are counted and returned (a version check).
 */
export async function writeTogether(db: Db | Tx, writes: readonly Write[], counted?: Write): Promise<number> {
  const all = counted ? [counted, ...writes] : writes;
  if (all.length === 0) return 0;
  const ctes = sql.join(all.map((w, i) => sql`${sql.id(`w${i}`)} AS (${w})`));
  const { rows } = await sql<{ n: number }>`WITH ${ctes} SELECT ${counted ? sql`(SELECT count(*)::int FROM w0)` : sql`0`} AS n`.execute(db);
  return rows[0]!.n;
}
