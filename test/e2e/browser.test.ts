import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { DEMO_PASSWORD } from '../../src/services/demo.service.js';

/**
 * The whole journey in a real browser: a practitioner raises a concern, the school's DSP
 * reports it, the local authority records a decision and a manager sees who has seen it.
 * Every page is checked with axe, in English and in Welsh, and the journey is repeated
 * with JavaScript turned off.
 */
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const REFERENCE = /[0-9A-Z]{4}-[0-9A-Z]{4}/;

type Locale = 'en' | 'cy';
/** What a person reads, in each language (written out here rather than read from the catalogues). */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out', call999: 'Call 999 now', checkAnswers: 'Check your answers',
    dateOfBirth: '14 March 2015', sent: 'Concern sent', report: 'Report to a local authority', la: 'Sir Fynydd County Council', reportedTo: 'Reported to',
    overdue: 'Overdue', strategy: /^Strategy discussion/, decided: 'Decision recorded', whoHasSeen: 'Who has seen concern', notFound: 'Page not found',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi', call999: 'Ffoniwch 999 nawr', checkAnswers: 'Gwirio eich atebion',
    dateOfBirth: '14 Mawrth 2015', sent: "Pryder wedi'i anfon", report: 'Hysbysu awdurdod lleol', la: 'Cyngor Sir Fynydd', reportedTo: 'Hysbyswyd',
    overdue: 'Yn hwyr', strategy: /^Trafodaeth strategaeth/, decided: "Penderfyniad wedi'i gofnodi", whoHasSeen: 'Pwy sydd wedi gweld pryder', notFound: "Heb ddod o hyd i'r dudalen",
  },
} as const;

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

let harness: Harness;
let browser: Browser;
let baseUrl: string;
let axeChecked = 0;

/** One person's browser tab, in one language, with or without JavaScript. */
class Visit {
  readonly problems: string[] = [];
  /** Every visit starts in English; the Welsh ones switch with the link in the header. */
  locale: Locale = 'en';

  constructor(readonly page: Page, readonly js: boolean) {
    // Scripts refused by the Content Security Policy, or failing, show up here.
    page.on('pageerror', (err) => this.problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) this.problems.push(`console: ${msg.text()}`);
    });
  }

  get t(): (typeof TEXT)[Locale] {
    return TEXT[this.locale];
  }

  get main(): Locator {
    return this.page.locator('#main-content');
  }

  /** The page is in the right language and, with JavaScript, has no axe violations. */
  async checkPage(label: string): Promise<void> {
    assert.equal(await this.page.locator('html').getAttribute('lang'), this.locale, `${label}: page language`);
    // GOV.UK Frontend's inline script (allowed by its CSP nonce) marks the page when scripts run.
    const scripted = ((await this.page.locator('body').getAttribute('class')) ?? '').includes('govuk-frontend-supported');
    assert.equal(scripted, this.js, `${label}: scripts ${this.js ? 'run' : 'are off'}`);
    if (!this.js) return;
    if (!(await this.page.evaluate(() => 'axe' in window))) await this.page.evaluate(AXE_SOURCE);
    const result = await this.page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run(document, { runOnly: tags })).violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, all: n.all })) }));
    }, AXE_TAGS);
    const violations = result
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !excused(v.id, n)) }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    axeChecked += 1;
    assert.deepEqual(violations, [], `axe violations on ${this.locale} ${label} (${this.page.url()}):\n  ${violations.join('\n  ')}`);
  }

  async goto(path: string, label: string, status = 200): Promise<void> {
    const res = await this.page.goto(baseUrl + path);
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

  async expectText(locator: Locator, expected: string | RegExp, label: string): Promise<void> {
    const text = (await locator.innerText()).replace(/\s+/g, ' ');
    assert.ok(typeof expected === 'string' ? text.includes(expected) : expected.test(text), `${label}: expected ${expected} in "${text.slice(0, 300)}"`);
  }

  async switchToWelsh(): Promise<void> {
    const path = new URL(this.page.url()).pathname;
    this.locale = 'cy';
    await this.press(this.page.locator('a[hreflang="cy"]', { hasText: 'Cymraeg' }), `${path} (switched to Welsh)`);
    assert.equal(new URL(this.page.url()).pathname, path, 'the language switch returns to the same page');
  }

  async signIn(email: string): Promise<void> {
    await this.goto('/sign-in', 'sign in');
    await this.main.locator('#email').fill(email);
    await this.main.locator('#password').fill(DEMO_PASSWORD);
    await this.submit('home');
    assert.equal(new URL(this.page.url()).pathname, '/', `signed in as ${email}`);
  }

  async signOut(): Promise<void> {
    await this.press(this.page.locator('.govuk-service-navigation').getByRole('button', { name: this.t.signOut }), 'signed out');
    assert.equal(new URL(this.page.url()).pathname, '/sign-in');
  }
}

/** Steps 1–6 of the journey, asserting as it goes. */
async function journey(locale: Locale, js: boolean): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  context.setDefaultTimeout(10_000);
  try {
    const visit = new Visit(await context.newPage(), js);
    await visit.goto('/sign-in', 'sign in');
    if (locale === 'cy') await visit.switchToWelsh();
    await journeyFromSignIn(visit);
    assert.deepEqual(visit.problems, [], 'no script errors or refused scripts');
  } finally {
    await context.close();
  }
}

async function journeyFromSignIn(v: Visit): Promise<void> {
  const { t, page, main } = v;
  const name = `Cai ${v.locale === 'cy' ? 'Cymraeg' : 'Saesneg'} ${v.js ? 'Sgript' : 'Heb Sgript'}`;
  const ownWords = `I don't want to go home tonight (${v.locale}, ${v.js ? 'js' : 'no js'}).`;

  // 1. The practitioner signs in, after sending the empty form once.
  await v.submit('sign in, empty');
  await v.expectErrors('sign in, empty', 'email', 'password');
  await main.locator('#email').fill('athro@glanymor.example');
  await main.locator('#password').fill(DEMO_PASSWORD);
  await v.submit('home');
  assert.equal(new URL(page.url()).pathname, '/');

  // 2. Raise a concern, one question a page.
  await v.goto('/concerns/new', 'who is it about');
  assert.equal(new URL(page.url()).pathname, '/concerns/new/subject');
  await v.choose('subjectKind', 'child');
  await v.submit('about the person');
  await v.submit('about the person, empty');
  await v.expectErrors('about the person, empty', 'fullName', 'birthKnowledge', 'welshPreferred');
  await main.locator('#fullName').fill(name);
  await v.choose('birthKnowledge', 'date_of_birth');
  await main.locator('#dateOfBirth-day').fill('14');
  await main.locator('#dateOfBirth-month').fill('3');
  await main.locator('#dateOfBirth-year').fill('2015');
  await v.choose('welshPreferred', 'yes');
  await v.submit('what happened');
  await main.locator('#account').fill('Cai was crying in the playground and had a cut lip. He said his uncle hit him.');
  await main.locator('#ownWords').fill(ownWords);
  await v.submit('harm');
  await v.choose('harmCategories', 'physical');
  await v.choose('harmCategories', 'emotional_psychological');
  await v.choose('specificRisks', 'domestic_abuse');
  await v.submit('immediate danger');
  await v.choose('immediateDanger', 'yes');
  await v.submit('call 999');
  assert.equal((await main.locator('h1').innerText()).trim(), t.call999);
  await v.press(main.locator('a.govuk-button[href="/concerns/new/knows"]'), 'does the person know');
  await v.choose('personKnows', 'no');
  await main.locator('#personNotToldReason').fill('Telling the family could put Cai at greater risk.');
  await v.submit('check your answers');
  await v.expectText(main.locator('h1'), t.checkAnswers, 'check your answers');
  await v.expectText(main, name, 'check your answers shows the name');
  await v.expectText(main, t.dateOfBirth, 'check your answers shows the date of birth');
  await v.expectText(main.locator('blockquote.diogel-verbatim'), ownWords, 'check your answers shows their own words');
  await v.expectText(main, 'Telling the family could put Cai at greater risk.', 'check your answers shows the reason');
  await v.submit('confirmation');
  await v.expectText(main.locator('.govuk-panel'), t.sent, 'confirmation');
  const reference = REFERENCE.exec(await main.locator('.govuk-panel').innerText())?.[0];
  assert.ok(reference, 'a reference is shown');
  const concernId = /^\/concerns\/([0-9a-f-]{36})\/confirmation$/.exec(new URL(page.url()).pathname)?.[1];
  assert.ok(concernId, `confirmation URL ${page.url()}`);
  await v.goto('/concerns', 'my concerns');
  await v.expectText(main.getByRole('link', { name: reference }), reference, 'my concerns lists it');
  await v.signOut();

  // 3. The designated safeguarding person reports it to the local authority.
  await v.signIn('dsp@glanymor.example');
  await v.goto('/triage', 'triage');
  await v.press(main.getByRole('link', { name: reference }), 'concern (DSP)');
  await v.press(main.getByRole('button', { name: t.report }), 'report to a local authority');
  await v.submit('report to a local authority, empty');
  await v.expectErrors('report to a local authority, empty', 'localAuthorityId');
  await main.getByRole('radio', { name: t.la, exact: true }).check();
  await v.submit('concern (reported)');
  assert.equal(new URL(page.url()).pathname, `/concerns/${concernId}`);
  await v.expectText(main.locator('.govuk-summary-list__row', { hasText: t.reportedTo }), t.la, 'the concern says it was reported');
  await v.signOut();

  // 4. The duty social worker sees the incoming reports and records a decision.
  await v.signIn('duty@sirfynydd.example');
  await v.goto('/reports', 'incoming reports');
  const overdueTag = main.locator('tr', { hasText: 'Osian Pritchard' }).locator('.govuk-tag', { hasText: new RegExp(`^\\s*${t.overdue}\\s*$`) });
  assert.equal(await overdueTag.count(), 1, 'the demo report received five days ago is tagged overdue');
  await v.press(main.getByRole('link', { name: reference }), 'incoming report');
  await v.submit('incoming report, decision empty');
  await v.expectErrors('incoming report, decision empty', 'decision', 'rationale');
  await main.getByRole('radio', { name: t.strategy }).check();
  await main.locator('#rationale').fill('Reasonable cause to suspect significant harm: injury and disclosure.');
  await v.submit('incoming report (decided)');
  await v.expectText(main, t.decided, 'decision recorded');
  await v.signOut();

  // 5. The team manager sees who has seen the record.
  await v.signIn('manager@sirfynydd.example');
  await v.goto(`/concerns/${concernId}/who-has-seen`, 'who has seen');
  await v.expectText(main.locator('h1'), `${t.whoHasSeen} ${reference}`, 'who has seen');
  const table = main.locator('table');
  for (const person of ['Megan Jones', 'Rhys Williams', 'Nia Roberts']) await v.expectText(table, person, `who has seen lists ${person}`);

  // 6. A page that does not exist.
  await v.goto('/concerns/00000000-0000-0000-0000-000000000000', 'not found', 404);
  assert.equal((await main.locator('h1').innerText()).trim(), t.notFound);
}

describe('in a browser', () => {
  before(async () => {
    harness = await startHarness('pglite');
    const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://localhost:${new URL(address).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
    console.log(`# axe checked ${axeChecked} pages`);
  });

  for (const [locale, js] of [['en', true], ['cy', true], ['en', false]] as const) {
    it(`a concern goes from practitioner to local-authority decision (${locale === 'en' ? 'English' : 'Welsh'}, ${js ? 'with axe checks' : 'without JavaScript'})`, async () => {
      await journey(locale, js);
    });
  }
});
