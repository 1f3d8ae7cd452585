import { sql, type Compilable, type OperationNode, type OperationNodeSource } from 'kysely';
import type { Db, Tx } from './database.js';

/** A write built by a repository but not yet run (an insert, update or delete query, or a guard). */
export type Write = OperationNodeSource & Compilable;

const GUARDS = new WeakSet<object>();

/**
 * A guard: a write with RETURNING that must change at least one row, or a query that must
 * find one. When it does not — a version check that no longer matches, a reference to the
 * wrong kind of record — `writeTogether` undoes the whole statement and throws
 * `WriteRefused` with `what`, for the caller to turn into a conflict or a field's error.
 */
export function mustReturn(query: OperationNodeSource & Compilable, what: string): Write {
  const guard: Write & { what: string } = {
    what,
    toOperationNode: (): OperationNode => query.toOperationNode(),
    compile: () => query.compile(),
  };
  GUARDS.add(guard);
  return guard;
}

/** A guard of writeTogether found nothing: none of the statement's writes were kept. */
export class WriteRefused extends Error {
  constructor(readonly what: string) {
    super(`the write was refused: ${what}`);
  }
}

/** The SQLSTATE diogel_write_guard raises (migration 010). */
const GUARD_FAILED = 'DG001';

/**
 * Runs several writes as one statement, each a data-modifying CTE: one round trip to the
 * database instead of one each, and all or nothing even outside a transaction. The writes
 * see the same snapshot and not each other's rows, so none may depend on another's effect
 * (foreign keys are fine: they are checked at the end of the statement).
 *
 * `counted`, a write with RETURNING, is the one whose rows are counted and returned. It and
 * every write made with `mustReturn` are guards, checked in the order given: when one finds
 * no row, the statement fails in the database, so none of its writes stay, and the answer
 * is 0 (for `counted`) or WriteRefused. That makes a version check safe without a
 * transaction (within one, the transaction can go on only to roll back, which is what a
 * caller refused a change does).
 */
export async function writeTogether(db: Db | Tx, writes: readonly Write[], counted?: Write): Promise<number> {
  const all = counted ? [counted, ...writes] : writes;
  if (all.length === 0) return 0;
  const ctes = sql.join(all.map((w, i) => sql`${sql.id(`w${i}`)} AS (${w})`));
  // A CASE takes its branches in order (an AND need not), so the first guard to fail is named.
  const guards = all.flatMap((w, i) =>
    w === counted || GUARDS.has(w) ? [sql`WHEN NOT EXISTS (SELECT FROM ${sql.id(`w${i}`)}) THEN diogel_write_guard(false, ${(w as { what?: string }).what ?? 'counted'})`] : [],
  );
  const checked = guards.length ? sql`CASE ${sql.join(guards, sql` `)} ELSE true END` : sql`true`;
  try {
    const { rows } = await sql<{ n: number }>`WITH ${ctes} SELECT ${counted ? sql`(SELECT count(*)::int FROM w0)` : sql`0`} AS n, ${checked} AS ok`.execute(db);
    return rows[0]!.n;
  } catch (e) {
    if ((e as { code?: string }).code !== GUARD_FAILED) throw e;
    const what = (e as Error).message;
    if (what === 'counted') return 0;
    throw new WriteRefused(what);
  }
}
