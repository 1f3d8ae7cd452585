import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD } from '../../src/services/demo.service.js';
import { AxeTally, E2E_HARNESS, launchChromium, serve, Visit, type Locale, type Site } from './support.js';

/**
 * The whole journey in a real browser: a practitioner raises a concern, the school's DSP
 * reports it, the local authority records a decision and a manager sees who has seen it.
 * Every page is checked with axe, in English and in Welsh, and the journey is repeated
 * with JavaScript turned off.
 */
const REFERENCE = /[0-9A-Z]{4}-[0-9A-Z]{4}/;

/** What a person reads, in each language (written out here rather than read from the catalogues). */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out', call999: 'Call 999 now', checkAnswers: 'Check your answers',
    dateOfBirth: '14 March 2015', sent: 'Concern sent', report: 'Report to a local authority', la: 'Sir Fynydd County Council', reportedTo: 'Reported to',
    reportedAsSent: 'You reported it to Sir Fynydd County Council.',
    overdue: 'Overdue', strategy: /^Strategy discussion/, decided: 'Decision recorded', whoHasSeen: 'Who has seen concern', notFound: 'Page not found',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi', call999: 'Ffoniwch 999 nawr', checkAnswers: 'Gwirio eich atebion',
    dateOfBirth: '14 Mawrth 2015', sent: "Pryder wedi'i anfon", report: 'Hysbysu awdurdod lleol', la: 'Cyngor Sir Fynydd', reportedTo: 'Hysbyswyd',
    reportedAsSent: 'Rydych wedi hysbysu Cyngor Sir Fynydd amdano.',
    overdue: 'Yn hwyr', strategy: /^Trafodaeth strategaeth/, decided: "Penderfyniad wedi'i gofnodi", whoHasSeen: 'Pwy sydd wedi gweld pryder', notFound: "Heb ddod o hyd i'r dudalen",
  },
} as const;
type Words = (typeof TEXT)[Locale];

let harness: Harness;
let browser: Browser;
const tally = new AxeTally();
let site: Site<Words>;

/** Steps 1–6 of the journey, asserting as it goes. */
async function journey(locale: Locale, js: boolean): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  context.setDefaultTimeout(10_000);
  try {
    const visit = new Visit(await context.newPage(), js, site);
    await visit.goto('/sign-in', 'sign in');
    if (locale === 'cy') await visit.switchToWelsh();
    await journeyFromSignIn(visit);
    assert.deepEqual(visit.problems, [], 'no script errors or refused scripts');
  } finally {
    await context.close();
  }
}

async function journeyFromSignIn(v: Visit<Words>): Promise<void> {
  const { t, page, main } = v;
  const name = `Cai ${v.locale === 'cy' ? 'Cymraeg' : 'Saesneg'} ${v.js ? 'Sgript' : 'Heb Sgript'}`;
  const ownWords = `I don't want to go home tonight (${v.locale}, ${v.js ? 'js' : 'no js'}).`;

  // 1. The practitioner signs in, after sending the empty form once.
  await v.submit('sign in, empty');
  await v.expectErrors('sign in, empty', 'email', 'password');
  await main.locator('#email').fill('athro@glanymor.example');
  await main.locator('#password').fill(DEMO_PASSWORD);
  await v.submit('sign in, code');
  assert.equal(new URL(page.url()).pathname, '/sign-in/code');
  await main.locator('#code').fill(await v.harness.codeFor('athro@glanymor.example'));
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

  // 3b. She raises a concern of her own and, being the DSP, reports it as she sends it.
  await v.goto('/concerns/new/subject', 'who is it about (DSP)');
  await v.choose('subjectKind', 'child');
  await v.submit('about the person (DSP)');
  await main.locator('#fullName').fill(`${name} Dau`);
  await v.choose('birthKnowledge', 'not_known');
  await v.choose('welshPreferred', 'no');
  await v.submit('what happened (DSP)');
  await main.locator('#account').fill('A second child in the family told a teacher the same thing.');
  await v.submit('harm (DSP)');
  await v.choose('harmCategories', 'physical');
  await v.submit('immediate danger (DSP)');
  await v.choose('immediateDanger', 'no');
  await v.submit('does the person know (DSP)');
  await v.choose('personKnows', 'yes');
  await v.submit('check your answers (DSP)');
  await v.submit('check your answers (DSP), what next empty');
  await v.expectErrors('check your answers (DSP), what next empty', 'next');
  await v.choose('next', 'report');
  await main.locator('#localAuthorityId').selectOption(DEMO_ORGANISATIONS.sirFynydd.id);
  await v.submit('confirmation (reported as sent)');
  await v.expectText(main, t.reportedAsSent, 'the confirmation says it was reported');
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
    harness = await startHarness('pglite', undefined, E2E_HARNESS);
    site = { baseUrl: await serve(harness), text: TEXT, tally };
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
    console.log(`# axe checked ${tally.total} pages`);
  });

  for (const [locale, js] of [['en', true], ['cy', true], ['en', false]] as const) {
    it(`a concern goes from practitioner to local-authority decision (${locale === 'en' ? 'English' : 'Welsh'}, ${js ? 'with axe checks' : 'without JavaScript'})`, async () => {
      await journey(locale, js);
    });
  }
});
