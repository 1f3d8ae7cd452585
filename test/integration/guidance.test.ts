import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, pageText, startHarness, type Harness } from '../support/harness.js';
import { GUIDANCE_DOCUMENTS, GUIDANCE_RESOURCES, allClauses } from '../../src/domain/guidance/catalogue/index.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { createGuidanceService } from '../../src/services/guidance.service.js';
import { FULL_TEXT_WORD, standInText } from '../support/guidance-fixture.js';

/** The full text an organisation supplies: a stand-in laid out like the document (the seeds are not in every clone). */
const supplied = (documentId: string) => ({ name: `${documentId}.txt`, text: standInText(documentId) });
const ctx = { requestId: 'guidance-test', ip: null };
const ADMIN = 'admin@sirfynydd.example';
const WORKER = 'social.worker@sirfynydd.example';
const TEACHER = 'athro@glanymor.example';

for (const engine of ENGINES) {
  describe(`practice guidance library (${engine})`, () => {
    let h: Harness;
    let admin: Client;
    let worker: Client;
    let token: string;
    let adminToken: string;

    async function api(bearer: string | null, method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await h.app.inject({
        method,
        url,
        headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : undefined, body: res.body };
    }
    async function newToken(c: Client): Promise<string> {
      const page = await c.post('/account/api-tokens', { name: 'guidance test' });
      assert.equal(page.status, 201);
      return /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!;
    }

    before(async () => {
      h = await startHarness(engine);
      admin = new Client(h.app);
      assert.equal((await admin.signIn(ADMIN)).status, 303);
      worker = new Client(h.app);
      assert.equal((await worker.signIn(WORKER)).status, 303);
      token = await newToken(worker);
      adminToken = await newToken(admin);
    });
    after(async () => h?.close());

    it('loads the whole catalogue into the database once, and lists the five documents', async () => {
      const page = await worker.get('/guidance');
      assert.equal(page.status, 200);
      const text = pageText(page.body);
      for (const d of GUIDANCE_DOCUMENTS) assert.ok(text.includes(d.title.en), d.title.en);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from guidance_entries`.execute(h.handle.db);
      assert.equal(rows[0]!.n, allClauses().length + GUIDANCE_RESOURCES.length);
      const again = createGuidanceService({ db: h.handle.db, clock: h.clock });
      assert.equal(await again.catalogueReady(), false, 'a second load (another process) finds the same digest and does nothing');
    });

    it('searches the summaries, ranked, with the matched words highlighted and escaped', async () => {
      const page = await worker.get('/guidance/search?q=confidential+information');
      assert.equal(page.status, 200);
      assert.match(page.body, /<mark>confidential<\/mark>/i);
      const first = /<ol class="govuk-list"[^>]*>\s*<li[^>]*>\s*<a class="govuk-link[^"]*" href="([^"]+)"/.exec(page.body);
      assert.ok(first, 'there are results');
      assert.match(first![1]!, /\/guidance\/(code-practice-guidance\/2\.2|social-media\/privacy)/, 'the confidentiality clauses rank first');
      const res = await api(token, 'GET', '/api/guidance/search?q=social%20media');
      assert.equal(res.status, 200);
      assert.ok(res.json.items.length > 0);
      assert.equal(res.json.items[0].document, 'social-media');
      assert.ok(res.json.items[0].extract.some((s: { match: boolean }) => s.match), 'the extract marks a match');
      for (let i = 1; i < res.json.items.length; i++) assert.ok(res.json.items[i - 1].rank >= res.json.items[i].rank, 'ranked');
    });

    it('refuses an empty or over-long search with a GOV.UK error', async () => {
      const empty = await worker.get('/guidance/search?q=+');
      assert.equal(empty.status, 400);
      assert.match(pageText(empty.body), /There is a problem Enter words to search for/);
      const long = await worker.get(`/guidance/search?q=${'a'.repeat(201)}`);
      assert.equal(long.status, 400);
      assert.match(pageText(long.body), /200 characters or fewer/);
      assert.equal((await api(token, 'GET', '/api/guidance/search')).status, 400);
    });

    it('searches Welsh titles and summaries on a Welsh page', async () => {
      const cy = new Client(h.app);
      await cy.signIn(WORKER);
      cy.setLanguage('cy');
      const clause = allClauses().find((c) => c.document.id === 'code-practice-guidance' && c.clause.ref === '2.2')!;
      const word = clause.clause.title.cy.split(/\s+/).find((w) => w.length > 6)!;
      const page = await cy.get(`/guidance/search?q=${encodeURIComponent(word)}`);
      assert.equal(page.status, 200);
      assert.ok(pageText(page.body).includes(clause.clause.title.cy), `finds ${clause.clause.title.cy} by "${word}"`);
      assert.match(page.body, /<html lang="cy"/);
    });

    it('imports a full text for the administrator’s organisation only, reports what matched, and searches it', async () => {
      const { name, text } = supplied('social-media');
      const before = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'guidance.imported'`.execute(h.handle.db);
      const page = await admin.post('/guidance/import', { document: '', fileName: name, text });
      assert.equal(page.status, 200, pageText(page.body).slice(0, 400));
      assert.match(pageText(page.body), /Using social media responsibly: \d+ entries now have full text/);
      assert.match(pageText(page.body), /Every entry of the document was found in the text/);
      const after = await sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'guidance.imported'`.execute(h.handle.db);
      assert.equal(after.rows[0]!.n, before.rows[0]!.n + 1, 'the import is audited');

      // The same organisation sees the full text on the clause page and finds words only the full text has.
      const clause = await worker.get('/guidance/social-media/tip-8');
      assert.equal(clause.status, 200);
      assert.match(pageText(clause.body), /Supplied by your organisation in social-media\.txt/);
      const res = await api(token, 'GET', `/api/guidance/search?q=${FULL_TEXT_WORD}`);
      assert.equal(res.json.items.length, 17, 'a word only the full text has finds every clause it was supplied for');
      assert.ok(res.json.items.every((i: { fromFullText: boolean; document: string }) => i.fromFullText && i.document === 'social-media'));

      // Another organisation does not.
      const teacher = new Client(h.app);
      await teacher.signIn(TEACHER);
      const theirs = await teacher.get('/guidance/social-media/tip-8');
      assert.equal(theirs.status, 200);
      assert.match(pageText(theirs.body), /has not supplied the full text/);
    });

    it('refuses an unrecognised text and changes nothing', async () => {
      const before = await sql<{ n: number }>`select count(*)::int as n from guidance_imports`.execute(h.handle.db);
      const page = await admin.post('/guidance/import', { document: '', fileName: 'notes.txt', text: 'Shopping list\n- eggs\n' });
      assert.equal(page.status, 400);
      assert.match(pageText(page.body), /does not match any document in the catalogue/);
      const missing = await admin.post('/guidance/import', { document: '', fileName: '', text: '' });
      assert.equal(missing.status, 400);
      assert.match(pageText(missing.body), /Enter the name of the file or source/);
      assert.match(pageText(missing.body), /Paste the full text of the document/);
      const after = await sql<{ n: number }>`select count(*)::int as n from guidance_imports`.execute(h.handle.db);
      assert.equal(after.rows[0]!.n, before.rows[0]!.n);
    });

    it('lets only an administrator import, in the browser and through the API', async () => {
      assert.equal((await worker.get('/guidance/import')).status, 404);
      const { text } = supplied('wales-safeguarding-procedures');
      assert.equal((await api(token, 'POST', '/api/guidance/imports', { fileName: 'wsp.txt', text })).status, 404);
      const ok = await api(adminToken, 'POST', '/api/guidance/imports', { fileName: 'wsp.txt', text });
      assert.equal(ok.status, 201, ok.body);
      assert.equal(ok.json.documentId, 'wales-safeguarding-procedures');
      assert.deepEqual(ok.json.unmatched, []);
      const bad = await api(adminToken, 'POST', '/api/guidance/imports', { fileName: '', text: '' });
      assert.equal(bad.status, 400);
      assert.ok(bad.json.errors.fileName && bad.json.errors.text);
    });

    it('shows a graded clause with its level, and its cross-references both ways', async () => {
      const graded = allClauses().find((c) => c.document.graded && c.clause.level === 'red_line')!;
      const page = await worker.get(`/guidance/${graded.document.id}/${graded.clause.ref}`);
      assert.equal(page.status, 200);
      assert.match(pageText(page.body), /Red line A boundary that must never be crossed/);
      const social = await worker.get('/guidance/social-media/privacy');
      assert.match(pageText(social.body), /This clause refers to/);
      const code = await api(token, 'GET', '/api/guidance/documents/code-practice-guidance/clauses/2.2');
      assert.equal(code.status, 200);
      assert.ok(code.json.citedBy.some((c: { document: string }) => c.document === 'social-media'), 'the Code clause knows the social media guidance cites it');
      assert.equal((await worker.get('/guidance/code-practice-guidance/9.9')).status, 404);
      assert.equal((await api(token, 'GET', '/api/guidance/documents/nothing')).status, 404);
    });

    it('lists the resource directory by category, for children or adults', async () => {
      const all = await worker.get('/guidance/resources');
      assert.equal(all.status, 200);
      assert.match(pageText(all.body), /Referral lines/);
      assert.match(all.body, /href="tel:08000434303"/);
      const adults = await api(token, 'GET', '/api/guidance/resources?audience=adults');
      assert.ok(adults.json.items.length > 0);
      assert.ok(adults.json.items.every((r: { audience: string }) => r.audience !== 'children'));
    });

    it('shows "Guidance for this step" on forms, in the language of the page', async () => {
      const concern = await worker.get('/concerns/new');
      assert.equal(concern.status, 302);
      const url = String(concern.headers.location);
      const form = await worker.get(url);
      assert.match(pageText(form.body), /Guidance for this step/);
      assert.match(form.body, /href="\/guidance\/wales-safeguarding-procedures\/s2"/, 'the concern form cites the duty to report');
      const cy = new Client(h.app);
      await cy.signIn(WORKER);
      cy.setLanguage('cy');
      const formCy = await cy.get(url);
      assert.match(pageText(formCy.body), /Canllawiau ar gyfer y cam hwn/);
      const forForm = await api(token, 'GET', '/api/guidance/for-form?form=case%2Fstep%23close_case');
      assert.equal(forForm.status, 200);
      assert.ok(forForm.json.items.some((i: { ref: string }) => i.ref === '3.6'), 'ending a case cites endings');
    });

    it('reads the library through the API', async () => {
      const docs = await api(token, 'GET', '/api/guidance/documents');
      assert.equal(docs.json.items.length, 5);
      const doc = await api(token, 'GET', '/api/guidance/documents/wellbeing-ethics-code');
      assert.ok(doc.json.graded);
      assert.ok(doc.json.sections.flatMap((s: { clauses: { level: string }[] }) => s.clauses).every((c: { level: string }) => c.level));
      assert.equal((await api(null, 'GET', '/api/guidance/documents')).status, 401);
    });

    it('imports through the service for a named organisation, as the command does', async () => {
      const user = await findUserByEmail(h.handle.db, ADMIN);
      const caller = toCaller(user!);
      const { text } = supplied('code-practice-guidance');
      const report = await h.services.guidance.importText(null, caller.organisationId, { fileName: 'code.txt', text }, ctx);
      assert.equal(report.documentId, 'code-practice-guidance');
      assert.deepEqual(report.unmatched, []);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from guidance_texts where entry_id like 'code-practice-guidance/%' and organisation_id = ${caller.organisationId}`.execute(h.handle.db);
      assert.equal(rows[0]!.n, report.matched.length);
    });
  });
}
