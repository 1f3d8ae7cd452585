import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, DEFAULT_NOW, startHarness, type Harness } from '../support/harness.js';
import { routesOf } from '../support/routes.js';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { CHILD_CASE_COMMAND_TYPES } from '../../src/domain/cases/child-protection.commands.js';

/**
 * A confidentiality label hides a field from everyone but the people named for it. A
 * child's address is a canary, hidden by a label naming only the allocated social worker.
 * Every demo user walks every page and API route (from Fastify's router) with the child's
 * concern, report and case ids — reads and, with empty forms, changes — and the canary is
 * in no answer, no header and no line the server logs at its most verbose level, nor in the
 * audit trail; the named reader does see it (so the test can fail), and so does a sibling
 * added later only for that reader (the label goes with the address).
 */
const CANARY = `CANARY-ADDRESS-${randomBytes(6).toString('hex')}`;
const READER = 'social.worker@sirfynydd.example';
const ctx = { requestId: 'hidden-fields', ip: null };

for (const engine of ENGINES) {
  describe(`a hidden address never leaves the database for anyone not named (${engine})`, () => {
    let h: Harness;
    let concernId: string;
    let caseId: string;
    const logged: string[] = [];
    const web = new Map<string, Client>();
    const tokens = new Map<string, string>();

    before(async () => {
      const sink = new Writable({
        write(chunk, _enc, done) {
          logged.push(String(chunk));
          done();
        },
      });
      h = await startHarness(engine, DEFAULT_NOW, { logger: pino({ level: 'trace' }, sink) });
      const db = h.handle.db;
      const caller = async (email: string) => toCaller((await findUserByEmail(db, email))!);
      const dsp = await caller('dsp@glanymor.example');
      const manager = await caller('manager@sirfynydd.example');
      const reader = await caller(READER);
      const concern = await h.services.concerns.raise(
        dsp,
        {
          subjectKind: 'child', fullName: 'Lowri Griffiths', birthKnowledge: 'date_of_birth', dateOfBirth: '2015-06-11', address: CANARY,
          firstLanguage: 'English', welshPreferred: 'no', account: 'Said she is afraid to go home.', harmCategories: ['emotional_psychological'], specificRisks: [],
          immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      concernId = concern.id;
      caseId = (await h.services.concerns.reportToLocalAuthority(dsp, concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx)).reportId;
      await db.updateTable('cases').set({ allocated_to: reader.userId }).where('id', '=', caseId).execute();
      // The manager hides the address (becoming a reader), names the allocated worker, then steps back.
      await h.services.caseAccess.change(manager, caseId, 'hide_address', { reason: 'The family has fled domestic abuse' }, ctx);
      await h.services.caseAccess.change(manager, caseId, 'add_reader', { email: READER }, ctx);
      const managerRow = await db.selectFrom('person_label_readers').select('user_id').where('user_id', '=', manager.userId).executeTakeFirstOrThrow();
      await db.deleteFrom('person_label_readers').where('user_id', '=', managerRow.user_id).execute();

      for (const u of DEMO_USERS) {
        const c = new Client(h.app);
        assert.equal((await c.signIn(u.email)).status, 303, u.email);
        web.set(u.email, c);
        tokens.set(u.email, (await h.services.auth.createApiToken(await caller(u.email), 'canary', ctx)).token);
      }
    });
    after(async () => h?.close());

    async function request(email: string, method: string, url: string) {
      if (url.startsWith('/api/')) {
        const res = await h.app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: `Bearer ${tokens.get(email)}`, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          ...(method === 'GET' ? {} : { payload: '{}' }),
        });
        return { status: res.statusCode, text: res.body + JSON.stringify(res.headers) };
      }
      const res = await (method === 'GET' ? web.get(email)!.get(url) : web.get(email)!.post(url, {}));
      return { status: res.status, text: res.body + JSON.stringify(res.headers) };
    }

    it('shows the address to the named reader, and only to them', async () => {
      const own = await request(READER, 'GET', `/cases/${caseId}`);
      assert.equal(own.status, 200);
      assert.ok(own.text.includes(CANARY), 'the reader sees the address');
      const api = await request(READER, 'GET', `/api/cases/${caseId}`);
      assert.ok(api.text.includes(CANARY));
      const duty = await request('duty@sirfynydd.example', 'GET', `/cases/${caseId}`);
      assert.equal(duty.status, 200, 'the duty worker sees the case');
      assert.ok(!duty.text.includes(CANARY), 'but not the address');
    });

    it('keeps the canary out of every answer, header and log line for everyone else', async () => {
      const routes = routesOf(h.app).filter((r) => r.url !== '/sign-out' && !r.url.includes('sign-in'));
      let visited = 0;
      for (const { email } of DEMO_USERS) {
        if (email === READER) continue;
        for (const route of routes) {
          const ids = route.url.includes('/concerns/') ? [concernId] : route.url.includes('/cases/') || route.url.includes('/reports/') ? [caseId] : [randomUUID()];
          const base = route.url.replace(':locale', 'en').replace(':date', '2026-12-29').replace(':change', 'add-member');
          const urls = base.includes(':step')
            ? CHILD_CASE_COMMAND_TYPES.slice(0, 6).map((t) => base.replace(':step', t.replaceAll('_', '-')))
            : [base];
          for (const u of urls) {
            const url = u.replace(':id', ids[0]!);
            const res = await request(email, route.method, url);
            visited += 1;
            assert.ok(!res.text.includes(CANARY), `${route.method} ${url} shows the hidden address to ${email}`);
          }
        }
      }
      assert.ok(visited > 1000, `visited ${visited}`);
      const leaked = logged.filter((l) => l.includes(CANARY));
      assert.deepEqual(leaked, [], 'log lines mention the hidden address');
      assert.ok(logged.length > 1000, 'the server logged every request');
    });

    it('writes the hidden address into no audit event', async () => {
      const rows = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_events WHERE coalesce(detail::text, '') LIKE ${'%' + CANARY + '%'}`.execute(h.handle.db);
      assert.equal(rows.rows[0]!.n, '0');
    });

    it('keeps the address hidden on a sibling added from this case', async () => {
      const duty = toCaller((await findUserByEmail(h.handle.db, 'duty@sirfynydd.example'))!);
      const { case: c } = await h.services.cases.get(duty, caseId, ctx);
      const { caseId: siblingId } = await h.services.cases.addSibling(duty, caseId, { fullName: 'Osian Griffiths', dateOfBirth: '2018-02-01', expectedVersion: c.version }, ctx);
      const seen = await h.services.cases.get(duty, siblingId, ctx);
      assert.equal(seen.person.address, null);
      assert.deepEqual(seen.person.hiddenFields, ['address']);
      const reader = toCaller((await findUserByEmail(h.handle.db, READER))!);
      await h.handle.db.updateTable('cases').set({ allocated_to: reader.userId }).where('id', '=', siblingId).execute();
      assert.equal((await h.services.cases.get(reader, siblingId, ctx)).person.address, CANARY);
    });
  });
}
