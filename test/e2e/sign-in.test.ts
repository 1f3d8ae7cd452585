import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { startHarness } from '../support/harness.js';
import { hashPassword } from '../../src/services/auth.service.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { insertUser } from '../../src/store/users.repository.js';
import { AxeTally, launchChromium, serve, Visit, type Locale, type Site } from './support.js';

/**
 * Issue 5's pages in a real browser, checked with axe in English and in Welsh, and once
 * without JavaScript: a new person sets up an authenticator app (the empty form and a
 * wrong code first), keeps the 10 recovery codes, changes their password, gets new
 * recovery codes, signs in again with the code page and then a recovery code, and finally
 * meets the lock-out after 5 wrong passwords and the "too many attempts" page after 20
 * attempts from one address in a minute (this harness keeps the real limit of 20).
 */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    setUp: 'Set up an authenticator app', codes: 'Save your recovery codes', account: 'Your account', codeTitle: 'Enter the code from your authenticator app',
    recoveryTitle: 'Enter a recovery code', useRecovery: 'Use a recovery code instead', changePassword: 'Change your password',
    changed: 'Your password has been changed.', newCodes: 'Get new recovery codes', left10: 'You have 10 unused recovery codes.',
    wrongPassword: 'Enter a correct email address and password', locked: 'There have been too many attempts to sign in with this email address. Try again in 15 minutes.',
    tooMany: 'Too many attempts to sign in', mismatch: 'The passwords do not match',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    setUp: 'Gosod ap dilysydd', codes: 'Cadwch eich codau adfer', account: 'Eich cyfrif', codeTitle: "Rhowch y cod o'ch ap dilysydd",
    recoveryTitle: 'Rhowch god adfer', useRecovery: 'Defnyddio cod adfer yn lle hynny', changePassword: 'Newid eich cyfrinair',
    changed: "Mae eich cyfrinair wedi'i newid.", newCodes: 'Cael codau adfer newydd', left10: 'Mae gennych 10 cod adfer heb eu defnyddio.',
    wrongPassword: 'Rhowch gyfeiriad e-bost a chyfrinair cywir', locked: "Bu gormod o ymdrechion i fewngofnodi gyda'r cyfeiriad e-bost hwn. Rhowch gynnig arall arni ymhen 15 munud.",
    tooMany: 'Gormod o ymdrechion i fewngofnodi', mismatch: "Nid yw'r cyfrineiriau'n cyfateb",
  },
} as const;
type Words = (typeof TEXT)[Locale];

let browser: Browser;
const tally = new AxeTally();

async function h1(v: Visit<Words>): Promise<string> {
  return (await v.main.locator('h1').innerText()).trim();
}

async function signInJourney(locale: Locale, js: boolean): Promise<void> {
  const harness = await startHarness('pglite');
  const context = await browser.newContext({ javaScriptEnabled: js });
  context.setDefaultTimeout(10_000);
  try {
    const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
    const email = `newydd.${locale}@glanymor.example`;
    const password = 'first passphrase for the browser';
    await insertUser(harness.handle.db, {
      id: randomUUID(), email, name: 'Nerys Newydd', passwordHash: await hashPassword(password), role: 'practitioner', organisationId: DEMO_ORGANISATIONS.school.id,
    });
    const v = new Visit(await context.newPage(), js, site);
    await v.goto('/sign-in', 'sign in');
    if (locale === 'cy') await v.switchToWelsh();
    const { main, t } = v;

    // 1. The password, then setting up the app: the empty form and a wrong code first.
    await main.locator('#email').fill(email);
    await main.locator('#password').fill(password);
    await v.submit('set up an app');
    assert.equal(v.path, '/sign-in/set-up-app');
    assert.equal(await h1(v), t.setUp);
    const qr = main.locator('img.diogel-qr-code');
    assert.ok(await qr.isVisible(), 'the QR code is shown');
    if (js) assert.ok((await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)) > 0, 'the QR code image loads under the CSP');
    const secret = (await main.locator('#secret').innerText()).trim();
    assert.match(secret, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    harness.rememberSecret(email, secret);
    await v.submit('set up an app, empty');
    await v.expectErrors('set up an app, empty', 'code');
    await main.locator('#code').fill('000000' === (await harness.codeFor(email)) ? '111111' : '000000');
    await v.submit('set up an app, wrong code');
    await v.expectErrors('set up an app, wrong code', 'code');
    await main.locator('#code').fill(await harness.codeFor(email));
    await v.submit('recovery codes');
    assert.equal(await h1(v), t.codes);
    const codes = (await main.locator('code.diogel-recovery-code').allInnerTexts()).map((c) => c.trim());
    assert.equal(codes.length, 10);
    await v.press(main.locator('a.govuk-button'), 'home');
    assert.equal(v.path, '/');

    // 2. The account page: change the password (a mismatch first), then get new recovery codes.
    await v.press(v.page.locator('.govuk-service-navigation').getByRole('link', { name: t.account, exact: true }), 'your account');
    assert.equal(await h1(v), t.account);
    await v.expectText(main, t.left10, 'ten codes left');
    await v.press(main.getByRole('link', { name: t.changePassword }), 'change your password');
    const newPassword = `${password}, ${locale} ŵ`;
    await main.locator('#currentPassword').fill(password);
    await main.locator('#newPassword').fill(newPassword);
    await main.locator('#confirmPassword').fill(`${newPassword}!`);
    await v.submit('change your password, mismatch');
    await v.expectErrors('change your password, mismatch', 'confirmPassword');
    await v.expectText(v.page.locator('.govuk-error-summary'), t.mismatch, 'the mismatch is explained');
    await main.locator('#currentPassword').fill(password);
    await main.locator('#newPassword').fill(newPassword);
    await main.locator('#confirmPassword').fill(newPassword);
    await v.submit('your account, password changed');
    await v.expectText(main, t.changed, 'the password has changed');
    await v.press(main.getByRole('link', { name: t.newCodes }), 'get new recovery codes');
    await main.locator('#code').fill(await harness.codeFor(email));
    await v.submit('new recovery codes');
    assert.equal(await h1(v), t.codes);
    const fresh = (await main.locator('code.diogel-recovery-code').allInnerTexts()).map((c) => c.trim());
    assert.equal(fresh.length, 10);
    assert.ok(fresh.every((c) => !codes.includes(c)));
    await v.press(main.locator('a.govuk-button'), 'your account');
    await v.signOut();

    // 3. Signing in again: the code page, then a recovery code instead (a wrong one first).
    await main.locator('#email').fill(email);
    await main.locator('#password').fill(newPassword);
    await v.submit('the code page');
    assert.equal(v.path, '/sign-in/code');
    assert.equal(await h1(v), t.codeTitle);
    await v.press(main.getByRole('link', { name: t.useRecovery }), 'a recovery code');
    assert.equal(await h1(v), t.recoveryTitle);
    await main.locator('#recoveryCode').fill(codes[0]!);
    await v.submit('a recovery code, an old one');
    await v.expectErrors('a recovery code, an old one', 'recoveryCode');
    await main.locator('#recoveryCode').fill(fresh[0]!);
    await v.submit('home');
    assert.equal(v.path, '/');
    await v.signOut();

    // 4. Five wrong passwords lock the address; then 20 attempts in the minute are all this address gets.
    // Attempts so far: two passwords, two set-up codes (the empty form is refused before it counts), two recovery codes.
    let attempts = 6;
    for (let i = 1; i <= 5; i += 1) {
      await main.locator('#email').fill(email);
      await main.locator('#password').fill(`wrong ${i}`);
      await v.submit(`wrong password ${i}`);
      attempts += 1;
      await v.expectText(v.page.locator('.govuk-error-summary'), i < 5 ? t.wrongPassword : t.locked, `answer ${i}`);
    }
    while (attempts < 20) {
      await main.locator('#email').fill(email);
      await main.locator('#password').fill('still wrong');
      await v.submit('locked');
      attempts += 1;
      await v.expectText(v.page.locator('.govuk-error-summary'), t.locked, 'locked');
    }
    await main.locator('#email').fill(email);
    await main.locator('#password').fill(newPassword);
    await v.submit('too many attempts');
    assert.equal(await h1(v), t.tooMany);
    assert.equal(await v.page.title(), `${t.tooMany} – Diogel`);
    assert.deepEqual(v.problems, [], 'no script errors or refused scripts');
  } finally {
    await context.close();
    await harness.close();
  }
}

describe('signing in with an authenticator app, in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    console.log(`# axe checked ${tally.byLocale.en} pages in English and ${tally.byLocale.cy} in Welsh`);
  });

  it('sets up an app, keeps recovery codes, changes the password and meets the limits (English, with axe checks)', async () => {
    await signInJourney('en', true);
  });

  it('sets up an app, keeps recovery codes, changes the password and meets the limits (Welsh, with axe checks)', async () => {
    await signInJourney('cy', true);
  });

  it('sets up an app, keeps recovery codes, changes the password and meets the limits (English, without JavaScript)', async () => {
    await signInJourney('en', false);
  });
});
