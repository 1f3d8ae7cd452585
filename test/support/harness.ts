import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { FixedClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { createServices, type Services } from '../../src/services/index.js';
import { DEMO_PASSWORD, loadDemoData } from '../../src/services/demo.service.js';
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
  close(): Promise<void>;
}

/** Tuesday 17 November 2026, 10:00 in London (GMT). */
export const DEFAULT_NOW = new Date('2026-11-17T10:00:00Z');

export async function startHarness(engine: Engine, now: Date = DEFAULT_NOW): Promise<Harness> {
  const handle = await openTestDatabase(engine);
  const clock = new FixedClock(now);
  const calendar = createCalendar();
  await loadDemoData(handle.db, clock, calendar);
  const services = createServices({ db: handle.db, clock, calendar, auth: { idleMinutes: 30, absoluteHours: 12 } });
  const app = await createApp({ services, logger: createLogger('silent'), cookieSecure: true, csrfSecret: randomBytes(32) });
  await app.ready();
  return {
    engine,
    handle,
    clock,
    services,
    app,
    async close() {
      await app.close();
      await handle.close();
    },
  };
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

  constructor(private readonly app: FastifyInstance) {}

  async get(url: string): Promise<Response> {
    const res = await this.app.inject({ method: 'GET', url, headers: this.cookieHeader() });
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
    });
    return this.keep(res);
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<Response> {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password });
    if (res.status === 303) await this.get('/');
    return res;
  }

  setLanguage(locale: 'en' | 'cy'): void {
    this.cookies.set('diogel-lang', locale);
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
