import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../src/store/database.js';
import { known, reading, readOne, readTogether, type Reading } from '../../src/store/read-together.js';
import { appendAuditEvent, type AuditEvent } from '../../src/store/audit.repository.js';
import { insertOrganisation, organisationsReading } from '../../src/store/organisations.repository.js';
import { insertUser, staffReading } from '../../src/store/users.repository.js';
import { insertClosure, ruleInputsReading } from '../../src/store/rule-settings.repository.js';
import { rulesFromInputs } from '../../src/services/case-engine.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';

/**
 * Reads made as one statement (issue 7: the case page's ten reads are one round trip), on both
 * engines: each reading answers exactly what it answers run on its own — rows in the query's
 * order, instants as Dates to the millisecond, empty answers — with the parameters of every
 * reading kept apart.
 */
for (const engine of ENGINES) {
  describe(`reads made together (${engine})`, () => {
    let h: DatabaseHandle;
    const school = DEMO_ORGANISATIONS.school;
    const la = DEMO_ORGANISATIONS.sirFynydd;
    const names = ['Rhys Owen', 'Alaw Jones', 'Mair Lloyd', 'Bethan Huws'];
    const ids = names.map(() => randomUUID());
    const event = (action: string, occurredAt: Date): AuditEvent => ({
      occurredAt, actorUserId: ids[0]!, action, recordType: null, recordId: null, organisationId: school.id, requestId: 'test', ip: null, outcome: 'success',
    });
    const eventsOf = (action: string) =>
      reading(
        h.db.selectFrom('audit_events').select(['action', 'occurred_at', 'actor_user_id']).where('action', '=', action).orderBy('occurred_at', 'desc'),
        (rows) => rows.map((r) => ({ action: r.action, at: r.occurred_at, by: r.actor_user_id })),
        ['occurred_at'],
      );

    before(async () => {
      h = await openTestDatabase(engine);
      for (const o of [school, la]) await insertOrganisation(h.db, { id: o.id, nameEn: o.nameEn, nameCy: o.nameCy, kind: o.kind, localAuthorityId: null });
      // Inserted out of alphabetical order, so an answer in insertion order is caught.
      for (const [i, name] of names.entries()) {
        await insertUser(h.db, { id: ids[i]!, email: `u${i}@example.test`, name, passwordHash: 'x', role: i === 3 ? 'team_manager' : 'duty_social_worker', organisationId: la.id });
      }
      // Instants with milliseconds, which PostgreSQL's JSON writes with an offset.
      for (const at of ['2026-11-17T10:00:00.123Z', '2026-11-18T09:30:00.007Z', '2026-06-01T23:59:59.999Z']) await appendAuditEvent(h.db, event('read.together', new Date(at)));
    });
    after(async () => h?.close());

    it('answers each reading as it answers alone, in one statement', async () => {
      const readings = () => ({
        staff: staffReading(h.db, la.id, ['duty_social_worker']),
        managers: staffReading(h.db, la.id, ['team_manager']),
        events: eventsOf('read.together'),
        none: eventsOf('read.never'),
        organisations: organisationsReading(h.db, [la.id, null, school.id]),
        noOrganisations: organisationsReading(h.db, [null]),
        rules: ruleInputsReading(),
      });
      const together = await readTogether(h.db, readings());
      const alone = Object.fromEntries(await Promise.all(Object.entries(readings()).map(async ([k, r]) => [k, await readOne<unknown>(h.db, r as Reading<unknown>)])));
      assert.deepEqual(together, alone);

      // What was asked for, in the query's order, as the types the repositories promise.
      assert.deepEqual(together.staff.map((s) => s.name), ['Alaw Jones', 'Mair Lloyd', 'Rhys Owen']);
      assert.deepEqual(together.managers.map((s) => s.name), ['Bethan Huws']);
      assert.deepEqual(
        together.events.map((e) => e.at),
        [new Date('2026-11-18T09:30:00.007Z'), new Date('2026-11-17T10:00:00.123Z'), new Date('2026-06-01T23:59:59.999Z')],
      );
      assert.ok(together.events.every((e) => e.at instanceof Date && e.by === ids[0]));
      assert.deepEqual(together.none, []);
      assert.deepEqual(together.organisations.map((o) => o.id).sort(), [la.id, school.id].sort());
      assert.deepEqual(together.noOrganisations, []);
      assert.deepEqual(together.rules, { values: {}, version: 0, closures: [] });
    });

    it('keeps each reading’s parameters to itself', async () => {
      // The same query shape twice with different values, and raw SQL between them.
      const { a, raw, b } = await readTogether(h.db, {
        a: staffReading(h.db, la.id, ['team_manager']),
        raw: reading(sql<{ n: number; s: string }>`SELECT ${41}::int + 1 AS n, ${'dim'}::text AS s`, (rows) => rows[0]),
        b: staffReading(h.db, la.id, ['duty_social_worker', 'team_manager']),
      });
      assert.deepEqual(a.map((s) => s.name), ['Bethan Huws']);
      assert.deepEqual(raw, { n: 42, s: 'dim' });
      assert.equal(b.length, 4);
    });

    it('asks nothing for answers known already, and a lone query as it is', async () => {
      let statements = 0;
      const counted = h.db.withPlugin({ transformQuery: ({ node }) => node, transformResult: async ({ result }) => (statements++, result) });
      assert.deepEqual(await readTogether(counted, { yes: known(true), none: known([]) }), { yes: true, none: [] });
      assert.equal(await readOne(counted, known('already')), 'already');
      assert.equal(statements, 0, 'no statement for what is known');
      const { yes, events } = await readTogether(counted, { yes: known(true), events: eventsOf('read.together') });
      assert.equal(yes, true);
      assert.deepEqual(events, await readOne(h.db, eventsOf('read.together')));
      assert.ok(events[0]!.at instanceof Date);
      assert.equal(statements, 1);
    });

    it('makes the calendar again only when the rules it was made from change', async () => {
      const first = rulesFromInputs(h.db, (await readTogether(h.db, { r: ruleInputsReading() })).r);
      const again = rulesFromInputs(h.db, (await readTogether(h.db, { r: ruleInputsReading() })).r);
      assert.equal(again, first);
      await h.db.transaction().execute((tx) => insertClosure(tx, { date: '2026-12-29', nameEn: 'Closure', nameCy: 'Cau', addedBy: ids[3]!, addedAt: new Date() }));
      const changed = rulesFromInputs(h.db, (await readTogether(h.db, { r: ruleInputsReading() })).r);
      assert.notEqual(changed, first);
      assert.deepEqual(changed.closures, ['2026-12-29']);
      assert.equal(changed.calendar.isWorkingDay('2026-12-29'), false);
      assert.equal(first.calendar.isWorkingDay('2026-12-29'), true);
    });
  });
}
