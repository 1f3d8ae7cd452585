import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { ENGINES } from '../support/db.js';
import { Client, startHarness, type Harness } from '../support/harness.js';
import { createApp } from '../../src/web/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { hashPassword } from '../../src/services/auth.service.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { insertUser } from '../../src/store/users.repository.js';

/** The Content-Security-Policy as directive → sources. */
function csp(header: unknown): Map<string, string[]> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/**
 * Security headers (ASVS 5.0 V3.4) on pages and on the API: a Content-Security-Policy whose
 * scripts and styles come from this site or carry this response's nonce (never
 * 'unsafe-inline'), framing refused, no MIME sniffing, no referrer, HSTS when cookies are
 * secure, a separate browsing context, and personal pages never cached.
 */
for (const engine of ENGINES) {
  describe(`security headers (${engine})`, () => {
    let h: Harness;
    let c: Client;
    let token: string;
    before(async () => {
      h = await startHarness(engine);
      c = new Client(h.app);
      assert.equal((await c.signIn('manager@sirfynydd.example')).status, 303);
      const created = await c.post('/account/api-tokens', { name: 'headers' });
      token = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(created.body)![1]!;
    });
    after(async () => h?.close());

    function assertCommonHeaders(res: { headers: Record<string, unknown> }, label: string): void {
      assert.equal(res.headers['x-content-type-options'], 'nosniff', label);
      assert.equal(res.headers['x-frame-options'], 'DENY', label);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', label);
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', label);
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', label);
      const policy = csp(res.headers['content-security-policy']);
      assert.deepEqual(policy.get('default-src'), ["'self'"], label);
      assert.deepEqual(policy.get('frame-ancestors'), ["'none'"], label);
      assert.deepEqual(policy.get('object-src'), ["'none'"], label);
      assert.deepEqual(policy.get('base-uri'), ["'none'"], label);
      assert.deepEqual(policy.get('form-action'), ["'self'"], label);
      assert.deepEqual(policy.get('script-src-attr'), ["'none'"], label);
      assert.doesNotMatch(String(res.headers['content-security-policy']), /unsafe-inline|unsafe-eval|\*/, label);
    }

    it('gives every page a policy with fresh nonces that every inline script and style carries', async () => {
      const pages = ['/', '/concerns', '/reports', '/cases', '/account', '/account/password', '/account/recovery-codes', '/account/api-tokens'];
      const seen = new Set<string>();
      for (const path of pages) {
        const res = await c.get(path);
        assert.equal(res.status, 200, path);
        assertCommonHeaders(res, path);
        assert.equal(res.headers['cache-control'], 'no-store', `${path} shows personal data: never cached`);
        const policy = csp(res.headers['content-security-policy']);
        const scriptSrc = policy.get('script-src')!;
        const styleSrc = policy.get('style-src')!;
        assert.equal(scriptSrc.length, 2, path);
        assert.equal(scriptSrc[0], "'self'", path);
        assert.match(scriptSrc[1]!, /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/, path);
        assert.equal(styleSrc.length, 2, path);
        assert.equal(styleSrc[0], "'self'", path);
        assert.match(styleSrc[1]!, /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/, path);
        const scriptNonce = scriptSrc[1]!.slice(7, -1);
        const styleNonce = styleSrc[1]!.slice(7, -1);
        for (const n of [scriptNonce, styleNonce]) {
          assert.ok(!seen.has(n), `${path}: a nonce is never reused`);
          seen.add(n);
        }
        const scripts = res.body.match(/<script\b[^>]*>/g) ?? [];
        assert.ok(scripts.length >= 3, `${path}: GOV.UK Frontend's inline marker and the two modules`);
        for (const tag of scripts) assert.ok(tag.includes(` nonce="${scriptNonce}"`), `${path}: ${tag}`);
        for (const tag of res.body.match(/<style\b[^>]*>/g) ?? []) assert.ok(tag.includes(` nonce="${styleNonce}"`), `${path}: ${tag}`);
        assert.doesNotMatch(res.body, /\sstyle="/, `${path}: no inline style attributes (the policy would block them)`);
        assert.doesNotMatch(res.body, /\son[a-z]+="/, `${path}: no inline event handlers`);
      }
      const again = csp((await c.get('/')).headers['content-security-policy']).get('script-src')![1]!.slice(7, -1);
      assert.ok(!seen.has(again), 'a fresh nonce for each response');
    });

    it('sends the same protections on the sign-in pages, the set-up page and the API', async () => {
      const visitor = new Client(h.app);
      const signIn = await visitor.get('/sign-in');
      assertCommonHeaders(signIn, '/sign-in');
      assert.equal(signIn.headers['cache-control'], 'no-store');
      await insertUser(h.handle.db, {
        id: randomUUID(), email: 'headers@glanymor.example', name: 'Headers Test', passwordHash: await hashPassword('headers test passphrase'),
        role: 'practitioner', organisationId: DEMO_ORGANISATIONS.school.id,
      });
      assert.equal((await visitor.post('/sign-in', { email: 'headers@glanymor.example', password: 'headers test passphrase' })).headers.location, '/sign-in/set-up-app');
      const setUp = await visitor.get('/sign-in/set-up-app');
      assert.equal(setUp.status, 200);
      assertCommonHeaders(setUp, '/sign-in/set-up-app');
      assert.equal(setUp.headers['cache-control'], 'no-store', 'the page shows a secret');
      const nonce = csp(setUp.headers['content-security-policy']).get('script-src')![1]!.slice(7, -1);
      for (const tag of setUp.body.match(/<script\b[^>]*>/g) ?? []) assert.ok(tag.includes(` nonce="${nonce}"`), tag);
      assert.doesNotMatch(setUp.body, /\sstyle="|\son[a-z]+="/);
      assert.match(setUp.body, /<img class="diogel-qr-code" src="data:image\/svg\+xml;base64,/, 'img-src allows the data: QR code');
      const api = await h.app.inject({ url: '/api/concerns', headers: { authorization: `Bearer ${token}` } });
      assert.equal(api.statusCode, 200);
      assertCommonHeaders(api, '/api/concerns');
      assert.equal(api.headers['cache-control'], 'no-store');
      const refused = await h.app.inject({ url: '/api/concerns' });
      assert.equal(refused.statusCode, 401);
      assertCommonHeaders(refused, '/api/concerns without a token');
    });

    it('leaves out HSTS and the __Host- prefix only where cookies are not secure (plain-HTTP deployments)', async () => {
      const plain = await createApp({ services: h.services, logger: createLogger('silent'), cookieSecure: false, csrfSecret: randomBytes(32) });
      try {
        const res = await plain.inject({ url: '/sign-in' });
        assert.equal(res.headers['strict-transport-security'], undefined);
        assert.match(String(res.headers['set-cookie']), /^diogel-pre=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
      } finally {
        await plain.close();
      }
    });
  });
}
