import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.js';

// DATE columns are calendar dates, not instants: keep them as 'YYYY-MM-DD' strings
// rather than letting the driver turn them into local-midnight Date objects.
pg.types.setTypeParser(1082, (v: string) => v);

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type Engine = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
  /**
   * The embedded engine itself, for bulk loading with COPY … FROM '/dev/blob' (the
   * synthetic-data generator in bench/data); absent on PostgreSQL, where COPY goes over a
   * connection of its own.
   */
  embedded?: EmbeddedEngine;
}

export interface EmbeddedEngine {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

/** The driver under a Db, for the store's bulk reads (src/store/audit-copy.ts); Kysely does not expose it. */
export interface DriverAccess {
  pool: pg.Pool;
  /** The embedded engine, which the pool's one connection also talks to */
  embedded?: PGlite;
}

const drivers = new WeakMap<Db, DriverAccess>();

/** Only for a Db that openDatabase made, not one derived from it (withPlugin and the like). */
export function driverOf(db: Db): DriverAccess | undefined {
  return drivers.get(db);
}

export interface OpenOptions {
  /** postgres://… for PostgreSQL; otherwise the embedded database. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A connection the server ends while it sits idle in the pool (a restart, a dropped database)
    // is an 'error' event on the pool: the pool discards that client and the next query opens a
    // new one. Without a listener Node treats it as an uncaught exception and stops the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing(pool) }) });
    drivers.set(db, { pool });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  return openEmbedded(options.dataDir ?? './data');
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  // Extensions the migrations create must be loaded with the database (person search: pg_trgm).
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : takeDataDirLock(dataDir);
  try {
    const pglite = await PGlite.create({ ...(inMemory ? {} : { dataDir: path.join(dataDir, 'pgdata') }), extensions: { pg_trgm } });
    // PGlite serves one connection; the pool queues everything through it, taking turns with
    // the event loop's other work (TURN_BUDGET_MS).
    const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparing(pool, { turnBudgetMs: TURN_BUDGET_MS }) }) });
    drivers.set(db, { pool, embedded: pglite });
    let closed = false;
    return {
      db,
      engine: 'pglite',
      embedded: pglite,
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
        await pglite.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * PGlite has no lock between processes: two servers on one folder silently lose rows.
 * A lock file holding our pid keeps a second process out; a lock left by a process
 * that no longer exists is taken over.
 */
/** Locks this process holds: a lock file naming our pid is ours only if it is listed here. */
const heldLocks = new Set<string>();

export function takeDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.resolve(dataDir, 'diogel.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      heldLocks.add(lockPath);
      return () => {
        heldLocks.delete(lockPath);
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      // Our own pid is in use when we hold the lock (a second handle would corrupt the folder just the same),
      // and stale when we do not (a restarted container can reuse the crashed process's pid).
      const inUse = holder === process.pid ? heldLocks.has(lockPath) : Number.isInteger(holder) && holder > 0 && isRunning(holder);
      if (inUse) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by another Diogel process (pid ${holder}). ` +
            'Stop it first, or use PostgreSQL (DATABASE_URL) to run more than one process.',
        );
      }
      fs.unlinkSync(lockPath); // stale lock
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pool as Kysely sees it, with each parameterised query sent as a named prepared
 * statement: PostgreSQL parses it once per connection and, after a few runs, keeps its plan.
 * The queries behind a page join up to eight tables, and planning them cost several times
 * what running them did (2.5 ms against 0.3 ms for a concern with its person and report).
 * Queries without parameters (BEGIN, COMMIT, the migrations' scripts of several statements)
 * go as they are. A connection keeps at most PREPARED_PER_CONNECTION statements; texts
 * beyond that run unprepared, so a query with a list of varying length cannot fill memory.
 */
const PREPARED_PER_CONNECTION = 500;

/**
 * The embedded engine runs its queries in this process, chained on promises: a queue of them
 * would run in one turn of the event loop, and no socket or timer would be served until it was
 * empty. Under load that was hundreds of ms a turn, and Node accepts one new connection a
 * turn, so the last of a burst of new connections waited seconds for its first page. Once a
 * turn has spent TURN_BUDGET_MS, the next query or transaction waits for the next turn.
 * (Every query waiting a turn would cost about 0.03 ms each on this machine; a turn's budget
 * costs nothing while the queue is short.)
 */
const TURN_BUDGET_MS = 10;

/** When the event loop's current turn began, as far as the queries can tell: cleared by the next turn. */
let turnBegan: number | undefined;
function turnTooLong(budgetMs: number): boolean {
  const now = performance.now();
  if (turnBegan === undefined) {
    turnBegan = now;
    setImmediate(() => {
      turnBegan = undefined;
    });
    return false;
  }
  return now - turnBegan >= budgetMs;
}

/** turnBudgetMs: the embedded engine's (TURN_BUDGET_MS); PostgreSQL's queries run elsewhere and need none. */
function preparing(pool: pg.Pool, options: { turnBudgetMs?: number } = {}) {
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  return {
    async connect() {
      const client = await pool.connect();
      if (options.turnBudgetMs !== undefined && turnTooLong(options.turnBudgetMs)) await new Promise((resolve) => setImmediate(resolve));
      let names = prepared.get(client);
      if (!names) prepared.set(client, (names = new Set()));
      const known = names;
      return {
        query(text: unknown, values?: unknown[]) {
          if (typeof text !== 'string' || !values || values.length === 0) return client.query(text as string, values);
          const name = `k${createHash('sha1').update(text).digest('base64url')}`;
          if (!known.has(name) && known.size >= PREPARED_PER_CONNECTION) return client.query(text, values);
          known.add(name);
          return client.query({ name, text, values }).catch((err: { code?: string; message?: string }) => {
            // A prepared plan whose tables changed shape under it (a migration run meanwhile): run it afresh.
            if (err.code === '0A000' && /cached plan/.test(err.message ?? '')) return client.query(text, values);
            throw err;
          });
        },
        release(err?: Error | boolean) {
          client.release(err);
        },
      };
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
}
