import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/db.js';
import { Client, startHarness, type Harness } from '../support/harness.js';
import { sql } from 'kysely';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';

/** Step 6: the same journey through the JSON API, with personal bearer tokens. */
for (const engine of ENGINES) {
  describe(`JSON API (${engine})`, () => {
    let h: Harness;
    const tokens: Record<string, string> = {};

    before(async () => {
      h = await startHarness(engine);
      // Each person creates a token for themselves on the API tokens page.
      for (const email of ['athro@glanymor.example', 'dsp@glanymor.example', 'duty@sirfynydd.example', 'manager@sirfynydd.example', 'gofalwr@brynhaul.example']) {
        const c = new Client(h.app);
        await c.signIn(email);
        const page = await c.post('/account/api-tokens', { name: 'integration test' });
        assert.equal(page.status, 201);
        tokens[email] = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!;
      }
    });
    after(async () => h?.close());

    async function api(email: string | null, method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await h.app.inject({
        method,
        url,
        headers: { ...(email ? { authorization: `Bearer ${tokens[email]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, type: String(res.headers['content-type']), json: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
    }

    const concern = {
      subjectKind: 'adult',
      fullName: 'Eirlys Watkins',
      birthKnowledge: 'date_of_birth',
      dateOfBirth: '1950-06-01',
      welshPreferred: 'yes',
      account: 'Bruises on both wrists; she says her son grabs her.',
      ownWords: 'He gets angry when I forget',
      harmCategories: ['physical'],
      specificRisks: ['domestic_abuse'],
      immediateDanger: false,
      personKnows: 'yes',
    };

    it('publishes an OpenAPI 3.1 document without a token', async () => {
      const res = await api(null, 'GET', '/api/openapi.json');
      assert.equal(res.status, 200);
      assert.equal(res.json.openapi, '3.1.0');
      assert.ok(res.json.paths['/concerns'].post);
      const raise = res.json.components.schemas.RaiseConcern;
      assert.ok(raise.properties.harmCategories, 'built from the validation schema');
      assert.deepEqual(raise.properties.subjectKind.enum, ['child', 'adult']);
      for (const [path, item] of Object.entries<Record<string, { responses: object }>>(res.json.paths)) {
        for (const op of Object.values(item)) assert.ok(Object.keys(op.responses).length > 0, path);
      }
    });

    it('refuses requests without a valid token, as problem JSON', async () => {
      for (const auth of [undefined, 'Bearer nonsense', 'Bearer dgl_forged', 'Basic abc']) {
        const res = await h.app.inject({ method: 'GET', url: '/api/concerns', headers: auth ? { authorization: auth } : {} });
        assert.equal(res.statusCode, 401);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
      }
      // A session cookie gives no authority over the API.
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      const res = await h.app.inject({ method: 'GET', url: '/api/concerns', headers: { cookie: `__Host-diogel-session=${c.cookie('__Host-diogel-session')}` } });
      assert.equal(res.statusCode, 401);
    });

    it('raises, reports and decides a concern end to end', async () => {
      const created = await api('gofalwr@brynhaul.example', 'POST', '/api/concerns', concern);
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.match(created.json.reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.equal(created.headers.location, `/api/concerns/${created.json.id}`);
      const id = created.json.id as string;

      // The school's DSP cannot see a care home's concern: it looks exactly like a missing one.
      const hidden = await api('dsp@glanymor.example', 'GET', `/api/concerns/${id}`);
      const missing = await api('dsp@glanymor.example', 'GET', '/api/concerns/00000000-0000-4000-8000-000000000000');
      assert.equal(hidden.status, 404);
      assert.deepEqual(hidden.json, missing.json);

      const mine = await api('gofalwr@brynhaul.example', 'GET', '/api/concerns');
      assert.ok(mine.json.items.some((c: { id: string }) => c.id === id));

      // The care home has no DSP token in this test, so use the service through the school DSP → refused;
      // then report through the care home's DSP by signing in on the page.
      const refused = await api('dsp@glanymor.example', 'POST', `/api/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 });
      assert.equal(refused.status, 404);
      const homeDsp = new Client(h.app);
      await homeDsp.signIn('dsp@brynhaul.example');
      const tokenPage = await homeDsp.post('/account/api-tokens', { name: 'care home DSP' });
      tokens['dsp@brynhaul.example'] = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(tokenPage.body)![1]!;

      const queue = await api('dsp@brynhaul.example', 'GET', '/api/concerns?queue=triage');
      assert.ok(queue.json.items.some((c: { id: string }) => c.id === id));
      const badLa = await api('dsp@brynhaul.example', 'POST', `/api/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.school.id, expectedVersion: 0 });
      assert.equal(badLa.status, 400);
      assert.equal(badLa.json.errors.localAuthorityId.code, 'error.localAuthorityId.required');
      const reported = await api('dsp@brynhaul.example', 'POST', `/api/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 });
      assert.equal(reported.status, 201);
      const reportId = reported.json.reportId as string;
      const stale = await api('dsp@brynhaul.example', 'POST', `/api/concerns/${id}/no-report`, { reason: 'too late', expectedVersion: 0 });
      assert.equal(stale.status, 409);
      assert.match(stale.type, /problem\+json/);

      const incoming = await api('duty@sirfynydd.example', 'GET', '/api/reports');
      const row = incoming.json.items.find((r: { id: string }) => r.id === reportId);
      assert.equal(row.clock.rule, 'T-A3');
      assert.equal(row.clock.dueDate, '2026-11-26'); // 7 working days after Tuesday 17 November
      assert.equal(row.clock.workingDaysLeft, 7);
      assert.equal(row.welshPreferred, true);

      const report = await api('duty@sirfynydd.example', 'GET', `/api/reports/${reportId}`);
      assert.deepEqual(report.json.decisionOptions, ['nfa_no_abuse', 'nfa_not_abuse_or_neglect', 'nfa_one_off_low_risk', 'section126_enquiries', 'part3_assessment']);
      const invalid = await api('duty@sirfynydd.example', 'POST', `/api/reports/${reportId}/decision`, { decision: 'strategy_discussion', rationale: '', expectedVersion: 0 });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.json.errors.rationale.message, 'Enter the rationale for the decision');
      // For an adult the initial checks come first, as a step on the case (which has the report's id).
      const tooSoon = await api('duty@sirfynydd.example', 'POST', `/api/reports/${reportId}/decision`, { decision: 'nfa_one_off_low_risk', rationale: 'Single incident, now safe', expectedVersion: 0 });
      assert.equal(tooSoon.status, 409);
      const theCase = await api('duty@sirfynydd.example', 'GET', `/api/cases/${reportId}`);
      const checks = await api('duty@sirfynydd.example', 'POST', `/api/cases/${reportId}/steps/record-initial-checks`, {
        categories: ['physical'], consent: 'given', capacityAssessed: false, crimeSuspected: false, policeInformed: false, othersAtRisk: false,
        summary: 'Seen with her son out; she is safe now.', expectedVersion: theCase.json.version,
      });
      assert.equal(checks.status, 200, JSON.stringify(checks.json));
      const decided = await api('duty@sirfynydd.example', 'POST', `/api/reports/${reportId}/decision`, { decision: 'nfa_one_off_low_risk', rationale: 'Single incident, now safe', expectedVersion: 0 });
      assert.equal(decided.status, 200);
      assert.equal(decided.json.report.decision, 'nfa_one_off_low_risk');
      assert.equal(decided.json.clocks[0].status, 'stopped');

      // The reporter sees the outcome; the manager sees who has seen the record.
      const seenByReporter = await api('gofalwr@brynhaul.example', 'GET', `/api/concerns/${id}`);
      assert.equal(seenByReporter.json.report.status, 'decided');
      const seen = await api('manager@sirfynydd.example', 'GET', `/api/concerns/${id}/who-has-seen`);
      assert.equal(seen.status, 200);
      const actions = seen.json.items.map((e: { action: string }) => e.action);
      for (const a of ['concern.raise', 'concern.report_to_local_authority', 'report.read', 'report.decide']) assert.ok(actions.includes(a), a);
      assert.ok(seen.json.items.some((e: { outcome: string }) => e.outcome === 'not_found'), 'the refused attempt is listed');
      assert.equal((await api('gofalwr@brynhaul.example', 'GET', `/api/concerns/${id}/who-has-seen`)).status, 404);
    });

    it('reports a concern once: a second report of it, at once or later, is a conflict that stores nothing', async () => {
      const raised = await api('athro@glanymor.example', 'POST', '/api/concerns', { ...concern, subjectKind: 'child', fullName: 'Gethin Morgan', dateOfBirth: '2015-03-04' });
      assert.equal(raised.status, 201);
      const id = raised.json.id as string;
      const stored = async () => {
        const { rows } = await sql<{ reports: number; cases: number; clocks: number; audits: number; version: number }>`
          select (select count(*)::int from reports where concern_id = ${id}) as reports,
            (select count(*)::int from cases k join reports r on r.id = k.report_id where r.concern_id = ${id}) as cases,
            (select count(*)::int from case_clocks c join reports r on r.id = c.case_id where r.concern_id = ${id}) as clocks,
            (select count(*)::int from audit_events where action = 'concern.report_to_local_authority' and record_id = ${id}) as audits,
            (select version from concerns where id = ${id}) as version`.execute(h.handle.db);
        return rows[0]!;
      };
      // From a version the concern is not at: refused before anything is written.
      const early = await api('dsp@glanymor.example', 'POST', `/api/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 3 });
      assert.equal(early.status, 409);
      assert.match(early.type, /problem\+json/);
      assert.deepEqual(await stored(), { reports: 0, cases: 0, clocks: 0, audits: 0, version: 0 });
      // Two at once, from the same version: one opens the case, the other is told it changed.
      const body = { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 };
      const both = await Promise.all([1, 2].map(() => api('dsp@glanymor.example', 'POST', `/api/concerns/${id}/report`, body)));
      assert.deepEqual(both.map((r) => r.status).sort(), [201, 409], JSON.stringify(both.map((r) => r.json)));
      const after = await stored();
      assert.deepEqual({ ...after, clocks: after.clocks > 0 }, { reports: 1, cases: 1, clocks: true, audits: 1, version: 1 });
      const winner = both.find((r) => r.status === 201)!;
      const cases = await sql<{ id: string }>`select k.id from cases k join reports r on r.id = k.report_id where r.concern_id = ${id}`.execute(h.handle.db);
      assert.deepEqual(cases.rows.map((r) => r.id), [winner.json.reportId]);
    });

    it('times a report by the closure dates in force when it is made, not those a server remembered', async () => {
      const child = { ...concern, subjectKind: 'child', fullName: 'Osian Price', dateOfBirth: '2014-09-10' };
      const body = { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 };
      const reportOne = async () => {
        const raised = await api('athro@glanymor.example', 'POST', '/api/concerns', child);
        const reported = await api('dsp@glanymor.example', 'POST', `/api/concerns/${raised.json.id}/report`, body);
        assert.equal(reported.status, 201, JSON.stringify(reported.json));
        const { rows } = await sql<{ timer_id: string; due_date: string; ruleset: string }>`
          select c.timer_id, c.due_date::text as due_date, e.ruleset from case_clocks c join case_events e on e.case_id = c.case_id and e.seq = 1
          where c.case_id = ${reported.json.reportId} order by c.timer_id`.execute(h.handle.db);
        return rows;
      };
      const before = await reportOne();
      assert.ok(before.length > 0);
      // Another server (or an administrator, by another route) closes every working day of the
      // next fortnight: the next report's clocks must count round them.
      const days = ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01'];
      for (const d of days) await sql`insert into calendar_closures (closed_on, name_en, name_cy, added_by, added_at) values (${d}, 'Test closure', 'Cau prawf', (select id from users limit 1), now())`.execute(h.handle.db);
      try {
        const after = await reportOne();
        assert.deepEqual(after.map((c) => c.timer_id), before.map((c) => c.timer_id));
        for (const [i, c] of after.entries()) assert.ok(c.due_date > '2026-12-01' && c.due_date > before[i]!.due_date, `${c.timer_id}: ${before[i]!.due_date} → ${c.due_date}`);
      } finally {
        await sql`delete from calendar_closures where name_en = 'Test closure'`.execute(h.handle.db);
      }
      // And back again once they are gone.
      assert.deepEqual(await reportOne(), before);
    });

    it('lets a designated safeguarding person report a concern as they raise it, in one call', async () => {
      const child = { ...concern, subjectKind: 'child', fullName: 'Lowri Parry', dateOfBirth: '2016-02-11' };
      const count = async (name: string) => {
        const { rows } = await sql<{ concerns: number; people: number }>`
          select (select count(*)::int from concerns c join people p on p.id = c.person_id where p.full_name = ${name}) as concerns,
            (select count(*)::int from people where full_name = ${name}) as people`.execute(h.handle.db);
        return rows[0]!;
      };
      // Anyone else may not: 403, and nothing is stored.
      const practitioner = await api('athro@glanymor.example', 'POST', '/api/concerns', { ...child, reportToLocalAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id });
      assert.equal(practitioner.status, 403);
      assert.match(practitioner.type, /problem\+json/);
      const refusals = await sql<{ outcome: string; detail: unknown }>`
        select a.outcome, a.detail from audit_events a join users u on u.id = a.actor_user_id
        where u.email = 'athro@glanymor.example' and a.action = 'concern.report_to_local_authority'`.execute(h.handle.db);
      assert.deepEqual(refusals.rows, [{ outcome: 'denied', detail: { onRaising: true } }]);
      // An organisation that is not a local authority, or no id at all, is that field's error; the
      // concern's own errors come with it; nothing is stored.
      const school = await api('dsp@glanymor.example', 'POST', '/api/concerns', { ...child, reportToLocalAuthorityId: DEMO_ORGANISATIONS.school.id });
      assert.equal(school.status, 400);
      assert.deepEqual(Object.keys(school.json.errors), ['reportToLocalAuthorityId']);
      assert.equal(school.json.errors.reportToLocalAuthorityId.message, 'Select the local authority');
      const both = await api('dsp@glanymor.example', 'POST', '/api/concerns', { ...child, account: '', reportToLocalAuthorityId: 'Sir Fynydd' });
      assert.equal(both.status, 400);
      assert.deepEqual(Object.keys(both.json.errors).sort(), ['account', 'reportToLocalAuthorityId']);
      assert.deepEqual(await count('Lowri Parry'), { concerns: 0, people: 0 });

      const created = await api('dsp@glanymor.example', 'POST', '/api/concerns', { ...child, reportToLocalAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      assert.equal(created.json.status, 'reported');
      const { id, reportId } = created.json as { id: string; reportId: string };
      assert.match(reportId, /^[0-9a-f-]{36}$/);
      assert.deepEqual(await count('Lowri Parry'), { concerns: 1, people: 1 });

      // The concern is reported by the DSP, and is no longer waiting in their queue.
      const seen = await api('dsp@glanymor.example', 'GET', `/api/concerns/${id}`);
      assert.equal(seen.json.status, 'reported');
      assert.equal(seen.json.version, 1);
      assert.equal(seen.json.report.id, reportId);
      const queue = await api('dsp@glanymor.example', 'GET', '/api/concerns?queue=triage');
      assert.ok(!queue.json.items.some((c: { id: string }) => c.id === id));
      // The authority has it, with the child's 1-working-day decision clock running from now.
      const incoming = await api('duty@sirfynydd.example', 'GET', '/api/reports');
      const row = incoming.json.items.find((r: { id: string }) => r.id === reportId);
      assert.equal(row.clock.rule, 'T-C2');
      assert.equal(row.clock.dueDate, '2026-11-18'); // 1 working day after Tuesday 17 November
      const theCase = await api('duty@sirfynydd.example', 'GET', `/api/cases/${reportId}`);
      assert.equal(theCase.status, 200);
      // Both steps are audited, in the one statement that stored them.
      const { rows } = await sql<{ action: string }>`select action from audit_events where record_id = ${id} order by id`.execute(h.handle.db);
      assert.deepEqual(rows.map((r) => r.action).slice(0, 2), ['concern.raise', 'concern.report_to_local_authority']);
      // A report of it afterwards is a conflict, as for any concern already reported.
      const again = await api('dsp@glanymor.example', 'POST', `/api/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 1 });
      assert.equal(again.status, 409);
    });

    it('rejects invalid concerns field by field and stores nothing', async () => {
      const before = await h.handle.db.selectFrom('concerns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const res = await api('athro@glanymor.example', 'POST', '/api/concerns', {
        ...concern, subjectKind: 'child', dateOfBirth: '2031-01-01', harmCategories: ['not-a-category'], immediateDanger: true, personKnows: 'no',
      });
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.json.errors).sort(), ['dateOfBirth', 'harmCategories', 'personNotToldReason', 'toldToCall999']);
      assert.equal(res.json.errors.toldToCall999.message, 'Someone is in immediate danger: the reporter must be told to call 999 now');
      for (const payload of ['{"broken"', '[]', 'null', '"text"']) {
        const r = await api('athro@glanymor.example', 'POST', '/api/concerns', payload);
        assert.equal(r.status, 400, payload);
        assert.match(r.type, /problem\+json/);
        assert.doesNotMatch(JSON.stringify(r.json), /stack|\.ts:\d+/);
      }
      const after = await h.handle.db.selectFrom('concerns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    it('accepts someone in danger once the reporter has been told to call 999', async () => {
      const res = await api('athro@glanymor.example', 'POST', '/api/concerns', {
        ...concern, subjectKind: 'child', dateOfBirth: '2014-01-01', immediateDanger: true, toldToCall999: true,
      });
      assert.equal(res.status, 201);
      const row = await h.handle.db.selectFrom('concerns').select('told_to_call_999_at').where('id', '=', res.json.id).executeTakeFirstOrThrow();
      assert.equal(row.told_to_call_999_at?.toISOString(), '2026-11-17T10:00:00.000Z');
    });

    it('stops a revoked token working at once', async () => {
      const c = new Client(h.app);
      await c.signIn('manager@sirfynydd.example');
      const page = await c.post('/account/api-tokens', { name: 'to revoke' });
      const token = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!;
      const row = page.body.split('<tr').find((r) => r.includes('to revoke'))!;
      const id = /action="\/account\/api-tokens\/([0-9a-f-]{36})\/revoke"/.exec(row)![1]!;
      const ok = await h.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(JSON.parse(ok.body).role, 'team_manager');
      assert.equal((await c.post(`/account/api-tokens/${id}/revoke`, {})).status, 303);
      assert.equal((await h.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
      const stored = await h.handle.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, token, 'only a hash of the token is stored');
    });

    it('answers unknown API routes with problem JSON', async () => {
      const res = await api('athro@glanymor.example', 'GET', '/api/nothing-here');
      assert.equal(res.status, 404);
      assert.match(res.type, /problem\+json/);
    });
  });
}
