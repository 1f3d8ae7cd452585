import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import { driverOf, type DatabaseHandle, type Db } from '../../src/store/database.js';
import { readEventsInSealingOrder, readSealedLog } from '../../src/store/audit-chain.repository.js';
import { copyEventsSql } from '../../src/store/audit-copy.js';
import { FixedClock } from '../../src/platform/clock.js';
import { checkpointSigner } from '../../src/platform/audit-crypto.js';
import { sealAllFinal } from '../../src/services/audit-sealer.js';
import { verifyStoredAuditLog } from '../../src/services/audit-verifier.js';
import { EVENT_COLUMNS, encodeAuditEvent, encodeStoredEvent, toHex, type SealedAuditEvent, type StoredEventText } from '../../src/domain/audit-chain.js';

/**
 * `diogel audit verify` reads the events with COPY in binary and writes each column's text
 * itself (src/store/audit-copy.ts); the sealer reads them as rows of text. The two must give
 * the same bytes for every value a column can hold, or an intact log would fail the check,
 * and an edit to any column must still show.
 */

const signer = checkpointSigner(generateKeyPairSync('ed25519').privateKey);
const clock = new FixedClock(new Date('2026-11-17T10:00:00Z'));
const decoder = new TextDecoder();

// Instants to_char writes awkwardly: before 2000 (negative), BC, past 9999, past 2^53 microseconds, the ends of the range.
const INSTANTS = [
  '2026-11-17 10:00:00.123456+00', '2000-01-01 00:00:00+00', '1999-12-31 23:59:59.999999+00', '2000-02-29 12:00:00.5+00', '1900-02-28 23:59:59+00',
  '1970-01-01 00:00:00+00', '0001-01-01 00:00:00+00', '0001-12-31 23:59:59.999999+00 BC', '0044-03-15 12:00:00+00 BC', '4714-11-24 00:00:00+00 BC',
  '9999-12-31 23:59:59.999999+00', '10000-01-01 00:00:00+00', '2286-01-01 00:00:00.000001+00', '3000-06-15 12:34:56.789012+00',
  '294276-12-31 23:59:59.999999+00', 'infinity', '-infinity', '2026-03-29 01:30:00+01',
];

// Text as it might arrive from a form or a header: tabs, new lines, backslashes, quotes, Welsh, astral, empty.
const TEXTS = ['plain', '', 'tab\there', 'new\nline', 'carriage\r\nreturn', 'back\\slash', '\\N', '"quoted"', 'Llŷr ŵyr', '😀 𝄞', '\u007f', ' lead and trail '];

// jsonb keeps these as it parsed them; canonical JSON must come out the same both ways.
const DETAILS = [
  '{"events": ["ChronologyEntryAdded"]}', '{"b": 1, "ab": [1.50, "x", {"z": null, "y": true}]}', '{}', '[]', '"just text"', '12345678901234567890.000',
  '{"text": "tab\\there, new\\nline, back\\\\slash, \\"quoted\\""}', '{"Llŷr": "ŵ", "é": 1, "e": 2, "😀": "𝄞", "\\ue000": 3}', '{"a": {"c": [1, 2e-7, -0.0], "b": false}}',
  '{"esc": "\\u00e9\\u0001"}', 'null', '[1, [2, [3, [4]]]]',
];

async function insertAwkwardEvents(db: Db): Promise<void> {
  let n = 0;
  const row = (over: Record<string, unknown>) => ({
    occurred_at: '2026-11-17 10:00:00+00', actor_user_id: null, action: 'test.copy', record_type: null, record_id: null, organisation_id: null,
    request_id: null, ip: null, outcome: 'success', purpose: null, detail: null, ...over,
  });
  const insert = async (values: Record<string, unknown>) => {
    n++;
    const cols = Object.keys(values);
    await sql`insert into audit_events (${sql.join(cols.map((c) => sql.ref(c)))}) values (${sql.join(cols.map((c) => sql`${values[c]}`))})`.execute(db);
  };
  for (const at of INSTANTS) await insert(row({ occurred_at: at }));
  for (const t of TEXTS) {
    await insert(row({ action: t, record_type: t, request_id: t, ip: t, purpose: t }));
  }
  for (const d of DETAILS) await insert(row({ detail: sql`${d}::jsonb` }));
  await insert(row({ actor_user_id: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', record_id: '00000000-0000-0000-0000-000000000000', organisation_id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' }));
  // One transaction whose events share some columns and not others: the reader reuses the text of a column that repeats.
  const [a, b] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
  await db.transaction().execute(async (tx) => {
    for (const actor of [a, a, b, null, a, a]) {
      n++;
      await sql`insert into audit_events (occurred_at, actor_user_id, action, organisation_id, record_type, record_id, outcome)
        values ('2026-11-17 10:00:00+00', ${actor}, 'test.repeat', ${b}, 'case', ${actor === null ? null : a}, 'success')`.execute(tx);
    }
  });
  // Ids either side of 2^31 and 2^53, and below zero: bigserial would never give them, an edit could.
  for (const id of ['2147483647', '2147483648', '9007199254740993', '9223372036854775807', '-5', '0']) await insert(row({ id, action: `id ${id}` }));
  assert.ok(n > 40);
}

/** Every event as COPY gives it, each column decoded, with its encoded bytes. */
async function copied(db: Db): Promise<Array<{ columns: Array<string | null>; bytes: string }>> {
  const out: Array<{ columns: Array<string | null>; bytes: string }> = [];
  await readSealedLog(db, (log) =>
    log.readEvents({ after: null, upTo: null }, (e: StoredEventText) => {
      const columns = Array.from({ length: EVENT_COLUMNS }, (_, i) => (e.start[i]! < 0 ? null : decoder.decode(e.src[i]!.subarray(e.start[i]!, e.end[i]!))));
      out.push({ columns, bytes: toHex(encodeStoredEvent(e)) });
    }),
  );
  return out;
}

async function rows(db: Db): Promise<SealedAuditEvent[]> {
  return readEventsInSealingOrder(db, { after: null, limit: 1_000 });
}

/** A new Kysely over the same pool, which the store does not know, so it reads rows instead of COPY. */
function rowsOnly(db: Db): Db {
  const other = db.withoutPlugins();
  assert.equal(driverOf(other), undefined);
  return other;
}

async function untilFinal(db: Db): Promise<void> {
  for (let attempt = 0; attempt < 1_500; attempt++) {
    const { rows } = await sql<{ final: boolean }>`select coalesce(max(txid) < pg_snapshot_xmin(pg_current_snapshot()), true) as final from audit_events`.execute(db);
    if (rows[0]!.final) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('A transaction elsewhere on this PostgreSQL server has been open for over 30 seconds.');
}

async function withoutTriggers(db: Db, change: () => Promise<unknown>): Promise<void> {
  await sql`alter table audit_events disable trigger user`.execute(db);
  try {
    await change();
  } finally {
    await sql`alter table audit_events enable trigger user`.execute(db);
  }
}

for (const engine of ENGINES) {
  describe(`audit events by COPY (${engine})`, () => {
    let h: DatabaseHandle;
    before(async () => {
      h = await openTestDatabase(engine);
      await insertAwkwardEvents(h.db);
      await untilFinal(h.db);
      await sealAllFinal(h.db, signer, clock, { maxEvents: 10 });
    });
    after(async () => h?.close());

    it('reads the columns COPY is written for, with the types it parses', async () => {
      const { rows: columns } = await sql<{ column_name: string; data_type: string }>`
        select column_name, data_type from information_schema.columns where table_name = 'audit_events' and table_schema = current_schema()
      `.execute(h.db);
      const types = Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]));
      assert.deepEqual(types, {
        id: 'bigint', txid: 'xid8', occurred_at: 'timestamp with time zone', actor_user_id: 'uuid', action: 'text', record_type: 'text', record_id: 'uuid',
        organisation_id: 'uuid', request_id: 'text', ip: 'text', outcome: 'text', purpose: 'text', detail: 'jsonb',
      });
    });

    it('gives every column the same text, and every event the same bytes, as reading rows does', async () => {
      const byRow = await rows(h.db);
      const byCopy = await copied(h.db);
      assert.equal(byCopy.length, byRow.length);
      byRow.forEach((e, i) => {
        assert.deepEqual(byCopy[i]!.columns, [e.id, e.txid, e.occurredAt, e.actorUserId, e.action, e.recordType, e.recordId, e.organisationId, e.requestId, e.ip, e.outcome, e.purpose, e.detail]);
        assert.equal(byCopy[i]!.bytes, toHex(encodeAuditEvent(e)), `event ${e.id}`);
      });
      // Spot checks that the awkward values are there to be compared.
      const times = new Set(byRow.map((e) => e.occurredAt));
      for (const t of ['0001-01-01T00:00:00.000000Z', '0001-12-31T23:59:59.999999Z', '4714-11-24T00:00:00.000000Z', '294276-12-31T23:59:59.999999Z', 'infinity', '-infinity', '1999-12-31T23:59:59.999999Z']) {
        assert.ok(times.has(t), `${t} in ${[...times].join(', ')}`);
      }
      assert.ok(byRow.some((e) => e.requestId === '') && byRow.some((e) => e.requestId === null));
      assert.ok(byRow.some((e) => e.id === '-5') && byRow.some((e) => e.id === '9223372036854775807'));
    });

    it('reads a range: after one position, up to and including another', async () => {
      const all = await rows(h.db);
      const [from, to] = [all[3]!, all[20]!];
      const ids: string[] = [];
      await readSealedLog(h.db, (log) =>
        log.readEvents({ after: { txid: from.txid, id: from.id }, upTo: { txid: to.txid, id: to.id } }, (e) => ids.push(decoder.decode(e.src[0]!.subarray(e.start[0]!, e.end[0]!)))),
      );
      assert.deepEqual(ids, all.slice(4, 21).map((e) => e.id));
      assert.throws(() => copyEventsSql({ after: { txid: "1'); drop table audit_events; --", id: '1' }, upTo: null }), /Not a position/);
    });

    it('passes on an error from the database or from the caller part way through, and the connection carries on', async () => {
      await assert.rejects(
        readSealedLog(h.db, (log) => log.readEvents({ after: { txid: '1', id: '9999999999999999999' }, upTo: null }, () => {})),
        /out of range|invalid/,
      );
      let seen = 0;
      await assert.rejects(
        readSealedLog(h.db, (log) =>
          log.readEvents({ after: null, upTo: null }, () => {
            if (++seen === 5) throw new Error('stop here');
          }),
        ),
        /stop here/,
      );
      assert.equal(seen, 5, 'nothing more is handed on after a failure');
      assert.ok(driverOf(h.db));
      assert.equal((await verifyStoredAuditLog(h.db, signer)).ok, true);
    });

    it('verifies the log intact, as does the row reader on a Db it cannot COPY through', async () => {
      const report = await verifyStoredAuditLog(h.db, signer, { batchSize: 2 });
      assert.deepEqual(report.problems, []);
      assert.ok(report.checkpointsChecked >= 5);
      assert.deepEqual(await verifyStoredAuditLog(rowsOnly(h.db), signer, { batchSize: 2 }), report);
    });

    it('detects an edit to any column, even one that only a byte-exact reader would see', async () => {
      const all = await rows(h.db);
      const target = all.find((e) => e.requestId === '')!;
      const jsonTarget = all.find((e) => e.detail?.includes('1.50'))!;
      const edits: Array<[string, ReturnType<typeof sql>, string]> = [
        ['occurred_at', sql`occurred_at = occurred_at + interval '1 microsecond'`, target.id],
        ['actor_user_id', sql`actor_user_id = '00000000-0000-0000-0000-000000000001'`, target.id],
        ['action', sql`action = action || ' '`, target.id],
        ['record_type', sql`record_type = null`, target.id],
        ['record_id', sql`record_id = '00000000-0000-0000-0000-000000000002'`, target.id],
        ['organisation_id', sql`organisation_id = '00000000-0000-0000-0000-000000000003'`, target.id],
        ['request_id', sql`request_id = null`, target.id],
        ['ip', sql`ip = 'tab there'`, target.id],
        ['outcome', sql`outcome = 'denied'`, target.id],
        ['purpose', sql`purpose = 'x'`, target.id],
        ['detail', sql`detail = '{"b": 1, "ab": [1.5, "x", {"z": null, "y": true}]}'`, jsonTarget.id],
        ['detail', sql`detail = null`, jsonTarget.id],
        ['id', sql`id = id + 1000`, target.id],
      ];
      const columns = sql.raw('id, txid, occurred_at, actor_user_id, action, record_type, record_id, organisation_id, request_id, ip, outcome, purpose, detail');
      for (const [column, set, id] of edits) {
        // Kept in the database, not read out, so it goes back exactly (a Date would lose the microseconds).
        await sql`create temporary table kept as select * from audit_events where id = ${id}`.execute(h.db);
        await withoutTriggers(h.db, () => sql`update audit_events set ${set} where id = ${id}`.execute(h.db));
        const report = await verifyStoredAuditLog(h.db, signer);
        assert.equal(report.ok, false, `an edit to ${column} went unnoticed`);
        assert.ok(report.problems.every((p) => p.kind === 'chain_mismatch'), `${column}: ${JSON.stringify(report.problems)}`);
        const byRows = await verifyStoredAuditLog(rowsOnly(h.db), signer);
        assert.deepEqual(byRows, report, `${column}: both readers report the same`);
        const now = column === 'id' ? String(BigInt(id) + 1000n) : id;
        await withoutTriggers(h.db, () => sql`update audit_events set (${columns}) = (select ${columns} from kept) where id = ${now}`.execute(h.db));
        await sql`drop table kept`.execute(h.db);
        assert.deepEqual((await verifyStoredAuditLog(h.db, signer)).problems, [], `${column} put back`);
      }
    });
  });
}
