import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase, takeDataDirLock, type DatabaseHandle } from '../../src/store/database.js';
import { listConcernsInScope } from '../../src/store/concerns.repository.js';
import { ROLES, canViewConcern, concernScope, type Actor, type OrganisationKind } from '../../src/domain/access-policy.js';
import { FixedClock } from '../../src/platform/clock.js';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { DEMO_ORGANISATIONS, loadDemoData } from '../../src/services/demo.service.js';
import { createConcernService, factsOf } from '../../src/services/concern.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';

for (const engine of ENGINES) {
  describe(`store (${engine})`, () => {
    let h: DatabaseHandle;
    before(async () => {
      h = await openTestDatabase(engine);
      await loadDemoData(h.db, new FixedClock(new Date('2026-11-17T10:00:00Z')), createCalendar(), randomBytes(32));
    });
    after(async () => h?.close());

    it('runs migrations once and is then up to date', async () => {
      assert.deepEqual(await migrateToLatest(h.db), []);
    });

    it('refuses to update, delete or truncate audit events', async () => {
      const row = await h.db.selectFrom('audit_events').select('id').limit(1).executeTakeFirstOrThrow();
      await assert.rejects(h.db.updateTable('audit_events').set({ outcome: 'denied' }).where('id', '=', row.id).execute(), /append-only/);
      await assert.rejects(h.db.deleteFrom('audit_events').where('id', '=', row.id).execute(), /append-only/);
      await assert.rejects(sql`truncate audit_events`.execute(h.db), /append-only/);
    });

    it('rolls back the change when its audit event cannot be written', async () => {
      const before = await h.db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      await assert.rejects(
        h.db.transaction().execute(async (tx) => {
          await tx.insertInto('organisations').values({ id: randomUUID(), name_en: 'X', name_cy: 'X', kind: 'school', local_authority_id: null }).execute();
          await tx.insertInto('audit_events').values({ occurred_at: new Date(), action: 'x', outcome: 'not-an-outcome' } as never).execute();
        }),
      );
      const after = await h.db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    it('enforces in the database that no concern is closed without a reason', async () => {
      const c = await h.db.selectFrom('concerns').select('id').where('status', '=', 'awaiting_dsp').executeTakeFirstOrThrow();
      await assert.rejects(h.db.updateTable('concerns').set({ status: 'not_reported' }).where('id', '=', c.id).execute());
    });

    it('applies the access scope in SQL exactly as the pure policy decides, for every role and organisation', async () => {
      const clock = new FixedClock(new Date('2026-11-18T09:00:00Z'));
      const service = createConcernService({ db: h.db, clock, calendar: createCalendar() });
      const carer = toCaller((await findUserByEmail(h.db, 'gofalwr@brynhaul.example'))!);
      const homeDsp = toCaller((await findUserByEmail(h.db, 'dsp@brynhaul.example'))!);
      // One more concern reported to the other authority, so every clause has something to include or exclude.
      const extra = await service.raise(carer, {
        subjectKind: 'adult', fullName: 'Alun Hopkins', birthKnowledge: 'not_known', welshPreferred: 'no', account: 'Unexplained injuries',
        harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
      }, { requestId: 't', ip: null });
      await service.reportToLocalAuthority(homeDsp, extra.id, { localAuthorityId: DEMO_ORGANISATIONS.caerwen.id, expectedVersion: 0 }, { requestId: 't', ip: null });

      const everyone = await listConcernsInScope(h.db, [
        ...Object.values(DEMO_ORGANISATIONS).map((o) => ({ kind: 'organisation' as const, organisationId: o.id })),
      ], randomUUID(), { limit: 1000 });
      assert.ok(everyone.length >= 4);
      const users = await h.db.selectFrom('users').select('id').execute();
      const orgs = Object.values(DEMO_ORGANISATIONS);
      for (const role of ROLES) {
        for (const org of orgs) {
          for (const user of [...users.slice(0, 4), { id: randomUUID() }]) {
            const actor: Actor = { userId: user.id, role, organisationId: org.id, organisationKind: org.kind as OrganisationKind };
            const visible = (await listConcernsInScope(h.db, concernScope(actor), actor.userId, { limit: 1000 })).map((c) => c.id).sort();
            const expected = everyone.filter((c) => canViewConcern(actor, factsOf(c))).map((c) => c.id).sort();
            assert.deepEqual(visible, expected, `${role} at ${org.nameEn}`);
          }
        }
      }
    });
  });
}

describe('embedded database lock', () => {
  it('keeps a second process off a data folder in use, and takes over a stale lock', () => {
    // The lock holds our own pid while we hold it; another live pid must be refused.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-lock-'));
    const release = takeDataDirLock(dir);
    fs.writeFileSync(path.join(dir, 'diogel.lock'), '1'); // pid 1 is always running
    assert.throws(() => takeDataDirLock(dir), /in use by another Diogel process \(pid 1\)/);
    fs.writeFileSync(path.join(dir, 'diogel.lock'), '999999999'); // no such process
    const again = takeDataDirLock(dir);
    assert.throws(() => takeDataDirLock(dir), /in use/, 'a second handle in this process is refused too');
    again();
    // A lock naming our pid that we do not hold (a restarted container reusing the pid) is stale.
    fs.writeFileSync(path.join(dir, 'diogel.lock'), String(process.pid));
    takeDataDirLock(dir)();
    release();
    assert.equal(fs.existsSync(path.join(dir, 'diogel.lock')), false);
  });

  it('persists to a folder and reopens it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-data-'));
    const first = await openDatabase({ dataDir: dir });
    await migrateToLatest(first.db);
    await first.db.insertInto('organisations').values({ id: randomUUID(), name_en: 'Kept', name_cy: 'Cadwyd', kind: 'school', local_authority_id: null }).execute();
    await assert.rejects(openDatabase({ dataDir: dir }), /in use/);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    const row = await second.db.selectFrom('organisations').select('name_cy').executeTakeFirstOrThrow();
    assert.equal(row.name_cy, 'Cadwyd');
    await second.close();
  });
});
