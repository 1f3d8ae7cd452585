import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, pageText, recoveryCodesOnPage, secretOnPage, startHarness, type Harness, type Response } from '../support/harness.js';
import { normalise } from '../support/routes.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, demoTotpSecret } from '../../src/services/demo.service.js';
import { hashPassword } from '../../src/services/auth.service.js';
import { insertUser } from '../../src/store/users.repository.js';
import { base32Decode, base32Encode, hotp, totpStep } from '../../src/platform/totp.js';

const SESSION = '__Host-diogel-session';
const PRE = '__Host-diogel-pre';

/** A 6-digit code that is none of the three the account would accept now. */
function wrongCode(secret: Buffer, at: Date): string {
  const step = totpStep(at);
  const accepted = new Set([-1, 0, 1].map((d) => hotp(secret, step + d)));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!accepted.has(candidate)) return candidate;
  }
}

/**
 * Issue 5 (sign-in and sessions, OWASP ASVS 5.0 level 2) through the pages, on both
 * engines: the password then a code, setting up an app, recovery codes, the lock-out after
 * 5 failures (the same for addresses with and without an account), the per-address
 * throttle, session ids, lifetimes and cookies, and changing a password.
 */
for (const engine of ENGINES) {
  describe(`sign-in and sessions (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(async () => h?.close());

    async function addUser(email: string, password: string): Promise<string> {
      const id = randomUUID();
      await insertUser(h.handle.db, { id, email, name: `Test ${email}`, passwordHash: await hashPassword(password), role: 'practitioner', organisationId: DEMO_ORGANISATIONS.school.id });
      return id;
    }

    async function userId(email: string): Promise<string> {
      return (await h.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    }

    async function auditOf(email: string | null, action: string): Promise<Record<string, unknown>[]> {
      const q = h.handle.db.selectFrom('audit_events').select(['outcome', 'detail', 'actor_user_id']).where('action', '=', action).orderBy('id');
      return (email ? await q.where('actor_user_id', '=', await userId(email)).execute() : await q.where('actor_user_id', 'is', null).execute()).map((r) => ({
        outcome: r.outcome,
        ...(r.detail as Record<string, unknown> | null),
      }));
    }

    /** The sign-in form, then the page it leads to (as a browser follows it, picking up that page's form token). */
    async function passwordStep(c: Client, email: string, password = DEMO_PASSWORD): Promise<Response> {
      await c.get('/sign-in');
      const res = await c.post('/sign-in', { email, password });
      if (res.status === 303) await c.get(String(res.headers.location));
      return res;
    }

    async function passwordHashOf(email: string): Promise<string> {
      return (await h.handle.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash;
    }

    async function sessionsOf(email: string): Promise<number> {
      const r = await h.handle.db.selectFrom('sessions').select(sql<string>`count(*)`.as('n')).where('user_id', '=', await userId(email)).executeTakeFirstOrThrow();
      return Number(r.n);
    }

    it('asks for the password, then the code, and issues the session id only after the code', async () => {
      const email = 'athro@glanymor.example';
      const c = new Client(h.app);
      await c.get('/sign-in');
      const before = c.cookie(PRE);
      assert.ok(before);
      const first = await c.post('/sign-in', { email, password: DEMO_PASSWORD });
      assert.equal(first.status, 303);
      assert.equal(first.headers.location, '/sign-in/code');
      assert.equal(c.cookie(SESSION), undefined, 'no session after the password alone');
      const bound = c.cookie(PRE);
      assert.ok(bound && bound !== before, 'a new pre-session id from the password step on');
      assert.equal((await c.get('/concerns')).status, 302, 'not signed in yet');

      const page = await c.get('/sign-in/code');
      assert.equal(page.status, 200);
      assert.match(pageText(page.body), /Enter the code from your authenticator app/);
      assert.match(page.body, /autocomplete="one-time-code"/);
      assert.match(page.body, /inputmode="numeric"/);

      const wrong = await c.post('/sign-in/code', { code: wrongCode(demoTotpSecret(email), h.clock.now()) });
      assert.equal(wrong.status, 400);
      assert.match(pageText(wrong.body), /There is a problem The code is not correct/);
      assert.match(wrong.body, /<title>Error: /);
      assert.equal((await c.post('/sign-in/code', { code: '' })).status, 400);

      const done = await c.post('/sign-in/code', { code: await h.codeFor(email) });
      assert.equal(done.status, 303);
      assert.equal(done.headers.location, '/');
      const session = c.cookie(SESSION);
      assert.ok(session && session !== before && session !== bound, 'a new session id');
      assert.equal(c.cookie(PRE), undefined, 'the pre-session is discarded');
      assert.equal((await c.get('/concerns')).status, 200);

      const setCookie = ([] as string[]).concat(done.headers['set-cookie'] as string | string[]);
      const sessionCookie = setCookie.find((s) => s.startsWith(`${SESSION}=`))!;
      assert.match(sessionCookie, /^__Host-diogel-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/, 'host-only, no Domain, no lasting expiry');

      assert.deepEqual((await auditOf(email, 'auth.sign_in_password')).at(-1), { outcome: 'success', next: 'code' });
      const attempts = await auditOf(email, 'auth.sign_in');
      assert.deepEqual(attempts.slice(-2), [
        { outcome: 'denied', step: 'code', reason: 'wrong_code' },
        { outcome: 'success', method: 'totp' },
      ]);
    });

    it('binds the waiting step to the browser that gave the password, for 5 minutes', async () => {
      const email = 'dsp@glanymor.example';
      const c = new Client(h.app);
      await c.get('/sign-in');
      const before = c.cookie(PRE)!;
      await c.post('/sign-in', { email, password: DEMO_PASSWORD });
      assert.equal((await c.get('/sign-in/code')).status, 200);
      // The id the browser arrived with (one an attacker could have planted) does not carry the step.
      const planted = await h.app.inject({ url: '/sign-in/code', cookies: { [PRE]: before } });
      assert.equal(planted.statusCode, 302);
      assert.equal(planted.headers.location, '/sign-in');
      // Nor does another browser: it has nothing waiting, whatever code it sends.
      const other = new Client(h.app);
      await other.get('/sign-in');
      const stolen = await other.post('/sign-in/code', { code: await h.codeFor(email) });
      assert.equal(stolen.status, 303);
      assert.equal(stolen.headers.location, '/sign-in?timedOut=1');
      assert.equal(other.cookie(SESSION), undefined);

      h.clock.advance(5 * 60_000);
      try {
        const late = await c.get('/sign-in/code');
        assert.equal(late.headers.location, '/sign-in?timedOut=1');
        const lateCode = await c.post('/sign-in/code', { code: await h.codeFor(email) });
        assert.equal(lateCode.headers.location, '/sign-in?timedOut=1');
        assert.equal(c.cookie(SESSION), undefined);
        assert.match(pageText((await c.get('/sign-in?timedOut=1')).body), /Your sign-in timed out/);
      } finally {
        h.clock.advance(-5 * 60_000);
      }
    });

    it('accepts one step either side of now, and refuses a step already used', async () => {
      const email = 'gofalwr@brynhaul.example';
      const secret = demoTotpSecret(email);
      const step = totpStep(h.clock.now());
      const first = new Client(h.app);
      await passwordStep(first, email);
      const now = await h.codeFor(email);
      assert.equal((await first.post('/sign-in/code', { code: now })).status, 303);

      const replay = new Client(h.app);
      await passwordStep(replay, email);
      const again = await replay.post('/sign-in/code', { code: now });
      assert.equal(again.status, 400);
      assert.match(pageText(again.body), /That code has already been used/);
      assert.equal((await replay.post('/sign-in/code', { code: hotp(secret, step + 1) })).status, 303, 'the next step is accepted');

      const third = new Client(h.app);
      await passwordStep(third, email);
      assert.equal((await third.post('/sign-in/code', { code: hotp(secret, step - 1) })).status, 400, 'a step before the last used');
      assert.equal((await third.post('/sign-in/code', { code: hotp(secret, step + 1) })).status, 400, 'the step just used');
      assert.equal((await third.post('/sign-in/code', { code: hotp(secret, step + 2) })).status, 400, 'two steps ahead');
      const reasons = (await auditOf(email, 'auth.sign_in')).filter((a) => a.outcome === 'denied').map((a) => a.reason);
      assert.deepEqual(reasons, ['reused_code', 'reused_code', 'reused_code', 'wrong_code']);
      assert.equal((await third.post('/sign-in/code', { code: await h.codeFor(email) })).status, 303);
    });

    it('keeps every authenticator secret sealed in the database', async () => {
      const rows = await h.handle.db.selectFrom('user_mfa').innerJoin('users', 'users.id', 'user_mfa.user_id').select(['users.email', 'user_mfa.totp_secret']).execute();
      assert.ok(rows.length >= 14);
      for (const r of rows) {
        const secret = demoTotpSecret(r.email);
        assert.match(r.totp_secret, /^v1\.[A-Za-z0-9_-]+$/);
        for (const clear of [base32Encode(secret), secret.toString('hex'), secret.toString('base64url'), secret.toString('base64')]) assert.ok(!r.totp_secret.includes(clear), r.email);
      }
    });

    const NEWCOMER = 'newcomer@glanymor.example';
    const NEWCOMER_PASSWORD = 'a newcomer’s own passphrase';
    let recoveryCodes: string[] = [];
    /** The key the newcomer's app was set up with, read off the page. */
    let newcomerSecret = Buffer.alloc(0);

    it('takes someone without an app to set one up, then shows 10 recovery codes once and signs them in', async () => {
      const id = await addUser(NEWCOMER, NEWCOMER_PASSWORD);
      const c = new Client(h.app);
      const first = await passwordStep(c, NEWCOMER, NEWCOMER_PASSWORD);
      assert.equal(first.status, 303);
      assert.equal(first.headers.location, '/sign-in/set-up-app');
      assert.equal((await c.get('/sign-in/code')).headers.location, '/sign-in/set-up-app');
      const page = await c.get('/sign-in/set-up-app');
      assert.equal(page.status, 200);
      const grouped = secretOnPage(page.body);
      assert.match(grouped, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      const secret = base32Decode(grouped);
      newcomerSecret = Buffer.from(secret);
      const uri = /<code class="diogel-token" id="otpauth-uri">([^<]+)<\/code>/.exec(page.body)![1]!.replace(/&amp;/g, '&');
      assert.equal(uri, `otpauth://totp/Diogel:newcomer%40glanymor.example?secret=${base32Encode(secret)}&issuer=Diogel&algorithm=SHA1&digits=6&period=30`);
      const qr = /<img class="diogel-qr-code" src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="QR code that adds Diogel to an authenticator app"/.exec(page.body);
      assert.ok(qr, 'a QR code drawn on the server');
      assert.match(Buffer.from(qr[1]!, 'base64').toString('utf8'), /^<svg [^>]*viewBox="0 0 \d+ \d+"><rect fill="white"[^>]*\/><path fill="black" d="M/);
      assert.doesNotMatch(Buffer.from(qr[1]!, 'base64').toString('utf8'), /<script|style=/);

      const wrong = await c.post('/sign-in/set-up-app', { code: wrongCode(secret, h.clock.now()) });
      assert.equal(wrong.status, 400);
      assert.match(pageText(wrong.body), /There is a problem The code is not correct/);
      assert.equal(secretOnPage(wrong.body), grouped, 'the same key while the step waits');
      assert.equal(await h.handle.db.selectFrom('user_mfa').select('user_id').where('user_id', '=', id).executeTakeFirst(), undefined);

      h.rememberSecret(NEWCOMER, grouped);
      const done = await c.post('/sign-in/set-up-app', { code: await h.codeFor(NEWCOMER) });
      assert.equal(done.status, 200);
      assert.match(pageText(done.body), /Save your recovery codes .*You will not see these codes again/);
      assert.equal(done.headers['cache-control'], 'no-store');
      recoveryCodes = recoveryCodesOnPage(done.body);
      assert.equal(recoveryCodes.length, 10);
      assert.equal(new Set(recoveryCodes).size, 10);
      for (const code of recoveryCodes) assert.match(code, /^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}$/);
      assert.ok(c.cookie(SESSION), 'signed in');
      assert.equal((await c.get('/concerns')).status, 200);

      const stored = await h.handle.db.selectFrom('recovery_codes').select(['code_hash', 'used_at']).where('user_id', '=', id).execute();
      assert.equal(stored.length, 10);
      for (const row of stored) {
        assert.equal(row.used_at, null);
        for (const code of recoveryCodes) assert.ok(!row.code_hash.includes(code) && !row.code_hash.includes(code.replace(/-/g, '')), 'only hashes are kept');
      }
      const mfa = await h.handle.db.selectFrom('user_mfa').selectAll().where('user_id', '=', id).executeTakeFirstOrThrow();
      assert.ok(!mfa.totp_secret.includes(base32Encode(secret)));
      assert.equal(Number(mfa.last_used_step), totpStep(h.clock.now()), 'the confirming code is used up');
      assert.deepEqual(await auditOf(NEWCOMER, 'auth.mfa_enrolled'), [{ outcome: 'success', method: 'totp', recoveryCodes: 10 }]);

      // Sending the form again (a reload) shows nothing again.
      const reload = await c.post('/sign-in/set-up-app', { code: await h.codeFor(NEWCOMER) });
      assert.equal(reload.status, 303);
      assert.equal(reload.headers.location, '/');
      // From now on the password leads to the code.
      assert.equal((await passwordStep(new Client(h.app), NEWCOMER, NEWCOMER_PASSWORD)).headers.location, '/sign-in/code');
    });

    it('signs in with a recovery code once, and gives new codes for a current app code', async () => {
      assert.equal(recoveryCodes.length, 10, 'the codes from setting up the app');
      const c = new Client(h.app);
      await passwordStep(c, NEWCOMER, NEWCOMER_PASSWORD);
      const page = await c.get('/sign-in/recovery-code');
      assert.equal(page.status, 200);
      assert.match(pageText(page.body), /Enter a recovery code/);
      const wrong = await c.post('/sign-in/recovery-code', { recoveryCode: '2222-3333-4444-5555' });
      assert.equal(wrong.status, 400);
      assert.match(pageText(wrong.body), /The recovery code is not correct, or it has already been used/);
      // As a person might type it: capitals, no hyphens.
      const used = await c.post('/sign-in/recovery-code', { recoveryCode: recoveryCodes[0]!.replace(/-/g, '').toUpperCase() });
      assert.equal(used.status, 303);
      assert.equal(used.headers.location, '/');
      assert.equal((await c.get('/concerns')).status, 200);
      assert.match(pageText((await c.get('/account')).body), /You have 9 unused recovery codes/);
      assert.deepEqual((await auditOf(NEWCOMER, 'auth.recovery_code_used')).map((a) => a.remaining), [9]);

      const again = new Client(h.app);
      await passwordStep(again, NEWCOMER, NEWCOMER_PASSWORD);
      assert.equal((await again.post('/sign-in/recovery-code', { recoveryCode: recoveryCodes[0]! })).status, 400, 'a used code does not work twice');

      // New codes need a current code from the app.
      const form = await c.get('/account/recovery-codes');
      assert.equal(form.status, 200);
      assert.match(pageText(form.body), /Get new recovery codes You have 9 unused recovery codes/);
      const refused = await c.post('/account/recovery-codes', { code: wrongCode(newcomerSecret, h.clock.now()) });
      assert.equal(refused.status, 400);
      assert.match(pageText(refused.body), /The code is not correct/);
      assert.equal((await c.post('/account/recovery-codes', { code: '' })).status, 400);
      const beforeCodes = c.cookie(SESSION)!;
      const issued = await c.post('/account/recovery-codes', { code: await h.codeFor(NEWCOMER) });
      assert.equal(issued.status, 200);
      assert.ok(c.cookie(SESSION) && c.cookie(SESSION) !== beforeCodes, 'a new session id after proving who you are again');
      const fresh = recoveryCodesOnPage(issued.body);
      assert.equal(fresh.length, 10);
      assert.ok(fresh.every((code) => !recoveryCodes.includes(code)));
      assert.match(pageText((await c.get('/account')).body), /You have 10 unused recovery codes/);
      assert.deepEqual((await auditOf(NEWCOMER, 'auth.recovery_codes_regenerate')).map((a) => a.outcome), ['denied', 'success']);

      const old = new Client(h.app);
      await passwordStep(old, NEWCOMER, NEWCOMER_PASSWORD);
      assert.equal((await old.post('/sign-in/recovery-code', { recoveryCode: recoveryCodes[1]! })).status, 400, 'earlier codes stop working');
      assert.equal((await old.post('/sign-in/recovery-code', { recoveryCode: fresh[0]! })).status, 303);
    });

    it('locks an address after 5 failures in a row, with the same answers whether or not it has an account', async () => {
      const known = 'locked.out@glanymor.example';
      const unknown = 'no.such.person@glanymor.example';
      const password = 'the right passphrase';
      await addUser(known, password);
      const answers: Record<string, { status: number; text: string }[]> = { [known]: [], [unknown]: [] };
      for (const email of [known, unknown]) {
        const c = new Client(h.app);
        for (let i = 1; i <= 5; i += 1) {
          const res = await passwordStep(c, email, `wrong guess ${i}`);
          answers[email]!.push({ status: res.status, text: normalise(res.body, [email]) });
        }
        // Locked: even the right password gets the same answer.
        const res = await passwordStep(c, email, password);
        answers[email]!.push({ status: res.status, text: normalise(res.body, [email]) });
      }
      assert.deepEqual(answers[known], answers[unknown], 'the same pages and statuses for both addresses');
      const texts = answers[known]!.map((a) => pageText(a.text));
      for (const t of texts.slice(0, 4)) assert.match(t, /Enter a correct email address and password/);
      for (const t of texts.slice(4)) assert.match(t, /There have been too many attempts to sign in with this email address\. Try again in 15 minutes\./);
      assert.deepEqual(answers[known]!.map((a) => a.status), [400, 400, 400, 400, 400, 400]);

      const reasons = (await auditOf(known, 'auth.sign_in')).map((a) => `${a.outcome}:${a.reason}${a.locked ? ':locked' : ''}`);
      assert.deepEqual(reasons, ['denied:wrong_password', 'denied:wrong_password', 'denied:wrong_password', 'denied:wrong_password', 'denied:wrong_password:locked', 'denied:locked']);
      const anonymous = (await auditOf(null, 'auth.sign_in')).filter((a) => a.step === 'password').map((a) => a.reason);
      assert.deepEqual(anonymous.slice(-6), ['unknown_account', 'unknown_account', 'unknown_account', 'unknown_account', 'unknown_account', 'locked']);
      // The failures table holds no address in clear.
      const keys = await h.handle.db.selectFrom('sign_in_failures').select('email_key').execute();
      assert.ok(keys.length >= 2 && keys.every((k) => /^[0-9a-f]{64}$/.test(k.email_key)));

      h.clock.advance(15 * 60_000);
      try {
        const c = new Client(h.app);
        assert.equal((await passwordStep(c, known, password)).headers.location, '/sign-in/set-up-app', 'the lock ends after 15 minutes');
      } finally {
        h.clock.advance(-15 * 60_000);
      }
    });

    it('starts the count again after a successful sign-in', async () => {
      const email = 'dsp@brynhaul.example';
      const c = new Client(h.app);
      for (let i = 0; i < 4; i += 1) assert.match(pageText((await passwordStep(c, email, 'not it')).body), /Enter a correct email address and password/);
      assert.equal((await c.signIn(email)).status, 303);
      const d = new Client(h.app);
      // Without the reset the first of these would be the fifth failure in a row.
      for (let i = 0; i < 4; i += 1) assert.match(pageText((await passwordStep(d, email, 'not it')).body), /Enter a correct email address and password/);
      assert.equal((await d.signIn(email)).status, 303);
    });

    it('counts wrong codes towards the lock-out, and ends the waiting step when it locks', async () => {
      const email = 'senior@sirfynydd.example';
      const c = new Client(h.app);
      await passwordStep(c, email);
      const wrong = wrongCode(demoTotpSecret(email), h.clock.now());
      for (let i = 0; i < 4; i += 1) assert.equal((await c.post('/sign-in/code', { code: wrong })).status, 400);
      const fifth = await c.post('/sign-in/code', { code: wrong });
      assert.equal(fifth.status, 400);
      assert.match(pageText(fifth.body), /There have been too many attempts to sign in with this email address\. Try again in 15 minutes\./);
      assert.equal((await c.get('/sign-in/code')).headers.location, '/sign-in', 'the password step is gone');
      assert.match(pageText((await passwordStep(new Client(h.app), email)).body), /Try again in 15 minutes/);
    });

    it('answers 429 with Retry-After after 20 sign-in attempts a minute from one address', async () => {
      const c = new Client(h.app);
      await c.get('/sign-in');
      for (let i = 1; i <= 20; i += 1) assert.equal((await c.post('/sign-in', { email: 'flood@nowhere.example', password: `guess ${i}` })).status, 400, `attempt ${i}`);
      const refused = await c.post('/sign-in', { email: 'flood@nowhere.example', password: 'one more' });
      assert.equal(refused.status, 429);
      assert.equal(refused.headers['retry-after'], '60');
      assert.match(pageText(refused.body), /Too many attempts to sign in .* Wait a minute, then try again/);
      assert.match(refused.body, /<title>Too many attempts to sign in – Diogel<\/title>/);
      // Code attempts count too, and so does any address's second step.
      const codes = new Client(h.app);
      await codes.get('/sign-in');
      for (let i = 0; i < 20; i += 1) assert.equal((await codes.post('/sign-in/code', { code: '123456' })).status, 303);
      assert.equal((await codes.post('/sign-in/code', { code: '123456' })).status, 429);
      assert.equal((await codes.post('/sign-in/recovery-code', { recoveryCode: 'x' })).status, 429);
      // Another address is not slowed down, and the next minute is a new count.
      assert.equal((await passwordStep(new Client(h.app), 'flood@nowhere.example', 'x')).status, 400);
      h.clock.advance(60_000);
      try {
        assert.equal((await c.post('/sign-in', { email: 'flood@nowhere.example', password: 'later' })).status, 400);
      } finally {
        h.clock.advance(-60_000);
      }
      const throttled = (await auditOf(null, 'auth.sign_in')).filter((a) => a.reason === 'throttled');
      assert.deepEqual(throttled.map((a) => a.step), ['password', 'code', 'recovery_code']);
    });

    it('gives a new session id at every sign-in and ends the old one on the server at sign-out', async () => {
      const email = 'chair@caerwen.example';
      const c = new Client(h.app);
      await c.signIn(email);
      const first = c.cookie(SESSION)!;
      assert.equal((await c.post('/sign-out', {})).status, 303);
      const stale = await h.app.inject({ url: '/concerns', cookies: { [SESSION]: first } });
      assert.equal(stale.statusCode, 302, 'the old cookie no longer works');
      assert.equal(stale.headers.location, '/sign-in');
      assert.match(String(stale.headers['set-cookie']), /__Host-diogel-session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax/);
      await c.signIn(email);
      const second = c.cookie(SESSION)!;
      assert.ok(second && second !== first);
    });

    it('ends a session after 12 hours however active it is', async () => {
      const c = new Client(h.app);
      await c.signIn('duty@caerwen.example');
      let moved = 0;
      try {
        for (let i = 1; i < 36; i += 1) {
          h.clock.advance(20 * 60_000);
          moved += 20 * 60_000;
          assert.equal((await c.get('/')).status, 200, `${(i * 20) / 60} hours in`);
        }
        h.clock.advance(20 * 60_000);
        moved += 20 * 60_000;
        assert.equal((await c.get('/')).status, 302, 'ended at 12 hours');
      } finally {
        h.clock.advance(-moved);
      }
    });

    it('changes a password only when every answer is right, and ends the person’s other sessions', async () => {
      const email = 'changer@glanymor.example';
      const password = 'my first passphrase';
      await addUser(email, password);
      const c = new Client(h.app);
      assert.equal((await c.signIn(email, password)).status, 303);
      const other = new Client(h.app);
      assert.equal((await other.signIn(email, password)).status, 303);
      const hash = await passwordHashOf(email);
      assert.equal(await sessionsOf(email), 2);

      const page = await c.get('/account/password');
      assert.equal(page.status, 200);
      assert.match(page.body, /autocomplete="current-password"/);
      assert.equal((page.body.match(/autocomplete="new-password"/g) ?? []).length, 2);

      const refusals: [Record<string, string>, RegExp][] = [
        [{ currentPassword: '', newPassword: '', confirmPassword: '' }, /Enter your current password Enter a new password/],
        [{ currentPassword: password, newPassword: 'short', confirmPassword: 'short' }, /Your new password must be at least 8 characters/],
        [{ currentPassword: password, newPassword: 'Password1', confirmPassword: 'Password1' }, /Your new password is too common/],
        [{ currentPassword: password, newPassword: email, confirmPassword: email }, /Do not use your email address as your new password/],
        [{ currentPassword: password, newPassword: 'a fine new passphrase', confirmPassword: 'a fine new passphrasE' }, /The passwords do not match/],
        [{ currentPassword: 'not my password', newPassword: 'a fine new passphrase', confirmPassword: 'a fine new passphrase' }, /Your current password is not correct/],
      ];
      for (const [form, message] of refusals) {
        const res = await c.post('/account/password', form);
        assert.equal(res.status, 400, JSON.stringify(form));
        assert.match(pageText(res.body), message);
        assert.match(res.body, /<title>Error: Change your password/);
        for (const value of Object.values(form).filter(Boolean)) assert.ok(!res.body.includes(`value="${value}"`), 'passwords are not sent back');
        assert.equal(await passwordHashOf(email), hash, 'nothing changed');
        assert.equal(await sessionsOf(email), 2);
      }
      assert.equal((await other.get('/')).status, 200);

      const newPassword = 'a fine new passphrase, ŵ';
      const beforeChange = c.cookie(SESSION)!;
      const changed = await c.post('/account/password', { currentPassword: password, newPassword, confirmPassword: newPassword });
      assert.equal(changed.status, 303);
      assert.ok(c.cookie(SESSION) && c.cookie(SESSION) !== beforeChange, 'proving who you are again gives the session a new id');
      assert.equal((await h.app.inject({ url: '/', cookies: { [SESSION]: beforeChange } })).statusCode, 302, 'the old id no longer works');
      assert.equal(changed.headers.location, '/account?changed=password');
      assert.match(pageText((await c.get('/account?changed=password')).body), /Your password has been changed\. Any other sessions you had open have been signed out\./);
      assert.notEqual(await passwordHashOf(email), hash);
      assert.equal((await other.get('/')).status, 302, 'the other session has ended');
      assert.equal((await c.get('/')).status, 200, 'this one goes on');
      assert.equal(await sessionsOf(email), 1);
      assert.deepEqual((await auditOf(email, 'auth.password_change')).map((a) => `${a.outcome}:${a.reason ?? a.otherSessionsEnded}`), ['denied:wrong_password', 'success:1']);

      assert.equal((await passwordStep(new Client(h.app), email, password)).status, 400, 'the old password no longer works');
      assert.equal((await new Client(h.app).signIn(email, newPassword)).status, 303);
    });
  });
}
