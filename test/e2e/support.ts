import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { recoveryCodesOnPage, secretOnPage, type Harness, type HarnessOptions } from '../support/harness.js';
import { DEMO_PASSWORD } from '../../src/services/demo.service.js';

/**
 * What the browser tests share: the installed Chromium, the axe check with its one
 * documented exception, and a person's browser tab (Visit). Nothing here knows what a
 * page says: each test writes out the words it expects, in each language.
 */
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** The system's Chromium, never a downloaded one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type Locale = 'en' | 'cy';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Every browser here comes from 127.0.0.1, and the harness's clock stands still, so all of a
 * file's sign-ins fall in one "minute" from one address: the per-address limit is raised for
 * the browser tests (it is tested in test/integration/sign-in.test.ts).
 */
export const E2E_HARNESS: HarnessOptions = { signInAttemptsPerMinute: 10_000 };

/** Which harness serves each base URL: a Visit asks it for the code a person's app shows. */
const served = new Map<string, Harness>();

/** Serve the harness's app on a free port; the base URL uses localhost, where Secure cookies are kept over http. */
export async function serve(harness: Harness): Promise<string> {
  const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://localhost:${new URL(address).port}`;
  served.set(baseUrl, harness);
  return baseUrl;
}

interface AxeNode { target: string[]; html: string; all: { data: unknown }[] }
interface AxeViolation { id: string; help: string; nodes: AxeNode[] }

/**
 * The one known exception: GOV.UK Frontend puts aria-expanded on radios that reveal a
 * follow-up question, on purpose (alphagov/govuk-frontend#979). Nothing else is excused.
 */
function excused(ruleId: string, node: AxeNode): boolean {
  return (
    ruleId === 'aria-allowed-attr' &&
    /^<input class="govuk-radios__input"[^>]* aria-controls="conditional-/.test(node.html) &&
    node.all.every((check) => (check.data as { values?: string[] } | null)?.values?.every((attr) => attr.startsWith('aria-expanded=')))
  );
}

/** Run axe on the page as it is now: every violation not excused, one line each ("rule (help): targets"). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { runOnly: tags })).violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, all: n.all })) }));
  }, AXE_TAGS);
  return result
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !excused(v.id, n)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How many pages axe checked, in each language. */
export class AxeTally {
  readonly byLocale: Record<Locale, number> = { en: 0, cy: 0 };
  get total(): number {
    return this.byLocale.en + this.byLocale.cy;
  }
}

/** The words every Visit needs: the error summary's title, the title prefix on an error page, the sign-out button. */
export interface CommonText {
  problem: string;
  errorPrefix: string;
  signOut: string;
}

/** Where the app is served, the test's own words for each language, and the count of axe checks. */
export interface Site<T extends CommonText> {
  baseUrl: string;
  text: Record<Locale, T>;
  tally: AxeTally;
}

/** One person's browser tab, in one language, with or without JavaScript. */
export class Visit<T extends CommonText> {
  readonly problems: string[] = [];
  /** Every visit starts in English; the Welsh ones switch with the link in the header. */
  locale: Locale = 'en';

  constructor(readonly page: Page, readonly js: boolean, private readonly site: Site<T>) {
    // Scripts refused by the Content Security Policy, or failing, show up here.
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) this.problems.push(`console: ${msg.text()}`);
    });
  }

  get t(): T {
    return this.site.text[this.locale];
  }

  get main(): Locator {
    return this.page.locator('#main-content');
  }

  /** The path of the page now shown. */
  get path(): string {
    return new URL(this.page.url()).pathname;
  }

  /** The page is in the right language and, with JavaScript, has no axe violations. */
  async checkPage(label: string): Promise<void> {
    assert.equal(await this.page.locator('html').getAttribute('lang'), this.locale, `${label}: page language`);
    // GOV.UK Frontend's inline script (allowed by its CSP nonce) marks the page when scripts run.
    const scripted = ((await this.page.locator('body').getAttribute('class')) ?? '').includes('govuk-frontend-supported');
    assert.equal(scripted, this.js, `${label}: scripts ${this.js ? 'run' : 'are off'}`);
    if (!this.js) return;
    const violations = await axeViolations(this.page);
    this.site.tally.byLocale[this.locale] += 1;
    assert.deepEqual(violations, [], `axe violations on ${this.locale} ${label} (${this.page.url()}):\n  ${violations.join('\n  ')}`);
  }

  async goto(path: string, label: string, status = 200): Promise<void> {
    const res = await this.page.goto(this.site.baseUrl + path);
    assert.equal(res?.status(), status, `${label}: HTTP status of ${path}`);
    await this.checkPage(label);
  }

  /** Press a button or link that loads a new page, then check that page. */
  async press(target: Locator, label: string): Promise<void> {
    await Promise.all([this.page.waitForEvent('load'), target.click()]);
    await this.checkPage(label);
  }

  /** Send the form in the main content. */
  async submit(label: string): Promise<void> {
    await this.press(this.main.locator('form button[type="submit"]'), label);
  }

  async expectErrors(label: string, ...fields: string[]): Promise<void> {
    const summary = this.page.locator('.govuk-error-summary');
    assert.equal((await summary.locator('.govuk-error-summary__title').textContent())?.trim(), this.t.problem, `${label}: error summary`);
    assert.ok((await this.page.title()).startsWith(`${this.t.errorPrefix} `), `${label}: title "${await this.page.title()}"`);
    for (const field of fields) {
      assert.equal(await summary.locator(`a[href^="#${field}"]`).count(), 1, `${label}: error summary links to ${field}`);
      assert.equal(await this.page.locator(`#${field}-error`).count(), 1, `${label}: error message for ${field}`);
    }
  }

  async choose(name: string, value: string): Promise<void> {
    await this.main.locator(`input[name="${name}"][value="${value}"]`).check();
  }

  /** A GOV.UK date question (name-day, name-month, name-year), from 'YYYY-MM-DD', typed as a person would. */
  async fillDate(name: string, date: string): Promise<void> {
    const [year, month, day] = date.split('-') as [string, string, string];
    await this.main.locator(`#${name}-day`).fill(String(Number(day)));
    await this.main.locator(`#${name}-month`).fill(String(Number(month)));
    await this.main.locator(`#${name}-year`).fill(year);
  }

  /** A date and a time on a London clock ('YYYY-MM-DD', 'HH:MM'): the date boxes, then hour and minute. */
  async fillDateTime(name: string, date: string, time: string): Promise<void> {
    await this.fillDate(name, date);
    const [hour, minute] = time.split(':') as [string, string];
    await this.main.locator(`#${name}-hour`).fill(hour);
    await this.main.locator(`#${name}-minute`).fill(minute);
  }

  /** One box per agency (name-agency): the names of who came from it; agencies left out stay blank. */
  async fillByAgency(name: string, byAgency: Record<string, string>): Promise<void> {
    for (const [agency, names] of Object.entries(byAgency)) await this.main.locator(`#${name}-${agency}`).fill(names);
  }

  async expectText(locator: Locator, expected: string | RegExp, label: string): Promise<void> {
    const text = (await locator.innerText()).replace(/\s+/g, ' ');
    assert.ok(typeof expected === 'string' ? text.includes(expected) : expected.test(text), `${label}: expected ${expected} in "${text.slice(0, 300)}"`);
  }

  async switchToWelsh(): Promise<void> {
    const path = this.path;
    this.locale = 'cy';
    await this.press(this.page.locator('a[hreflang="cy"]', { hasText: 'Cymraeg' }), `${path} (switched to Welsh)`);
    assert.equal(this.path, path, 'the language switch returns to the same page');
  }

  /** The harness behind this site (for the codes a person's authenticator app shows). */
  get harness(): Harness {
    const h = served.get(this.site.baseUrl);
    if (!h) throw new Error(`${this.site.baseUrl} was not started with serve()`);
    return h;
  }

  /**
   * The password, then the code from the person's app (Harness.codeFor); someone without an
   * app sets one up on the way, reading the key off the page as a person would type it, and
   * the recovery codes shown once are returned.
   */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<string[]> {
    await this.goto('/sign-in', 'sign in');
    await this.main.locator('#email').fill(email);
    await this.main.locator('#password').fill(password);
    await this.submit('sign in: second step');
    let recoveryCodes: string[] = [];
    if (this.path === '/sign-in/set-up-app') {
      this.harness.rememberSecret(email, secretOnPage(await this.page.content()));
      await this.main.locator('#code').fill(await this.harness.codeFor(email));
      await this.submit('recovery codes');
      recoveryCodes = recoveryCodesOnPage(await this.page.content());
      await this.press(this.main.locator('a.govuk-button'), 'home');
    } else {
      assert.equal(this.path, '/sign-in/code', `the code step for ${email}`);
      await this.main.locator('#code').fill(await this.harness.codeFor(email));
      await this.submit('home');
    }
    assert.equal(this.path, '/', `signed in as ${email}`);
    return recoveryCodes;
  }

  async signOut(): Promise<void> {
    await this.press(this.page.locator('.govuk-service-navigation').getByRole('button', { name: this.t.signOut }), 'signed out');
    assert.equal(this.path, '/sign-in');
  }
}

/**
 * People signing in to one site, each in a browser context of their own (closed with
 * `close()`), in one language, with or without JavaScript.
 */
export function people<T extends CommonText>(browser: Browser, site: Site<T>, locale: Locale, js: boolean) {
  const contexts: { close(): Promise<void> }[] = [];
  return {
    async signIn(email: string): Promise<Visit<T>> {
      const context = await browser.newContext({ javaScriptEnabled: js });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const v = new Visit(await context.newPage(), js, site);
      if (locale === 'cy') {
        await v.goto('/sign-in', 'sign in');
        await v.switchToWelsh();
      }
      await v.signIn(email);
      return v;
    },
    async close(): Promise<void> {
      for (const c of contexts) await c.close();
    },
  };
}

/** The words of a part of the page, whitespace folded. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Every expected phrase is on that part of the page; the message lists the ones missing. */
export async function expectAll(locator: Locator, expected: readonly string[], label: string): Promise<void> {
  const text = await textOf(locator);
  const missing = expected.filter((e) => !text.includes(e));
  assert.deepEqual(missing, [], `${label}: missing from "${text.slice(0, 3000)}"`);
}
