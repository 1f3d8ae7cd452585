import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, pageText, startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';

/**
 * Specific harm routes (DOMAIN.md §6.2) end to end: a concern's risks create their tasks
 * with the concern; the tasks show on the case the report opened; a task completed with
 * its reference moves to Done; refusals read as on every case route.
 */
const ctx = { requestId: 'harm-routes-test', ip: null };

for (const engine of ENGINES) {
  describe(`specific harm routes (${engine})`, () => {
    let h: Harness;
    const tokens: Record<string, string> = {};

    before(async () => {
      h = await startHarness(engine);
      for (const email of ['social.worker@sirfynydd.example', 'athro@glanymor.example', 'duty@caerwen.example', 'chair@caerwen.example']) {
        const me = await callerFor(email);
        tokens[email] = (await h.services.auth.createApiToken(me, 'harm routes test', ctx)).token;
      }
    });
    after(async () => h?.close());

    async function callerFor(email: string) {
      return toCaller((await findUserByEmail(h.handle.db, email))!);
    }

    async function signedIn(email: string, locale?: 'cy'): Promise<Client> {
      const c = new Client(h.app);
      if (locale) c.setLanguage(locale);
      assert.equal((await c.signIn(email)).status, 303);
      return c;
    }

    async function api(email: string, method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await h.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[email]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : undefined, body: res.body };
    }

    const childAnswers = (fullName: string, specificRisks: string[]) => ({
      subjectKind: 'child', fullName, birthKnowledge: 'date_of_birth', dateOfBirth: '2013-06-01', address: '3 Heol y Môr',
      firstLanguage: 'English', welshPreferred: 'no', account: 'She told me she was cut during a holiday abroad and that a man takes her to work at night.',
      harmCategories: ['physical'], specificRisks, immediateDanger: false, personKnows: 'yes',
    });

    /** A teacher raises a concern; the school's DSP reports it to Sir Fynydd: the concern's id and the case's. */
    async function reportedChild(fullName: string, specificRisks: string[]) {
      const concern = await h.services.concerns.raise(await callerFor('athro@glanymor.example'), childAnswers(fullName, specificRisks), ctx);
      const { reportId } = await h.services.concerns.reportToLocalAuthority(
        await callerFor('dsp@glanymor.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx,
      );
      return { concernId: concern.id, caseId: reportId };
    }

    async function reportedAdult(fullName: string, specificRisks: string[]) {
      const concern = await h.services.concerns.raise(
        await callerFor('gofalwr@brynhaul.example'),
        {
          subjectKind: 'adult', fullName, birthKnowledge: 'date_of_birth', dateOfBirth: '1980-02-02', address: 'Ystafell 3, Cartref Bryn Haul',
          firstLanguage: 'English', welshPreferred: 'no', account: 'He says his wages are taken and he sleeps at the car wash.',
          harmCategories: ['financial'], specificRisks, immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      const { reportId } = await h.services.concerns.reportToLocalAuthority(
        await callerFor('dsp@brynhaul.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx,
      );
      return { concernId: concern.id, caseId: reportId };
    }

    const taskRows = (where: { concernId?: string; caseId?: string }) =>
      h.handle.db
        .selectFrom('harm_route_tasks')
        .selectAll()
        .$if(where.concernId !== undefined, (q) => q.where('concern_id', '=', where.concernId!))
        .$if(where.caseId !== undefined, (q) => q.where('case_id', '=', where.caseId!))
        .orderBy('task_id')
        .execute();

    it('creates the tasks with the concern, in its transaction, with their audit record', async () => {
      const concern = await h.services.concerns.raise(await callerFor('athro@glanymor.example'), childAnswers('Amira Harm Un', ['fgm', 'modern_slavery_trafficking', 'online_abuse']), ctx);
      const rows = await taskRows({ concernId: concern.id });
      assert.deepEqual(rows.map((r) => r.task_id), ['fgm.police_report', 'modern_slavery.ictg_referral', 'modern_slavery.nrm_referral_child']);
      const stored = await h.handle.db.selectFrom('concerns').select(['created_at', 'organisation_id']).where('id', '=', concern.id).executeTakeFirstOrThrow();
      for (const r of rows) {
        assert.equal(r.status, 'open');
        assert.equal(r.subject_kind, 'child');
        assert.equal(r.case_id, null);
        assert.equal(new Date(r.created_at).getTime(), new Date(stored.created_at).getTime());
        assert.equal(r.organisation_id, stored.organisation_id);
      }
      // FGM: one calendar month from the disclosure (17 November → end of 17 December 2026).
      assert.equal(new Date(rows.find((r) => r.task_id === 'fgm.police_report')!.due_at!).toISOString(), '2026-12-18T00:00:00.000Z');
      const audits = await h.handle.db.selectFrom('audit_events').select(['action', 'detail']).where('record_id', '=', concern.id).orderBy('id').execute();
      assert.deepEqual(audits.map((a) => a.action), ['concern.harm_route.create', 'concern.raise']);
      assert.deepEqual((audits[0]!.detail as { risks: string[] }).risks, ['fgm', 'modern_slavery_trafficking']);

      // If the tasks cannot be stored, neither is the concern: one transaction.
      await sql`ALTER TABLE harm_route_tasks ADD CONSTRAINT test_no_fgm CHECK (risk <> 'fgm') NOT VALID`.execute(h.handle.db);
      try {
        const before = await h.handle.db.selectFrom('concerns').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
        await assert.rejects(h.services.concerns.raise(await callerFor('athro@glanymor.example'), childAnswers('Amira Harm Dim', ['fgm']), ctx));
        const afterRaise = await h.handle.db.selectFrom('concerns').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
        assert.equal(afterRaise.n, before.n);
        const people = await h.handle.db.selectFrom('people').select('id').where('full_name', '=', 'Amira Harm Dim').execute();
        assert.equal(people.length, 0);
      } finally {
        await sql`ALTER TABLE harm_route_tasks DROP CONSTRAINT test_no_fgm`.execute(h.handle.db);
      }
    });

    it('shows the concern’s tasks on its own page, with the FGM duty personal to the professional', async () => {
      const teacher = await signedIn('athro@glanymor.example');
      const concern = await h.services.concerns.raise(await callerFor('athro@glanymor.example'), childAnswers('Amira Harm Dau', ['fgm']), ctx);
      const page = await teacher.get(`/concerns/${concern.id}`);
      assert.equal(page.status, 200);
      const text = pageText(page.body);
      assert.match(text, /Specific harm routes/);
      assert.match(text, /Report FGM to the police/);
      assert.match(text, /duty is personal to the professional/);
      assert.doesNotMatch(page.body, /Record the reference/);
      const cy = await signedIn('athro@glanymor.example', 'cy');
      assert.match(pageText((await cy.get(`/concerns/${concern.id}`)).body), /Llwybrau niwed penodol/);
    });

    it('shows them on the case the report opened, and moves a task to Done once its reference is recorded', async () => {
      const { caseId } = await reportedChild('Amira Harm Tri', ['fgm', 'modern_slavery_trafficking']);
      const worker = await signedIn('social.worker@sirfynydd.example');
      const page = await worker.get(`/cases/${caseId}`);
      assert.equal(page.status, 200);
      const text = pageText(page.body);
      assert.match(text, /Specific harm routes/);
      for (const title of ['Report FGM to the police', 'Refer the child to the National Referral Mechanism', 'Refer to the Independent Child Trafficking Guardian service']) {
        assert.ok(text.includes(title), title);
      }
      assert.match(text, /0800 043 4303/);
      assert.match(text, /By Thursday, 17 December 2026/);
      const links = [...page.body.matchAll(new RegExp(`href="/cases/${caseId}/harm-routes/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]!);
      assert.equal(links.length, 3);

      // The NRM task: a blank reference is refused, nothing changes.
      const nrm = (await h.services.harmRoutes.forCase(await callerFor('social.worker@sirfynydd.example'), caseId, ctx)).open.find((t) => t.taskId === 'modern_slavery.nrm_referral_child')!;
      const form = await worker.get(`/cases/${caseId}/harm-routes/${nrm.id}`);
      assert.equal(form.status, 200);
      assert.match(pageText(form.body), /NRM reference/);
      const bad = await worker.post(`/cases/${caseId}/harm-routes/${nrm.id}`, { reference: '  ' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /<title>Error:/);
      assert.match(pageText(bad.body), /There is a problem Enter the reference/);
      assert.equal((await taskRows({})).find((r) => r.id === nrm.id)!.status, 'open');
      const tooLong = await worker.post(`/cases/${caseId}/harm-routes/${nrm.id}`, { reference: 'x'.repeat(101) });
      assert.equal(tooLong.status, 400);
      assert.match(pageText(tooLong.body), /100 characters or fewer/);

      const done = await worker.post(`/cases/${caseId}/harm-routes/${nrm.id}`, { reference: ' NRM-2026-000123 ', notes: 'Referred by phone.' });
      assert.equal(done.status, 303, pageText(done.body).slice(0, 500));
      assert.equal(done.headers.location, `/cases/${caseId}?harmRoute=recorded`);
      const after = await worker.get(String(done.headers.location));
      const afterText = pageText(after.body);
      assert.match(afterText, /The reference is recorded and the task is done/);
      assert.match(afterText, /Done Task Reference Recorded Refer the child to the National Referral Mechanism NRM-2026-000123 Iwan Parry/);
      assert.ok(!after.body.includes(`/harm-routes/${nrm.id}"`), 'no longer offered as open');
      const row = (await taskRows({})).find((r) => r.id === nrm.id)!;
      assert.equal(row.status, 'done');
      assert.equal(row.reference, 'NRM-2026-000123');
      assert.deepEqual(row.reference_detail, { referenceKind: 'nrm_reference' });
      // The audit names the task and the kind of reference, not the reference itself.
      const audit = await h.handle.db.selectFrom('audit_events').select(['detail', 'outcome']).where('record_id', '=', caseId).where('action', '=', 'case.harm_route.complete').executeTakeFirstOrThrow();
      assert.equal(audit.outcome, 'success');
      assert.equal((audit.detail as { referenceKind: string }).referenceKind, 'nrm_reference');
      assert.ok(!JSON.stringify(audit.detail).includes('NRM-2026-000123'));
      // Done is done: recording it again is refused, and nothing changes.
      const again = await worker.post(`/cases/${caseId}/harm-routes/${nrm.id}`, { reference: 'OTHER' });
      assert.equal(again.status, 409);
      assert.equal((await taskRows({})).find((r) => r.id === nrm.id)!.reference, 'NRM-2026-000123');

      // In Welsh too.
      const cy = await signedIn('social.worker@sirfynydd.example', 'cy');
      const cyText = pageText((await cy.get(`/cases/${caseId}`)).body);
      assert.match(cyText, /Llwybrau niwed penodol/);
      assert.match(cyText, /Wedi'u gwneud/);
    });

    it('does not show a concern’s tasks on a sibling’s case, nor on anyone else’s', async () => {
      const { caseId } = await reportedChild('Amira Harm Pedwar', ['missing']);
      const worker = await callerFor('social.worker@sirfynydd.example');
      const view = await h.services.cases.get(worker, caseId, ctx);
      assert.deepEqual(view.harmRoutes.map((t) => t.taskId), ['missing.tell_police', 'missing.return_home_interview']);
      assert.ok(view.harmRoutes.every((t) => t.origin === 'concern'));
      // A sibling's case shares the report, not the concern's person: none of its tasks.
      const { caseId: siblingId } = await h.services.cases.addSibling(worker, caseId, { fullName: 'Yusuf Harm Pedwar', dateOfBirth: '2016-02-01', expectedVersion: view.case.version }, ctx);
      assert.deepEqual((await h.services.cases.get(worker, siblingId, ctx)).harmRoutes, []);
      const other = await reportedChild('Amira Harm Pump', []);
      assert.deepEqual((await h.services.cases.get(worker, other.caseId, ctx)).harmRoutes, []);
    });

    it('adds a route to a case once, with the adult’s NRM or MS1 decided by consent, and MAPPA category and level', async () => {
      const { caseId } = await reportedAdult('Tomasz Harm Chwech', []);
      const worker = await signedIn('social.worker@sirfynydd.example');
      const empty = await worker.get(`/cases/${caseId}`);
      assert.doesNotMatch(pageText(empty.body), /Specific harm routes/);
      assert.match(empty.body, new RegExp(`href="/cases/${caseId}/harm-routes/new"`));
      const form = await worker.get(`/cases/${caseId}/harm-routes/new`);
      assert.equal(form.status, 200);
      const none = await worker.post(`/cases/${caseId}/harm-routes/new`, {});
      assert.equal(none.status, 400);
      assert.match(pageText(none.body), /Select at least one specific harm/);
      const unknown = await worker.post(`/cases/${caseId}/harm-routes/new`, { risks: ['domestic_abuse'] });
      assert.equal(unknown.status, 400);
      assert.equal((await taskRows({ caseId })).length, 0);

      const added = await worker.post(`/cases/${caseId}/harm-routes/new`, { risks: ['modern_slavery_trafficking', 'mappa'] });
      assert.equal(added.status, 303);
      assert.equal(added.headers.location, `/cases/${caseId}?harmRoute=added`);
      assert.deepEqual((await taskRows({ caseId })).map((r) => r.task_id), ['mappa.consider_strategy_meeting', 'mappa.share_with_responsible_authority', 'modern_slavery.nrm_or_ms1_adult']);
      // Already open: not added again.
      const twice = await worker.post(`/cases/${caseId}/harm-routes/new`, { risks: ['mappa'] });
      assert.equal(twice.headers.location, `/cases/${caseId}?harmRoute=nothingAdded`);
      assert.equal((await taskRows({ caseId })).length, 3);

      const rows = await taskRows({ caseId });
      const ms = rows.find((r) => r.task_id === 'modern_slavery.nrm_or_ms1_adult')!;
      const msForm = await worker.get(`/cases/${caseId}/harm-routes/${ms.id}`);
      assert.match(pageText(msForm.body), /Does the adult consent to a National Referral Mechanism referral\?/);
      const noConsent = await worker.post(`/cases/${caseId}/harm-routes/${ms.id}`, { reference: 'X' });
      assert.equal(noConsent.status, 400);
      assert.match(pageText(noConsent.body), /Select whether the adult consents/);
      const ms1Missing = await worker.post(`/cases/${caseId}/harm-routes/${ms.id}`, { consent: 'no' });
      assert.match(pageText(ms1Missing.body), /Enter the MS1 reference/);
      assert.equal((await worker.post(`/cases/${caseId}/harm-routes/${ms.id}`, { consent: 'no', reference: 'MS1-5521' })).status, 303);
      assert.deepEqual((await taskRows({ caseId })).find((r) => r.id === ms.id)!.reference_detail, { referenceKind: 'ms1_reference', consent: 'no' });

      const mappa = rows.find((r) => r.task_id === 'mappa.share_with_responsible_authority')!;
      const badLevel = await worker.post(`/cases/${caseId}/harm-routes/${mappa.id}`, { category: '2', level: '4' });
      assert.equal(badLevel.status, 400);
      assert.match(pageText(badLevel.body), /Select the MAPPA management level/);
      assert.equal((await worker.post(`/cases/${caseId}/harm-routes/${mappa.id}`, { category: '2', level: '3' })).status, 303);
      const page = pageText((await worker.get(`/cases/${caseId}`)).body);
      assert.match(page, /Category 2, level 3/);
      assert.match(page, /Did not consent: MS1 notification: MS1-5521/);
    });

    it('refuses a reader with a 403 and an outsider exactly as a case that does not exist', async () => {
      const { caseId } = await reportedChild('Amira Harm Saith', ['radicalisation']);
      const teacher = await callerFor('athro@glanymor.example');
      const ffion = await callerFor('duty@caerwen.example');
      const manager = await callerFor('manager@sirfynydd.example');
      // A teacher on the core group, and a social worker from another authority at the conference: both may only read.
      await h.handle.db.insertInto('case_members').values([
        { case_id: caseId, user_id: teacher.userId, relationship: 'core_group', added_by: manager.userId, added_at: h.clock.now() },
        { case_id: caseId, user_id: ffion.userId, relationship: 'conference_member', added_by: manager.userId, added_at: h.clock.now() },
      ]).execute();
      const task = (await h.services.cases.get(manager, caseId, ctx)).harmRoutes.find((t) => t.taskId === 'radicalisation.prevent_referral')!;

      const teacherPages = await signedIn('athro@glanymor.example');
      const readPage = await teacherPages.get(`/cases/${caseId}`);
      assert.equal(readPage.status, 200);
      assert.match(pageText(readPage.body), /Make a Prevent referral to the police/);
      assert.doesNotMatch(readPage.body, /harm-routes\/new|Record the reference/);
      // A role that never works on cases meets the role gate first (as on every case step).
      assert.equal((await teacherPages.get(`/cases/${caseId}/harm-routes/new`)).status, 404);
      assert.equal((await api('athro@glanymor.example', 'GET', `/api/cases/${caseId}/harm-routes`)).status, 200);

      const reader = await signedIn('duty@caerwen.example');
      assert.equal((await reader.get(`/cases/${caseId}`)).status, 200);
      assert.equal((await reader.get(`/cases/${caseId}/harm-routes/new`)).status, 403);
      assert.equal((await reader.get(`/cases/${caseId}/harm-routes/${task.id}`)).status, 403);
      const refusedPost = await reader.post(`/cases/${caseId}/harm-routes/${task.id}`, { reference: 'PR-1' });
      assert.equal(refusedPost.status, 403);
      assert.match(pageText(refusedPost.body), /You are not allowed to do this/);
      assert.equal((await reader.post(`/cases/${caseId}/harm-routes/new`, { risks: ['missing'] })).status, 403);
      assert.equal((await api('duty@caerwen.example', 'GET', `/api/cases/${caseId}/harm-routes`)).status, 200);
      assert.equal((await api('duty@caerwen.example', 'POST', `/api/cases/${caseId}/harm-routes/${task.id}/complete`, { reference: 'PR-1' })).status, 403);
      assert.equal((await api('duty@caerwen.example', 'POST', `/api/cases/${caseId}/harm-routes`, { risks: ['missing'] })).status, 403);
      assert.equal((await taskRows({})).find((r) => r.id === task.id)!.status, 'open');
      assert.equal((await taskRows({ caseId })).length, 0);
      const refusals = await h.handle.db.selectFrom('audit_events').select('action').where('actor_user_id', '=', ffion.userId).where('outcome', '=', 'denied').execute();
      assert.ok(refusals.some((r) => r.action === 'case.harm_route.complete'));
      assert.ok(refusals.some((r) => r.action === 'case.harm_route.add'));

      // Another authority's chair, on nothing: the same answer as for a case that does not exist.
      const outsider = await signedIn('chair@caerwen.example');
      const unknown = randomUUID();
      for (const path of ['harm-routes/new', `harm-routes/${task.id}`]) {
        const got = await outsider.get(`/cases/${caseId}/${path}`);
        const none = await outsider.get(`/cases/${unknown}/${path}`);
        assert.equal(got.status, 404, path);
        assert.equal(none.status, 404, path);
        assert.equal(pageText(got.body).replaceAll(caseId, '{id}'), pageText(none.body).replaceAll(unknown, '{id}'));
      }
      assert.equal((await outsider.post(`/cases/${caseId}/harm-routes/${task.id}`, { reference: 'x' })).status, 404);
      assert.equal((await api('chair@caerwen.example', 'GET', `/api/cases/${caseId}/harm-routes`)).status, 404);
      assert.equal((await api('chair@caerwen.example', 'POST', `/api/cases/${caseId}/harm-routes/${task.id}/complete`, { reference: 'x' })).status, 404);
      assert.equal((await taskRows({})).find((r) => r.id === task.id)!.status, 'open');
      // A task that is not this case's is not found either.
      const worker = await signedIn('social.worker@sirfynydd.example');
      assert.equal((await worker.get(`/cases/${caseId}/harm-routes/${unknown}`)).status, 404);
    });

    it('does the same through the API', async () => {
      const { caseId } = await reportedChild('Amira Harm Wyth', []);
      const who = 'social.worker@sirfynydd.example';
      const empty = await api(who, 'GET', `/api/cases/${caseId}/harm-routes`);
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.json, { caseId, open: [], done: [] });
      const bad = await api(who, 'POST', `/api/cases/${caseId}/harm-routes`, { risks: ['not_a_risk'] });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.errors.risks.code, 'error.harmRouteRisks.invalid');
      const added = await api(who, 'POST', `/api/cases/${caseId}/harm-routes`, { risks: ['missing', 'serious_harm_or_death'] });
      assert.equal(added.status, 201, added.body);
      assert.equal(added.json.created, 4);
      const police = added.json.open.find((t: { task: string }) => t.task === 'missing.tell_police');
      assert.equal(police.deadline, 'immediately');
      assert.equal(police.dueStatus, 'immediately');
      assert.equal(police.dueAt, h.clock.now().toISOString());
      assert.equal(police.whoMustAct, 'The carer or agency who knows, or the local authority');
      assert.deepEqual(police.sources, ['MP-WALES', 'CIW-MISSING', 'WSP-C6-P9']);
      const again = await api(who, 'POST', `/api/cases/${caseId}/harm-routes`, { risks: ['missing'] });
      assert.equal(again.status, 200);
      assert.deepEqual(again.json.skipped, ['missing']);

      const invalid = await api(who, 'POST', `/api/cases/${caseId}/harm-routes/${police.id}/complete`, { reference: '' });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.json.errors.reference.code, 'error.harmRouteReference.required');
      const completed = await api(who, 'POST', `/api/cases/${caseId}/harm-routes/${police.id}/complete`, { reference: 'LOG-4411' });
      assert.equal(completed.status, 200, completed.body);
      assert.equal(completed.json.status, 'done');
      assert.equal(completed.json.reference, 'LOG-4411');
      const list = await api(who, 'GET', `/api/cases/${caseId}/harm-routes`);
      assert.ok(!list.json.open.some((t: { id: string }) => t.id === police.id));
      assert.ok(list.json.done.some((t: { id: string }) => t.id === police.id));
      assert.equal((await api(who, 'POST', `/api/cases/${caseId}/harm-routes/${police.id}/complete`, { reference: 'LOG-1' })).status, 409);
      assert.equal((await api(who, 'POST', `/api/cases/${caseId}/harm-routes/${randomUUID()}/complete`, { reference: 'LOG-1' })).status, 404);

      const doc = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
      const paths = JSON.parse(doc.body).paths as Record<string, unknown>;
      assert.ok(paths['/cases/{id}/harm-routes'] && paths['/cases/{id}/harm-routes/{taskId}/complete']);
    });
  });
}
