import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.js';
import { foldAdult, foldChild, adultProjection, childProjection } from '../../src/services/case-engine.js';
import type { CaseProjection } from '../../src/store/cases.repository.js';
import { generateDataset } from '../../bench/data/generate.js';
import { copyText, copyValue } from '../../bench/data/copy.js';
import { nhsNumber } from '../../bench/data/names.js';
import { auditVerify, lists, personSearch } from '../../bench/at-scale.js';
import { admin, ADMIN_URL, type DatasetDescriptor } from '../../bench/dataset.js';
import { ENGINES } from '../support/db.js';

/**
 * A small run of the synthetic-data generator on each engine, checked the way the big one
 * is trusted: every stored case folds from its events to exactly its projection row, every
 * foreign key holds, the audit trail verifies, and the benchmarks that read the dataset run.
 */
const CASES = 150;

describe('COPY text', () => {
  it('escapes what would break a row and writes arrays, dates, JSON and nulls as PostgreSQL reads them', () => {
    assert.equal(copyValue(null), '\\N');
    assert.equal(copyValue('a\tb\nc\\d'), 'a\\tb\\nc\\\\d');
    assert.equal(copyValue(['neglect', 'say "no"']), '{"neglect","say \\\\"no\\\\""}');
    assert.equal(copyValue(new Date('2026-11-17T10:00:00Z')), '2026-11-17T10:00:00.000Z');
    assert.equal(copyValue({ a: 'x\ny' }), '{"a":"x\\\\ny"}');
    assert.equal(copyText(['a', 'b'], [{ a: 1, b: true }, { a: 2, b: null }]), '1\tt\n2\t\\N\n');
  });

  it('makes NHS numbers with a valid check digit, never the same twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const n = nhsNumber();
      assert.match(n, /^\d{10}$/);
      const sum = [...n.slice(0, 9)].reduce((s, d, j) => s + Number(d) * (10 - j), 0);
      assert.equal((11 - (sum % 11)) % 11, Number(n[9]));
      assert.ok(!seen.has(n));
      seen.add(n);
    }
  });
});

for (const engine of ENGINES) {
  describe(`the generator on ${engine}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-gen-'));
    const dbName = `diogel_test_gen_${process.pid}_${randomBytes(3).toString('hex')}`;
    let d: DatasetDescriptor;
    let handle: DatabaseHandle;
    const progress: string[] = [];

    before(async () => {
      let databaseUrl: string | undefined;
      if (engine === 'postgres') {
        await admin(`CREATE DATABASE ${dbName}`);
        const url = new URL(ADMIN_URL);
        url.pathname = `/${dbName}`;
        databaseUrl = url.toString();
      }
      d = await generateDataset({ scale: 'smoke', name: 'test', cases: CASES, engine, dir, ...(databaseUrl ? { databaseUrl } : {}), chunkSize: 40, onProgress: (l) => progress.push(l) });
      handle = await openDatabase(d.databaseUrl ? { databaseUrl: d.databaseUrl } : { dataDir: d.dataDir });
    });

    after(async () => {
      await handle?.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    });

    it('describes the dataset and says how it is going', () => {
      assert.equal(d.engine, engine);
      assert.ok(fs.existsSync(path.join(dir, 'dataset.json')));
      assert.ok(fs.existsSync(path.join(dir, 'audit-signing-key.pem')) && fs.existsSync(path.join(dir, 'mfa-key')));
      // The demo's cases are there as well as the generated ones.
      assert.ok(d.counts.cases! > CASES && d.counts.cases! < CASES + 20, String(d.counts.cases));
      assert.ok(d.counts.case_events! > CASES * 10, 'events');
      assert.ok(d.counts.audit_events! > CASES * 10, 'audit events');
      assert.ok(progress.some((l) => /150 \/ 150 cases \(100%\)/.test(l)), progress.join('\n'));
      assert.ok(progress.some((l) => /sealed/.test(l)));
    });

    it('stores cases whose events fold to exactly their projection and clocks', async () => {
      const stored = await handle.db.selectFrom('cases').selectAll().execute();
      for (const row of stored) {
        const events = await handle.db.selectFrom('case_events').select(['seq', 'data']).where('case_id', '=', row.id).orderBy('seq').execute();
        assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1), `${row.id}: seq runs 1..n`);
        const base = { id: row.id, kind: row.kind, localAuthorityId: row.local_authority_id, transferToLocalAuthorityId: null, householdId: row.household_id, reportId: row.report_id, personId: row.person_id, openedAt: row.opened_at, updatedAt: row.updated_at } as CaseProjection;
        const folded =
          row.kind === 'child'
            ? childProjection(base, foldChild(events as never), row.person_id, row.updated_at)
            : adultProjection({ ...base, registered: false, registeredAt: null, nextReviewDue: null, missingSince: null, immediateProtection: null }, foldAdult(events as never), row.updated_at);
        assert.equal(folded.stage, row.stage, row.id);
        assert.equal(folded.version, row.version, row.id);
        assert.equal(folded.registered, row.registered, row.id);
        assert.deepEqual(folded.categories, row.categories, row.id);
        assert.equal(folded.allocatedTo, row.allocated_to, row.id);
      }
      // Running clocks belong to open cases only.
      const orphan = await sql<{ n: string }>`SELECT count(*) AS n FROM case_clocks c JOIN cases k ON k.id = c.case_id
        WHERE c.stopped_at IS NULL AND k.stage IN ('closed', 'closed_nfa')`.execute(handle.db);
      assert.equal(Number(orphan.rows[0]!.n), 0);
    });

    it('keeps every foreign key and the words the person search matches against', async () => {
      const people = await sql<{ n: string }>`SELECT count(*) AS n FROM people WHERE nhs_number IS NOT NULL`.execute(handle.db);
      assert.ok(Number(people.rows[0]!.n) > CASES / 2);
      const words = await sql<{ n: string }>`SELECT count(*) AS n FROM people p WHERE EXISTS (SELECT 1 FROM unnest(p.search_words) w WHERE w NOT IN (SELECT word FROM person_name_words))`.execute(handle.db);
      assert.equal(Number(words.rows[0]!.n), 0, 'every word of every name is in the dictionary');
      const dangling = await sql<{ n: string }>`SELECT count(*) AS n FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases k WHERE k.id = e.case_id)`.execute(handle.db);
      assert.equal(Number(dangling.rows[0]!.n), 0);
    });

    it('leaves an audit trail that verifies, and the list benchmarks run on it', async () => {
      const [verify] = (await auditVerify(d, handle)).rows;
      assert.ok(verify!.notes!.includes('intact'), verify!.notes);
      assert.ok(verify!.value > 0 && Number.isFinite(verify!.ratio!));
      const l = await lists(d, handle, 2);
      assert.equal(l.rows.length, 2);
      for (const r of l.rows) assert.ok(r.value > 0 && r.bare! > 0, JSON.stringify(r));
      const search = await personSearch(d, handle, 10);
      const byDob = (search.detail as Record<string, { ms: number[]; found: number }>).dateOfBirth!;
      assert.equal(byDob.ms.length, 10);
      // An exact date of birth always finds the person it was taken from.
      assert.equal(byDob.found, 10);
    });
  });
}
