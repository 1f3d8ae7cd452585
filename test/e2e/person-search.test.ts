import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startHarness } from '../support/harness.js';
import { AxeTally, E2E_HARNESS, expectAll, launchChromium, people, serve, textOf, Visit, type Locale, type Site } from './support.js';

/**
 * Finding a person in a real browser: the duty social worker opens "Find a person" from the
 * navigation, searches with nothing (then with an NHS number that is not one), finds the
 * demo child from a misspelt name, opens her case from the results and sees her NHS number
 * there, then finds her again by NHS number and by date of birth; a search for the child of
 * the restricted case finds nobody. Every page is checked with axe, in English and in
 * Welsh, and the walk is made once more with JavaScript off.
 */
const CHILD = 'Cerys Jenkins';

/** What a person reads, in each language (written out here rather than read from the catalogues). */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    findPerson: 'Find a person', search: 'Search',
    required: 'Enter a name, a date of birth or an NHS number', checkDigit: 'This is not a valid NHS number. Check it and enter it again',
    oneFound: '1 person found', noneFound: '0 people found', nobody: 'Nobody on a case you can see matches.',
    row: `${CHILD} 2 June 2017 999 000 0379 Child protection case for ${CHILD} Sir Fynydd County Council: On the Child Protection Register`,
    caseLink: 'Child protection case', nhsOnCase: 'NHS number 999 000 0379',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    findPerson: 'Dod o hyd i berson', search: 'Chwilio',
    required: 'Rhowch enw, dyddiad geni neu rif GIG', checkDigit: "Nid yw hwn yn rhif GIG dilys. Gwiriwch ef a'i roi eto",
    oneFound: 'Cafwyd hyd i 1 person', noneFound: 'Cafwyd hyd i 0 o bobl', nobody: 'Does neb ar achos y gallwch ei weld yn cyfateb.',
    row: `${CHILD} 2 Mehefin 2017 999 000 0379 Achos amddiffyn plant ar gyfer ${CHILD} Cyngor Sir Fynydd: Ar y Gofrestr Amddiffyn Plant`,
    caseLink: 'Achos amddiffyn plant', nhsOnCase: 'Rhif GIG 999 000 0379',
  },
} as const;
type Words = (typeof TEXT)[Locale];
type Tab = Visit<Words>;

const tally = new AxeTally();
let browser: Browser;

async function walk(locale: Locale, js: boolean): Promise<void> {
  const harness = await startHarness('pglite', undefined, E2E_HARNESS);
  const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
  const browsers = people(browser, site, locale, js);
  try {
    const duty: Tab = await browsers.signIn('duty@sirfynydd.example');
    const t = duty.t;
    const search = () => duty.press(duty.main.getByRole('button', { name: t.search, exact: true }), 'search results');

    // 1. From the navigation; an empty search, then an NHS number with a wrong check digit.
    await duty.press(duty.page.locator('.govuk-service-navigation').getByRole('link', { name: t.findPerson, exact: true }), 'find a person');
    assert.equal(duty.path, '/people/search');
    await duty.press(duty.main.getByRole('button', { name: t.search, exact: true }), 'search, empty');
    await duty.expectErrors('search, empty', 'name');
    await expectAll(duty.page.locator('.govuk-error-summary'), [t.required], 'search, empty');
    await duty.main.locator('#nhsNumber').fill('943 476 5918');
    await duty.press(duty.main.getByRole('button', { name: t.search, exact: true }), 'search, wrong NHS number');
    await duty.expectErrors('search, wrong NHS number', 'nhsNumber');
    await expectAll(duty.page.locator('.govuk-error-summary'), [t.checkDigit], 'search, wrong NHS number');
    assert.equal(await duty.main.locator('#nhsNumber').inputValue(), '943 476 5918', 'the answer is kept');

    // 2. A misspelt name finds her; her case opens from the results and shows her NHS number.
    await duty.main.locator('#nhsNumber').fill('');
    await duty.main.locator('#name').fill('Cerys Jenkens');
    await search();
    await expectAll(duty.main, [t.oneFound], 'name with a typo');
    const row = duty.main.locator('table tbody tr');
    assert.equal(await row.count(), 1);
    assert.equal(await textOf(row), t.row);
    await duty.press(row.getByRole('link', { name: `${t.caseLink}`, exact: false }), 'her case');
    assert.match(duty.path, /^\/cases\/[0-9a-f-]{36}$/);
    await expectAll(duty.main, [CHILD, t.nhsOnCase], 'the case shows the NHS number');

    // 3. By NHS number (as people write it), and by date of birth.
    await duty.goto('/people/search', 'find a person again');
    await duty.main.locator('#nhsNumber').fill('999 000 0379');
    await search();
    assert.equal(await textOf(duty.main.locator('table tbody tr')), t.row);
    await duty.main.locator('#nhsNumber').fill('');
    await duty.fillDate('dateOfBirth', '2017-06-02');
    await search();
    assert.equal(await textOf(duty.main.locator('table tbody tr')), t.row);

    // 4. The child of the restricted case is not found, by name or by NHS number.
    await duty.goto('/people/search?name=Efa+Vaughan&nhsNumber=999+000+1855', 'restricted child');
    await expectAll(duty.main, [t.noneFound, t.nobody], 'nobody found');
    assert.equal(await duty.main.locator('table').count(), 0);

    assert.deepEqual(duty.problems, [], 'no script errors');
  } finally {
    await browsers.close();
    await harness.close();
  }
}

describe('finding a person in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    process.stdout.write(`# axe checked ${tally.byLocale.en} English and ${tally.byLocale.cy} Welsh pages of person search\n`);
  });

  it('works in English', () => walk('en', true));
  it('works in Welsh', () => walk('cy', true));
  it('works without JavaScript', () => walk('en', false));
});
