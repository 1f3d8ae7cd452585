import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.js';
import type { DatabaseHandle } from '../../src/store/database.js';
import { loadEvents } from '../../src/store/cases.repository.js';
import { foldChild } from '../../src/services/case-engine.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { DomainError } from '../../src/domain/errors.js';

const ctx = { requestId: 'test', ip: null };

for (const engine of ENGINES) {
  describe(`case streams (${engine})`, () => {
    describe('migration 002 carries reports made before cases existed', () => {
      let h: DatabaseHandle;
      before(async () => {
        h = await openTestDatabase(engine, { migrate: false });
      });
      after(async () => h?.close());

      it('turns each report, its clock and its decision into a stream with the same clocks', async () => {
        await migrateTo(h.db, '001-initial');
        const la = randomUUID(), school = randomUUID(), user = randomUUID();
        const [p1, p2, c1, c2, r1, r2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
        await sql`
          INSERT INTO organisations (id, name_en, name_cy, kind) VALUES (${la}, 'LA', 'LA', 'local_authority'), (${school}, 'S', 'S', 'school');
          `.execute(h.db);
        await sql`INSERT INTO users (id, email, name, password_hash, organisation_id, role) VALUES (${user}, 'u@x.example', 'U', 'x', ${school}, 'designated_safeguarding_person')`.execute(h.db);
        for (const [p, name, kind] of [[p1, 'Child One', 'child'], [p2, 'Adult Two', 'adult']] as const) {
          await sql`INSERT INTO people (id, kind, full_name, date_of_birth, organisation_id, created_at) VALUES (${p}, ${kind}, ${name}, '2015-01-01', ${school}, now())`.execute(h.db);
        }
        for (const [c, p, kind, ref] of [[c1, p1, 'child', 'AAAA-0001'], [c2, p2, 'adult', 'AAAA-0002']] as const) {
          await sql`INSERT INTO concerns (id, reference, organisation_id, raised_by, person_id, subject_kind, account, harm_categories, specific_risks,
            immediate_danger, person_knows, status, created_at) VALUES (${c}, ${ref}, ${school}, ${user}, ${p}, ${kind}, 'x', '{neglect}', '{}', false, 'yes', 'reported', now())`.execute(h.db);
        }
        await sql`INSERT INTO reports (id, concern_id, local_authority_id, subject_kind, received_at, reported_by, status, decision, decision_rationale, decided_by, decided_at)
          VALUES (${r1}, ${c1}, ${la}, 'child', '2026-11-17T10:00:00Z', ${user}, 'decided', 'strategy_discussion', 'why', ${user}, '2026-11-17T15:00:00Z'),
                 (${r2}, ${c2}, ${la}, 'adult', '2026-11-17T11:00:00Z', ${user}, 'received', NULL, NULL, NULL, NULL)`.execute(h.db);
        await sql`INSERT INTO clocks (id, local_authority_id, report_id, rule_id, started_at, due_at, stopped_at, stop_reason)
          VALUES (${randomUUID()}, ${la}, ${r1}, 'T-C2', '2026-11-17T10:00:00Z', '2026-11-19T00:00:00Z', '2026-11-17T15:00:00Z', 'decision:strategy_discussion'),
                 (${randomUUID()}, ${la}, ${r2}, 'T-A3', '2026-11-17T11:00:00Z', '2026-11-27T00:00:00Z', NULL, NULL)`.execute(h.db);

        assert.deepEqual((await migrateToLatest(h.db)).slice(0, 2), ['002-case-streams', '003-allegations']);

        const child = await h.db.selectFrom('cases').selectAll().where('id', '=', r1).executeTakeFirstOrThrow();
        assert.equal(child.stage, 'strategy_pending');
        assert.equal(child.version, 4);
        const events = await loadEvents(h.db, r1);
        assert.deepEqual(events.map((e) => e.type), ['ReportReceived', 'ClockStarted', 'DecisionRecorded', 'ClockStopped']);
        const state = foldChild(events);
        assert.equal(state.stage, 'strategy_pending');
        assert.equal(state.clocks['T-C2']?.dueDate, '2026-11-18');
        assert.equal(state.clocks['T-C2']?.stoppedAt, '2026-11-17T15:00:00.000Z');

        const adultClock = await h.db.selectFrom('case_clocks').selectAll().where('case_id', '=', r2).executeTakeFirstOrThrow();
        assert.equal(adultClock.timer_id, 'T-A3');
        assert.equal(adultClock.due_date, '2026-11-26');
        assert.equal(adultClock.stopped_at, null);
        const adult = await h.db.selectFrom('cases').selectAll().where('id', '=', r2).executeTakeFirstOrThrow();
        assert.equal(adult.version, 2);
        const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'clocks'`.execute(h.db);
        assert.equal(tables.rows[0]?.n, 0);
      });
    });

    describe('appending', () => {
      let h: Harness;
      before(async () => {
        h = await startHarness(engine);
      });
      after(async () => h?.close());

      async function receivedChildCase(name: string): Promise<string> {
        const teacher = toCaller((await findUserByEmail(h.handle.db, 'athro@glanymor.example'))!);
        const dsp = toCaller((await findUserByEmail(h.handle.db, 'dsp@glanymor.example'))!);
        const c = await h.services.concerns.raise(teacher, {
          subjectKind: 'child', fullName: name, birthKnowledge: 'date_of_birth', dateOfBirth: '2015-05-05', welshPreferred: 'no',
          account: 'Seen with a burn on the hand.', harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
        }, ctx);
        const { reportId } = await h.services.concerns.reportToLocalAuthority(dsp, c.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx);
        return reportId;
      }

      it('refuses to change or remove a case event', async () => {
        const id = await receivedChildCase('Gwen Ellis');
        await assert.rejects(h.handle.db.updateTable('case_events').set({ type: 'x' }).where('case_id', '=', id).execute(), /append-only/);
        await assert.rejects(h.handle.db.deleteFrom('case_events').where('case_id', '=', id).execute(), /append-only/);
        await assert.rejects(sql`truncate case_events`.execute(h.handle.db), /append-only/);
      });

      it('lets exactly one of two simultaneous changes at the same version through, and loses neither silently', async () => {
        const id = await receivedChildCase('Deio Hughes');
        const duty = toCaller((await findUserByEmail(h.handle.db, 'duty@sirfynydd.example'))!);
        const other = toCaller((await findUserByEmail(h.handle.db, 'social.worker@sirfynydd.example'))!);
        const before = (await loadEvents(h.handle.db, id)).length;
        const version = (await h.handle.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
        const results = await Promise.allSettled([
          h.services.cases.execute(duty, id, 'add_chronology_entry', { occurredOn: '2026-11-16', summary: 'Call from the school nurse', significant: false, expectedVersion: version }, ctx),
          h.services.cases.execute(other, id, 'add_chronology_entry', { occurredOn: '2026-11-16', summary: 'Visit by the health visitor', significant: true, expectedVersion: version }, ctx),
        ]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.ok(rejected.reason instanceof DomainError && rejected.reason.code === 'conflict');
        const after = await loadEvents(h.handle.db, id);
        assert.equal(after.length, before + 1);
        assert.deepEqual(after.map((e) => e.seq), after.map((_, i) => i + 1), 'no gaps and no duplicates');
      });

      it('records the rule set and settings version in force with every event', async () => {
        const id = await receivedChildCase('Alaw Price');
        const admin = toCaller((await findUserByEmail(h.handle.db, 'admin@sirfynydd.example'))!);
        const duty = toCaller((await findUserByEmail(h.handle.db, 'duty@sirfynydd.example'))!);
        const { settingsVersion } = await h.services.rules.updateSettings(admin, { strategyDiscussionWorkingDays: '3' }, ctx);
        const version = (await h.handle.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
        await h.services.cases.execute(duty, id, 'record_decision', { decision: 'strategy_discussion', rationale: 'Burn unexplained', crimeSuspected: false, expectedVersion: version }, ctx);
        const events = await loadEvents(h.handle.db, id);
        assert.match(events[0]!.ruleset, /settings-0$/);
        assert.match(events.at(-1)!.ruleset, new RegExp(`settings-${settingsVersion}$`));
        const t3 = events.find((e) => e.type === 'ClockStarted' && e.data['timerId'] === 'T-C3');
        // Tuesday 17 November + 3 working days = Friday 20 November.
        assert.equal(t3?.data['dueDate'], '2026-11-20');
        await h.services.rules.updateSettings(admin, { strategyDiscussionWorkingDays: '1' }, ctx);
      });
    });
  });
}
