import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { FixedClock } from '../../src/platform/clock.js';
import { createLogger, type Logger } from '../../src/platform/logger.js';
import { base32Decode, totp } from '../../src/platform/totp.js';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { createServices, type Services } from '../../src/services/index.js';
import { DEMO_PASSWORD, demoTotpSecret, loadDemoData } from '../../src/services/demo.service.js';
import { createApp } from '../../src/web/app.js';
import type { DatabaseHandle, Engine } from '../../src/store/database.js';
import { openTestDatabase } from './db.js';

/** A running Diogel (in process) on a fresh database with the demo data, at a fixed time. */
export interface Harness {
  engine: Engine;
  handle: DatabaseHandle;
  clock: FixedClock;
  services: Services;
  app: FastifyInstance;
  /**
   * The code a person's authenticator app shows at the harness's time: the demo users'
   * apps, and any set up through the pages by a Client or a Visit (rememberSecret).
   * Tests sign one person in many times at one fixed instant, where a real person signs in
   * at most once per 30-second step; so this forgets the last step the account used, as the
   * half-minute in between would. (The refusal of a reused code is tested on its own.)
   */
  codeFor(email: string): Promise<string>;
  rememberSecret(email: string, base32Secret: string): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  logger?: Logger;
  /**
   * Sign-in attempts per client address per minute (SIGN_IN_ATTEMPTS_PER_MINUTE; 20 unless
   * set). Each Client has an address of its own; browser tests all come from 127.0.0.1, at
   * one fixed instant, so they raise it.
   */
  signInAttemptsPerMinute?: number;
}

const harnesses = new WeakMap<FastifyInstance, Harness>();

/** Tuesday 17 November 2026, 10:00 in London (GMT). */
export const DEFAULT_NOW = new Date('2026-11-17T10:00:00Z');

export async function startHarness(engine: Engine, now: Date = DEFAULT_NOW, options: HarnessOptions = {}): Promise<Harness> {
  const handle = await openTestDatabase(engine);
  const clock = new FixedClock(now);
  const calendar = createCalendar();
  const mfaKey = randomBytes(32);
  await loadDemoData(handle.db, clock, calendar, mfaKey);
  const services = createServices({
    db: handle.db,
    clock,
    calendar,
    auth: { idleMinutes: 30, absoluteHours: 12, mfaKey, attemptsPerMinute: options.signInAttemptsPerMinute ?? 20 },
  });
  const app = await createApp({ services, logger: options.logger ?? createLogger('silent'), cookieSecure: true, csrfSecret: randomBytes(32) });
  await app.ready();
  const secrets = new Map<string, Buffer>();
  const harness: Harness = {
    engine,
    handle,
    clock,
    services,
    app,
    async codeFor(email) {
      const key = email.trim().toLowerCase();
      await sql`update user_mfa set last_used_step = null where user_id = (select id from users where lower(email) = ${key})`.execute(handle.db);
      return totp(secrets.get(key) ?? demoTotpSecret(key), clock.now());
    },
    rememberSecret(email, base32Secret) {
      secrets.set(email.trim().toLowerCase(), base32Decode(base32Secret));
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
  harnesses.set(app, harness);
  return harness;
}

/** The harness an app was started by (for sign-in codes). */
export function harnessOf(app: FastifyInstance): Harness {
  const h = harnesses.get(app);
  if (!h) throw new Error('this app was not started by startHarness');
  return h;
}

let clients = 0;

/** The secret key shown on the set-up page, as the person would copy it. */
export function secretOnPage(html: string): string {
  const m = /<code class="diogel-secret" id="secret">([A-Z2-7 ]+)<\/code>/.exec(html);
  if (!m) throw new Error('no secret key on this page');
  return m[1]!;
}

/** The recovery codes on the page that shows them once. */
export function recoveryCodesOnPage(html: string): string[] {
  return [...html.matchAll(/<code class="diogel-recovery-code">([a-z0-9-]+)<\/code>/g)].map((m) => m[1]!);
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A browser-like client over app.inject: keeps cookies and reads the CSRF token from each page. */
export class Client {
  private cookies = new Map<string, string>();
  csrf = '';
  /** The recovery codes shown when this client last set up an authenticator app. */
  recoveryCodes: string[] = [];
  /** Each client is a different browser, on an address of its own (sign-in attempts are counted per address). */
  readonly address: string;

  constructor(private readonly app: FastifyInstance) {
    clients += 1;
    this.address = `127.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
  }

  async get(url: string): Promise<Response> {
    const res = await this.app.inject({ method: 'GET', url, headers: this.cookieHeader(), remoteAddress: this.address });
    return this.keep(res);
  }

  /** POST a form; the current CSRF token is added unless the test sets _csrf itself. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<Response> {
    const params = new URLSearchParams();
    if (options.csrf !== false && !('_csrf' in form)) params.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
      remoteAddress: this.address,
    });
    return this.keep(res);
  }

  /**
   * Sign in as a person does: the password, then the code their app shows (see
   * Harness.codeFor). Answers 303 (sent home) once signed in, or the first answer that is
   * not a step forward. Someone without an app sets one up on the way, as the pages ask:
   * the secret is read off the set-up page, and the recovery codes shown once are kept in
   * `recoveryCodes`; that page stands in for the 303.
   */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<Response> {
    const h = harnessOf(this.app);
    await this.get('/sign-in');
    const first = await this.post('/sign-in', { email, password });
    if (first.status !== 303) return first;
    if (first.headers.location === '/sign-in/set-up-app') {
      const page = await this.get('/sign-in/set-up-app');
      h.rememberSecret(email, secretOnPage(page.body));
      const done = await this.post('/sign-in/set-up-app', { code: await h.codeFor(email) });
      if (done.status !== 200) return done;
      this.recoveryCodes = recoveryCodesOnPage(done.body);
      await this.get('/');
      return { ...done, status: 303, headers: { ...done.headers, location: '/' } };
    }
    await this.get(String(first.headers.location));
    const res = await this.post('/sign-in/code', { code: await h.codeFor(email) });
    if (res.status === 303) await this.get('/');
    return res;
  }

  setLanguage(locale: 'en' | 'cy'): void {
    this.cookies.set('__Host-diogel-lang', locale);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  private keep(res: { statusCode: number; headers: Record<string, string | string[] | number | undefined>; body: string }): Response {
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [String(setCookie)] : []) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token) this.csrf = token[1]!;
    return { status: res.statusCode, headers: res.headers as Response['headers'], body: res.body };
  }
}

/** The text of a page without tags, whitespace folded: for asserting what a person reads. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
