import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql, type KyselyPlugin } from 'kysely';
import { ENGINES } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { createServices, type Services } from '../../src/services/index.js';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { DEMO_USERS } from '../../src/services/demo.service.js';
import { sha256 } from '../../src/services/auth.service.js';
import { insertSession } from '../../src/store/sessions.repository.js';
import { hasAnyAllegationAccess } from '../../src/store/allegations.repository.js';
import { hasAnyCaseInScope } from '../../src/store/cases.repository.js';
import { allegationScope, caseScope, can } from '../../src/domain/access-policy.js';
import type { Caller } from '../../src/services/context.js';

/**
 * Every page starts by asking who is asking: the session, its person, and whether the
 * Allegations and Cases areas exist for them (issue 7: that was two or three statements on
 * every page). From a token's second request on, it is one statement; the answers are always
 * those of the session's person as they are now, never of who they were at the last request.
 */
for (const engine of ENGINES) {
  describe(`who is asking (${engine})`, () => {
    let h: Harness;
    let services: Services;
    let statements = 0;
    // Counts every statement the services send, whichever way it is built.
    const counter: KyselyPlugin = {
      transformQuery: ({ node }) => node,
      transformResult: async ({ result }) => {
        statements++;
        return result;
      },
    };
    const userId = async (email: string) => (await sql<{ id: string }>`select id from users where email = ${email}`.execute(h.handle.db)).rows[0]!.id;
    const newSession = async (email: string) => {
      const token = randomBytes(24).toString('base64url');
      const now = h.clock.now();
      await insertSession(h.handle.db, { tokenHash: sha256(token), userId: await userId(email), createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 3_600_000), data: {} });
      return token;
    };
    const areas = (caller: Caller) => ({
      allegations: services.allegations.accessReading(caller),
      cases: services.cases.accessReading(caller),
    });
    /** The answers as the repositories give them, one query each: what the page must be told. */
    const expected = async (caller: Caller) => ({
      allegations: await hasAnyAllegationAccess(h.handle.db, allegationScope(caller)),
      cases: can(caller, 'case.work') || (can(caller, 'case.view') && (await hasAnyCaseInScope(h.handle.db, caseScope(caller, h.clock.now())))),
    });
    const resolve = async (token: string) => {
      statements = 0;
      const found = await services.auth.resolveSession(token, areas);
      return { found, statements };
    };

    before(async () => {
      h = await startHarness(engine);
      services = createServices({
        db: h.handle.db.withPlugin(counter),
        clock: h.clock,
        calendar: createCalendar(),
        auth: { idleMinutes: 30, absoluteHours: 12, mfaKey: randomBytes(32), attemptsPerMinute: 20 },
      });
    });
    after(() => h.close());

    it('answers for every demo person what the areas’ own queries answer, and in one statement from the second page on', async () => {
      for (const u of DEMO_USERS) {
        const token = await newSession(u.email);
        const first = await resolve(token);
        assert.ok(first.found, u.email);
        assert.equal(first.found.caller.email, u.email);
        const want = await expected(first.found.caller);
        assert.deepEqual(first.found.about, want, `${u.email}: first page`);
        const second = await resolve(token);
        assert.deepEqual(second.found?.about, want, `${u.email}: second page`);
        assert.equal(second.statements, 1, `${u.email}: the second page asks once`);
        assert.ok(first.statements >= 1 && first.statements <= 2, `${u.email}: the first page asks at most twice (${first.statements})`);
      }
      // The areas differ between these people, so the answers above are not all the same.
      const answers = new Set<string>();
      for (const u of DEMO_USERS) answers.add(JSON.stringify((await resolve(await newSession(u.email))).found!.about));
      assert.ok(answers.size >= 3, [...answers].join(' '));
    });

    it('answers about the person as they are now: added to an allegation between two pages, they see the area on the second', async () => {
      const email = 'athro@glanymor.example';
      const token = await newSession(email);
      assert.equal((await resolve(token)).found?.about.allegations, false);
      const allegation = (await sql<{ id: string }>`select id from allegations limit 1`.execute(h.handle.db)).rows[0]!.id;
      await sql`insert into allegation_members (allegation_id, user_id) values (${allegation}, ${await userId(email)})`.execute(h.handle.db);
      try {
        const next = await resolve(token);
        assert.equal(next.found?.about.allegations, true);
        assert.equal(next.statements, 1);
      } finally {
        await sql`delete from allegation_members where user_id = ${await userId(email)}`.execute(h.handle.db);
      }
      assert.equal((await resolve(token)).found?.about.allegations, false, 'and no longer once taken off it');
    });

    it('asks again about someone whose role changed since their last page, and answers for the new role', async () => {
      const email = 'dos@sirfynydd.example';
      const token = await newSession(email);
      // As allegations lead the area is theirs without a query.
      const asLead = await resolve(token);
      assert.equal(asLead.found?.about.allegations, true);
      await sql`update users set role = 'practitioner' where email = ${email}`.execute(h.handle.db);
      try {
        const after = await resolve(token);
        assert.equal(after.found?.caller.role, 'practitioner');
        assert.deepEqual(after.found?.about, await expected(after.found!.caller));
        assert.equal(after.found?.about.allegations, false, 'no longer a lead, and on no allegation');
      } finally {
        await sql`update users set role = 'allegations_lead' where email = ${email}`.execute(h.handle.db);
      }
    });

    it('answers nothing for a session that has ended, though its person asked before', async () => {
      const token = await newSession('duty@sirfynydd.example');
      assert.ok((await resolve(token)).found);
      await sql`delete from sessions where token_hash = ${sha256(token)}`.execute(h.handle.db);
      assert.equal((await resolve(token)).found, undefined);
      assert.equal((await resolve(randomBytes(24).toString('base64url'))).found, undefined, 'nor for a token never issued');
    });
  });
}
