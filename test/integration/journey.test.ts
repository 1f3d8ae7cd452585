import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, pageText, startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';

/** The id of the report whose row names this person, in the incoming-reports table. */
function reportIdFor(html: string, personName: string): string {
  const row = html.split('<tr').find((r) => r.includes(personName) && r.includes('/reports/'));
  assert.ok(row, `a report about ${personName}`);
  return /href="\/reports\/([0-9a-f-]{36})"/.exec(row)![1]!;
}

/**
 * Steps 2–4 of the walking skeleton through the pages, on both database engines:
 * a practitioner raises a concern, the DSP reports it, the duty social worker decides.
 */
for (const engine of ENGINES) {
  describe(`concern journey through the pages (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(async () => h?.close());

    async function auditCount(): Promise<number> {
      const r = await sql<{ n: string }>`select count(*) as n from audit_events`.execute(h.handle.db);
      return Number(r.rows[0]!.n);
    }

    /** Answers every question, up to the check page. */
    async function answerChildConcern(c: Client, overrides: Record<string, Record<string, string | string[]>> = {}) {
      assert.equal((await c.post('/concerns/new/subject', { subjectKind: 'child', ...overrides.subject })).status, 303);
      const person = await c.post('/concerns/new/person', {
        fullName: 'Cai Morgan', birthKnowledge: 'date_of_birth', 'dateOfBirth-day': '5', 'dateOfBirth-month': '3',
        'dateOfBirth-year': '2015', address: '1 Stryd Fawr', firstLanguage: 'Welsh', welshPreferred: 'yes', communicationNeeds: '',
        ...overrides.person,
      });
      assert.equal(person.status, 303, pageText(person.body).slice(0, 500));
      assert.equal((await c.post('/concerns/new/what-happened', {
        account: 'Cai said he is scared to go home.', ownWords: 'Mam hits me when she is cross',
        'occurredOn-day': '16', 'occurredOn-month': '11', 'occurredOn-year': '2026', occurredTime: '09:15', location: 'Playground',
        ...overrides.what,
      })).status, 303);
      assert.equal((await c.post('/concerns/new/harm', { harmCategories: ['physical', 'emotional_psychological'], specificRisks: ['domestic_abuse'], ...overrides.harm })).status, 303);
      const danger = await c.post('/concerns/new/danger', { immediateDanger: 'no', ...overrides.danger });
      assert.equal(danger.status, 303);
      if (danger.headers.location === '/concerns/new/call-999') await c.get('/concerns/new/call-999');
      assert.equal((await c.post('/concerns/new/knows', { personKnows: 'no', personNotToldReason: 'Telling his mother could increase the risk', ...overrides.knows })).status, 303);
      const check = await c.get('/concerns/new/check');
      assert.equal(check.status, 200);
      return check;
    }

    async function raiseChildConcern(c: Client, overrides: Record<string, Record<string, string | string[]>> = {}) {
      const check = await answerChildConcern(c, overrides);
      const sent = await c.post('/concerns/new/check', overrides.check ?? {});
      assert.equal(sent.status, 303, pageText(sent.body).slice(0, 500));
      const confirmation = await c.get(String(sent.headers.location));
      const reference = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(pageText(confirmation.body))![1]!;
      const id = /\/concerns\/([0-9a-f-]{36})\/confirmation/.exec(String(sent.headers.location))![1]!;
      return { id, reference, check: pageText(check.body), confirmation: pageText(confirmation.body) };
    }

    it('serves the sign-in page and refuses a wrong password with the same answer as an unknown account', async () => {
      const c = new Client(h.app);
      const page = await c.get('/sign-in');
      assert.equal(page.status, 200);
      assert.match(page.body, /<form method="post" action="\/sign-in" novalidate>/);
      const wrong = await c.post('/sign-in', { email: 'athro@glanymor.example', password: 'not the password' });
      const unknown = await c.post('/sign-in', { email: 'nobody@nowhere.example', password: 'not the password' });
      assert.equal(wrong.status, 400);
      assert.equal(unknown.status, 400);
      assert.equal(pageText(wrong.body).replace(/nobody@nowhere.example|athro@glanymor.example/g, ''), pageText(unknown.body).replace(/nobody@nowhere.example|athro@glanymor.example/g, ''));
      assert.match(pageText(wrong.body), /There is a problem Enter a correct email address and password/);
      assert.match(wrong.body, /<title>Error: Sign in to Diogel/);
    });

    it('sends a signed-out visitor to sign in', async () => {
      const res = await new Client(h.app).get('/concerns/new/subject');
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, '/sign-in');
    });

    it('lets a practitioner raise a concern, keeping the person’s own words verbatim', async () => {
      const c = new Client(h.app);
      assert.equal((await c.signIn('athro@glanymor.example')).status, 303);
      const before = await auditCount();
      const { id, reference, check, confirmation } = await raiseChildConcern(c);
      assert.match(check, /Mam hits me when she is cross/);
      assert.match(check, /5 March 2015/);
      assert.match(confirmation, new RegExp(`Concern sent Your reference number ${reference}`));
      const row = await h.handle.db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.own_words, 'Mam hits me when she is cross');
      assert.deepEqual(row.harm_categories, ['physical', 'emotional_psychological']);
      assert.equal(row.status, 'awaiting_dsp');
      assert.equal(row.person_knows, 'no');
      const person = await h.handle.db.selectFrom('people').selectAll().where('id', '=', row.person_id).executeTakeFirstOrThrow();
      assert.equal(person.date_of_birth, '2015-03-05');
      assert.equal(person.welsh_preferred, true);
      assert.ok((await auditCount()) > before, 'raising and reading are audited');
      const mine = pageText((await c.get('/concerns')).body);
      assert.match(mine, new RegExp(`${reference} Cai Morgan \\(Child\\) 17 November 2026 With designated safeguarding person`));
    });

    it('keeps answers and stores nothing when a question page has errors', async () => {
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      await c.post('/concerns/new/subject', { subjectKind: 'child' });
      const concernsBefore = await h.handle.db.selectFrom('concerns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const res = await c.post('/concerns/new/person', {
        fullName: 'Dewi Jones', birthKnowledge: 'date_of_birth', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2015',
      });
      assert.equal(res.status, 400);
      const text = pageText(res.body);
      assert.match(text, /There is a problem Date of birth must be a real date Select whether they would prefer Welsh/);
      assert.match(res.body, /href="#dateOfBirth-day"/);
      assert.match(res.body, /value="Dewi Jones"/);
      assert.match(res.body, /id="dateOfBirth-day" name="dateOfBirth-day" type="text" value="31"/);
      const adultAge = await c.post('/concerns/new/person', {
        fullName: 'Dewi Jones', birthKnowledge: 'date_of_birth', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '1990', welshPreferred: 'no',
      });
      assert.match(pageText(adultAge.body), /A child must be under 18/);
      const concernsAfter = await h.handle.db.selectFrom('concerns').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(concernsAfter.n), Number(concernsBefore.n));
      // A step cannot be skipped: the check page sends you back to the first unanswered question.
      const check = await c.get('/concerns/new/check');
      assert.equal(check.status, 302);
      assert.equal(check.headers.location, '/concerns/new/person');
    });

    it('checks dates against the service clock, not the machine’s', async () => {
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      await c.post('/concerns/new/subject', { subjectKind: 'child' });
      await c.post('/concerns/new/person', { fullName: 'Nel Price', birthKnowledge: 'not_known', welshPreferred: 'no' });
      // The harness clock says Tuesday 17 November 2026; the 19th is in its future whatever the machine's date.
      const future = await c.post('/concerns/new/what-happened', {
        account: 'Told me at lunch', 'occurredOn-day': '19', 'occurredOn-month': '11', 'occurredOn-year': '2026',
      });
      assert.equal(future.status, 400);
      assert.match(pageText(future.body), /The date it happened must be today or in the past/);
    });

    it('tells a reporter to call 999 when someone is in immediate danger, and records that they were told', async () => {
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      const { id } = await raiseChildConcern(c, { danger: { immediateDanger: 'yes' } });
      const row = await h.handle.db.selectFrom('concerns').select(['immediate_danger', 'told_to_call_999_at']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.immediate_danger, true);
      assert.ok(row.told_to_call_999_at instanceof Date);
      const page = await c.get(`/concerns/${id}`);
      assert.match(pageText(page.body), /Is anyone in immediate danger\? Yes – Told to call 999/);
    });

    it('accepts an unborn child with an expected due date', async () => {
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      const { id } = await raiseChildConcern(c, {
        person: { birthKnowledge: 'unborn', 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '', 'expectedDueDate-day': '14', 'expectedDueDate-month': '3', 'expectedDueDate-year': '2027' },
      });
      const concern = await h.services.concerns.get(await callerFor('athro@glanymor.example'), id, { requestId: 't', ip: null });
      assert.equal(concern.person.expectedDueDate, '2027-03-14');
      assert.equal(concern.person.dateOfBirth, null);
    });

    async function callerFor(email: string) {
      const { findUserByEmail } = await import('../../src/store/users.repository.js');
      const { toCaller } = await import('../../src/services/auth.service.js');
      return toCaller((await findUserByEmail(h.handle.db, email))!);
    }

    it('lets the DSP report it to a local authority, starting the 1-working-day clock, and the reporter sees the status', async () => {
      const practitioner = new Client(h.app);
      await practitioner.signIn('athro@glanymor.example');
      const { id, reference } = await raiseChildConcern(practitioner);

      const dsp = new Client(h.app);
      await dsp.signIn('dsp@glanymor.example');
      const queue = pageText((await dsp.get('/triage')).body);
      assert.match(queue, new RegExp(reference));
      const form = await dsp.get(`/concerns/${id}/report`);
      assert.equal(form.status, 200);
      const missing = await dsp.post(`/concerns/${id}/report`, { expectedVersion: '0' });
      assert.equal(missing.status, 400);
      assert.match(pageText(missing.body), /There is a problem Select the local authority/);
      const done = await dsp.post(`/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: '0' });
      assert.equal(done.status, 303);
      const clock = await h.handle.db
        .selectFrom('case_clocks').innerJoin('reports', 'reports.id', 'case_clocks.case_id')
        .select(['case_clocks.timer_id', 'case_clocks.due_at', 'case_clocks.stopped_at'])
        .where('reports.concern_id', '=', id).where('case_clocks.key', '=', 'T-C2').executeTakeFirstOrThrow();
      assert.equal(clock.timer_id, 'T-C2');
      assert.equal(clock.due_at.toISOString(), '2026-11-19T00:00:00.000Z'); // end of Wednesday 18 November
      assert.equal(clock.stopped_at, null);
      assert.match(pageText((await practitioner.get('/concerns')).body), new RegExp(`${reference} Cai Morgan \\(Child\\) 17 November 2026 Received, awaiting decision`));
    });

    it('lets a DSP report a concern to a local authority as they send it, and asks a practitioner nothing more', async () => {
      const practitioner = new Client(h.app);
      await practitioner.signIn('athro@glanymor.example');
      const theirs = pageText((await answerChildConcern(practitioner)).body);
      assert.doesNotMatch(theirs, /What happens next\?/);

      const dsp = new Client(h.app);
      await dsp.signIn('dsp@glanymor.example');
      const check = await answerChildConcern(dsp, { person: { fullName: 'Elin Rowlands' } });
      assert.match(pageText(check.body), /What happens next\? Report it to a local authority now .* Which local authority\? .* Decide later/);
      assert.match(check.body, new RegExp(`<option value="${DEMO_ORGANISATIONS.sirFynydd.id}">Sir Fynydd County Council</option>`));
      const stored = async () => Number((await h.handle.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).where('full_name', '=', 'Elin Rowlands').executeTakeFirstOrThrow()).n);

      // Each wrong answer keeps the page, says what to do, and stores nothing.
      const none = await dsp.post('/concerns/new/check', {});
      assert.equal(none.status, 400);
      assert.match(pageText(none.body), /There is a problem Select whether to report it to a local authority now/);
      assert.match(none.body, /href="#next"/);
      const noLa = await dsp.post('/concerns/new/check', { next: 'report', localAuthorityId: '' });
      assert.equal(noLa.status, 400);
      assert.match(pageText(noLa.body), /There is a problem Select the local authority/);
      assert.match(noLa.body, /href="#localAuthorityId"/);
      const notLa = await dsp.post('/concerns/new/check', { next: 'report', localAuthorityId: DEMO_ORGANISATIONS.school.id });
      assert.equal(notLa.status, 400);
      assert.match(pageText(notLa.body), /There is a problem Select the local authority/);
      assert.match(notLa.body, /<input class="govuk-radios__input" id="next" name="next" type="radio" value="report" checked/);
      assert.equal(await stored(), 0);

      const sent = await dsp.post('/concerns/new/check', { next: 'report', localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id });
      assert.equal(sent.status, 303);
      const id = /\/concerns\/([0-9a-f-]{36})\/confirmation/.exec(String(sent.headers.location))![1]!;
      const confirmation = pageText((await dsp.get(String(sent.headers.location))).body);
      assert.match(confirmation, /You reported it to Sir Fynydd County Council\. The local authority now decides what happens next\./);
      const row = await h.handle.db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'reported');
      assert.equal(row.version, 1);
      const clock = await h.handle.db
        .selectFrom('case_clocks').innerJoin('reports', 'reports.id', 'case_clocks.case_id')
        .select(['case_clocks.due_at']).where('reports.concern_id', '=', id).where('case_clocks.key', '=', 'T-C2').executeTakeFirstOrThrow();
      assert.equal(clock.due_at.toISOString(), '2026-11-19T00:00:00.000Z'); // end of Wednesday 18 November
      // The draft is gone: the next concern starts afresh.
      assert.equal((await dsp.get('/concerns/new/check')).status, 302);

      // Deciding later leaves it in the queue, as a practitioner's concern would be.
      const { id: later } = await raiseChildConcern(dsp, { person: { fullName: 'Iwan Rowlands' }, check: { next: 'queue', localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id } });
      assert.equal((await h.handle.db.selectFrom('concerns').select('status').where('id', '=', later).executeTakeFirstOrThrow()).status, 'awaiting_dsp');
      assert.match(pageText((await dsp.get('/triage')).body), /Iwan Rowlands/);
    });

    it('never drops a concern silently: not reporting needs a reason', async () => {
      const practitioner = new Client(h.app);
      await practitioner.signIn('athro@glanymor.example');
      const { id } = await raiseChildConcern(practitioner);
      const dsp = new Client(h.app);
      await dsp.signIn('dsp@glanymor.example');
      await dsp.get(`/concerns/${id}/no-report`);
      const empty = await dsp.post(`/concerns/${id}/no-report`, { reason: '   ', expectedVersion: '0' });
      assert.equal(empty.status, 400);
      assert.match(pageText(empty.body), /Enter the reason for not reporting this concern/);
      assert.equal((await h.handle.db.selectFrom('concerns').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'awaiting_dsp');
      const ok = await dsp.post(`/concerns/${id}/no-report`, { reason: 'Already reported by the police this morning (ref 123)', expectedVersion: '0' });
      assert.equal(ok.status, 303);
      const row = await h.handle.db.selectFrom('concerns').select(['status', 'no_report_reason']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'not_reported', no_report_reason: 'Already reported by the police this morning (ref 123)' });
      assert.match(pageText((await practitioner.get(`/concerns/${id}`)).body), /Not reported .*Reason for not reporting Already reported by the police/);
    });

    it('shows the DSP a conflict page, with their input kept, when the concern changed meanwhile', async () => {
      const practitioner = new Client(h.app);
      await practitioner.signIn('athro@glanymor.example');
      const { id } = await raiseChildConcern(practitioner);
      const first = new Client(h.app);
      await first.signIn('dsp@glanymor.example');
      const second = new Client(h.app);
      await second.signIn('dsp@glanymor.example');
      await first.get(`/concerns/${id}/report`);
      await second.get(`/concerns/${id}/no-report`);
      assert.equal((await first.post(`/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: '0' })).status, 303);
      const conflict = await second.post(`/concerns/${id}/no-report`, { reason: 'My careful reasoning', expectedVersion: '0' });
      assert.equal(conflict.status, 409);
      assert.match(pageText(conflict.body), /This record changed while you were working on it .* My careful reasoning/);
      assert.equal((await h.handle.db.selectFrom('concerns').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'reported');
    });

    it('shows the duty social worker incoming reports with their clocks, overdue ones marked, and records the decision', async () => {
      const duty = new Client(h.app);
      await duty.signIn('duty@sirfynydd.example');
      const list = await duty.get('/reports');
      assert.equal(list.status, 200);
      const text = pageText(list.body);
      assert.match(text, /Osian Pritchard \(Child\) Prefers Welsh/);
      assert.match(text, /Overdue/);
      assert.match(text, /Glenys Parry \(Adult at risk\) .* Enquiries \(7 working days\) Due by end of/);
      const reportId = reportIdFor(list.body, 'Glenys Parry');
      const page = await duty.get(`/reports/${reportId}`);
      assert.equal(page.status, 200);
      // For an adult the initial checks come first, on the case: the report page links there instead of asking for the decision.
      assert.match(pageText(page.body), /Initial checks, then the decision .* Record the initial checks on the case/);
      assert.doesNotMatch(page.body, /action="\/reports\/[^"]+\/decision"/);
      const version = '0';
      const bad = await duty.post(`/reports/${reportId}/decision`, { expectedVersion: version, rationale: '' });
      assert.equal(bad.status, 400);
      assert.match(pageText(bad.body), /There is a problem Select a decision Enter the rationale for the decision/);
      const wrongKind = await duty.post(`/reports/${reportId}/decision`, { expectedVersion: version, decision: 'made_up', rationale: 'x' });
      assert.equal(wrongKind.status, 400);
      const decisionFor = 'section126_enquiries';
      const tooSoon = await duty.post(`/reports/${reportId}/decision`, { expectedVersion: version, decision: decisionFor, rationale: 'Reasonable cause to suspect significant harm' });
      assert.equal(tooSoon.status, 409);
      assert.match(pageText(tooSoon.body), /There is a problem Record the initial checks before the decision/);
      const checks = await duty.get(`/cases/${reportId}/steps/record-initial-checks`);
      assert.equal(checks.status, 200);
      const caseVersion = /name="expectedVersion" value="(\d+)"/.exec(checks.body)![1]!;
      assert.equal((await duty.post(`/cases/${reportId}/steps/record-initial-checks`, {
        expectedVersion: caseVersion, categories: ['financial'], consent: 'given', capacityAssessed: 'no', crimeSuspected: 'no', othersAtRisk: 'no',
        summary: 'Spoke to Glenys; she wants help to keep her card safe.',
      })).status, 303);
      const ok = await duty.post(`/reports/${reportId}/decision`, { expectedVersion: version, decision: decisionFor, rationale: 'Reasonable cause to suspect significant harm' });
      assert.equal(ok.status, 303);
      const after = pageText((await duty.get(`/reports/${reportId}`)).body);
      assert.match(after, /Decision recorded/);
      const report = await h.handle.db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
      assert.equal(report.status, 'decided');
      assert.equal(report.decision, decisionFor);
      const clock = await h.handle.db.selectFrom('case_clocks').selectAll().where('case_id', '=', reportId).where('timer_id', '=', 'T-A3').executeTakeFirstOrThrow();
      // The adult's 7-working-day clock keeps running into the section 126 enquiries.
      assert.equal(clock.stopped_at, null);
      assert.equal(clock.timer_id, 'T-A3');
    });

    it('stops a child report’s 1-working-day clock when the decision is recorded', async () => {
      const practitioner = new Client(h.app);
      await practitioner.signIn('athro@glanymor.example');
      const { id } = await raiseChildConcern(practitioner, { person: { fullName: 'Tomos Bevan' } });
      const dsp = new Client(h.app);
      await dsp.signIn('dsp@glanymor.example');
      await dsp.get(`/concerns/${id}/report`);
      await dsp.post(`/concerns/${id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: '0' });
      const duty = new Client(h.app);
      await duty.signIn('duty@sirfynydd.example');
      const reportId = reportIdFor((await duty.get('/reports')).body, 'Tomos Bevan');
      const page = await duty.get(`/reports/${reportId}`);
      assert.doesNotMatch(pageText(page.body), /Section 126 enquiries/, 'adult options are not offered for a child');
      const adultOption = await duty.post(`/reports/${reportId}/decision`, { expectedVersion: '0', decision: 'section126_enquiries', rationale: 'x' });
      assert.equal(adultOption.status, 400);
      assert.equal((await duty.post(`/reports/${reportId}/decision`, { expectedVersion: '0', decision: 'strategy_discussion', rationale: 'Bruising and disclosure' })).status, 303);
      const clock = await h.handle.db.selectFrom('case_clocks').selectAll()
        .where('case_id', '=', reportId).where('key', '=', 'T-C2').executeTakeFirstOrThrow();
      assert.ok(clock.stopped_at instanceof Date);
      assert.equal(clock.stop_reason, 'decision_recorded');
      // Deciding on a strategy discussion starts its clock (a setting: 1 working day by default).
      const strategy = await h.handle.db.selectFrom('case_clocks').selectAll()
        .where('case_id', '=', reportId).where('key', '=', 'T-C3').executeTakeFirstOrThrow();
      assert.equal(strategy.due_date, '2026-11-18');
      // A second decision on the same version is a conflict, not a silent overwrite.
      const again = await duty.post(`/reports/${reportId}/decision`, { expectedVersion: '0', decision: 'no_further_action', rationale: 'Changed my mind' });
      assert.equal(again.status, 409);
      assert.match(pageText(again.body), /No further action .*Changed my mind/);
    });

    it('hides records outside a person’s scope behind exactly the same 404 as a missing record', async () => {
      const practitioner = new Client(h.app);
      await practitioner.signIn('athro@glanymor.example');
      const { id } = await raiseChildConcern(practitioner);
      const otherPractitioner = new Client(h.app);
      await otherPractitioner.signIn('gofalwr@brynhaul.example');
      const hidden = await otherPractitioner.get(`/concerns/${id}`);
      const missing = await otherPractitioner.get('/concerns/00000000-0000-4000-8000-000000000000');
      const garbage = await otherPractitioner.get('/concerns/not-an-id');
      assert.equal(hidden.status, 404);
      assert.equal(missing.status, 404);
      assert.equal(garbage.status, 404);
      // Only the requester's own input (the URL, echoed in the language switch) and per-request tokens may differ.
      const strip = (b: string) =>
        b.replace(/nonce="[^"]+"/g, '').replace(/name="_csrf" value="[^"]+"/g, '').replace(/\?return=[^"]+"/g, '"');
      assert.equal(strip(hidden.body), strip(missing.body));
      // The other local authority's duty worker sees nothing of a report sent elsewhere.
      const caerwen = new Client(h.app);
      await caerwen.signIn('duty@caerwen.example');
      assert.doesNotMatch(pageText((await caerwen.get('/reports')).body), /Osian Pritchard/);
      // A practitioner has no triage queue or incoming reports at all.
      assert.equal((await practitioner.get('/triage')).status, 404);
      assert.equal((await practitioner.get('/reports')).status, 404);
      // The refused attempt is in the audit trail.
      const refused = await h.handle.db.selectFrom('audit_events').select('outcome').where('record_id', '=', id).where('outcome', '=', 'not_found').execute();
      assert.ok(refused.length >= 1);
    });

    it('lets the team manager see who has seen a concern, including refused attempts', async () => {
      const manager = new Client(h.app);
      await manager.signIn('manager@sirfynydd.example');
      const duty = new Client(h.app);
      await duty.signIn('duty@sirfynydd.example');
      const list = await duty.get('/reports?status=received');
      const reportId = /href="\/reports\/([0-9a-f-]{36})"/.exec(list.body)![1]!;
      const report = await duty.get(`/reports/${reportId}`);
      const concernId = /href="\/concerns\/([0-9a-f-]{36})\/who-has-seen"/.exec(report.body)?.[1]
        ?? (await h.handle.db.selectFrom('reports').select('concern_id').where('id', '=', reportId).executeTakeFirstOrThrow()).concern_id;
      const seen = await manager.get(`/concerns/${concernId}/who-has-seen`);
      assert.equal(seen.status, 200);
      const text = pageText(seen.body);
      assert.match(text, /Nia Roberts – Duty social worker, Sir Fynydd County Council Opened the report Allowed/);
      assert.match(text, /Raised the concern/);
      // A practitioner may not open it.
      const practitioner = new Client(h.app);
      await practitioner.signIn('athro@glanymor.example');
      assert.equal((await practitioner.get(`/concerns/${concernId}/who-has-seen`)).status, 404);
      // The duty worker can open the concern but not its audit: refused by the role gate, and recorded as refused.
      assert.equal((await duty.get(`/concerns/${concernId}/who-has-seen`)).status, 404);
      const last = await h.handle.db.selectFrom('audit_events').select(['action', 'outcome', 'detail']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      assert.deepEqual(last, { action: 'access.refused', outcome: 'denied', detail: { method: 'GET', url: `/concerns/${concernId}/who-has-seen` } });
    });

    it('rejects a form without a valid CSRF token and changes nothing', async () => {
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      const noToken = await c.post('/concerns/new/subject', { subjectKind: 'adult' }, { csrf: false });
      assert.equal(noToken.status, 403);
      assert.match(pageText(noToken.body), /Your form could not be sent/);
      const forged = await c.post('/concerns/new/subject', { subjectKind: 'adult', _csrf: 'forged' });
      assert.equal(forged.status, 403);
      const stillBlank = await c.get('/concerns/new/subject');
      assert.doesNotMatch(stillBlank.body, /value="adult" checked/);
      const signIn = new Client(h.app);
      await signIn.get('/sign-in');
      assert.equal((await signIn.post('/sign-in', { email: 'athro@glanymor.example', password: 'x', _csrf: '' })).status, 403);
    });

    it('ends the session on sign-out, on the server', async () => {
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      const token = c.cookie('__Host-diogel-session')!;
      assert.ok(token);
      assert.equal((await c.post('/sign-out', {})).status, 303);
      assert.equal(await h.services.auth.resolveSession(token), undefined);
    });

    it('ends a session after 30 minutes idle', async () => {
      const c = new Client(h.app);
      await c.signIn('athro@glanymor.example');
      assert.equal((await c.get('/')).status, 200);
      h.clock.advance(31 * 60_000);
      try {
        assert.equal((await c.get('/')).status, 302);
      } finally {
        h.clock.advance(-31 * 60_000);
      }
    });

    it('clears a person’s abandoned sessions, and the drafts in them, when they next sign in', async () => {
      const abandoned = new Client(h.app);
      await abandoned.signIn('chair@sirfynydd.example');
      await abandoned.post('/concerns/new/subject', { subjectKind: 'child' });
      const user = await h.handle.db.selectFrom('users').select('id').where('email', '=', 'chair@sirfynydd.example').executeTakeFirstOrThrow();
      const count = async () => Number((await h.handle.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', user.id).executeTakeFirstOrThrow()).n);
      assert.equal(await count(), 1);
      h.clock.advance(31 * 60_000);
      try {
        await new Client(h.app).signIn('chair@sirfynydd.example');
        assert.equal(await count(), 1, 'only the new session is left');
      } finally {
        h.clock.advance(-31 * 60_000);
      }
    });

    it('serves every page in Welsh, with the Welsh GOV.UK component text', async () => {
      const c = new Client(h.app);
      c.setLanguage('cy');
      const signIn = await c.get('/sign-in');
      assert.match(signIn.body, /<html lang="cy"/);
      assert.match(pageText(signIn.body), /Neidio i'r prif gynnwys .* Mewngofnodi i Diogel/);
      const bad = await c.post('/sign-in', { email: '', password: '' });
      assert.match(pageText(bad.body), /Mae problem wedi codi Rhowch eich cyfeiriad e-bost Rhowch eich cyfrinair/);
      assert.match(bad.body, /<title>Gwall: /);
      assert.match(bad.body, /<span class="govuk-visually-hidden">Gwall:<\/span>/);
      await c.signIn('duty@sirfynydd.example');
      const reports = pageText((await c.get('/reports')).body);
      assert.match(reports, /Hysbysiadau sy'n dod i mewn/);
      assert.match(reports, /Yn hwyr/);
      assert.match(reports, /Dewis Cymraeg/);
    });

    it('switches language with a plain link and returns to the same page', async () => {
      const c = new Client(h.app);
      const res = await c.get('/language/cy?return=%2Fsign-in');
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, '/sign-in');
      assert.match((await c.get('/sign-in')).body, /lang="cy"/);
      const offsite = await c.get('/language/en?return=%2F%2Fevil.example');
      assert.equal(offsite.headers.location, '/');
    });

    it('reports health, sets security headers and never shows a stack trace', async () => {
      const health = await h.app.inject({ url: '/health' });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(JSON.parse(health.body), { status: 'ok', database: 'ok' });
      const page = await h.app.inject({ url: '/sign-in' });
      assert.match(String(page.headers['content-security-policy']), /script-src 'self' 'nonce-[^']+'/);
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.equal(page.headers['x-content-type-options'], 'nosniff');
      assert.match(String(page.headers['set-cookie']), /__Host-diogel-pre=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
      const malformed = await h.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/json' }, payload: '{not json' });
      assert.equal(malformed.statusCode, 400);
      assert.doesNotMatch(malformed.body, /at .*\.ts:\d+|SyntaxError|stack/i);
    });
  });
}
