import { sql, type OperationNodeSource, type RawBuilder } from 'kysely';
import type { Db, Tx } from './database.js';

/**
 * A read built by a repository but not yet run: its query, and how its rows become what the
 * repository answers. Run it alone with `readOne`, or with others in one statement with
 * `readTogether`.
 */
export interface Reading<T> {
  /** null: the answer is known without the database (see `known`) */
  readonly query: OperationNodeSource | null;
  /** Columns holding instants (timestamptz), which come back from readTogether as text */
  readonly timestamps: readonly string[];
  readonly map: (rows: Record<string, unknown>[]) => T;
}

/**
 * A reading of `query`, whose rows `map` turns into the answer. `timestamps` names the columns
 * that hold instants: the driver makes them Dates, but in readTogether they travel as JSON text
 * and are made Dates again before `map` sees them. (Dates, numbers, booleans, arrays and JSON
 * come back as the driver gives them; a bigint must be cast to text by the query.)
 */
export function reading<R extends object, T>(
  query: OperationNodeSource & { execute(): Promise<R[]> },
  map: (rows: R[]) => T,
  timestamps?: readonly (keyof R & string)[],
): Reading<T>;
export function reading<R extends object, T>(query: RawBuilder<R>, map: (rows: R[]) => T, timestamps?: readonly (keyof R & string)[]): Reading<T>;
export function reading<T>(query: OperationNodeSource, map: (rows: never[]) => T, timestamps: readonly string[] = []): Reading<T> {
  return { query, timestamps, map: map as unknown as Reading<T>['map'] };
}

/**
 * A reading whose answer is known without asking the database (a lead has the Allegations
 * area whether or not there are any allegations yet): it adds no statement, alone or together.
 */
export function known<T>(value: T): Reading<T> {
  return { query: null, timestamps: [], map: () => value };
}

/** One reading on its own, as an ordinary query (none when its answer is known). */
export async function readOne<T>(db: Db | Tx, r: Reading<T>): Promise<T> {
  if (r.query === null) return r.map([]);
  const { rows } = await sql<Record<string, unknown>>`${r.query}`.execute(db);
  return r.map(rows);
}

type Answers<Q extends Record<string, Reading<unknown>>> = { [K in keyof Q]: Q[K] extends Reading<infer T> ? T : never };

/**
 * Several independent reads as one statement: each query's rows come back as one JSON array
 * column, so a page that needs ten things from the database makes one round trip instead of
 * ten, and sees them all in one snapshot. The rows keep each query's own order (a JSON
 * aggregate over a sorted subquery takes the rows as the subquery gives them).
 */
export async function readTogether<Q extends Record<string, Reading<unknown>>>(db: Db | Tx, reads: Q): Promise<Answers<Q>> {
  const answers: Record<string, unknown> = {};
  // Answers known already need no statement, and a single query left needs no wrapping.
  const keys = Object.keys(reads).filter((k) => reads[k]!.query !== null);
  for (const k of Object.keys(reads)) if (reads[k]!.query === null) answers[k] = reads[k]!.map([]);
  if (keys.length <= 1) {
    for (const k of keys) answers[k] = await readOne(db, reads[k]!);
    return answers as Answers<Q>;
  }
  const columns = keys.map(
    (k, i) => sql`(SELECT coalesce(json_agg(diogel_row), '[]'::json) FROM (${reads[k]!.query}) AS diogel_row) AS ${sql.id(`r${i}`)}`,
  );
  const { rows } = await sql<Record<string, Record<string, unknown>[]>>`SELECT ${sql.join(columns)}`.execute(db);
  const row = rows[0]!;
  keys.forEach((k, i) => {
    const r = reads[k]!;
    const got = row[`r${i}`]!;
    if (r.timestamps.length > 0) {
      for (const g of got) {
        for (const c of r.timestamps) if (typeof g[c] === 'string') g[c] = new Date(g[c] as string);
      }
    }
    answers[k] = r.map(got);
  });
  return answers as Answers<Q>;
}
