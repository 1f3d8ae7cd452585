import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ENGINES, openTestDatabase } from '../support/db.js';
import type { DatabaseHandle, Tx } from '../../src/store/database.js';
import { reportInsert } from '../../src/store/reports.repository.js';
import { writeTogether, WriteRefused } from '../../src/store/write-together.js';
import { auditInsert, type AuditEvent } from '../../src/store/audit.repository.js';
import { concernReportedUpdate, insertNewConcern } from '../../src/store/concerns.repository.js';
import { saveCaseChange, type CaseChange, type CaseProjection, type ClockProjection } from '../../src/store/cases.repository.js';
import { insertOrganisation, isLocalAuthorityGuard } from '../../src/store/organisations.repository.js';
import { insertUser } from '../../src/store/users.repository.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';

/**
 * Writes made as one statement (issue 7: a raise, a report and a step each go to the database
 * in fewer round trips), on both engines: all of them or none, a version check that still
 * turns a concurrent change into a conflict, a concern reference drawn again when taken, and
 * clocks replaced as the old delete-and-insert did.
 */
for (const engine of ENGINES) {
  describe(`writes made together (${engine})`, () => {
    let h: DatabaseHandle;
    const school = DEMO_ORGANISATIONS.school;
    const la = DEMO_ORGANISATIONS.sirFynydd;
    const userId = randomUUID();
    const at = new Date('2026-11-17T10:00:00Z');
    const event = (action: string): AuditEvent => ({
      occurredAt: at, actorUserId: userId, action, recordType: null, recordId: null, organisationId: school.id, requestId: 'test', ip: null, outcome: 'success',
    });
    const audits = async (action: string) => (await h.db.selectFrom('audit_events').select('id').where('action', '=', action).execute()).length;
    const person = () => ({
      id: randomUUID(), kind: 'child', fullName: 'Nia Rowlands', dateOfBirth: '2016-01-02', expectedDueDate: null, nhsNumber: null, address: null,
      firstLanguage: null, welshPreferred: null, communicationNeeds: null, organisationId: school.id, createdAt: at,
    });
    const concern = (personId: string) => ({
      id: randomUUID(), organisationId: school.id, raisedBy: userId, personId, subjectKind: 'child', account: 'A bruise on her arm.', ownWords: null,
      occurredOn: null, occurredTime: null, location: null, harmCategories: ['physical'], specificRisks: [], immediateDanger: false, toldToCall999At: null,
      personKnows: 'yes', personNotToldReason: null, createdAt: at,
    });

    before(async () => {
      h = await openTestDatabase(engine);
      for (const o of [school, la]) await insertOrganisation(h.db, { id: o.id, nameEn: o.nameEn, nameCy: o.nameCy, kind: o.kind, localAuthorityId: null });
      await insertUser(h.db, { id: userId, email: 'dsp@example.test', name: 'Dewi Prys', passwordHash: 'x', role: 'designated_safeguarding_person', organisationId: school.id });
    });
    after(async () => h?.close());

    it('stores every write or, when one fails, none of them', async () => {
      await writeTogether(h.db, [auditInsert(h.db, [event('together.one')]), auditInsert(h.db, [event('together.two'), event('together.two')])]);
      assert.deepEqual([await audits('together.one'), await audits('together.two')], [1, 2]);
      // The second write breaks a constraint (an outcome the table does not allow): the first goes too.
      await assert.rejects(writeTogether(h.db, [auditInsert(h.db, [event('together.three')]), auditInsert(h.db, [{ ...event('together.four'), outcome: 'maybe' as never }])]));
      assert.deepEqual([await audits('together.three'), await audits('together.four')], [0, 0]);
    });

    it('undoes every write, without a transaction, when a guard changes no row', async () => {
      const p = person();
      const c = concern(p.id);
      await insertNewConcern(h.db, p, c, () => `DGL-GUARD-${randomUUID().slice(0, 8)}`, () => []);
      const reported = (version: number) => concernReportedUpdate(h.db, c.id, version, userId, at);
      const refusedFor = (what: string) => (e: unknown) => e instanceof WriteRefused && e.what === what;
      // From a version the concern is not at: refused, and the audit record written with it is gone too.
      await assert.rejects(writeTogether(h.db, [reported(4), auditInsert(h.db, [event('guard.stale')])]), refusedFor('concern.version'));
      assert.equal(await audits('guard.stale'), 0);
      // A counted write that changes nothing is a guard as well.
      const noSuchConcern = h.db.updateTable('concerns').set({ version: 9 }).where('id', '=', randomUUID()).returning('id');
      assert.equal(await writeTogether(h.db, [auditInsert(h.db, [event('guard.counted')])], noSuchConcern), 0);
      assert.equal(await audits('guard.counted'), 0);
      // From the version it is at: everything stays, and the next from that version is refused.
      assert.equal(await writeTogether(h.db, [reported(0), auditInsert(h.db, [event('guard.fresh')])]), 0);
      assert.equal(await audits('guard.fresh'), 1);
      const row = await h.db.selectFrom('concerns').select(['status', 'version']).where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'reported', version: 1 });
      await assert.rejects(writeTogether(h.db, [reported(0), auditInsert(h.db, [event('guard.again')])]), refusedFor('concern.version'));
      assert.equal(await audits('guard.again'), 0);
      // Guards are checked in the order given: the first that finds nothing is the one named.
      const p2 = person();
      const c2 = concern(p2.id);
      await insertNewConcern(h.db, p2, c2, () => `DGL-GUARD-${randomUUID().slice(0, 8)}`, () => []);
      const school = isLocalAuthorityGuard(h.db, DEMO_ORGANISATIONS.school.id);
      await assert.rejects(writeTogether(h.db, [school, concernReportedUpdate(h.db, c2.id, 7, userId, at)]), refusedFor('localAuthority'));
      await assert.rejects(writeTogether(h.db, [isLocalAuthorityGuard(h.db, la.id), concernReportedUpdate(h.db, c2.id, 7, userId, at)]), refusedFor('concern.version'));
      assert.equal(await writeTogether(h.db, [isLocalAuthorityGuard(h.db, la.id), concernReportedUpdate(h.db, c2.id, 0, userId, at)]), 0);
      const row2 = await h.db.selectFrom('concerns').select('version').where('id', '=', c2.id).executeTakeFirstOrThrow();
      assert.equal(row2.version, 1);
    });

    it('draws a concern reference again when the one drawn is taken, and gives up after five', async () => {
      const first = person();
      const taken = await insertNewConcern(h.db, first, concern(first.id), () => 'DGL-TAKEN-0001', () => [auditInsert(h.db, [event('concern.raise')])]);
      assert.equal(taken, 'DGL-TAKEN-0001');
      const drawn = ['DGL-TAKEN-0001', 'DGL-TAKEN-0001', 'DGL-FRESH-0002'];
      const second = person();
      const reference = await insertNewConcern(h.db, second, concern(second.id), () => drawn.shift()!, (r) => [auditInsert(h.db, [{ ...event('concern.raise'), detail: { reference: r } }])]);
      assert.equal(reference, 'DGL-FRESH-0002');
      assert.equal(drawn.length, 0, 'drawn three times');
      const detail = await h.db.selectFrom('audit_events').select('detail').where('action', '=', 'concern.raise').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual(detail.detail, { reference: 'DGL-FRESH-0002' }, 'the audit record has the reference kept');

      const third = person();
      const before = await audits('concern.raise');
      await assert.rejects(insertNewConcern(h.db, third, concern(third.id), () => 'DGL-TAKEN-0001', () => [auditInsert(h.db, [event('concern.raise')])]), /concerns_reference_key|duplicate key/);
      assert.equal(await audits('concern.raise'), before, 'nothing of the refused concern is stored');
      assert.equal((await h.db.selectFrom('people').select('id').where('id', '=', third.id).execute()).length, 0);
    });

    it('opens a case, moves it on only from the version it was read at, and replaces its clocks', async () => {
      const p = person();
      const c = concern(p.id);
      await insertNewConcern(h.db, p, c, () => `DGL-CASE-${randomUUID().slice(0, 8)}`, () => []);
      const id = randomUUID();
      await reportInsert(h.db, { id, concernId: c.id, localAuthorityId: la.id, subjectKind: 'child', receivedAt: at, reportedBy: userId }).execute();
      const projection: CaseProjection = {
        id, kind: 'child', localAuthorityId: la.id, transferToLocalAuthorityId: null, householdId: randomUUID(), reportId: id, personId: p.id,
        stage: 'received', registered: false, categories: [], registeredAt: null, coordinatorId: null, allocatedTo: null, nextReviewDue: null,
        missingSince: null, immediateProtection: null, openedAt: at, updatedAt: at, version: 1,
      };
      const clock = (key: string, dueDate: string): ClockProjection => ({
        key, timerId: 'T-C2', startedAt: at, dueAt: new Date(`${dueDate}T23:59:59Z`), dueDate, stoppedAt: null, stopReason: null, outcome: null,
        pausedAt: null, pauseReason: null, exceptionReason: null, exceptionBy: null,
      });
      const change = (c: Partial<CaseChange>): CaseChange => ({
        isNew: false, expectedVersion: 1, projection, fromSeq: 1, events: [], meta: { occurredAt: at, actorUserId: userId, ruleset: 'test' }, clocks: [], alerts: [], ...c,
      });
      const tx = <T>(fn: (t: Tx) => Promise<T>) => h.db.transaction().execute(fn);
      const clocks = async () => (await h.db.selectFrom('case_clocks').select(['key', 'due_date']).where('case_id', '=', id).orderBy('key').execute()).map((c) => `${c.key} ${c.due_date}`);

      assert.ok(await tx((t) => saveCaseChange(t, change({ isNew: true, events: [{ type: 'CaseOpened' }], clocks: [clock('receipt', '2026-11-18'), clock('strategy', '2026-11-20')] }), [auditInsert(t, [event('case.open')])])));
      assert.deepEqual(await clocks(), ['receipt 2026-11-18', 'strategy 2026-11-20']);
      assert.equal(await audits('case.open'), 1, 'the audit record went with the case');

      // A step: one clock goes, one moves, one starts.
      const moved = { ...projection, stage: 'strategy', version: 2 };
      assert.ok(await tx((t) => saveCaseChange(t, change({ projection: moved, fromSeq: 2, events: [{ type: 'Step' }], clocks: [clock('strategy', '2026-11-24'), clock('visit', '2026-11-19')] }))));
      assert.deepEqual(await clocks(), ['strategy 2026-11-24', 'visit 2026-11-19']);

      // From a stale version: refused, and (the caller's transaction rolled back) nothing of it stays.
      const stale = tx(async (t) => {
        if (!(await saveCaseChange(t, change({ projection: { ...moved, stage: 'closed', version: 3 }, fromSeq: 3, events: [{ type: 'Late' }], clocks: [] })))) throw new Error('conflict');
      });
      await assert.rejects(stale, /conflict/);
      const row = await h.db.selectFrom('cases').select(['stage', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { stage: 'strategy', version: 2 });
      assert.deepEqual(await clocks(), ['strategy 2026-11-24', 'visit 2026-11-19']);
      assert.equal((await h.db.selectFrom('case_events').select('seq').where('case_id', '=', id).execute()).length, 2);

      // Every clock gone.
      assert.ok(await tx((t) => saveCaseChange(t, change({ expectedVersion: 2, projection: { ...moved, version: 3 }, fromSeq: 3, events: [{ type: 'Closed' }], clocks: [] }))));
      assert.deepEqual(await clocks(), []);
    });
  });
}
