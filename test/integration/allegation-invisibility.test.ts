import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, startHarness, type Harness } from '../support/harness.js';
import { normalise, routesOf, type Route } from '../support/routes.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from '../../src/services/demo.service.js';
import { findUserByEmail, insertUser } from '../../src/store/users.repository.js';
import { hashPassword, toCaller } from '../../src/services/auth.service.js';
import { ALLEGATION_COMMAND_TYPES } from '../../src/domain/cases/allegation.model.js';
import { CHILD_CASE_COMMAND_TYPES } from '../../src/domain/cases/child-protection.commands.js';
import { ADULT_CASE_COMMAND_TYPES } from '../../src/domain/cases/adult-protection.model.js';

/**
 * The key property of Section 5 records: to anyone outside an allegation it does not
 * exist. An allegation whose subject, employer, summary and notes carry a canary is
 * linked to a child's case and to a demo adult's case by a team manager the designated
 * officer added. Then every
 * demo user other than the designated officer walks every page and API route the app
 * registers (read from Fastify itself, so a route added later is walked too), with the
 * allegation's, the case's and the other records' real ids in the addresses, and:
 *   (a) each allegation address answers exactly as it does for a random id;
 *   (b) the canary is in no answer at all;
 *   (c) where they can see the linked case, its page and API show no trace of the allegation;
 * while the designated officer and the member do see it, and no audit row about the case mentions it.
 */
const CANARY = `CANARY-ALLEGATION-${randomBytes(6).toString('hex')}`;
const ctx = { requestId: 'allegation-invisibility', ip: null };
const LEAD = 'dos@sirfynydd.example';
/** A second team manager, added to the allegation (the demo's own team manager is not). */
const MEMBER = 'rheolwr.tim@sirfynydd.example';
const OUTSIDERS = DEMO_USERS.map((u) => u.email).filter((e) => e !== LEAD);
/** Who works on Sir Fynydd's cases, and so can see the linked case (but not the allegation). */
const CASE_WORKERS = DEMO_USERS.filter((u) => u.org === 'sirFynydd' && ['duty_social_worker', 'team_manager', 'senior_manager', 'conference_chair'].includes(u.role)).map((u) => u.email);

for (const engine of ENGINES) {
  describe(`an allegation is invisible to everyone outside it (${engine})`, () => {
    let h: Harness;
    let allegationId: string;
    let caseId: string;
    /** A demonstration adult at risk's case, linked too. */
    let adultCaseId: string;
    let concernId: string;
    const randomId = randomUUID();
    const web = new Map<string, Client>();
    const tokens = new Map<string, string>();

    before(async () => {
      h = await startHarness(engine);
      const db = h.handle.db;
      await insertUser(db, {
        id: randomUUID(), email: MEMBER, name: 'Eleri Watkins', passwordHash: await hashPassword(DEMO_PASSWORD), role: 'team_manager', organisationId: DEMO_ORGANISATIONS.sirFynydd.id,
      });
      const caller = async (email: string) => toCaller((await findUserByEmail(db, email))!);
      const dsp = await caller('dsp@glanymor.example');
      const lead = await caller(LEAD);
      const member = await caller(MEMBER);

      // A child's case at Sir Fynydd, reported by the school.
      const concern = await h.services.concerns.raise(
        dsp,
        {
          subjectKind: 'child', fullName: 'Deio Prosser', birthKnowledge: 'date_of_birth', dateOfBirth: '2016-01-20', address: '3 Heol y Bryn',
          firstLanguage: 'Welsh', welshPreferred: 'yes', account: 'A mark on his arm after a lesson.', harmCategories: ['physical'], specificRisks: [],
          immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      concernId = concern.id;
      caseId = (await h.services.concerns.reportToLocalAuthority(dsp, concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx)).reportId;

      // The allegation about the teacher, who has a Diogel account.
      allegationId = (
        await h.services.allegations.open(
          lead,
          {
            subjectName: `${CANARY} subject`, subjectRole: 'Teacher', employer: `${CANARY} employer`, employmentType: 'employee', subjectEmail: 'athro@glanymor.example',
            context: 'work', criteria: ['harm'], concernAroseAt: '2026-11-16T15:00:00Z', raisedBy: `${CANARY} raised by`, notifiedAt: '2026-11-17T09:00:00Z',
            summary: `${CANARY} summary`,
          },
          ctx,
        )
      ).id;
      const take = async (who: typeof lead, type: (typeof ALLEGATION_COMMAND_TYPES)[number], input: Record<string, unknown>) => {
        const { allegation } = await h.services.allegations.get(who, allegationId, ctx);
        await h.services.allegations.execute(who, allegationId, type, { ...input, expectedVersion: allegation.version }, ctx);
      };
      await take(lead, 'add_member', { email: MEMBER });
      await take(lead, 'record_strategy_discussion', {
        heldAt: '2026-11-17T09:30:00Z', attendees: [{ name: 'Dafydd Price', agency: 'designated_officer' }, { name: 'DC Bowen', agency: 'police' }],
        thresholdMet: true, interimSafeguards: `${CANARY} safeguards`, sharing: '', employerRecord: '', summary: `${CANARY} discussion`,
      });
      await take(member, 'link_case', { caseId });
      // An adult's case no other allegation is linked to, so nothing legitimately shows there.
      const linkedElsewhere = db.selectFrom('allegation_case_links').select('case_id');
      adultCaseId = (await db.selectFrom('cases').select('id').where('kind', '=', 'adult').where('id', 'not in', linkedElsewhere).orderBy('opened_at').executeTakeFirstOrThrow()).id;
      await take(member, 'link_case', { caseId: adultCaseId });
      await take(member, 'add_note', { occurredOn: '2026-11-17', summary: `${CANARY} note` });
      await take(member, 'add_referral', { body: 'dbs', responsible: 'employer', reason: `${CANARY} referral` });

      for (const email of [LEAD, MEMBER, ...OUTSIDERS]) {
        const c = new Client(h.app);
        assert.equal((await c.signIn(email)).status, 303, email);
        const page = await c.post('/account/api-tokens', { name: 'invisibility test' });
        assert.equal(page.status, 201, email);
        tokens.set(email, /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!);
        web.set(email, c);
      }
    });
    after(async () => h?.close());

    /**
     * The addresses to visit for one route: its parameters replaced by real ids (an allegation's
     * by the one given, so that a random one can be tried too). Case addresses are visited for
     * both linked cases, each with its own kind's steps.
     */
    function addresses(route: Route, id: string): string[] {
      const fill = (url: string, recordId: string, slugs: readonly string[]) => {
        const filled = url.replace(':id', recordId).replace(':locale', 'en').replace(':date', '2026-12-29');
        return filled.includes(':step') ? slugs.map((s) => filled.replace(':step', s)) : [filled];
      };
      const slugs = (types: readonly string[]) => types.map((t) => t.replaceAll('_', '-'));
      const { url } = route;
      if (url.includes('/allegations/')) return fill(url, id, slugs(ALLEGATION_COMMAND_TYPES));
      if (url.includes('/cases/') || url.includes('/reports/')) {
        return [...fill(url, caseId, slugs(CHILD_CASE_COMMAND_TYPES)), ...fill(url, adultCaseId, slugs(ADULT_CASE_COMMAND_TYPES))];
      }
      return fill(url, url.includes('/concerns/') ? concernId : randomUUID(), []);
    }

    async function request(email: string, method: string, url: string) {
      if (url.startsWith('/api/')) {
        const res = await h.app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: `Bearer ${tokens.get(email)}`, ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
          ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
        });
        return { status: res.statusCode, body: res.body, location: String(res.headers.location ?? '') };
      }
      const c = web.get(email)!;
      const res = method === 'GET' ? await c.get(url) : await c.post(url, {});
      return { status: res.status, body: res.body, location: String(res.headers.location ?? '') };
    }

    /** Signing in and out would end the walk's own session. */
    const walked = (r: Route) => !(r.method === 'POST' && (r.url === '/sign-in' || r.url === '/sign-out'));

    it('is seen by the designated officer and the member it was shared with', async () => {
      for (const email of [LEAD, MEMBER]) {
        const page = await request(email, 'GET', `/allegations/${allegationId}`);
        assert.equal(page.status, 200, email);
        assert.ok(page.body.includes(`${CANARY} summary`) && page.body.includes(`${CANARY} note`), email);
        const json = await request(email, 'GET', `/api/allegations/${allegationId}`);
        assert.equal(json.status, 200, email);
        assert.ok(json.body.includes(CANARY), email);
        assert.ok((await request(email, 'GET', '/allegations')).body.includes(CANARY), email);
      }
      for (const id of [caseId, adultCaseId]) {
        const casePage = await request(MEMBER, 'GET', `/cases/${id}`);
        assert.ok(casePage.body.includes('Linked allegations about practitioners') && casePage.body.includes(`/allegations/${allegationId}`), 'the member sees the link on the case');
      }
    });

    for (const email of OUTSIDERS) {
      it(`leaves no trace of it for ${email}`, async () => {
        const routes = routesOf(h.app).filter(walked);
        assert.ok(routes.some((r) => r.url === '/allegations/:id/steps/:step' && r.method === 'POST'), 'the allegation pages are among the routes');
        assert.ok(routes.some((r) => r.url === '/api/allegations/:id' && r.method === 'GET'), 'the allegation API is among the routes');
        let visited = 0;
        for (const route of routes) {
          const real = addresses(route, allegationId);
          for (const [i, url] of real.entries()) {
            const res = await request(email, route.method, url);
            visited += 1;
            assert.ok(!res.body.includes(CANARY) && !res.location.includes(CANARY), `${route.method} ${url} shows the canary to ${email}`);
            assert.ok(!res.body.includes(allegationId) || url.includes(allegationId), `${route.method} ${url} names the allegation to ${email}`);
            if (url.includes(allegationId)) {
              // (a) exactly as for an allegation that does not exist.
              const none = await request(email, route.method, addresses(route, randomId)[i]!);
              assert.equal(res.status, none.status, `${route.method} ${url}: status differs from an unknown id for ${email}`);
              assert.equal(normalise(res.body, [allegationId]), normalise(none.body, [randomId]), `${route.method} ${url}: answer differs from an unknown id for ${email}`);
              assert.ok([403, 404].includes(res.status), `${route.method} ${url}: ${res.status} for ${email}`);
            }
          }
        }
        assert.ok(visited > 80, `visited ${visited} addresses`);

        // (c) The linked case, for those who can see it: nothing about the allegation.
        const seesCase = CASE_WORKERS.includes(email);
        for (const url of [caseId, adultCaseId].flatMap((c) => [`/cases/${c}`, `/api/cases/${c}`, `/cases/${c}/chronology`, `/api/cases/${c}/chronology`, `/cases/${c}/who-has-seen`])) {
          const res = await request(email, 'GET', url);
          if (/[0-9a-f]$/.test(url)) assert.equal(res.status, seesCase ? 200 : 404, `${url} for ${email}`);
          if (res.status !== 200) continue;
          assert.doesNotMatch(res.body, /Linked allegations|Honiadau cysylltiedig|linkedAllegations/, `${url} for ${email}`);
          assert.ok(!res.body.includes(`/allegations/${allegationId}`), `${url} for ${email}`);
        }
      });
    }

    it('writes no audit row about the case that mentions the allegation', async () => {
      const rows = await h.handle.db
        .selectFrom('audit_events')
        .select(['action', 'record_id'])
        .where('record_type', '=', 'case')
        .where((eb) => eb.or([eb(sql<string>`coalesce(detail::text, '')`, 'like', `%${allegationId}%`), eb(sql<string>`coalesce(detail::text, '')`, 'like', `%${CANARY}%`), eb('action', 'like', 'allegation%')]))
        .execute();
      assert.deepEqual(rows, []);
      const caseRows = await h.handle.db.selectFrom('audit_events').select('action').where('record_type', '=', 'case').where('record_id', 'in', [caseId, adultCaseId]).execute();
      assert.ok(caseRows.length > 0, 'the case itself was read and audited');
      assert.ok(caseRows.every((r) => r.action.startsWith('case.')), caseRows.map((r) => r.action).join(', '));
    });
  });
}
