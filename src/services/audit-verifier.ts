import { z } from 'zod';
import { sha256 } from '../platform/audit-crypto.js';
import type { Db } from '../store/database.js';
import * as chain from '../store/audit-chain.repository.js';
import {
  comparePositionToEvent,
  comparePositions,
  createAuditVerifier,
  type AuditCheckpoint,
  type AuditPosition,
  type AuditVerifyReport,
  type CheckpointVerifyKey,
  type StoredEventText,
} from '../domain/audit-chain.js';

/**
 * Checks the stored audit log against its checkpoints with the trusted key, streaming the
 * events and reading the checkpoints a batch at a time, so a log of any size fits in
 * memory. Everything is read in one REPEATABLE READ snapshot, so sealing that carries on
 * meanwhile cannot confuse the check.
 */
export async function verifyStoredAuditLog(
  db: Db,
  trustedKey: CheckpointVerifyKey,
  options: { exported?: readonly AuditCheckpoint[]; batchSize?: number } = {},
): Promise<AuditVerifyReport> {
  const batchSize = options.batchSize ?? 5_000;
  const verifier = createAuditVerifier({ sha256, trustedKey, exported: options.exported ?? [] });
  return chain.readSealedLog(
    db,
    async (log) => {
      // Each checkpoint goes in just before the first event beyond the one fed before it,
      // as one event at a time would have it. No query can run on the connection while
      // events stream, so each stream stops where the checkpoints in hand are sure to
      // last: at the furthest position among them.
      let batch: AuditCheckpoint[] = [];
      let next = 0;
      let more = true;
      let lastSeq = 0;
      let furthest = null as AuditCheckpoint | null;
      let readTo: AuditPosition | null = null;
      const feed = (c: AuditCheckpoint) => {
        furthest = c;
        verifier.addCheckpoint(c);
      };
      const check = (e: StoredEventText) => {
        while (next < batch.length && (furthest === null || comparePositionToEvent(furthest.lastPosition, e) < 0)) feed(batch[next++]!);
        verifier.addEventText(e);
      };
      for (;;) {
        if (next === batch.length && more) {
          batch = await log.readCheckpoints({ afterSeq: lastSeq, limit: batchSize });
          next = 0;
          more = batch.length === batchSize;
          lastSeq = batch.at(-1)?.seq ?? lastSeq;
        }
        if (next === batch.length) {
          await log.readEvents({ after: readTo, upTo: null }, check);
          break;
        }
        let reach = furthest?.lastPosition ?? batch[next]!.lastPosition;
        for (let i = next; i < batch.length; i++) if (comparePositions(batch[i]!.lastPosition, reach) > 0) reach = batch[i]!.lastPosition;
        if (readTo === null || comparePositions(reach, readTo) > 0) {
          await log.readEvents({ after: readTo, upTo: reach }, check);
          readTo = reach;
        } else {
          // Every event still to come lies beyond all of these, so each goes in before the next event would.
          while (next < batch.length) feed(batch[next++]!);
        }
      }
      return verifier.finish();
    },
    { batchSize },
  );
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
