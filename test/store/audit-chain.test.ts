import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../src/store/database.js';
import type { Db, Tx } from '../../src/store/database.js';
import { SEALED_AUDIT_COLUMNS, SEALER_LOCK } from '../../src/store/audit-chain.repository.js';
import { FixedClock } from '../../src/platform/clock.js';
import { checkpointSigner } from '../../src/platform/audit-crypto.js';
import { audit } from '../../src/services/audit.js';
import { sealAllFinal, sealAuditLog, startAuditSealer } from '../../src/services/audit-sealer.js';
import { exportCheckpoints, parseExportedCheckpoints, verifyStoredAuditLog } from '../../src/services/audit-verifier.js';
import { signCheckpoint, type AuditCheckpoint, type AuditVerifyReport } from '../../src/domain/audit-chain.js';

const signer = checkpointSigner(generateKeyPairSync('ed25519').privateKey);
const attacker = checkpointSigner(generateKeyPairSync('ed25519').privateKey);
const ctx = { requestId: 'audit-chain-test', ip: '127.0.0.1' };
const actor = { userId: randomUUID(), organisationId: randomUUID() };

async function appendEvents(db: Db | Tx, clock: FixedClock, n: number, action = 'case.read'): Promise<void> {
  for (let i = 0; i < n; i++) {
    clock.advance(1_234);
    await audit(db, clock.now(), actor, ctx, action, { type: 'case', id: randomUUID() }, i % 5 === 0 ? 'denied' : 'success', i % 2 ? { n: i, label: 'Llŷr', nested: { b: [1.5, null], a: true } } : undefined);
  }
}

async function lastEventId(db: Db): Promise<string> {
  const row = await db.selectFrom('audit_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return row.id;
}

/** As the database owner, who can switch the append-only triggers off: the attacker the chain is for. */
async function asOwnerWithoutTriggers(db: Db, table: 'audit_events' | 'audit_checkpoints', change: () => Promise<unknown>): Promise<void> {
  await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
  try {
    await change();
  } finally {
    await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
  }
}

/**
 * Waits until every audit event here is final. The horizon is server-wide, so on a shared
 * PostgreSQL server a transaction left open in another database (another test file) holds
 * sealing back for a while; it never makes it wrong.
 */
async function untilFinal(db: Db): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { rows } = await sql<{ final: boolean }>`
      select coalesce(max(txid) < pg_snapshot_xmin(pg_current_snapshot()), true) as final from audit_events
    `.execute(db);
    if (rows[0]!.final) return;
    if (attempt === 1_500) throw new Error('A transaction elsewhere on this PostgreSQL server has been open for over 30 seconds, so nothing here can be sealed.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function kinds(r: AuditVerifyReport): string[] {
  return r.problems.map((p) => p.kind);
}

for (const engine of ENGINES) {
  describe(`audit chain in the store (${engine})`, () => {
    let h: DatabaseHandle;
    const clock = new FixedClock(new Date('2026-11-17T10:00:00Z'));
    const verify = (options: Parameters<typeof verifyStoredAuditLog>[2] = {}) => verifyStoredAuditLog(h.db, signer, options);
    before(async () => {
      h = await openTestDatabase(engine);
    });
    after(async () => h?.close());

    it('seals every column of audit_events', async () => {
      const { rows } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns where table_name = 'audit_events' and table_schema = current_schema()
      `.execute(h.db);
      assert.deepEqual(rows.map((r) => r.column_name).sort(), [...SEALED_AUDIT_COLUMNS].sort());
    });

    it('seals final events into a signed checkpoint, in number order, then has nothing new to seal', async () => {
      // One transaction, so the order within it is by id alone, across 9 to 10; small batches cross it too.
      await h.db.transaction().execute((tx) => appendEvents(tx, clock, 30));
      await untilFinal(h.db);
      const first = await sealAuditLog(h.db, signer, clock, { batchSize: 4 });
      assert.equal(first.status, 'sealed');
      if (first.status !== 'sealed') return;
      assert.equal(first.checkpoint.eventCount, 30);
      assert.equal(first.checkpoint.seq, 1);
      assert.equal(first.checkpoint.lastPosition.id, await lastEventId(h.db));
      assert.deepEqual(await sealAuditLog(h.db, signer, clock), { status: 'nothing_new' });
      const report = await verify({ batchSize: 3 });
      assert.deepEqual(report.problems, []);
      assert.equal(report.ok, true);
      assert.equal(report.eventsChecked, 30);
      assert.equal(report.unsealedEvents, 0);
    });

    it('counts events not yet sealed without failing, and seals them next time', async () => {
      await appendEvents(h.db, clock, 5);
      const before = await verify();
      assert.equal(before.ok, true);
      assert.equal(before.unsealedEvents, 5);
      await untilFinal(h.db);
      const sealed = await sealAuditLog(h.db, signer, clock);
      assert.equal(sealed.status === 'sealed' && sealed.checkpoint.totalCount, 35);
      assert.equal((await verify()).unsealedEvents, 0);
    });

    it('leaves no trace of a rolled-back transaction, and the gap in ids does not matter', async () => {
      await assert.rejects(
        h.db.transaction().execute(async (tx) => {
          await appendEvents(tx, clock, 3);
          throw new Error('roll back');
        }),
      );
      await appendEvents(h.db, clock, 2);
      await untilFinal(h.db);
      await sealAllFinal(h.db, signer, clock);
      const report = await verify();
      assert.equal(report.ok, true);
      assert.equal(report.eventsChecked, 37);
    });

    it('splits a large backlog into several checkpoints and verifies a batch at a time', async () => {
      await appendEvents(h.db, clock, 23);
      await untilFinal(h.db);
      const made = await sealAllFinal(h.db, signer, clock, { maxEvents: 7, batchSize: 3 });
      assert.deepEqual(made.map((c) => c.eventCount), [7, 7, 7, 2]);
      const report = await verify({ batchSize: 4 });
      assert.deepEqual(report.problems, []);
      assert.equal(report.checkpointsChecked, 7);
      assert.equal(report.eventsChecked, 60);
    });

    it('seals on a timer, and stops when asked', async () => {
      await appendEvents(h.db, clock, 4);
      await untilFinal(h.db);
      let sealed!: (made: AuditCheckpoint[]) => void;
      let failed!: (err: unknown) => void;
      const firstSeal = new Promise<AuditCheckpoint[]>((resolve, reject) => ((sealed = resolve), (failed = reject)));
      const sealer = startAuditSealer({ db: h.db, signer, clock, intervalMs: 5, onSealed: sealed, onError: failed });
      const made = await firstSeal;
      await sealer.stop();
      assert.equal(made.reduce((n, c) => n + c.eventCount, 0), 4);
      assert.equal((await verify()).unsealedEvents, 0);
    });

    if (engine === 'postgres') {
      it('never seals past a transaction still in flight, and seals its events once it commits', async () => {
        // B takes its transaction id first; A then writes the lower audit id and commits first.
        // Sealing in id order would seal A's event and later find B's below it; sealing by
        // finality waits for B and then seals both in (txid, id) order.
        const b = await h.db.startTransaction().execute();
        const a = await h.db.startTransaction().execute();
        try {
          await sql`select pg_current_xact_id()`.execute(b);
          await appendEvents(a, clock, 1, 'a.commits.first');
          await appendEvents(b, clock, 1, 'b.commits.later');
          await a.commit().execute();
          const whileBRuns = await sealAuditLog(h.db, signer, clock);
          assert.deepEqual(whileBRuns, { status: 'nothing_new' }, "A's event is committed but B could still write below it");
          const meanwhile = await verify();
          assert.equal(meanwhile.ok, true);
          assert.equal(meanwhile.unsealedEvents, 1);
          await b.commit().execute();
        } finally {
          await a.rollback().execute().catch(() => {});
          await b.rollback().execute().catch(() => {});
        }
        await untilFinal(h.db);
        const sealed = await sealAuditLog(h.db, signer, clock);
        assert.equal(sealed.status, 'sealed');
        if (sealed.status !== 'sealed') return;
        assert.equal(sealed.checkpoint.eventCount, 2);
        const aEvent = await h.db.selectFrom('audit_events').select(['id', 'txid']).where('action', '=', 'a.commits.first').executeTakeFirstOrThrow();
        const bEvent = await h.db.selectFrom('audit_events').select(['id', 'txid']).where('action', '=', 'b.commits.later').executeTakeFirstOrThrow();
        assert.ok(BigInt(aEvent.id) < BigInt(bEvent.id) && BigInt(aEvent.txid) > BigInt(bEvent.txid));
        assert.deepEqual(sealed.checkpoint.lastPosition, { txid: aEvent.txid, id: aEvent.id }, 'the lower id is sealed last');
        assert.equal((await verify()).ok, true);
      });

      it('lets one sealer run at a time; writers are never held up', async () => {
        await appendEvents(h.db, clock, 3);
        const holder = await h.db.startTransaction().execute();
        try {
          const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SEALER_LOCK}::bigint) as locked`.execute(holder);
          assert.equal(rows[0]!.locked, true);
          assert.deepEqual(await sealAuditLog(h.db, signer, clock), { status: 'busy' });
          await appendEvents(h.db, clock, 2); // not waiting on the sealer's lock
        } finally {
          await holder.rollback().execute();
        }
        await sealAllFinal(h.db, signer, clock);
        assert.equal((await verify()).ok, true);
      });
    }

    it('refuses UPDATE, DELETE and TRUNCATE of audit_events and audit_checkpoints', async () => {
      for (const table of ['audit_events', 'audit_checkpoints'] as const) {
        await assert.rejects(sql`update ${sql.table(table)} set ${sql.ref(table === 'audit_events' ? 'outcome' : 'key_id')} = ${table === 'audit_events' ? 'denied' : 'f'.repeat(64)}`.execute(h.db), /append-only: UPDATE/);
        await assert.rejects(sql`delete from ${sql.table(table)}`.execute(h.db), /append-only: DELETE/);
        await assert.rejects(sql`truncate ${sql.table(table)}`.execute(h.db), /append-only: TRUNCATE/);
      }
      assert.equal((await verify()).ok, true);
    });

    it('reports a row the owner edited behind the triggers, and is clean again once it is put back', async () => {
      const target = await h.db.selectFrom('audit_events').select(['id', 'outcome']).orderBy('id').offset(10).limit(1).executeTakeFirstOrThrow();
      const other = target.outcome === 'success' ? 'denied' : 'success';
      await asOwnerWithoutTriggers(h.db, 'audit_events', () => h.db.updateTable('audit_events').set({ outcome: other }).where('id', '=', target.id).execute());
      const edited = await verify();
      assert.equal(edited.ok, false);
      assert.deepEqual(kinds(edited), ['chain_mismatch']);
      assert.equal(edited.problems[0]!.checkpoint, 1);
      assert.match(edited.problems[0]!.message, /Checkpoint 1 \(events 1 to 30\): the events do not match what was sealed/);

      await asOwnerWithoutTriggers(h.db, 'audit_events', () => h.db.updateTable('audit_events').set({ outcome: target.outcome }).where('id', '=', target.id).execute());
      assert.equal((await verify()).ok, true);

      // A change below what a JavaScript Date can hold is still a change.
      await asOwnerWithoutTriggers(h.db, 'audit_events', () => sql`update audit_events set occurred_at = occurred_at + interval '1 microsecond' where id = ${target.id}`.execute(h.db));
      assert.deepEqual(kinds(await verify()), ['chain_mismatch']);
      await asOwnerWithoutTriggers(h.db, 'audit_events', () => sql`update audit_events set occurred_at = occurred_at - interval '1 microsecond' where id = ${target.id}`.execute(h.db));
      assert.equal((await verify()).ok, true);
    });

    it('reports a forged checkpoint, and the sealer will not build on it', async () => {
      await appendEvents(h.db, clock, 2);
      await untilFinal(h.db);
      const last = (await sealAllFinal(h.db, signer, clock)).at(-1)!;
      await appendEvents(h.db, clock, 2);
      const exported = await exportToText(h.db);
      // Inserting is allowed (the table is append-only, not closed): the signature is what gives it away.
      const forged = signCheckpoint(attacker, { ...last, seq: last.seq + 1, eventCount: 2, totalCount: last.totalCount + 2, lastPosition: { txid: '999999999', id: '999999999' } });
      await h.db.insertInto('audit_checkpoints').values({
        seq: forged.seq, prev_hash: forged.prevCheckpointHash, last_txid: forged.lastPosition.txid, last_event_id: forged.lastPosition.id,
        event_count: forged.eventCount, total_count: forged.totalCount, chain_head: forged.chainHead, sealed_at: forged.sealedAt, key_id: forged.keyId, signature: forged.signature,
      }).execute();
      const report = await verify();
      assert.ok(kinds(report).includes('unknown_key'), kinds(report).join());
      await assert.rejects(sealAuditLog(h.db, signer, clock), /not signed by this server's audit key, so sealing has stopped/);
      await asOwnerWithoutTriggers(h.db, 'audit_checkpoints', () => h.db.deleteFrom('audit_checkpoints').where('seq', '=', String(forged.seq)).execute());
      assert.equal((await verify({ exported: parseExportedCheckpoints(exported) })).ok, true);
    });

    it('reports deleted rows, and a cut log whose checkpoints were deleted too when given an exported copy', async () => {
      const exported = parseExportedCheckpoints(await exportToText(h.db));
      const middle = await h.db.selectFrom('audit_events').select('id').orderBy('id').offset(3).limit(1).executeTakeFirstOrThrow();
      await asOwnerWithoutTriggers(h.db, 'audit_events', () => h.db.deleteFrom('audit_events').where('id', '=', middle.id).execute());
      const deleted = await verify();
      assert.deepEqual(kinds(deleted), ['chain_mismatch']);
      assert.equal(deleted.problems[0]!.checkpoint, 1);

      // Cut the log back to the end of checkpoint 2 and remove the checkpoints after it: the
      // database alone then looks consistent (apart from the deletion above); the exported copy does not.
      const keep = exported.find((c) => c.seq === 2)!;
      await asOwnerWithoutTriggers(h.db, 'audit_events', () => sql`delete from audit_events where (txid, id) > (${keep.lastPosition.txid}::xid8, ${keep.lastPosition.id}::bigint)`.execute(h.db));
      await asOwnerWithoutTriggers(h.db, 'audit_checkpoints', () => h.db.deleteFrom('audit_checkpoints').where('seq', '>', '2').execute());
      assert.deepEqual(kinds(await verify()), ['chain_mismatch'], 'only the deleted row shows without the exported copy');
      const withExport = await verify({ exported });
      assert.equal(withExport.ok, false);
      assert.ok(kinds(withExport).includes('missing_checkpoint'));
      assert.equal(withExport.problems.filter((p) => p.kind === 'missing_checkpoint').length, exported.length - 2);

      // And truncating without removing checkpoints is caught from the checkpoints alone.
      const lastId = await lastEventId(h.db);
      await asOwnerWithoutTriggers(h.db, 'audit_events', () => sql`delete from audit_events where id = ${lastId}`.execute(h.db));
      assert.ok(kinds(await verify()).includes('truncated'));
    });
  });
}

async function exportToText(db: Db): Promise<string> {
  let text = '';
  await exportCheckpoints(db, (t) => void (text += t), new Date('2026-11-17T12:00:00Z'));
  return text;
}
