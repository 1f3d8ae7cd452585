import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, startHarness, type Harness } from '../support/harness.js';
import { normalise, routesOf, type Route } from '../support/routes.js';
import { EXPECTED, ORGANISATION_OF, STATES, expected, type State } from '../support/access-expectations.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD } from '../../src/services/demo.service.js';
import { findUserByEmail, insertUser } from '../../src/store/users.repository.js';
import { hashPassword, toCaller } from '../../src/services/auth.service.js';
import { ROLES, type Role } from '../../src/domain/access-policy.js';
import type { Caller } from '../../src/services/context.js';

/**
 * The generated access matrix: every role × every relationship state × every page and
 * API route that addresses a record (taken from Fastify's own router, so a route added
 * later is walked too — and fails the test until it is classified below).
 *
 * Each cell (role, state) gets its own person, its own user and its own record: a child's
 * concern raised at the school, reported to Sir Fynydd, with the case that report opened;
 * the user is then given the state's relationship to it. The expected outcome of each
 * route comes from test/support/access-expectations.ts (one table, written by hand): a
 * route needs one letter of that table. An allowed request must pass the access check
 * (any answer but 401/403/404); a refused one must not; and where the person may not see
 * the record at all, the answer must be exactly the answer for an id that does not exist.
 * Lists must include the cell's record exactly when the person may read it.
 */
const ctx = { requestId: 'access-matrix', ip: null };
const ORG_IDS = { S: DEMO_ORGANISATIONS.school.id, H: DEMO_ORGANISATIONS.careHome.id, A: DEMO_ORGANISATIONS.sirFynydd.id, B: DEMO_ORGANISATIONS.caerwen.id };

/** What a route addresses and the letter of the table it needs. */
interface RouteRule {
  pattern: RegExp;
  /** Which record's id goes in the address. */
  record: 'concern' | 'case' | 'allegation';
  letter: string;
  /** Roles the step itself is not for (the decider's own role check), even with the letter. */
  notFor?: Role[];
  /**
   * Relationships the step is not for: the receiving authority of a transfer works on the
   * case only to hold the transfer-in conference (the decider's rule, c4-p10, tested in the
   * decider scenarios), so the steps walked here are refused to it with a 403.
   */
  notIn?: State[];
  /** Only this method (where one address reads with one letter and changes with another). */
  method?: string;
}

/** Every record route, classified. The step used for `:step` is one a child's case has. */
const RULES: RouteRule[] = [
  { pattern: /^(\/api)?\/concerns\/:id(\/confirmation)?$/, record: 'concern', letter: 'V' },
  { pattern: /^(\/api)?\/concerns\/:id\/(report|no-report)$/, record: 'concern', letter: 'T' },
  { pattern: /^(\/api)?\/concerns\/:id\/who-has-seen$/, record: 'concern', letter: 'S' },
  { pattern: /^(\/api)?\/reports\/:id(\/decision)?$/, record: 'case', letter: 'D' },
  { pattern: /^(\/api)?\/cases\/:id(\/chronology|\/household)?$/, record: 'case', letter: 'R' },
  { pattern: /^(\/api)?\/cases\/:id\/steps\/:step$/, record: 'case', letter: 'W', notIn: ['receiving_la'] },
  // Noting a sibling is for the case's social workers and managers, not the conference chair.
  { pattern: /^(\/api)?\/cases\/:id\/(siblings|siblings\/new)$/, record: 'case', letter: 'W', notFor: ['conference_chair'], notIn: ['receiving_la'] },
  { pattern: /^(\/api)?\/cases\/:id\/who-has-seen$/, record: 'case', letter: 'H' },
  { pattern: /^(\/api)?\/cases\/:id\/access(\/:change)?$/, record: 'case', letter: 'M' },
  { pattern: /^(\/api)?\/cases\/:id\/subject-access-report$/, record: 'case', letter: 'MH' },
  { pattern: /^(\/api)?\/cases\/:id\/emergency-access$/, record: 'case', letter: 'B' },
  // Specific harm routes: the list reads with the case; adding a route and recording a task's reference are work on it.
  { pattern: /^\/api\/cases\/:id\/harm-routes$/, record: 'case', letter: 'R', method: 'GET' },
  { pattern: /^\/api\/cases\/:id\/harm-routes$/, record: 'case', letter: 'W', method: 'POST' },
  { pattern: /^\/cases\/:id\/harm-routes\/(new|:taskId)$/, record: 'case', letter: 'W' },
  { pattern: /^\/api\/cases\/:id\/harm-routes\/:taskId\/complete$/, record: 'case', letter: 'W' },
  { pattern: /^(\/api)?\/allegations\/:id(\/.*)?$/, record: 'allegation', letter: 'G' },
];
/** Routes with an id that is not a safeguarding record (the caller's own API tokens, a closure date, the guidance library). */
const NOT_RECORDS = [/^\/account\/api-tokens\/:id\/revoke$/, /\/settings\/closures\/:date/, /^\/language\/:locale$/, /^(\/api)?\/guidance\//];

/**
 * The local authority's case roles (written out here, not taken from the policy): the
 * roles that search for a person, and only in an authority.
 */
const SEARCHES_FOR_PEOPLE: Role[] = ['duty_social_worker', 'team_manager', 'senior_manager', 'conference_chair'];
const searchesForPeople = (s: State, r: Role) => SEARCHES_FOR_PEOPLE.includes(r) && (ORGANISATION_OF[s] === 'A' || ORGANISATION_OF[s] === 'B');

/** List pages: does the list include the cell's record? A search is asked for the cell's own person. */
const LISTS: { url: string | ((personName: string) => string); shows: (state: State, role: Role) => boolean }[] = [
  { url: '/cases', shows: (s, r) => expected(s, r, 'R') },
  { url: '/api/cases', shows: (s, r) => expected(s, r, 'R') },
  { url: '/triage?status=reported', shows: (s, r) => expected(s, r, 'T') },
  { url: '/reports', shows: (s, r) => expected(s, r, 'D') },
  { url: '/api/reports', shows: (s, r) => expected(s, r, 'D') },
  { url: '/concerns', shows: (s, r) => s === 'raised_concern' && expected(s, r, 'V') },
  // The work tray lists the authority's running clocks: those of cases the person works on there.
  { url: '/work-tray', shows: (s, r) => expected(s, r, 'W') && ORGANISATION_OF[s] === 'A' },
  { url: '/api/work-tray', shows: (s, r) => expected(s, r, 'W') && ORGANISATION_OF[s] === 'A' },
  // Person search finds the people of the cases the person may read, if their role searches at all.
  { url: (name) => `/people/search?name=${encodeURIComponent(name)}`, shows: (s, r) => expected(s, r, 'R') && searchesForPeople(s, r) },
  { url: (name) => `/api/people/search?name=${encodeURIComponent(name)}`, shows: (s, r) => expected(s, r, 'R') && searchesForPeople(s, r) },
];

interface Cell {
  role: Role;
  state: State;
  email: string;
  personName: string;
  concernId: string;
  caseId: string;
  /** A specific harm route task on the case (the concern named a missing child). */
  taskId: string;
  client: Client;
  token: string;
}

function needs(rule: RouteRule, state: State, role: Role): boolean {
  return [...rule.letter].every((l) => expected(state, role, l)) && !(rule.notFor ?? []).includes(role) && !(rule.notIn ?? []).includes(state);
}

/** Whether the person can see the record at all (a refusal may then be a 403 rather than a not-found). */
function canSee(record: RouteRule['record'], state: State, role: Role): boolean {
  if (record === 'concern') return expected(state, role, 'V');
  if (record === 'allegation') return expected(state, role, 'G');
  return expected(state, role, 'R') || expected(state, role, 'D');
}

for (const engine of ENGINES) {
  describe(`the access matrix: role × route × relationship (${engine})`, () => {
    let h: Harness;
    let allegationId: string;
    const cells: Cell[] = [];
    let routes: Route[] = [];

    before(async () => {
      h = await startHarness(engine);
      const db = h.handle.db;
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const caller = async (email: string) => toCaller((await findUserByEmail(db, email))!);
      const athro = await caller('athro@glanymor.example');
      const dsp = await caller('dsp@glanymor.example');
      const worker = await caller('social.worker@sirfynydd.example');
      const manager = await caller('manager@sirfynydd.example');
      allegationId = (await db.selectFrom('allegations').select('id').executeTakeFirstOrThrow()).id;

      let n = 0;
      for (const state of STATES) {
        for (const role of ROLES) {
          n += 1;
          const email = `matrix.${n}@${ORGANISATION_OF[state].toLowerCase()}.example`;
          const personName = `Plentyn Matrics${String(n).padStart(3, '0')}`;
          const userId = randomUUID();
          await insertUser(db, { id: userId, email, name: `Defnyddiwr ${n}`, passwordHash, role, organisationId: ORG_IDS[ORGANISATION_OF[state]] });
          const concern = await h.services.concerns.raise(
            athro,
            {
              subjectKind: 'child', fullName: personName, birthKnowledge: 'date_of_birth', dateOfBirth: '2017-03-02', address: `${n} Ffordd y Prawf`,
              firstLanguage: 'Welsh', welshPreferred: 'yes', account: 'Bruising seen on the arm during PE.', harmCategories: ['physical'], specificRisks: ['missing'],
              immediateDanger: false, personKnows: 'yes',
            },
            ctx,
          );
          const { reportId: caseId } = await h.services.concerns.reportToLocalAuthority(dsp, concern.id, { localAuthorityId: ORG_IDS.A, expectedVersion: 0 }, ctx);
          // The relationship of this cell, and the facts of every cell that are not it.
          await db.updateTable('cases').set({ allocated_to: state.startsWith('allocated') ? userId : worker.userId }).where('id', '=', caseId).execute();
          if (state === 'raised_concern') await db.updateTable('concerns').set({ raised_by: userId }).where('id', '=', concern.id).execute();
          if (state.endsWith('_restricted')) {
            await db.insertInto('case_restrictions').values({ case_id: caseId, reason: 'A member of staff is related to the child', set_by: manager.userId, set_at: h.clock.now() }).execute();
            await db.insertInto('case_members').values({ case_id: caseId, user_id: manager.userId, relationship: 'named', added_by: manager.userId, added_at: h.clock.now() }).execute();
          }
          const member = state === 'conference_member' ? 'conference_member' : state === 'core_group' ? 'core_group' : state === 'named_restricted' ? 'named' : null;
          if (member) await db.insertInto('case_members').values({ case_id: caseId, user_id: userId, relationship: member, added_by: manager.userId, added_at: h.clock.now() }).execute();
          if (state === 'receiving_la') await db.updateTable('cases').set({ transfer_to_local_authority_id: ORG_IDS.B }).where('id', '=', caseId).execute();
          if (state.startsWith('break_glass')) {
            const now = h.clock.now().getTime();
            const [granted, expires] = state === 'break_glass' ? [now - 10 * 60_000, now + 50 * 60_000] : [now - 70 * 60_000, now - 10 * 60_000];
            await db.insertInto('break_glass_grants').values({ id: randomUUID(), case_id: caseId, user_id: userId, reason: 'Child brought to our out-of-hours team', granted_at: new Date(granted), expires_at: new Date(expires) }).execute();
          }
          const client = new Client(h.app);
          assert.equal((await client.signIn(email)).status, 303, email);
          const me: Caller = await caller(email);
          const { token } = await h.services.auth.createApiToken(me, 'matrix', ctx);
          const task = await db.selectFrom('harm_route_tasks').select('id').where('concern_id', '=', concern.id).executeTakeFirstOrThrow();
          cells.push({ role, state, email, personName, concernId: concern.id, caseId, taskId: task.id, client, token });
        }
      }
      routes = routesOf(h.app);
    });
    after(async () => h?.close());

    async function ask(cell: Cell, method: string, url: string) {
      if (url.startsWith('/api/')) {
        const body = method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, payload: '{}' };
        const res = await h.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${cell.token}`, ...(body.headers ?? {}) }, ...(body.payload ? { payload: body.payload } : {}) });
        return { status: res.statusCode, body: res.body };
      }
      const res = method === 'GET' ? await cell.client.get(url) : await cell.client.post(url, {});
      return { status: res.status, body: res.body };
    }

    const fill = (url: string, id: string, taskId: string = randomUUID()) =>
      url.replace(':id', id).replace(':taskId', taskId).replace(':step', url.includes('allegations') ? 'add-note' : 'add-chronology-entry').replace(':change', 'add-member');

    it('classifies every route that addresses a record', () => {
      const unclassified = routes
        .filter((r) => /:\w+/.test(r.url))
        .filter((r) => !RULES.some((rule) => rule.pattern.test(r.url)) && !NOT_RECORDS.some((p) => p.test(r.url)))
        .map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(unclassified, []);
    });

    it('gives every role in every relationship exactly the access the table states, on every record route', async () => {
      const wrong: string[] = [];
      let requests = 0;
      let allowedCount = 0;
      const recordRoutes = routes.filter((r) => RULES.some((rule) => rule.pattern.test(r.url)));
      // Reads first: a permitted change could otherwise alter what a later read finds.
      recordRoutes.sort((a, b) => (a.method === 'GET' ? 0 : 1) - (b.method === 'GET' ? 0 : 1));
      const unknownId = randomUUID();
      for (const cell of cells) {
        for (const route of recordRoutes) {
          const rule = RULES.find((r) => r.pattern.test(route.url) && (!r.method || r.method === route.method))!;
          const id = rule.record === 'concern' ? cell.concernId : rule.record === 'case' ? cell.caseId : allegationId;
          const url = fill(route.url, id, cell.taskId);
          const got = await ask(cell, route.method, url);
          requests += 1;
          const passed = ![401, 403, 404].includes(got.status);
          const should = needs(rule, cell.state, cell.role);
          if (should) allowedCount += 1;
          const where = `${cell.role} / ${cell.state} / ${route.method} ${route.url}`;
          if (passed !== should) {
            wrong.push(`${where}: expected ${should ? 'allowed' : 'refused'}, got ${got.status}`);
            continue;
          }
          // Someone who may not see the record at all must not learn it exists.
          if (!should && !canSee(rule.record, cell.state, cell.role)) {
            const missing = await ask(cell, route.method, fill(route.url, unknownId, cell.taskId));
            requests += 1;
            if (missing.status !== got.status || normalise(missing.body, [unknownId]) !== normalise(got.body, [id])) {
              wrong.push(`${where}: refused with ${got.status}, but not as for a record that does not exist (${missing.status})`);
            }
          }
        }
      }
      console.log(`access matrix (${engine}): ${cells.length} role × relationship cells × ${recordRoutes.length} record routes = ${cells.length * recordRoutes.length} cells; ${requests} requests; ${allowedCount} allowed by the table`);
      assert.deepEqual(wrong, []);
    });

    it('lists, trays and searches include a record exactly when the table lets the person see it', async () => {
      const wrong: string[] = [];
      for (const cell of cells) {
        for (const list of LISTS) {
          const url = typeof list.url === 'string' ? list.url : list.url(cell.personName);
          const got = await ask(cell, 'GET', url);
          // A search page shows the name asked for in its search box: look for it in the results only.
          const body = url.startsWith('/people/search') ? got.body.split('id="results-heading"')[1] ?? '' : got.body;
          const shown = got.status === 200 && body.includes(cell.personName);
          if (shown !== list.shows(cell.state, cell.role)) wrong.push(`${cell.role} / ${cell.state} / ${url}: ${shown ? 'listed' : 'not listed'} (${got.status})`);
        }
      }
      assert.deepEqual(wrong, []);
    });

    it('states the table in full (the closing note quotes it)', () => {
      for (const state of STATES) assert.equal(Object.keys(EXPECTED[state]).length, ROLES.length);
      // A refusal must be possible in every row but one, and an allowance in most: a table of all-yes or all-no proves nothing.
      const letters = STATES.flatMap((s) => ROLES.map((r) => EXPECTED[s][r]));
      assert.ok(letters.filter((l) => l === '').length > 20 && letters.filter((l) => l.includes('R')).length > 40);
    });

    it('audits each refusal, though the refused request changed nothing', async () => {
      const cell = cells.find((c) => c.state === 'other_la' && c.role === 'duty_social_worker')!;
      const user = await findUserByEmail(h.handle.db, cell.email);
      const before = await h.handle.db.selectFrom('audit_events').select('id').where('actor_user_id', '=', user!.id).where('outcome', '=', 'not_found').execute();
      assert.equal((await ask(cell, 'GET', `/cases/${cell.caseId}`)).status, 404);
      assert.equal((await ask(cell, 'POST', `/api/cases/${cell.caseId}/steps/add-chronology-entry`)).status, 404);
      const rows = await h.handle.db
        .selectFrom('audit_events')
        .select(['action', 'detail'])
        .where('actor_user_id', '=', user!.id)
        .where('outcome', '=', 'not_found')
        .orderBy('id')
        .execute();
      const added = rows.slice(before.length);
      assert.deepEqual(added.map((r) => r.action), ['case.read', 'case.add_chronology_entry']);
      assert.ok(added.every((r) => JSON.stringify(r.detail).includes(cell.caseId)));
    });
  });
}
