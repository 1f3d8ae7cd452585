import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, DEFAULT_NOW, pageText, startHarness, type Harness } from '../support/harness.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';

/**
 * "Before you post": the page in both languages, its findings and its errors; the JSON API;
 * and the promise that the draft is never kept. A canary in every draft sent (good, bad,
 * too long, unreadable) is afterwards in no row of any table, no line the server logged at
 * trace level, and no audit event.
 */
const CANARY = `CANARYPOST${randomBytes(6).toString('hex')}`;
const PAGE = '/guidance/before-you-post';
const RISKY = `Happy 90th birthday to Mary, one of our residents at Brynhaul Care Home! Sick of the rota though. ${CANARY}`;
const HARMLESS = `Lovely walk with the dog this morning ${CANARY}`;

for (const engine of ENGINES) {
  describe(`before you post (${engine})`, () => {
    let h: Harness;
    let token: string;
    const logged: string[] = [];

    before(async () => {
      const sink = new Writable({
        write(chunk, _enc, done) {
          logged.push(String(chunk));
          done();
        },
      });
      h = await startHarness(engine, DEFAULT_NOW, { logger: pino({ level: 'trace' }, sink) });
      const caller = toCaller((await findUserByEmail(h.handle.db, 'gofalwr@brynhaul.example'))!);
      token = (await h.services.auth.createApiToken(caller, 'post check', { requestId: 'post-check', ip: null })).token;
    });
    after(async () => h?.close());

    async function signedIn(email = 'gofalwr@brynhaul.example', locale: 'en' | 'cy' = 'en'): Promise<Client> {
      const c = new Client(h.app);
      c.setLanguage(locale);
      assert.equal((await c.signIn(email)).status, 303);
      return c;
    }

    async function api(body: unknown, auth: string | null = token, raw = false) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/guidance/post-check',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        payload: raw ? String(body) : JSON.stringify(body),
      });
      return { status: res.statusCode, type: String(res.headers['content-type']), json: JSON.parse(res.body), headers: res.headers };
    }

    it('shows the form to anyone signed in, in English and in Welsh, and keeps no copy', async () => {
      for (const email of ['gofalwr@brynhaul.example', 'athro@glanymor.example', 'manager@sirfynydd.example', 'analyst@sirfynydd.example']) {
        const c = await signedIn(email);
        const res = await c.get(PAGE);
        assert.equal(res.status, 200, email);
        assert.equal(res.headers['cache-control'], 'no-store');
        const text = pageText(res.body);
        assert.match(text, /Before you post/);
        assert.match(text, /Your draft post/);
        assert.match(text, /Is there a photo or video with the post\?/);
        assert.match(text, /has everyone in it given informed consent\?/);
        assert.match(text, /Nothing you paste here is saved/);
        assert.doesNotMatch(text, /postCheck\./, 'every message key translated');
      }
      const cy = await signedIn('gofalwr@brynhaul.example', 'cy');
      const res = await cy.get(PAGE);
      assert.equal(res.status, 200);
      assert.match(res.body, /<html lang="cy"/);
      const text = pageText(res.body);
      assert.match(text, /Cyn i chi bostio/);
      assert.match(text, /Drafft eich neges/);
      assert.match(text, /A oes llun neu fideo gyda'r neges\?/);
      assert.doesNotMatch(text, /postCheck\./);
    });

    it('lists each risk with the words that raised it and links to its clauses', async () => {
      const c = await signedIn();
      await c.get(PAGE);
      const res = await c.post(PAGE, { text: RISKY, photoAttached: 'yes', photoConsent: 'not_sure' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const kinds = [...res.body.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1]);
      assert.deepEqual(kinds, ['identifying_details', 'people_supported', 'colleagues_or_employer', 'emotional_tone', 'photo_without_consent']);
      const text = pageText(res.body);
      assert.match(text, /We found 5 things to think about before you post/);
      assert.match(text, /Details that could identify someone/);
      assert.match(text, /About people you support/);
      assert.match(text, /one of our residents/, 'the evidence is quoted');
      assert.match(text, /Brynhaul Care Home/);
      assert.match(res.body, /<a class="govuk-link" href="\/guidance\/social-media\/privacy">Respect for rights, privacy and confidential information<\/a>/);
      assert.match(res.body, /href="\/guidance\/social-media\/tip-5">Do not post when angry or emotional</);
      assert.match(text, /use your professional judgement/);
      // The draft stays in the box, to change and check again.
      assert.match(res.body, new RegExp(`<textarea[^>]*name="text"[^>]*>[^<]*${CANARY}</textarea>`));
      assert.match(res.body, /value="not_sure" checked/);

      const cy = await signedIn('gofalwr@brynhaul.example', 'cy');
      await cy.get(PAGE);
      const welsh = pageText((await cy.post(PAGE, { text: RISKY, photoAttached: 'no' })).body);
      assert.match(welsh, /Am bobl rydych yn eu cefnogi/);
      assert.match(welsh, /Parchu hawliau, preifatrwydd a gwybodaeth gyfrinachol/);
      assert.doesNotMatch(welsh, /postCheck\./);
    });

    it('says when it finds nothing, and that judgement still applies', async () => {
      const c = await signedIn();
      await c.get(PAGE);
      const res = await c.post(PAGE, { text: HARMLESS, photoAttached: 'no' });
      assert.equal(res.status, 200);
      const text = pageText(res.body);
      assert.match(text, /We found no risks that the guidance names in this draft/);
      assert.match(text, /use your professional judgement/);
      assert.doesNotMatch(res.body, /data-kind=/);
    });

    it('shows the error summary for an empty draft, one too long and no photo answer (400, answers kept)', async () => {
      const c = await signedIn();
      await c.get(PAGE);
      const cases: [Record<string, string>, string[]][] = [
        [{ text: '', photoAttached: 'no' }, ['Enter your draft post']],
        [{ text: '   \n  ', photoAttached: 'no' }, ['Enter your draft post']],
        [{ text: `${CANARY} ${'x'.repeat(5000)}` }, ['Your draft post must be 5,000 characters or fewer', 'Select yes if there is a photo or video with the post']],
        [{ text: HARMLESS }, ['Select yes if there is a photo or video with the post']],
        [{}, ['Enter your draft post', 'Select yes if there is a photo or video with the post']],
      ];
      for (const [form, messages] of cases) {
        const res = await c.post(PAGE, form);
        assert.equal(res.status, 400, JSON.stringify(form).slice(0, 80));
        assert.match(res.body, /<title>Error: Before you post/);
        assert.match(res.body, /govuk-error-summary/);
        const summary = pageText(res.body.split('govuk-error-summary__list')[1]!.split('</ul>')[0]!);
        for (const m of messages) assert.ok(summary.includes(m), `${m} in "${summary}"`);
        assert.doesNotMatch(res.body, /id="results"/);
      }
      // Exactly 5,000 characters (line breaks as the browser sends them count once) is allowed.
      const full = await c.post(PAGE, { text: `${'a'.repeat(2499)}\r\n${'b'.repeat(2500)}`, photoAttached: 'no' });
      assert.equal(full.status, 200);
      const kept = await c.post(PAGE, { text: HARMLESS });
      assert.ok(kept.body.includes(CANARY), 'the draft is kept beside the error');
      const cy = await signedIn('gofalwr@brynhaul.example', 'cy');
      await cy.get(PAGE);
      const welsh = await cy.post(PAGE, { text: '' });
      assert.equal(welsh.status, 400);
      assert.match(pageText(welsh.body), /Rhowch ddrafft eich neges/);
      assert.match(welsh.body, /<title>Gwall: Cyn i chi bostio/);
    });

    it('refuses a forged form like every other', async () => {
      const c = await signedIn();
      await c.get(PAGE);
      const res = await c.post(PAGE, { text: RISKY, photoAttached: 'no', _csrf: 'forged' });
      assert.equal(res.status, 403);
      assert.match(pageText(res.body), /Your form could not be sent/);
    });

    it('answers the API with findings and clause links, and 400 problems for bad input', async () => {
      const ok = await api({ text: RISKY, photoAttached: true });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['cache-control'], 'no-store');
      assert.deepEqual(ok.json.findings.map((f: { kind: string }) => f.kind), ['identifying_details', 'people_supported', 'colleagues_or_employer', 'emotional_tone', 'photo_without_consent']);
      const people = ok.json.findings[1];
      assert.deepEqual(people.clauses[0], { document: 'social-media', ref: 'privacy', href: '/guidance/social-media/privacy' });
      assert.deepEqual(people.evidence, ['one of our residents']);
      assert.deepEqual((await api({ text: HARMLESS, photoAttached: false })).json, { findings: [] });
      assert.deepEqual((await api({ text: HARMLESS, photoAttached: true, photoConsent: 'yes' })).json, { findings: [] });

      const bad = await api({ text: '', photoAttached: 'yes', photoConsent: 'maybe' });
      assert.equal(bad.status, 400);
      assert.match(bad.type, /^application\/problem\+json/);
      assert.deepEqual(Object.keys(bad.json.errors).sort(), ['photoAttached', 'photoConsent', 'text']);
      assert.deepEqual(bad.json.errors.text, { code: 'postCheck.error.text.required', message: 'Enter your draft post' });
      assert.equal(bad.json.errors.photoAttached.code, 'postCheck.error.photoAttached.required');
      const long = await api({ text: `${CANARY}${'x'.repeat(5000)}`, photoAttached: false });
      assert.equal(long.status, 400);
      assert.equal(long.json.errors.text.code, 'postCheck.error.text.tooLong');
      assert.ok(!JSON.stringify(long.json).includes(CANARY), 'a problem never echoes the draft');
      const empty = await api({});
      assert.deepEqual(Object.keys(empty.json.errors).sort(), ['photoAttached', 'text']);
      const unreadable = await api(`${CANARY} is not JSON`, token, true);
      assert.equal(unreadable.status, 400);
      assert.ok(!JSON.stringify(unreadable.json).includes(CANARY));
    });

    it('lists the API operation in the OpenAPI document with the schema it validates with', async () => {
      const doc = JSON.parse((await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
      const op = doc.paths['/guidance/post-check'].post;
      const schema = op.requestBody.content['application/json'].schema;
      assert.deepEqual([...schema.required].sort(), ['photoAttached', 'text']);
      assert.equal(schema.properties.text.maxLength, 5000);
      assert.deepEqual(schema.properties.photoConsent.enum, ['yes', 'no', 'not_sure']);
      for (const code of ['200', '400', '401']) assert.ok(op.responses[code], code);
    });

    it('sends anyone not signed in to sign in, and refuses the API without a token', async () => {
      const anon = new Client(h.app);
      const page = await anon.get(PAGE);
      assert.equal(page.status, 302);
      assert.equal(page.headers.location, '/sign-in');
      const post = await anon.post(PAGE, { text: RISKY, photoAttached: 'no' });
      assert.ok([302, 303].includes(post.status) && post.headers.location === '/sign-in', `POST answered ${post.status}`);
      for (const auth of [null, 'dgl_forged']) {
        const res = await api({ text: RISKY, photoAttached: false }, auth);
        assert.equal(res.status, 401);
        assert.match(res.type, /^application\/problem\+json/);
      }
    });

    it('keeps the draft out of every table, every log line and the audit trail', async () => {
      // An unreadable body to the page as well: the parser's error quotes the body, so it must not be logged.
      const c = await signedIn();
      await c.get(PAGE);
      const garbled = await h.app.inject({
        method: 'POST',
        url: PAGE,
        headers: { cookie: `__Host-diogel-session=${c.cookie('__Host-diogel-session')}`, 'content-type': 'application/json' },
        payload: `${CANARY} is not JSON`,
      });
      assert.equal(garbled.statusCode, 400);
      assert.ok(!garbled.body.includes(CANARY));

      const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(h.handle.db);
      assert.ok(tables.rows.length > 5);
      let rowsSeen = 0;
      for (const { name } of tables.rows) {
        const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} as t`.execute(h.handle.db);
        rowsSeen += rows.rows.length;
        const leaked = rows.rows.filter((r) => r.row.includes(CANARY));
        assert.deepEqual(leaked, [], `table ${name} holds the draft`);
      }
      assert.ok(rowsSeen > 50, `searched ${rowsSeen} rows`);
      const audit = await sql<{ n: string }>`select count(*)::text as n from audit_events where coalesce(detail::text, '') like ${'%' + CANARY + '%'}`.execute(h.handle.db);
      assert.equal(audit.rows[0]!.n, '0');

      assert.ok(logged.some((l) => l.includes(PAGE)), 'the server logged the page requests');
      assert.ok(logged.some((l) => l.includes('/api/guidance/post-check')), 'and the API requests');
      assert.deepEqual(logged.filter((l) => l.includes(CANARY)), [], 'log lines quote the draft');
    });
  });
}
