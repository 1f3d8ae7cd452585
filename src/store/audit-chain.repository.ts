import { sql, type RawBuilder } from 'kysely';
import type { AuditCheckpoint, AuditPosition, SealedAuditEvent } from '../domain/audit-chain.js';
import type { Db, Tx } from './database.js';

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
 * The next events in sealing order after a position, optionally only those below a
 * finality horizon. Read as text, exactly as stored. ORDER BY names the table: a bare
 * name would sort by the text aliases, putting id 10 before id 9.
 */
export async function readEventsInSealingOrder(
  db: Db | Tx,
  options: { after: AuditPosition | null; below?: string; limit: number },
): Promise<SealedAuditEvent[]> {
  const { after, below, limit } = options;
  const { rows } = await sql<SealedAuditEvent>`
    select id::text as "id", txid::text as "txid", ${utcText('occurred_at')} as "occurredAt",
      actor_user_id::text as "actorUserId", action, record_type as "recordType", record_id::text as "recordId",
      organisation_id::text as "organisationId", request_id as "requestId", ip, outcome, purpose, detail::text as "detail"
    from audit_events
    where true
      ${after ? sql`and (txid, id) > (${after.txid}::xid8, ${after.id}::bigint)` : sql``}
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
  const { rows } = await sql<CheckpointRow>`
    select ${checkpointColumns} from audit_checkpoints where audit_checkpoints.seq > ${options.afterSeq} order by audit_checkpoints.seq limit ${options.limit}
  `.execute(db);
  return rows.map(toCheckpoint);
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
