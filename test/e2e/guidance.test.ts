import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startHarness } from '../support/harness.js';
import { FULL_TEXT_WORD, standInText } from '../support/guidance-fixture.js';
import { AxeTally, E2E_HARNESS, launchChromium, people, serve, Visit, type Locale, type Site } from './support.js';

/**
 * The practice guidance library in a real browser: the administrator opens the library,
 * searches (after an empty search), opens the best match, reads a red-line clause of the
 * graded ethics code and the resource directory, then adds the full text of the social
 * media guidance (after an empty form); a social worker then reads that full text on the
 * clause page, finds a phrase only the full text holds, and sees "Guidance for this step"
 * on the concern form. Every page is checked with axe, in English and in Welsh, and the
 * walk is made once more with JavaScript off.
 */
const SOCIAL_MEDIA = 'using-social-media-responsibly.txt';

const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    library: 'Guidance', search: 'Search', enterWords: 'Enter words to search for',
    results: 'results for ‘confidential information’', redLine: 'Red line', resources: 'Safeguarding resource directory', referralLines: 'Referral lines',
    addFullText: 'Add full text', fileRequired: 'Enter the name of the file or source', textRequired: 'Paste the full text of the document',
    imported: 'Using social media responsibly: 17 entries now have full text', allFound: 'Every entry of the document was found in the text.',
    suppliedBy: 'Supplied by your organisation in', foundInFullText: 'found in the full text', stepGuidance: 'Guidance for this step',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    library: 'Canllawiau', search: 'Chwilio', enterWords: 'Rhowch eiriau i chwilio amdanynt',
    results: 'canlyniad ar gyfer ‘confidential information’', redLine: 'Llinell goch', resources: 'Cyfeiriadur adnoddau diogelu', referralLines: 'Llinellau atgyfeirio',
    addFullText: 'Ychwanegu testun llawn', fileRequired: "Rhowch enw'r ffeil neu'r ffynhonnell", textRequired: 'Gludwch destun llawn y ddogfen',
    imported: 'mae gan 17 cofnod destun llawn nawr', allFound: "Cafwyd hyd i bob cofnod o'r ddogfen yn y testun.",
    suppliedBy: "Wedi'i roi gan eich sefydliad yn", foundInFullText: "wedi'i ganfod yn y testun llawn", stepGuidance: 'Canllawiau ar gyfer y cam hwn',
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
    const person = (email: string): Promise<Tab> => browsers.signIn(email);

    const admin = await person('admin@sirfynydd.example');
    const t = admin.t;
    // 1. The library, an empty search, then a real one.
    await admin.press(admin.page.locator('.govuk-service-navigation').getByRole('link', { name: t.library, exact: true }), 'library');
    assert.equal(admin.path, '/guidance');
    await admin.press(admin.main.getByRole('button', { name: t.search, exact: true }), 'search, empty');
    await admin.expectErrors('search, empty', 'q');
    await admin.expectText(admin.page.locator('.govuk-error-summary'), t.enterWords, 'search, empty');
    await admin.main.locator('#q').fill('confidential information');
    await admin.press(admin.main.getByRole('button', { name: t.search, exact: true }), 'search results');
    await admin.expectText(admin.main, t.results, 'search results');
    assert.ok((await admin.main.locator('mark').count()) > 0, 'matched words are highlighted');
    await admin.press(admin.main.locator('ol a.govuk-link').first(), 'best match');
    assert.match(admin.path, /^\/guidance\/(code-practice-guidance\/2\.2|social-media\/privacy)$/);

    // 2. A red line of the graded ethics code, and the resource directory.
    await admin.goto('/guidance/wellbeing-ethics-code', 'ethics code');
    await admin.press(admin.main.locator('li:has(.govuk-tag--red) > a[href^="/guidance/wellbeing-ethics-code/"]').first(), 'red-line clause');
    await admin.expectText(admin.main, t.redLine, 'red-line clause');
    await admin.goto('/guidance/resources', 'resource directory');
    await admin.expectText(admin.main, t.referralLines, 'resource directory');
    await admin.press(admin.main.locator('a[href="/guidance/resources/counter-trafficking-line"]'), 'referral line');
    assert.equal(await admin.main.locator('a[href="tel:08000434303"]').count(), 1);

    // 3. The administrator adds the full text of the social media guidance (after an empty form).
    await admin.goto('/guidance/import', 'import');
    await admin.press(admin.main.getByRole('button', { name: t.addFullText, exact: true }), 'import, empty');
    await admin.expectErrors('import, empty', 'fileName', 'text');
    await admin.main.locator('#fileName').fill(SOCIAL_MEDIA);
    await admin.main.locator('#text').fill(standInText('social-media'));
    await admin.press(admin.main.getByRole('button', { name: t.addFullText, exact: true }), 'imported');
    await admin.expectText(admin.main, t.imported, 'imported');
    await admin.expectText(admin.main, t.allFound, 'imported');

    // 4. A social worker in the same authority reads and finds the full text, and sees guidance on a form.
    const worker = await person('social.worker@sirfynydd.example');
    await worker.goto('/guidance/social-media/tip-8', 'clause with full text');
    await worker.expectText(worker.main, worker.t.suppliedBy, 'clause with full text');
    await worker.goto(`/guidance/search?q=${FULL_TEXT_WORD}`, 'full-text search');
    await worker.expectText(worker.main, worker.t.foundInFullText, 'full-text search');
    await worker.goto('/concerns/new/subject', 'concern form');
    await worker.expectText(worker.main, worker.t.stepGuidance, 'concern form');
    assert.ok((await worker.main.locator('a[href="/guidance/wales-safeguarding-procedures/s2"]').count()) === 1, 'the concern form cites the duty to report');
    await worker.press(worker.main.locator('a[href="/guidance/wales-safeguarding-procedures/s2"]'), 'cited clause');

    for (const v of [admin, worker]) assert.deepEqual(v.problems, [], 'no script errors');
  } finally {
    await browsers.close();
    await harness.close();
  }
}

describe('practice guidance in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    process.stdout.write(`# axe checked ${tally.byLocale.en} English and ${tally.byLocale.cy} Welsh pages of the guidance library\n`);
  });

  it('works in English', () => walk('en', true));
  it('works in Welsh', () => walk('cy', true));
  it('works without JavaScript', () => walk('en', false));
});
