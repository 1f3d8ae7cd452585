import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, pageText, startHarness, type Harness } from '../support/harness.js';
import { routesOf, type Route } from '../support/routes.js';
import { ALLEGATION_COMMAND_TYPES } from '../../src/domain/cases/allegation.model.js';
import { CHILD_CASE_COMMAND_TYPES } from '../../src/domain/cases/child-protection.commands.js';

/**
 * Cross-site request forgery (ASVS 5.0 V3.5): every state-changing page route, read from
 * Fastify's own router (so a route added later is walked too), is posted to by a signed-in
 * person with no form token, with a made-up one, and with a real token from someone else's
 * session. Each must answer 403 with the "form could not be sent" page, and nothing in the
 * database may change: the row count of every table is the same afterwards. The JSON API
 * takes bearer tokens only, so a request carrying just the session cookie is refused (401)
 * on every API route.
 */
const CSRF_PAGE = /Your form could not be sent/;

for (const engine of ENGINES) {
  describe(`every change needs the form token of its own session (${engine})`, () => {
    let h: Harness;
    let person: Client;
    let someoneElse: Client;
    const ids = new Map<string, string>();

    before(async () => {
      h = await startHarness(engine);
      person = new Client(h.app);
      assert.equal((await person.signIn('manager@sirfynydd.example')).status, 303);
      someoneElse = new Client(h.app);
      assert.equal((await someoneElse.signIn('duty@sirfynydd.example')).status, 303);
      // Real records in the addresses, so "nothing changed" is about records that exist.
      const db = h.handle.db;
      const first = async (table: 'concerns' | 'reports' | 'cases' | 'allegations' | 'api_tokens') =>
        (await db.selectFrom(table).select('id').orderBy('id').executeTakeFirst())?.id ?? randomUUID();
      assert.equal((await person.post('/account/api-tokens', { name: 'csrf walk' })).status, 201);
      for (const [prefix, table] of [['/concerns/', 'concerns'], ['/reports/', 'reports'], ['/cases/', 'cases'], ['/allegations/', 'allegations'], ['/account/api-tokens/', 'api_tokens']] as const) {
        ids.set(prefix, await first(table));
      }
    });
    after(async () => h?.close());

    function address(route: Route): string {
      const prefix = [...ids.keys()].find((p) => route.url.startsWith(p));
      return route.url
        .replace(':id', prefix ? ids.get(prefix)! : randomUUID())
        .replace(':step', route.url.startsWith('/allegations/') ? ALLEGATION_COMMAND_TYPES[0] : CHILD_CASE_COMMAND_TYPES[0])
        .replace(':change', 'add')
        .replace(':date', '2026-12-24');
    }

    /** The number of rows in every table of the schema. */
    async function snapshot(): Promise<Record<string, number>> {
      const tables = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(h.handle.db);
      const counts: Record<string, number> = {};
      for (const { name } of tables.rows) {
        const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(h.handle.db);
        counts[name] = Number(r.rows[0]!.n);
      }
      return counts;
    }

    it('refuses every state-changing page route without the session’s own token, and changes nothing', async () => {
      const routes = routesOf(h.app).filter((r) => r.method !== 'GET' && !r.url.startsWith('/api/'));
      for (const expected of ['/sign-in', '/sign-in/code', '/sign-in/recovery-code', '/sign-in/set-up-app', '/sign-out', '/account/password', '/account/recovery-codes', '/concerns/new/check', '/cases/:id/steps/:step']) {
        assert.ok(routes.some((r) => r.url === expected), `${expected} is among the routes walked`);
      }
      const before = await snapshot();
      assert.ok(Object.keys(before).length >= 20, `${Object.keys(before).length} tables`);
      const forged = randomBytes(32).toString('base64url');
      let requests = 0;
      for (const route of routes) {
        const url = address(route);
        const answers = [
          ['no token', await person.post(url, { name: 'x', code: '123456', newPassword: 'a forged passphrase' }, { csrf: false })],
          ['a made-up token', await person.post(url, { _csrf: forged, name: 'x' })],
          ['another session’s token', await person.post(url, { _csrf: someoneElse.csrf, name: 'x' })],
        ] as const;
        for (const [how, res] of answers) {
          requests += 1;
          assert.equal(res.status, 403, `${route.method} ${url} with ${how}`);
          assert.match(pageText(res.body), CSRF_PAGE, `${route.method} ${url} with ${how}`);
        }
      }
      assert.deepEqual(await snapshot(), before, 'no table gained or lost a row');
      assert.equal((await person.get('/')).status, 200, 'still signed in: sign-out was refused too');
      // The same request with the right token is not refused this way (the walk can tell the difference).
      const real = await person.post('/concerns/new/subject', {});
      assert.equal(real.status, 400);
      assert.doesNotMatch(pageText(real.body), CSRF_PAGE);
      console.log(`# CSRF walk: ${routes.length} state-changing page routes, ${requests} forged requests, all 403`);
    });

    it('refuses the sign-in steps without the token of the browser’s own pre-session', async () => {
      const visitor = new Client(h.app);
      await visitor.get('/sign-in');
      const other = new Client(h.app);
      await other.get('/sign-in');
      const before = await snapshot();
      for (const url of ['/sign-in', '/sign-in/code', '/sign-in/recovery-code', '/sign-in/set-up-app']) {
        for (const form of [{}, { _csrf: 'forged' }, { _csrf: other.csrf }] as Record<string, string>[]) {
          const res = await visitor.post(url, { email: 'manager@sirfynydd.example', password: 'diogel demo passphrase', code: '123456', ...form }, { csrf: false });
          assert.equal(res.status, 403, `${url} ${JSON.stringify(form)}`);
          assert.match(pageText(res.body), CSRF_PAGE);
        }
      }
      assert.deepEqual(await snapshot(), before);
    });

    it('refuses every API route to a request that carries only the session cookie', async () => {
      const routes = routesOf(h.app).filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json');
      assert.ok(routes.some((r) => r.method === 'POST') && routes.some((r) => r.method === 'GET'));
      const cookies = { '__Host-diogel-session': person.cookie('__Host-diogel-session')! };
      assert.ok(cookies['__Host-diogel-session']);
      const before = await snapshot();
      for (const route of routes) {
        const url = address(route);
        const body = route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}', headers: { 'content-type': 'application/json' } };
        const res = await h.app.inject({ method: route.method as 'GET', url, cookies, ...body });
        assert.equal(res.statusCode, 401, `${route.method} ${url}`);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
      }
      assert.deepEqual(await snapshot(), before);
      console.log(`# API walk: ${routes.length} API routes refused with only the session cookie (401)`);
    });
  });
}
