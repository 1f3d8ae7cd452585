import { z } from 'zod';
import { sha256 } from '../platform/audit-crypto.js';
import type { Db } from '../store/database.js';
import * as chain from '../store/audit-chain.repository.js';
import {
  comparePositions,
  createAuditVerifier,
  positionOf,
  type AuditCheckpoint,
  type AuditPosition,
  type AuditVerifyReport,
  type SealedAuditEvent,
  type CheckpointVerifyKey,
} from '../domain/audit-chain.js';

/**
 * Checks the stored audit log against its checkpoints with the trusted key, reading both a
 * batch at a time so a log of any size fits in memory. Everything is read in one
 * REPEATABLE READ snapshot, so sealing that carries on meanwhile cannot confuse the check.
 */
export async function verifyStoredAuditLog(
  db: Db,
  trustedKey: CheckpointVerifyKey,
  options: { exported?: readonly AuditCheckpoint[]; batchSize?: number } = {},
): Promise<AuditVerifyReport> {
  const batchSize = options.batchSize ?? 5_000;
  const verifier = createAuditVerifier({ sha256, trustedKey, exported: options.exported ?? [] });
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      // Checkpoints are fed just ahead of the events they cover.
      let batch: AuditCheckpoint[] = [];
      let next = 0;
      let checkpointsLeft = true;
      let furthest: AuditCheckpoint | null = null as AuditCheckpoint | null;
      const feedCheckpointsBeyond = async (position: AuditPosition | null) => {
        while (checkpointsLeft && (position === null || furthest === null || comparePositions(furthest.lastPosition, position) < 0)) {
          if (next === batch.length) {
            batch = await chain.readCheckpoints(tx, { afterSeq: furthest?.seq ?? 0, limit: batchSize });
            next = 0;
            if (batch.length === 0) {
              checkpointsLeft = false;
              return;
            }
          }
          furthest = batch[next++]!;
          verifier.addCheckpoint(furthest);
        }
      };

      // The next batch is asked for before this one is hashed, so the database reads while we hash.
      let nextBatch: Promise<SealedAuditEvent[]> = chain.readEventsInSealingOrder(tx, { after: null, limit: batchSize });
      for (;;) {
        const events = await nextBatch;
        const full = events.length === batchSize;
        if (full) nextBatch = chain.readEventsInSealingOrder(tx, { after: positionOf(events[events.length - 1]!), limit: batchSize });
        for (const e of events) {
          if (checkpointsLeft && (furthest === null || comparePositions(furthest.lastPosition, e) < 0)) await feedCheckpointsBeyond(e);
          verifier.addEvent(e);
        }
        if (!full) break;
      }
      await feedCheckpointsBeyond(null);
      return verifier.finish();
    });
}

/** Writes every checkpoint as JSON, a batch at a time, for keeping away from the database. */
export async function exportCheckpoints(db: Db, write: (text: string) => void | Promise<void>, exportedAt: Date): Promise<number> {
  await write(`{\n  "format": "${EXPORT_FORMAT}",\n  "exportedAt": ${JSON.stringify(exportedAt.toISOString())},\n  "checkpoints": [`);
  let afterSeq = 0;
  let n = 0;
  for (;;) {
    const batch = await chain.readCheckpoints(db, { afterSeq, limit: 5_000 });
    for (const c of batch) {
      await write(`${n === 0 ? '' : ','}\n    ${JSON.stringify(c)}`);
      n++;
      afterSeq = c.seq;
    }
    if (batch.length < 5_000) break;
  }
  await write(`${n === 0 ? '' : '\n  '}]\n}\n`);
  return n;
}

const EXPORT_FORMAT = 'diogel-audit-checkpoints-v1';

const checkpointSchema = z.object({
  seq: z.number().int().positive(),
  prevCheckpointHash: z.string(),
  lastPosition: z.object({ txid: z.string(), id: z.string() }),
  eventCount: z.number().int(),
  totalCount: z.number().int(),
  chainHead: z.string(),
  sealedAt: z.string(),
  keyId: z.string(),
  signature: z.string(),
});

const exportSchema = z.object({ format: z.literal(EXPORT_FORMAT), checkpoints: z.array(checkpointSchema) });

/** Reads a file written by exportCheckpoints. */
export function parseExportedCheckpoints(text: string): AuditCheckpoint[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('The checkpoints file is not JSON.');
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) throw new Error('The checkpoints file is not an export of Diogel audit checkpoints.');
  return parsed.data.checkpoints;
}
