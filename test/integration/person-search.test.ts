import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, pageText, startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';

/**
 * Finding a person (name with typos, date of birth, NHS number) on the page and through the
 * API, on both engines: only people with a case the searcher may see (the demo's restricted
 * case, the other authority), errors in GOV.UK form, every search audited with whom it
 * found and never with what was typed. The NHS number is taken with a concern.
 */
const ctx = { requestId: 'person-search-test', ip: null };
const CERYS_NHS = '999 000 0379';
const EFA_NHS = '999 000 1855';
const CERYS_ADDRESS = '12 Stryd y Bont';

for (const engine of ENGINES) {
  describe(`person search (${engine})`, () => {
    let h: Harness;
    const tokens: Record<string, string> = {};
    const clients: Record<string, Client> = {};
    let cerys: { personId: string; caseId: string };
    let efa: { personId: string; caseId: string };

    before(async () => {
      h = await startHarness(engine);
      const db = h.handle.db;
      const find = async (name: string) => {
        const r = await db.selectFrom('people as p').innerJoin('cases as k', 'k.person_id', 'p.id').select(['p.id', 'k.id as case_id']).where('p.full_name', '=', name).executeTakeFirstOrThrow();
        return { personId: r.id, caseId: r.case_id };
      };
      cerys = await find('Cerys Jenkins');
      efa = await find('Efa Vaughan');
      for (const email of ['duty@sirfynydd.example', 'manager@sirfynydd.example', 'duty@caerwen.example', 'athro@glanymor.example', 'analyst@sirfynydd.example']) {
        const c = new Client(h.app);
        assert.equal((await c.signIn(email)).status, 303, email);
        clients[email] = c;
        const page = await c.post('/account/api-tokens', { name: 'person search test' });
        tokens[email] = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!;
      }
    });
    after(async () => h?.close());

    async function api(email: string, query: string) {
      const res = await h.app.inject({ method: 'GET', url: `/api/people/search?${query}`, headers: { authorization: `Bearer ${tokens[email]}` } });
      return { status: res.statusCode, type: String(res.headers['content-type']), json: JSON.parse(res.body), body: res.body };
    }
    const page = (email: string, query: string) => clients[email]!.get(`/people/search?${query}`);
    const searches = async () =>
      h.handle.db.selectFrom('audit_events').select(['id', 'actor_user_id', 'outcome', 'detail', 'record_id']).where('action', '=', 'person.search').orderBy('id').execute();

    it('finds the demo child from a misspelt name, on the page and through the API', async () => {
      const res = await page('duty@sirfynydd.example', 'name=Cerys+Jenkens');
      assert.equal(res.status, 200);
      const text = pageText(res.body);
      assert.match(text, /1 person found/);
      assert.match(text, /Cerys Jenkins 2 June 2017 999 000 0379/);
      assert.ok(res.body.includes(`href="/cases/${cerys.caseId}"`), 'links to her case');
      assert.ok(!res.body.includes(CERYS_ADDRESS), 'no address in the results (hers is hidden by a label)');
      // Names in any order, without the accents or capitals, and words in part.
      for (const q of ['jenkins+cerys', 'CERYS+jenk', 'Ceris']) {
        assert.match(pageText((await page('duty@sirfynydd.example', `name=${q}`)).body), /Cerys Jenkins/, q);
      }

      const json = await api('duty@sirfynydd.example', 'name=Cerys%20Jenkens');
      assert.equal(json.status, 200);
      assert.equal(json.json.more, false);
      assert.deepEqual(json.json.items.map((p: { fullName: string }) => p.fullName), ['Cerys Jenkins']);
      const [hit] = json.json.items;
      assert.equal(hit.nhsNumber, '9990000379');
      assert.equal(hit.dateOfBirth, '2017-06-02');
      assert.deepEqual(hit.cases.map((k: { id: string }) => k.id), [cerys.caseId]);
      assert.equal(hit.cases[0].localAuthority.name, 'Sir Fynydd County Council');
      assert.ok(!('address' in hit) && !('id' in hit), 'no address and no person key');
    });

    it('finds by date of birth, by NHS number (with or without spaces) and by name with date of birth', async () => {
      const byDate = await page('duty@sirfynydd.example', 'dateOfBirth-day=2&dateOfBirth-month=6&dateOfBirth-year=2017');
      assert.match(pageText(byDate.body), /Cerys Jenkins/);
      for (const nhs of [CERYS_NHS, CERYS_NHS.replaceAll(' ', '')]) {
        const byNhs = await api('duty@sirfynydd.example', `nhsNumber=${encodeURIComponent(nhs)}`);
        assert.deepEqual(byNhs.json.items.map((p: { fullName: string }) => p.fullName), ['Cerys Jenkins'], nhs);
      }
      const both = await api('manager@sirfynydd.example', 'name=Gwilim&dateOfBirth=1943-03-09');
      assert.deepEqual(both.json.items.map((p: { fullName: string }) => p.fullName), ['Gwilym Rees']);
      const wrongDate = await api('manager@sirfynydd.example', 'name=Gwilym&dateOfBirth=1943-03-10');
      assert.deepEqual(wrongDate.json.items, [], 'every criterion given must match');
    });

    it('never returns a person whose cases the searcher may not see', async () => {
      // Efa's case is restricted to the team manager and the allocated worker: the duty social worker of the same authority does not see it.
      for (const q of ['name=Efa+Vaughan', 'name=Vaughan', 'dateOfBirth=2014-11-08', `nhsNumber=${encodeURIComponent(EFA_NHS)}`]) {
        const res = await api('duty@sirfynydd.example', q);
        assert.equal(res.status, 200, q);
        assert.deepEqual(res.json.items, [], q);
        assert.ok(!res.body.includes('Efa'), q);
      }
      const onPage = pageText((await page('duty@sirfynydd.example', 'name=Efa+Vaughan')).body);
      assert.match(onPage, /0 people found Nobody on a case you can see matches/);
      // The manager named on it finds her.
      const named = await api('manager@sirfynydd.example', `nhsNumber=${encodeURIComponent(EFA_NHS)}`);
      assert.deepEqual(named.json.items.map((p: { fullName: string; cases: { id: string }[] }) => [p.fullName, p.cases[0]!.id]), [['Efa Vaughan', efa.caseId]]);
      // The other authority sees nobody of Sir Fynydd's.
      for (const q of ['name=Cerys+Jenkins', `nhsNumber=${encodeURIComponent(CERYS_NHS)}`, 'dateOfBirth=2017-06-02', 'name=Jenkins']) {
        assert.deepEqual((await api('duty@caerwen.example', q)).json.items, [], q);
      }
    });

    it('is for the authority’s case roles only: others get the page that does not exist', async () => {
      for (const email of ['athro@glanymor.example', 'analyst@sirfynydd.example']) {
        assert.equal((await page(email, 'name=Cerys')).status, 404, email);
        const res = await api(email, 'name=Cerys');
        assert.equal(res.status, 404, email);
        assert.match(res.type, /application\/problem\+json/);
        assert.ok(!(await clients[email]!.get('/')).body.includes('href="/people/search"'), `${email}: no link in the navigation`);
      }
      assert.ok((await clients['duty@sirfynydd.example']!.get('/')).body.includes('href="/people/search"'), 'the link in the navigation');
    });

    it('explains what is wrong with a search, and records no search for it', async () => {
      const before = (await searches()).length;
      const empty = await page('duty@sirfynydd.example', 'name=&dateOfBirth-day=&dateOfBirth-month=&dateOfBirth-year=&nhsNumber=');
      assert.equal(empty.status, 400);
      assert.match(pageText(empty.body), /There is a problem Enter a name, a date of birth or an NHS number/);
      assert.match(empty.body, /<title>Error: Find a person/);
      assert.match(empty.body, /href="#name"/);

      const bad = await page('duty@sirfynydd.example', 'name=J&dateOfBirth-day=31&dateOfBirth-month=2&dateOfBirth-year=2015&nhsNumber=943+476+5918');
      assert.equal(bad.status, 400);
      const text = pageText(bad.body);
      for (const message of ['Enter at least 2 letters of the name', 'Date of birth must be a real date', 'This is not a valid NHS number. Check it and enter it again']) {
        assert.ok(text.includes(message), message);
      }
      assert.match(bad.body, /href="#dateOfBirth-day"/);
      assert.match(bad.body, /value="943 476 5918"/, 'the answer is kept');

      const apiBad = await api('duty@sirfynydd.example', 'nhsNumber=12345&dateOfBirth=2999-01-01');
      assert.equal(apiBad.status, 400);
      assert.match(apiBad.type, /application\/problem\+json/);
      assert.equal(apiBad.json.errors.nhsNumber.code, 'error.nhsNumber.format');
      assert.equal(apiBad.json.errors.nhsNumber.message, 'NHS number must be 10 numbers, like 943 476 5919');
      assert.equal(apiBad.json.errors.dateOfBirth.code, 'error.dateOfBirth.future');
      assert.equal((await api('duty@sirfynydd.example', '')).json.errors.name.code, 'error.personSearch.required');

      // The form on its own is not a search.
      assert.equal((await page('duty@sirfynydd.example', '')).status, 200);
      assert.equal((await searches()).length, before, 'no search recorded');
    });

    it('audits each search with its kind and whom it found, never what was typed', async () => {
      const before = (await searches()).length;
      await api('duty@sirfynydd.example', 'name=Cerys+Jenkens');
      await page('duty@sirfynydd.example', `name=Vaughan&nhsNumber=${encodeURIComponent(EFA_NHS)}`);
      const rows = (await searches()).slice(before);
      const duty = await findUserByEmail(h.handle.db, 'duty@sirfynydd.example');
      assert.equal(rows.length, 2);
      assert.ok(rows.every((r) => r.actor_user_id === duty!.id && r.outcome === 'success' && r.record_id === null));
      assert.deepEqual(rows[0]!.detail, { kind: 'name', ids: [cerys.personId], caseIds: [cerys.caseId], more: false });
      assert.deepEqual(rows[1]!.detail, { kind: 'name+nhs_number', ids: [], caseIds: [], more: false });
      const stored = JSON.stringify(rows.map((r) => r.detail));
      for (const typed of ['Jenkens', 'Cerys', 'Vaughan', '9990001855']) assert.ok(!stored.includes(typed), typed);
    });

    it('takes an NHS number with a concern, checks it and shows it with the person', async () => {
      const dsp = toCaller((await findUserByEmail(h.handle.db, 'dsp@glanymor.example'))!);
      const concern = {
        subjectKind: 'child', fullName: 'Siân Angharad Llewelyn', birthKnowledge: 'date_of_birth', dateOfBirth: '2015-01-20',
        welshPreferred: 'yes', account: 'Arrived with a cut lip and would not say how.', harmCategories: ['physical'],
        immediateDanger: false, personKnows: 'yes',
      };
      const wrong = await h.app.inject({
        method: 'POST', url: '/api/concerns', headers: { authorization: `Bearer ${tokens['athro@glanymor.example']}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...concern, nhsNumber: '943 476 5918' }),
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(JSON.parse(wrong.body).errors.nhsNumber.code, 'error.nhsNumber.checkDigit');
      const created = await h.app.inject({
        method: 'POST', url: '/api/concerns', headers: { authorization: `Bearer ${tokens['athro@glanymor.example']}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...concern, nhsNumber: '943 476 5919' }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = JSON.parse(created.body) as { id: string };
      const read = await h.app.inject({ method: 'GET', url: `/api/concerns/${id}`, headers: { authorization: `Bearer ${tokens['athro@glanymor.example']}` } });
      assert.equal(JSON.parse(read.body).person.nhsNumber, '9434765919');
      assert.match(pageText((await clients['athro@glanymor.example']!.get(`/concerns/${id}`)).body), /NHS number 943 476 5919/);

      // Reported, it opens a case: the authority finds her with the accents left out, a typo and her middle name missed out.
      const { reportId } = await h.services.concerns.reportToLocalAuthority(dsp, id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx);
      const found = await api('duty@sirfynydd.example', 'name=sian+llewelin');
      assert.deepEqual(found.json.items.map((p: { fullName: string; nhsNumber: string }) => [p.fullName, p.nhsNumber]), [['Siân Angharad Llewelyn', '9434765919']]);
      const casePage = await clients['duty@sirfynydd.example']!.get(`/cases/${reportId}`);
      assert.match(pageText(casePage.body), /NHS number 943 476 5919/);
      const caseJson = await h.app.inject({ method: 'GET', url: `/api/cases/${reportId}`, headers: { authorization: `Bearer ${tokens['duty@sirfynydd.example']}` } });
      assert.equal(JSON.parse(caseJson.body).person.nhsNumber, '9434765919');
    });

    it('asks for the NHS number on the concern form, and explains a wrong one', async () => {
      const c = clients['athro@glanymor.example']!;
      await c.get('/concerns/new/subject');
      assert.equal((await c.post('/concerns/new/subject', { subjectKind: 'child' })).status, 303);
      const form = await c.get('/concerns/new/person');
      assert.match(form.body, /id="nhsNumber" name="nhsNumber"/);
      const bad = await c.post('/concerns/new/person', {
        fullName: 'Tomos Wyn', birthKnowledge: 'date_of_birth', 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2016',
        welshPreferred: 'no', nhsNumber: '943 476',
      });
      assert.equal(bad.status, 400);
      assert.match(pageText(bad.body), /NHS number must be 10 numbers, like 943 476 5919/);
      assert.match(bad.body, /href="#nhsNumber"/);
      const good = await c.post('/concerns/new/person', {
        fullName: 'Tomos Wyn', birthKnowledge: 'date_of_birth', 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2016',
        welshPreferred: 'no', nhsNumber: '999 000 2223',
      });
      assert.equal(good.status, 303);
    });

    it('uses the indexes, not a scan of everyone', async () => {
      // A plan, not a timing: the tables here are small, so the planner is told to avoid
      // sequential scans, as it would on a million people; people are then found through the
      // name-word, date of birth and NHS number indexes. (Timings at a million people need a
      // generated table, not a test.)
      await h.handle.db.transaction().execute(async (tx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(tx);
        for (const [where, index] of [
          [sql`p.search_words && ARRAY['jenkins']`, 'people_search_words_idx'],
          [sql`p.date_of_birth = '2017-06-02'`, 'people_date_of_birth_idx'],
          [sql`p.nhs_number = '9990000379'`, 'people_nhs_number_idx'],
        ] as const) {
          const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT p.id FROM people p WHERE ${where}`.execute(tx);
          assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), new RegExp(index), index);
        }
      });
    });
  });
}
