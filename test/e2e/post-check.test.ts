import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEFAULT_NOW, startHarness } from '../support/harness.js';
import { AxeTally, E2E_HARNESS, launchChromium, serve, Visit, type Locale, type Site } from './support.js';

/**
 * "Before you post" in a real browser, in English and in Welsh, checked with axe on the
 * empty form, the error page, the results and the "nothing found" answer; and once without
 * JavaScript, where the whole page works the same (no question is revealed by script).
 */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    title: 'Before you post', found: 'We found 5 things to think about before you post.', none: 'We found no risks that the guidance names in this draft.',
    privacy: 'Respect for rights, privacy and confidential information', people: 'About people you support', tooLong: 'Your draft post must be 5,000 characters or fewer',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    title: 'Cyn i chi bostio', found: 'Gwnaethon ni ganfod 5 peth i feddwl amdanyn nhw cyn i chi bostio.', none: "Ni wnaethon ni ganfod unrhyw risgiau y mae'r canllawiau'n eu henwi yn y drafft hwn.",
    privacy: 'Parchu hawliau, preifatrwydd a gwybodaeth gyfrinachol', people: 'Am bobl rydych yn eu cefnogi', tooLong: "Rhaid i ddrafft eich neges fod yn 5,000 o nodau neu lai",
  },
} as const;
type Words = (typeof TEXT)[Locale];

const RISKY = 'Happy 90th birthday to Mary, one of our residents at Brynhaul Care Home! Sick of the rota though.';
const HARMLESS = 'Lovely walk with the dog this morning';

let browser: Browser;
const tally = new AxeTally();

async function beforeYouPost(locale: Locale, js: boolean): Promise<void> {
  const harness = await startHarness('pglite', DEFAULT_NOW, E2E_HARNESS);
  const context = await browser.newContext({ javaScriptEnabled: js });
  context.setDefaultTimeout(10_000);
  try {
    const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
    const v = new Visit(await context.newPage(), js, site);
    await v.signIn('gofalwr@brynhaul.example');
    await v.goto('/guidance/before-you-post', 'empty form');
    if (locale === 'cy') await v.switchToWelsh();
    const { main, t } = v;
    assert.equal((await main.locator('h1').innerText()).trim(), t.title);
    assert.equal(await main.locator('#results').count(), 0, 'no results before a check');

    // Nothing answered, then a draft too long.
    await v.submit('empty answers');
    await v.expectErrors('empty answers', 'text', 'photoAttached');
    await main.locator('#text').fill('x'.repeat(5001));
    await v.choose('photoAttached', 'no');
    await v.submit('too long');
    await v.expectErrors('too long', 'text');
    await v.expectText(v.page.locator('.govuk-error-summary'), t.tooLong, 'too long');

    // A risky draft with a photo whose consent is not confirmed.
    await main.locator('#text').fill(RISKY);
    await v.choose('photoAttached', 'yes');
    await v.choose('photoConsent', 'not_sure');
    await v.submit('results');
    assert.equal(await v.page.locator('.govuk-error-summary').count(), 0);
    await v.expectText(main.locator('#results'), t.found, 'results');
    const kinds = await main.locator('#findings > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['identifying_details', 'people_supported', 'colleagues_or_employer', 'emotional_tone', 'photo_without_consent']);
    const people = main.locator('#finding-people_supported');
    await v.expectText(people.locator('h3'), t.people, 'people finding');
    await v.expectText(people, 'one of our residents', 'evidence quoted');
    const link = people.locator('a', { hasText: t.privacy });
    assert.equal(await link.getAttribute('href'), '/guidance/social-media/privacy');
    assert.equal(await main.locator('#finding-emotional_tone a[href="/guidance/social-media/tip-5"]').count(), 1);
    assert.equal(await main.locator('#text').inputValue(), RISKY, 'the draft stays in the box');
    assert.ok(await main.locator('input[name="photoConsent"][value="not_sure"]').isChecked(), 'answers kept');

    // A harmless draft: nothing found, and judgement still applies.
    await main.locator('#text').fill(HARMLESS);
    await v.choose('photoAttached', 'no');
    await v.submit('nothing found');
    await v.expectText(main.locator('#no-findings'), t.none, 'nothing found');
    assert.equal(await main.locator('#findings').count(), 0);
    assert.deepEqual(v.problems, [], 'no script errors or refused scripts');
  } finally {
    await context.close();
    await harness.close();
  }
}

describe('before you post, in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    console.log(`# axe checked ${tally.byLocale.en} pages in English and ${tally.byLocale.cy} in Welsh`);
  });

  it('checks a draft and shows its risks with links to the guidance (English, with axe checks)', async () => {
    await beforeYouPost('en', true);
  });

  it('checks a draft and shows its risks with links to the guidance (Welsh, with axe checks)', async () => {
    await beforeYouPost('cy', true);
  });

  it('checks a draft and shows its risks with links to the guidance (English, without JavaScript)', async () => {
    await beforeYouPost('en', false);
  });
});
