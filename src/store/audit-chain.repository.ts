import { sql, type RawBuilder } from 'kysely';
import { eventText, positionOf, type AuditCheckpoint, type AuditPosition, type SealedAuditEvent, type StoredEventText } from '../domain/audit-chain.js';
import { driverOf, type Db, type Tx } from './database.js';
import { withSnapshotSession, type EventRange } from './audit-copy.js';

/**
 * Every column of audit_events goes into the chain. The audit-chain store test compares
 * this list with the table, so a column added later cannot be left out unnoticed.
 */
export const SEALED_AUDIT_COLUMNS = [
  'id', 'txid', 'occurred_at', 'actor_user_id', 'action', 'record_type', 'record_id',
  'organisation_id', 'request_id', 'ip', 'outcome', 'purpose', 'detail',
] as const;

// Any constant will do, as long as nothing else in Diogel takes the same advisory lock.
export const SEALER_LOCK = 4_711_020_250_401;

/** One sealer at a time, across every process on the database. Released when the transaction ends. */
export async function tryTakeSealerLock(tx: Tx): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SEALER_LOCK}::bigint) as locked`.execute(tx);
  return rows[0]?.locked === true;
}

/**
 * The oldest transaction still running (or the next to start). Every transaction that can
 * still insert an audit event has an id at or above it, so events below it are final.
 */
export async function finalityHorizon(tx: Tx): Promise<string> {
  const { rows } = await sql<{ horizon: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`.execute(tx);
  return rows[0]!.horizon;
}

// Timestamps as text with microseconds: a JavaScript Date would drop them, and with them an edit.
function utcText(column: string): RawBuilder<string> {
  const c = sql.ref(column);
  return sql<string>`case when isfinite(${c}) then to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') else ${c}::text end`;
}

/**
 * The next events in sealing order after a position, optionally only those up to another
 * or below a finality horizon. Read as text, exactly as stored. ORDER BY names the table:
 * a bare name would sort by the text aliases, putting id 10 before id 9.
 */
export async function readEventsInSealingOrder(
  db: Db | Tx,
  options: { after: AuditPosition | null; upTo?: AuditPosition | null; below?: string; limit: number },
): Promise<SealedAuditEvent[]> {
  const { after, upTo, below, limit } = options;
  const { rows } = await sql<SealedAuditEvent>`
    select id::text as "id", txid::text as "txid", ${utcText('occurred_at')} as "occurredAt",
      actor_user_id::text as "actorUserId", action, record_type as "recordType", record_id::text as "recordId",
      organisation_id::text as "organisationId", request_id as "requestId", ip, outcome, purpose, detail::text as "detail"
    from audit_events
    where true
      ${after ? sql`and (txid, id) > (${after.txid}::xid8, ${after.id}::bigint)` : sql``}
      ${upTo ? sql`and (txid, id) <= (${upTo.txid}::xid8, ${upTo.id}::bigint)` : sql``}
      ${below !== undefined ? sql`and txid < ${below}::xid8` : sql``}
    order by audit_events.txid, audit_events.id
    limit ${limit}
  `.execute(db);
  return rows;
}

interface CheckpointRow {
  seq: string;
  prev_hash: string;
  last_txid: string;
  last_event_id: string;
  event_count: string;
  total_count: string;
  chain_head: string;
  sealed_at: string;
  key_id: string;
  signature: string;
}

const checkpointColumns = sql`seq::text as seq, prev_hash, last_txid::text as last_txid, last_event_id::text as last_event_id,
  event_count::text as event_count, total_count::text as total_count, chain_head, ${utcText('sealed_at')} as sealed_at, key_id, signature`;

function toCheckpoint(r: CheckpointRow): AuditCheckpoint {
  return {
    seq: Number(r.seq),
    prevCheckpointHash: r.prev_hash,
    lastPosition: { txid: r.last_txid, id: r.last_event_id },
    eventCount: Number(r.event_count),
    totalCount: Number(r.total_count),
    chainHead: r.chain_head,
    sealedAt: r.sealed_at,
    keyId: r.key_id,
    signature: r.signature,
  };
}

export async function findLastCheckpoint(db: Db | Tx): Promise<AuditCheckpoint | undefined> {
  const { rows } = await sql<CheckpointRow>`select ${checkpointColumns} from audit_checkpoints order by audit_checkpoints.seq desc limit 1`.execute(db);
  return rows[0] && toCheckpoint(rows[0]);
}

/** Checkpoints after a number, in order, a batch at a time. */
export async function readCheckpoints(db: Db | Tx, options: { afterSeq: number; limit: number }): Promise<AuditCheckpoint[]> {
  const { rows } = await checkpointsAfter(options).execute(db);
  return rows.map(toCheckpoint);
}

function checkpointsAfter(options: { afterSeq: number; limit: number }): RawBuilder<CheckpointRow> {
  return sql<CheckpointRow>`
    select ${checkpointColumns} from audit_checkpoints where audit_checkpoints.seq > ${options.afterSeq} order by audit_checkpoints.seq limit ${options.limit}
  `;
}

/** The whole log, as `diogel audit verify` reads it, all from one snapshot. */
export interface SealedLogReader {
  readCheckpoints(options: { afterSeq: number; limit: number }): Promise<AuditCheckpoint[]>;
  /** Calls onEvent with each event in the range in sealing order; `e` is reused, valid only during the call. */
  readEvents(range: EventRange, onEvent: (e: StoredEventText) => void): Promise<void>;
}

/**
 * Runs fn over one REPEATABLE READ, read-only snapshot of the log, so sealing that carries
 * on meanwhile cannot confuse it. Events stream with COPY (audit-copy.ts) on a Db that
 * openDatabase made; otherwise, or when the database's text is not UTF-8, they are read
 * as rows a batch at a time.
 */
export async function readSealedLog<T>(db: Db, fn: (log: SealedLogReader) => Promise<T>, options: { batchSize?: number } = {}): Promise<T> {
  const batchSize = options.batchSize ?? 5_000;
  const driver = driverOf(db);
  if (driver) {
    const done = await withSnapshotSession(driver, (session) =>
      fn({
        async readCheckpoints(o) {
          const query = checkpointsAfter(o).compile(db);
          return (await session.query<CheckpointRow>(query.sql, query.parameters)).map(toCheckpoint);
        },
        async readEvents(range, onEvent) {
          await session.copyEvents(range, onEvent);
        },
      }),
    );
    if (done) return done.value;
  }
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((tx) =>
      fn({
        readCheckpoints: (o) => readCheckpoints(tx, o),
        async readEvents(range, onEvent) {
          const batch = (after: AuditPosition | null) => readEventsInSealingOrder(tx, { after, upTo: range.upTo, limit: batchSize });
          // The next batch is asked for before this one is hashed, so the database reads while we hash.
          let next = batch(range.after);
          for (;;) {
            const events = await next;
            const full = events.length === batchSize;
            if (full) next = batch(positionOf(events[events.length - 1]!));
            for (const e of events) onEvent(eventText(e));
            if (!full) return;
          }
        },
      }),
    );
}

export async function insertCheckpoint(tx: Tx, c: AuditCheckpoint): Promise<void> {
  await tx
    .insertInto('audit_checkpoints')
    .values({
      seq: c.seq,
      prev_hash: c.prevCheckpointHash,
      last_txid: c.lastPosition.txid,
      last_event_id: c.lastPosition.id,
      event_count: c.eventCount,
      total_count: c.totalCount,
      chain_head: c.chainHead,
      sealed_at: c.sealedAt,
      key_id: c.keyId,
      signature: c.signature,
    })
    .execute();
}
