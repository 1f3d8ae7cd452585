import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/db.js';
import { Client, DEFAULT_NOW, pageText, startHarness, type Harness, type Response } from '../support/harness.js';
import { normalise } from '../support/routes.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { accessChangeOfSlug, accessSlugOf } from '../../src/web/forms/case-access-page.js';
import { ACCESS_CHANGES } from '../../src/services/case-access.service.js';

/**
 * Who can see a case, in the browser (DESIGN.md, Access): the managers' page of members,
 * restriction and hidden address; a core group teacher who reads but never changes; a
 * restricted case that reads, for the team, exactly like one that does not exist; a hidden
 * address; emergency access with its reason, its alerts and its hour; and the subject
 * access report, by role and organisation.
 */
const ctx = { requestId: 'case-access-pages', ip: null };
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const REASON = 'Child brought to the out-of-hours team by the police; need the plan and contacts now.';

describe('access page forms (pure)', () => {
  it('addresses every change by the kebab-case of its type', () => {
    for (const type of ACCESS_CHANGES) assert.equal(accessChangeOfSlug(accessSlugOf(type)), type);
    assert.equal(accessSlugOf('hide_address'), 'hide-address');
    assert.equal(accessChangeOfSlug('hide_address'), undefined);
    assert.equal(accessChangeOfSlug('delete-case'), undefined);
  });
});

for (const engine of ENGINES) {
  describe(`who can see a case, in the browser (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(async () => h?.close());

    async function callerFor(email: string) {
      return toCaller((await findUserByEmail(h.handle.db, email))!);
    }

    async function signedIn(email: string, locale?: 'cy'): Promise<Client> {
      const c = new Client(h.app);
      if (locale) c.setLanguage(locale);
      assert.equal((await c.signIn(email)).status, 303, email);
      return c;
    }

    /** A demonstration case, by the person's name. */
    async function demoCase(fullName: string): Promise<string> {
      const row = await h.handle.db.selectFrom('cases as k').innerJoin('people as p', 'p.id', 'k.person_id').select('k.id').where('p.full_name', '=', fullName).executeTakeFirstOrThrow();
      return row.id;
    }

    /** A teacher raises a concern and the school's DSP reports it to Sir Fynydd: the new case's id. */
    async function reportedChild(fullName: string, address = '1 Stryd Fawr, Tref Fynydd'): Promise<string> {
      const concern = await h.services.concerns.raise(
        await callerFor('athro@glanymor.example'),
        {
          subjectKind: 'child', fullName, birthKnowledge: 'date_of_birth', dateOfBirth: '2015-03-05', address, firstLanguage: 'Welsh', welshPreferred: 'yes',
          account: 'Bruising on both arms; said he was scared to go home.', harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      return (await h.services.concerns.reportToLocalAuthority(await callerFor('dsp@glanymor.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx)).reportId;
    }

    async function version(id: string): Promise<number> {
      return (await h.handle.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    }

    async function members(id: string) {
      return h.handle.db.selectFrom('case_members').select(['user_id', 'relationship']).where('case_id', '=', id).execute();
    }

    /** A chronology entry: a step anyone working on the case may take at any stage. */
    const entry = (v: number) => ({ expectedVersion: String(v), 'occurredOn-day': '16', 'occurredOn-month': '11', 'occurredOn-year': '2026', summary: 'Phone call from school', significant: 'no' });

    function expectRedirect(res: Response, to: string) {
      assert.equal(res.status, 303, pageText(res.body).slice(0, 1500));
      assert.equal(res.headers.location, to);
    }

    it('adds a member from another agency, who reads the case but cannot change it, and removes them again', async () => {
      const id = await reportedChild('Harri Bowen');
      const manager = await signedIn('manager@sirfynydd.example');
      const caerwen = await signedIn('duty@caerwen.example');
      const caerwenId = (await callerFor('duty@caerwen.example')).userId;
      assert.equal((await caerwen.get(`/cases/${id}`)).status, 404, 'not on the case yet');

      const casePage = await manager.get(`/cases/${id}`);
      assert.match(casePage.body, new RegExp(`href="/cases/${id}/access">Who can see this case</a>`));
      const page = await manager.get(`/cases/${id}/access`);
      assert.equal(page.status, 200);
      assert.match(pageText(page.body), /Harri Bowen Prefers Welsh Who can see this case .* People added to this case No one has been added to this case\./);
      assert.match(pageText(page.body), /Restriction This case is not restricted\. .* Address Everyone who can see this case can see the person's address\./);
      // Every form on the page carries its own CSRF token (a browser sends the form's, not the sign-out button's).
      const forms = page.body.split('<form ').slice(1);
      assert.ok(forms.length >= 4);
      for (const f of forms) assert.match(f, /^[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/);

      // Errors are shown with the answers kept, and nothing is added.
      const blank = await manager.post(`/cases/${id}/access/add-member`, { memberEmail: '' });
      assert.equal(blank.status, 400);
      assert.match(blank.body, /<title>Error: Who can see this case/);
      assert.match(pageText(blank.body), /There is a problem Enter their email address Select how they are involved/);
      assert.match(blank.body, /href="#memberEmail"/);
      assert.match(blank.body, /href="#relationship"/);
      const unknown = await manager.post(`/cases/${id}/access/add-member`, { memberEmail: 'nobody@nowhere.example', relationship: 'conference_member' });
      assert.equal(unknown.status, 400);
      assert.match(pageText(unknown.body), /There is a problem There is nobody in Diogel with this email address/);
      assert.match(unknown.body, /name="memberEmail" type="email"[^>]*value="nobody@nowhere.example"/);
      assert.match(unknown.body, /name="relationship" type="radio" value="conference_member" checked/);
      const analyst = await manager.post(`/cases/${id}/access/add-member`, { memberEmail: 'analyst@sirfynydd.example', relationship: 'named' });
      assert.equal(analyst.status, 400, 'an analyst is never put on a case');
      assert.deepEqual(await members(id), []);

      // Added: the other agency's worker reads the case and is told they may only read it.
      expectRedirect(await manager.post(`/cases/${id}/access/add-member`, { memberEmail: 'Duty@Caerwen.example', relationship: 'conference_member' }), `/cases/${id}/access?done=add-member`);
      const added = pageText((await manager.get(`/cases/${id}/access?done=add-member`)).body);
      assert.match(added, /Success The person has been added to this case\./);
      assert.match(added, /Ffion Jenkins duty@caerwen\.example Duty social worker, Caerwen City Council Conference member 17 November 2026 Remove Ffion Jenkins, Conference member/);
      const read = await caerwen.get(`/cases/${id}`);
      assert.equal(read.status, 200);
      assert.match(pageText(read.body), /Harri Bowen Prefers Welsh .* You are a conference member for this case\. You can read it but not change it\./);
      assert.doesNotMatch(read.body, /\/steps\//, 'no steps are offered');
      assert.doesNotMatch(read.body, /\/access"/, 'and no link to manage access');
      assert.match(pageText((await caerwen.get('/cases')).body), /Harri Bowen/);

      // A step is refused as read-only (403), and nothing changes.
      const before = await version(id);
      const step = await caerwen.post(`/cases/${id}/steps/add-chronology-entry`, entry(before));
      assert.equal(step.status, 403);
      assert.match(pageText(step.body), /You are not allowed to do this You can read this case but not change it/);
      assert.equal((await caerwen.get(`/cases/${id}/steps/add-chronology-entry`)).status, 403);
      assert.equal(await version(id), before);
      // Nor may they manage who sees it.
      const manage = await caerwen.get(`/cases/${id}/access`);
      assert.equal(manage.status, 403);
      assert.match(pageText(manage.body), /Only the authority's team managers and senior managers can change who can see this case/);

      // Removed: the case is gone for them, as if it never existed.
      expectRedirect(await manager.post(`/cases/${id}/access/remove-member`, { userId: caerwenId, relationship: 'conference_member' }), `/cases/${id}/access?done=remove-member`);
      assert.equal((await caerwen.get(`/cases/${id}`)).status, 404);
      assert.doesNotMatch(pageText((await caerwen.get('/cases')).body), /Harri Bowen/);
      // Removing them twice says so at the list.
      const twice = await manager.post(`/cases/${id}/access/remove-member`, { userId: caerwenId, relationship: 'conference_member' });
      assert.equal(twice.status, 400);
      assert.match(pageText(twice.body), /There is a problem That person has already been removed\. Check the list again/);
      assert.match(twice.body, /href="#members"/);
      assert.equal((await manager.post(`/cases/${id}/access/delete-everything`, {})).status, 404);
    });

    it('lets only the authority’s managers change who can see a case', async () => {
      const id = await reportedChild('Gruffudd Ellis');
      const duty = await signedIn('duty@sirfynydd.example');
      const chair = await signedIn('chair@sirfynydd.example');
      assert.doesNotMatch((await duty.get(`/cases/${id}`)).body, /\/access">/);
      for (const c of [duty, chair]) {
        const refused = await c.post(`/cases/${id}/access/restrict`, { restrictionReason: 'A member of staff is related to the child' });
        assert.equal(refused.status, 403);
        assert.match(pageText(refused.body), /You are not allowed to do this Only the authority's team managers and senior managers can change who can see this case/);
      }
      assert.equal((await h.handle.db.selectFrom('case_restrictions').select('case_id').where('case_id', '=', id).execute()).length, 0);
      // Someone with no case role never reaches the page.
      assert.equal((await (await signedIn('athro@glanymor.example')).get(`/cases/${id}/access`)).status, 404);
    });

    it('lets a core group teacher read the case they are on, and no other', async () => {
      const cerys = await demoCase('Cerys Jenkins');
      const dylan = await demoCase('Dylan Jenkins');
      const teacher = await signedIn('athro@glanymor.example');
      const home = await teacher.get('/');
      assert.match(home.body, /class="govuk-service-navigation__link" href="\/cases"/, 'a Cases area, because she is on a case');
      assert.doesNotMatch(home.body, /href="\/work-tray"|href="\/register"/);
      const list = pageText((await teacher.get('/cases')).body);
      assert.match(list, /Cerys Jenkins/);
      assert.doesNotMatch(list, /Dylan Jenkins|Osian Pritchard|Efa Vaughan/);

      const page = await teacher.get(`/cases/${cerys}`);
      assert.equal(page.status, 200);
      const text = pageText(page.body);
      assert.match(text, /You are a core group member for this case\. You can read it but not change it\./);
      assert.match(text, /Allocated to Iwan Parry/, 'the allocated worker is named, though she works elsewhere');
      assert.match(text, /Address Hidden A confidentiality label hides this address\. Only the people named for it can see it\./);
      assert.ok(!page.body.includes('Stryd y Bont'), 'the hidden address is not in the page');
      assert.doesNotMatch(page.body, /\/steps\/|\/siblings\/new|\/access"|Restricted/);
      assert.equal((await teacher.get(`/cases/${cerys}/chronology`)).status, 200);

      // A step is refused by the role gate (a practitioner takes no steps), and nothing changes.
      const before = await version(cerys);
      assert.equal((await teacher.post(`/cases/${cerys}/steps/add-chronology-entry`, entry(before))).status, 404);
      assert.equal((await teacher.post(`/cases/${cerys}/siblings/new`, { expectedVersion: String(before), fullName: 'Someone', born: 'yes', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2020' })).status, 404);
      assert.equal(await version(cerys), before);
      // Not on her brother's case; no emergency access for her role; no work tray.
      const brother = await teacher.get(`/cases/${dylan}`);
      assert.equal(brother.status, 404);
      assert.doesNotMatch(brother.body, /emergency-access/);
      assert.equal((await teacher.get(`/cases/${dylan}/emergency-access`)).status, 404);
      assert.equal((await teacher.get('/work-tray')).status, 404);
      // The school's DSP is on no case: no Cases area in the navigation.
      assert.doesNotMatch((await (await signedIn('dsp@glanymor.example')).get('/')).body, /href="\/cases"/);
    });

    it('hides a restricted case from the team exactly as if it did not exist, and not from the people named on it', async () => {
      const dylan = await demoCase('Dylan Jenkins');
      const cerys = await demoCase('Cerys Jenkins');
      const manager = await signedIn('manager@sirfynydd.example');
      const duty = await signedIn('duty@sirfynydd.example');
      const worker = await signedIn('social.worker@sirfynydd.example');
      const senior = await signedIn('senior@sirfynydd.example');
      const restricted = () => h.handle.db.selectFrom('case_restrictions').select('reason').where('case_id', '=', dylan).execute();
      try {
        for (const c of [duty, senior]) {
          assert.match(pageText((await c.get('/register')).body), /Dylan Jenkins/);
          assert.match(pageText((await c.get('/work-tray')).body), /Dylan Jenkins/);
        }

        const short = await manager.post(`/cases/${dylan}/access/restrict`, { restrictionReason: 'Family' });
        assert.equal(short.status, 400);
        assert.match(pageText(short.body), /There is a problem Enter a reason of at least 10 characters/);
        assert.match(short.body, /<textarea class="govuk-textarea govuk-textarea--error" id="restrictionReason" name="restrictionReason"[^>]*>Family<\/textarea>/);
        assert.deepEqual(await restricted(), []);
        expectRedirect(await manager.post(`/cases/${dylan}/access/restrict`, { restrictionReason: "The children's aunt works in this team." }), `/cases/${dylan}/access?done=restrict`);
        assert.deepEqual(await restricted(), [{ reason: "The children's aunt works in this team." }]);

        // The team: every page of the case answers exactly as for an id that does not exist.
        for (const c of [duty, senior]) {
          for (const suffix of ['', '/chronology', '/household', '/steps/add-chronology-entry', '/access', '/who-has-seen', '/subject-access-report']) {
            const hidden = await c.get(`/cases/${dylan}${suffix}`);
            const missing = await c.get(`/cases/${UNKNOWN}${suffix}`);
            assert.equal(hidden.status, 404, suffix);
            assert.equal(normalise(hidden.body, [dylan]), normalise(missing.body, [UNKNOWN]), suffix);
          }
          const posted = await c.post(`/cases/${dylan}/steps/add-chronology-entry`, entry(await version(dylan)));
          const postedMissing = await c.post(`/cases/${UNKNOWN}/steps/add-chronology-entry`, entry(1));
          assert.equal(posted.status, 404);
          assert.equal(normalise(posted.body, [dylan]), normalise(postedMissing.body, [UNKNOWN]));
          for (const list of ['/cases', '/work-tray', '/register']) assert.doesNotMatch(pageText((await c.get(list)).body), /Dylan Jenkins/, list);
          // Nor in the household of his sister's case.
          assert.doesNotMatch(pageText((await c.get(`/cases/${cerys}`)).body), /Dylan Jenkins/);
        }

        // The manager who restricted it and the allocated worker are named on it: they still see it, and work on it.
        const own = await manager.get(`/cases/${dylan}`);
        assert.equal(own.status, 200);
        assert.match(pageText(own.body), /Dylan Jenkins Prefers Welsh On the Child Protection Register Restricted/);
        assert.match(pageText((await manager.get(`/cases/${dylan}/access`)).body), /Restriction Restricted Only the allocated worker, the people named on the case .* Reason The children's aunt works in this team\. Restricted by Owain Davies, 17 November 2026 at 10:00/);
        const allocated = await worker.get(`/cases/${dylan}`);
        assert.equal(allocated.status, 200);
        assert.match(allocated.body, /\/steps\/add-chronology-entry/, 'the allocated worker still works on it');
        assert.doesNotMatch(pageText(allocated.body), /Restricted/, 'only managers are told it is restricted');
        assert.match(pageText((await worker.get('/register')).body), /Dylan Jenkins/);
        assert.match(pageText((await manager.get('/work-tray')).body), /Dylan Jenkins/);

        expectRedirect(await manager.post(`/cases/${dylan}/access/unrestrict`, {}), `/cases/${dylan}/access?done=unrestrict`);
        assert.equal((await duty.get(`/cases/${dylan}`)).status, 200, 'the team sees it again');
      } finally {
        await h.handle.db.deleteFrom('case_restrictions').where('case_id', '=', dylan).execute();
      }
    });

    it('shows a hidden address to its readers only, on every page', async () => {
      const address = '9 Lôn y Lloches, Tref Fynydd';
      const id = await reportedChild('Mabli Price', address);
      const manager = await signedIn('manager@sirfynydd.example');
      const duty = await signedIn('duty@sirfynydd.example');
      const teacher = await signedIn('athro@glanymor.example');
      const concernId = (await h.handle.db.selectFrom('reports').select('concern_id').where('id', '=', id).executeTakeFirstOrThrow()).concern_id;
      const pagesOf = (c: Client) => Promise.all([`/cases/${id}`, `/reports/${id}`].map((u) => c.get(u)));
      for (const p of await pagesOf(duty)) assert.ok(p.body.includes(address), 'shown before it is hidden');

      const blank = await manager.post(`/cases/${id}/access/hide-address`, { labelReason: '' });
      assert.equal(blank.status, 400);
      assert.match(pageText(blank.body), /There is a problem Enter the reason for hiding the address/);
      expectRedirect(await manager.post(`/cases/${id}/access/hide-address`, { labelReason: 'The family has moved to a refuge.' }), `/cases/${id}/access?done=hide-address`);

      // The duty worker and the teacher who raised the concern: the address is hidden everywhere, and says so.
      for (const p of [...(await pagesOf(duty)), await duty.get(`/cases/${id}/chronology`), await duty.get('/cases'), await duty.get('/reports')]) {
        assert.equal(p.status, 200);
        assert.ok(!p.body.includes(address) && !p.body.includes('Lloches'), 'never the value');
      }
      assert.match(pageText((await duty.get(`/cases/${id}`)).body), /Address Hidden A confidentiality label hides this address/);
      assert.match(pageText((await duty.get(`/reports/${id}`)).body), /Address Hidden/);
      const raised = await teacher.get(`/concerns/${concernId}`);
      assert.equal(raised.status, 200);
      assert.ok(!raised.body.includes('Lloches'));
      assert.match(pageText(raised.body), /Address Hidden/);

      // Whoever hid it reads it; so does anyone they name, until they are taken off.
      assert.ok((await manager.get(`/cases/${id}`)).body.includes(address));
      const access = pageText((await manager.get(`/cases/${id}/access`)).body);
      assert.match(access, /Address The person's address is hidden\. .* Reason The family has moved to a refuge\. .* Who can see the address Owain Davies \(manager@sirfynydd\.example\)/);
      expectRedirect(await manager.post(`/cases/${id}/access/add-reader`, { readerEmail: 'duty@sirfynydd.example' }), `/cases/${id}/access?done=add-reader`);
      for (const p of await pagesOf(duty)) assert.ok(p.body.includes(address), 'a reader sees it');
      const dutyId = (await callerFor('duty@sirfynydd.example')).userId;
      expectRedirect(await manager.post(`/cases/${id}/access/remove-reader`, { userId: dutyId }), `/cases/${id}/access?done=remove-reader`);
      assert.ok(!(await duty.get(`/cases/${id}`)).body.includes(address));
      const unknownReader = await manager.post(`/cases/${id}/access/add-reader`, { readerEmail: 'nobody@nowhere.example' });
      assert.equal(unknownReader.status, 400);
      assert.match(unknownReader.body, /href="#readerEmail"/);

      // An adult's case page hides it the same way.
      const glenys = await demoCase('Glenys Parry');
      expectRedirect(await manager.post(`/cases/${glenys}/access/hide-address`, { labelReason: 'A relative is taking her money.' }), `/cases/${glenys}/access?done=hide-address`);
      const adult = await duty.get(`/cases/${glenys}`);
      assert.match(pageText(adult.body), /Adult at risk case Glenys Parry .* Address Hidden A confidentiality label hides this address\./);
      assert.ok(!adult.body.includes('Room 12'));
      assert.ok((await manager.get(`/cases/${glenys}`)).body.includes('Room 12'));

      expectRedirect(await manager.post(`/cases/${id}/access/show-address`, {}), `/cases/${id}/access?done=show-address`);
      assert.ok((await duty.get(`/cases/${id}`)).body.includes(address), 'shown to everyone again');
      // With no label, there is no one to let see it: the page says why (409), nothing changes.
      const none = await manager.post(`/cases/${id}/access/add-reader`, { readerEmail: 'duty@sirfynydd.example' });
      assert.equal(none.status, 409);
      assert.match(pageText(none.body), /The address is not hidden, so there is no one to let see it/);
    });

    it('gives emergency access with a reason, tells the allocated worker and team manager, and takes it away after an hour', async () => {
      const efa = await demoCase('Efa Vaughan');
      const duty = await signedIn('duty@sirfynydd.example');
      const manager = await signedIn('manager@sirfynydd.example');
      const worker = await signedIn('social.worker@sirfynydd.example');
      const senior = await signedIn('senior@sirfynydd.example');
      const grants = () => h.handle.db.selectFrom('break_glass_grants').select(['user_id', 'reason', 'expires_at']).where('case_id', '=', efa).execute();
      try {
        // The restricted case reads as missing, with the same offer of emergency access.
        const hidden = await duty.get(`/cases/${efa}`);
        const missing = await duty.get(`/cases/${UNKNOWN}`);
        assert.equal(hidden.status, 404);
        assert.equal(normalise(hidden.body, [efa]), normalise(missing.body, [UNKNOWN]));
        assert.match(hidden.body, new RegExp(`<a class="govuk-link" href="/cases/${efa}/emergency-access">Request emergency access to this case</a>`));
        assert.match(pageText(hidden.body), /Page not found .* In an emergency If you need to see a case to keep someone safe now, you can ask for emergency access\./);

        // The form is the same for both, and so is a missing or short reason: nothing is looked up before a reason is given.
        const form = await duty.get(`/cases/${efa}/emergency-access`);
        const formMissing = await duty.get(`/cases/${UNKNOWN}/emergency-access`);
        assert.equal(form.status, 200);
        assert.equal(normalise(form.body, [efa]), normalise(formMissing.body, [UNKNOWN]));
        assert.match(pageText(form.body), /Request emergency access .* It lasts 60 minutes\. .* The allocated worker and the team manager are told straight away\./);
        assert.match(form.body, new RegExp(`action="/cases/${efa}/emergency-access" novalidate>\\s*<input type="hidden" name="_csrf" value="[^"]+">`), 'the form carries its own CSRF token');
        for (const reason of ['', 'urgent']) {
          const refused = await duty.post(`/cases/${efa}/emergency-access`, { reason });
          const refusedMissing = await duty.post(`/cases/${UNKNOWN}/emergency-access`, { reason });
          assert.equal(refused.status, 400);
          assert.equal(normalise(refused.body, [efa]), normalise(refusedMissing.body, [UNKNOWN]));
          assert.match(pageText(refused.body), reason ? /There is a problem Enter a reason of at least 10 characters/ : /There is a problem Enter why you need to see this case now/);
          assert.match(refused.body, /<title>Error: Request emergency access/);
        }
        assert.match((await duty.post(`/cases/${efa}/emergency-access`, { reason: 'urgent' })).body, /name="reason"[^>]*>urgent<\/textarea>/);
        assert.deepEqual(await grants(), []);
        // An unknown case with a reason: not found, and no second offer.
        const none = await duty.post(`/cases/${UNKNOWN}/emergency-access`, { reason: REASON });
        assert.equal(none.status, 404);
        assert.doesNotMatch(pageText(none.body), /Request emergency access/);
        assert.equal((await duty.get('/cases/not-a-case/emergency-access')).status, 404);

        // With a reason: the case opens, read-only, and says until when.
        expectRedirect(await duty.post(`/cases/${efa}/emergency-access`, { reason: REASON }), `/cases/${efa}`);
        const open = await duty.get(`/cases/${efa}`);
        assert.equal(open.status, 200);
        assert.match(pageText(open.body), new RegExp(`Efa Vaughan .* You are using emergency access to this case until 17 November 2026 at 11:00\\. You can read it but not change it\\. Your reason: ${REASON.replace(/[.;]/g, '\\$&')}`));
        assert.doesNotMatch(open.body, /\/steps\//);
        const before = await version(efa);
        assert.equal((await duty.post(`/cases/${efa}/steps/add-chronology-entry`, entry(before))).status, 403);
        assert.equal(await version(efa), before);
        assert.deepEqual((await grants()).map((g) => [g.reason, g.expires_at.toISOString()]), [[REASON, '2026-11-17T11:00:00.000Z']]);
        // Asking again while it lasts grants nothing more.
        expectRedirect(await duty.post(`/cases/${efa}/emergency-access`, { reason: REASON }), `/cases/${efa}`);
        assert.equal((await grants()).length, 1);

        // The allocated worker and the team manager are told on their work tray; the senior manager, not named, is not.
        for (const c of [manager, worker]) {
          const tray = pageText((await c.get('/work-tray')).body);
          assert.match(tray, new RegExp(`Emergency access to your cases \\(1\\) .* 17 November 2026 at 10:00 Efa Vaughan Nia Roberts Sir Fynydd County Council ${REASON.replace(/[.;]/g, '\\$&')} 17 November 2026 at 11:00`));
        }
        assert.match(pageText((await senior.get('/work-tray')).body), /Emergency access to your cases \(0\) .* No one has used emergency access to your cases in the last 14 days\./);
        assert.match(pageText((await manager.get(`/cases/${efa}/access`)).body), /Emergency access used .* Nia Roberts Duty social worker, Sir Fynydd County Council 17 November 2026 at 10:00 17 November 2026 at 11:00 Active/);

        // The audit has the reason.
        const audited = await h.handle.db.selectFrom('audit_events').select(['outcome', 'purpose']).where('action', '=', 'case.break_glass').where('record_id', '=', efa).execute();
        assert.equal(audited.length, 1);
        assert.equal(audited[0]!.outcome, 'success');
        assert.equal(audited[0]!.purpose, REASON);

        // Sixty-one minutes later it has gone.
        h.clock.set(new Date(DEFAULT_NOW.getTime() + 61 * 60_000));
        assert.equal((await duty.signIn('duty@sirfynydd.example')).status, 303);
        const gone = await duty.get(`/cases/${efa}`);
        assert.equal(gone.status, 404);
        assert.equal(normalise(gone.body, [efa]), normalise((await duty.get(`/cases/${UNKNOWN}`)).body, [UNKNOWN]));
        assert.doesNotMatch(pageText((await duty.get('/cases')).body), /Efa Vaughan/);

        // The subject access report lists the emergency read by organisation and role, with its purpose, and names no one.
        assert.equal((await manager.signIn('manager@sirfynydd.example')).status, 303);
        const report = await manager.get(`/cases/${efa}/subject-access-report`);
        assert.equal(report.status, 200);
        const text = pageText(report.body);
        assert.match(text, /Subject access request Who has seen the records about Efa Vaughan/);
        assert.match(text, new RegExp(`17 November 2026 at 10:00 Sir Fynydd County Council Duty social worker Used emergency access Case Allowed ${REASON.replace(/[.;]/g, '\\$&')}`));
        assert.match(text, /17 November 2026 at 10:00 Sir Fynydd County Council Duty social worker Opened the case Case Allowed Not recorded/);
        assert.match(text, /Team manager Restricted the case Case Allowed The child's mother works in the authority's children's services team\./);
        assert.match(text, /Ysgol Glan-y-Môr Practitioner Raised the concern Concern Allowed/);
        const main = report.body.slice(report.body.indexOf('id="main-content"'));
        for (const name of ['Nia Roberts', 'Owain Davies', 'Iwan Parry', 'Megan Jones', 'Rhys Williams']) assert.ok(!main.includes(name), `${name} is not named`);
        assert.match((await manager.get(`/cases/${efa}/access`)).body, new RegExp(`href="/cases/${efa}/subject-access-report">Subject access report</a>`));
        // For managers of the authority only.
        assert.equal((await (await signedIn('dsp@glanymor.example')).get(`/cases/${efa}/subject-access-report`)).status, 404);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('serves the access pages in Welsh, with nothing left untranslated', async () => {
      const id = await reportedChild('Llio Rowlands');
      const manager = await signedIn('manager@sirfynydd.example', 'cy');
      const duty = await signedIn('duty@caerwen.example', 'cy');
      const page = await manager.get(`/cases/${id}/access`);
      assert.match(page.body, /<html lang="cy"/);
      assert.match(pageText(page.body), /Pwy sy'n gallu gweld yr achos hwn .* Pobl sydd wedi'u hychwanegu at yr achos hwn Does neb wedi'i ychwanegu at yr achos hwn\./);
      const errors = await manager.post(`/cases/${id}/access/restrict`, { restrictionReason: 'byr' });
      assert.match(errors.body, /<title>Gwall: Pwy sy&#39;n gallu gweld yr achos hwn/);
      assert.match(pageText(errors.body), /Mae problem wedi codi Rhowch reswm sydd o leiaf 10 nod o hyd/);
      const notFound = await duty.get(`/cases/${id}`);
      assert.match(pageText(notFound.body), /Heb ddod o hyd i'r dudalen .* Gofyn am fynediad brys i'r achos hwn/);
      const form = await duty.get(`/cases/${id}/emergency-access`);
      assert.match(pageText(form.body), /Gofyn am fynediad brys .* Mae'n para 60 munud\./);
      const report = await manager.get(`/cases/${id}/subject-access-report`);
      assert.match(pageText(report.body), /Cais Gwrthrych am Wybodaeth Pwy sydd wedi gweld y cofnodion am Llio Rowlands/);
      for (const p of [page, errors, notFound, form, report, await manager.get('/work-tray')]) {
        assert.doesNotMatch(pageText(p.body), /\b(case|error|subjectAccess|emergencyAccess|tray|action|person)\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_.-]*/, 'a message key shows');
      }
    });
  });
}
