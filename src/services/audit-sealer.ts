import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/audit-crypto.js';
import type { Db } from '../store/database.js';
import * as chain from '../store/audit-chain.repository.js';
import {
  GENESIS_CHAIN_HEAD,
  GENESIS_HASH,
  chainStep,
  checkpointHash,
  encodeCheckpointPayload,
  fromHex,
  positionOf,
  signCheckpoint,
  toHex,
  utcMicros,
  type AuditCheckpoint,
  type CheckpointSigner,
} from '../domain/audit-chain.js';

export type SealResult =
  | { status: 'sealed'; checkpoint: AuditCheckpoint; /** more final events are waiting beyond maxEvents */ more: boolean }
  | { status: 'nothing_new' }
  /** another process holds the sealer lock */
  | { status: 'busy' };

export interface SealOptions {
  /** Most events in one checkpoint, so one checkpoint never holds a transaction open for long. */
  maxEvents?: number;
  batchSize?: number;
}

/**
 * Seals every final audit event not yet sealed (up to maxEvents) into one new signed checkpoint.
 *
 * Writers never wait for this: they insert with no chain work, and the sealer reads only
 * events below the finality horizon, the oldest transaction still running. Every
 * transaction that could still insert an event has an id at or above the horizon, and
 * each checkpoint ends below the horizon it was sealed at, so an event can never commit
 * behind a sealed position. Ids alone would not do: they are taken before commit, so a
 * lower id can commit after a higher one has been sealed.
 *
 * Runs in a READ COMMITTED transaction on purpose: each statement after the lock sees the
 * checkpoint the previous sealer committed before it let the lock go.
 */
export async function sealAuditLog(db: Db, signer: CheckpointSigner, clock: Clock, options: SealOptions = {}): Promise<SealResult> {
  const maxEvents = options.maxEvents ?? 100_000;
  const batchSize = options.batchSize ?? 5_000;
  return db.transaction().execute(async (tx): Promise<SealResult> => {
    if (!(await chain.tryTakeSealerLock(tx))) return { status: 'busy' };
    const last = await chain.findLastCheckpoint(tx);
    // Never build on a checkpoint this key cannot vouch for: that would launder a forgery.
    if (last && (last.keyId !== signer.keyId || !signer.verify(encodeCheckpointPayload(last), last.signature))) {
      throw new Error(`Audit checkpoint ${last.seq} is not signed by this server's audit key, so sealing has stopped. Run "diogel audit verify" to see why.`);
    }
    const horizon = await chain.finalityHorizon(tx);

    let head: Uint8Array = last ? fromHex(last.chainHead) : GENESIS_CHAIN_HEAD;
    let position = last?.lastPosition ?? null;
    let sealed = 0;
    for (;;) {
      const limit = Math.min(batchSize, maxEvents - sealed);
      if (limit <= 0) break;
      const events = await chain.readEventsInSealingOrder(tx, { after: position, below: horizon, limit });
      for (const e of events) head = chainStep(sha256, head, e);
      sealed += events.length;
      if (events.length > 0) position = positionOf(events[events.length - 1]!);
      if (events.length < limit) break;
    }
    if (sealed === 0 || position === null) return { status: 'nothing_new' };

    const checkpoint = signCheckpoint(signer, {
      seq: (last?.seq ?? 0) + 1,
      prevCheckpointHash: last ? checkpointHash(sha256, last) : GENESIS_HASH,
      lastPosition: position,
      eventCount: sealed,
      totalCount: (last?.totalCount ?? 0) + sealed,
      chainHead: toHex(head),
      sealedAt: utcMicros(clock.now()),
    });
    await chain.insertCheckpoint(tx, checkpoint);
    return { status: 'sealed', checkpoint, more: sealed === maxEvents };
  });
}

/** Seals until nothing final is left unsealed (or another process is sealing). */
export async function sealAllFinal(db: Db, signer: CheckpointSigner, clock: Clock, options: SealOptions = {}): Promise<AuditCheckpoint[]> {
  const made: AuditCheckpoint[] = [];
  for (;;) {
    const result = await sealAuditLog(db, signer, clock, options);
    if (result.status !== 'sealed') return made;
    made.push(result.checkpoint);
    if (!result.more) return made;
  }
}

export interface AuditSealerHandle {
  /** Stops the timer and waits for a seal in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Seals on a timer, one run at a time. A failure is reported and the next run tries again;
 * the events stay in the log and are sealed once the cause is fixed.
 */
export function startAuditSealer(deps: {
  db: Db;
  signer: CheckpointSigner;
  clock: Clock;
  intervalMs?: number;
  onSealed?: (checkpoints: AuditCheckpoint[]) => void;
  onError?: (err: unknown) => void;
}): AuditSealerHandle {
  const intervalMs = deps.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const run = async () => {
    try {
      const made = await sealAllFinal(deps.db, deps.signer, deps.clock);
      if (made.length > 0) deps.onSealed?.(made);
    } catch (err) {
      if (!stopped) deps.onError?.(err);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
