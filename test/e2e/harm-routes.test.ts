import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator } from 'playwright-core';
import { startHarness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { AxeTally, E2E_HARNESS, launchChromium, people, serve, Visit, type Locale, type Site, expectAll, textOf } from './support.js';

/**
 * Specific harm routes in a real browser: a teacher's concern names FGM and trafficking for
 * a girl; her concern page lists the tasks (the FGM duty is hers, personally); the report
 * opens a case whose page shows the tasks; the social worker records the NRM reference
 * (after none), adds the MAPPA route (after choosing nothing) and records its category and
 * level (after a missing level). Every page is checked with axe, in English and in Welsh,
 * and the walk is made once more with JavaScript off.
 */
const CHILD = 'Leyla Rahimi';
const ctx = { requestId: 'e2e-harm-routes', ip: null };

const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    section: 'Specific harm routes', fgm: 'Report FGM to the police', personal: 'The FGM reporting duty is personal to the professional',
    nrm: 'Refer the child to the National Referral Mechanism', ictg: 'Refer to the Independent Child Trafficking Guardian service',
    record: 'Record the reference', recorded: 'The reference is recorded and the task is done.', done: 'Done',
    add: 'Add a specific harm route', added: 'The tasks for the specific harm are added to the case.',
    referenceRequired: 'Enter the reference', risksRequired: 'Select at least one specific harm', levelRequired: 'Select the MAPPA management level: 1, 2 or 3',
    mappa: 'Share with the MAPPA responsible authority', mappaValue: 'Category 1, level 2',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    section: 'Llwybrau niwed penodol', fgm: "Hysbysu'r heddlu am FGM", personal: 'Mae\'r ddyletswydd i hysbysu am FGM yn un bersonol',
    nrm: "Atgyfeirio'r plentyn i'r Mecanwaith Atgyfeirio Cenedlaethol", ictg: "Atgyfeirio i'r gwasanaeth Gwarcheidwaid Annibynnol Plant sy'n cael eu Masnachu",
    record: "Cofnodi'r cyfeirnod", recorded: "Mae'r cyfeirnod wedi'i gofnodi ac mae'r dasg wedi'i gwneud.", done: "Wedi'u gwneud",
    add: 'Ychwanegu llwybr niwed penodol', added: "Mae'r tasgau ar gyfer y niwed penodol wedi'u hychwanegu at yr achos.",
    referenceRequired: 'Rhowch y cyfeirnod', risksRequired: 'Dewiswch o leiaf un niwed penodol', levelRequired: 'Dewiswch lefel rheoli MAPPA: 1, 2 neu 3',
    mappa: "Rhannu â'r awdurdod cyfrifol MAPPA", mappaValue: 'Categori 1, lefel 2',
  },
};
type Words = (typeof TEXT)['en'];
type Tab = Visit<Words>;

let browser: Browser;
const tally = new AxeTally();

/** The summary card of one open task, by its title. */
function card(v: Tab, title: string): Locator {
  return v.main.locator('.govuk-summary-card', { has: v.page.locator('.govuk-summary-card__title', { hasText: title }) });
}

async function walk(locale: Locale, js: boolean): Promise<void> {
  const harness = await startHarness('pglite', undefined, E2E_HARNESS);
  let browsers: ReturnType<typeof people<Words>> | undefined;
  try {
    const caller = async (email: string) => toCaller((await findUserByEmail(harness.handle.db, email))!);
    const concern = await harness.services.concerns.raise(
      await caller('athro@glanymor.example'),
      {
        subjectKind: 'child', fullName: CHILD, birthKnowledge: 'date_of_birth', dateOfBirth: '2012-09-14', address: '8 Lôn y Felin',
        firstLanguage: 'Farsi', welshPreferred: 'no', account: 'She said she was cut on a visit abroad, and that a man drives her to a nail bar after school.',
        harmCategories: ['physical'], specificRisks: ['fgm', 'modern_slavery_trafficking'], immediateDanger: false, personKnows: 'yes',
      },
      ctx,
    );
    const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
    browsers = people(browser, site, locale, js);
    const person = (email: string): Promise<Tab> => browsers!.signIn(email);

    // 1. The teacher reads her concern: its tasks, and that the FGM duty is hers.
    const teacher = await person('athro@glanymor.example');
    await teacher.goto(`/concerns/${concern.id}`, 'concern with harm routes');
    const t = teacher.t;
    await expectAll(teacher.main, [t.section, t.fgm, t.personal, t.nrm, t.ictg], 'the concern lists its tasks');
    assert.equal(await teacher.main.getByRole('link', { name: t.record }).count(), 0, 'read-only on the concern');

    // 2. The DSP reports it; the social worker finds the tasks on the case.
    const { reportId: caseId } = await harness.services.concerns.reportToLocalAuthority(
      await caller('dsp@glanymor.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx,
    );
    const worker = await person('social.worker@sirfynydd.example');
    await worker.goto(`/cases/${caseId}`, 'case with harm routes');
    await expectAll(worker.main, [t.section, t.fgm, t.nrm, t.ictg], 'the case lists the tasks');

    // 3. The NRM reference: none, then one.
    await worker.press(card(worker, t.nrm).getByRole('link', { name: t.record }), 'record the NRM reference');
    await worker.submit('record the NRM reference, empty');
    await worker.expectErrors('record the NRM reference, empty', 'reference');
    await expectAll(worker.page.locator('.govuk-error-summary'), [t.referenceRequired], 'empty reference');
    await worker.main.locator('#reference').fill('NRM-2026-0042');
    await worker.submit('case, NRM recorded');
    assert.equal(worker.path, `/cases/${caseId}`);
    await expectAll(worker.main, [t.recorded, t.done, 'NRM-2026-0042'], 'the NRM task is done');
    assert.equal(await card(worker, t.nrm).count(), 0, 'no longer open');

    // 4. The MAPPA route: nothing chosen, then MAPPA; its category and level.
    await worker.press(worker.main.getByRole('link', { name: t.add, exact: true }), 'add a specific harm route');
    await worker.submit('add a route, none chosen');
    await worker.expectErrors('add a route, none chosen', 'risks');
    await expectAll(worker.page.locator('.govuk-error-summary'), [t.risksRequired], 'no route chosen');
    await worker.choose('risks', 'mappa');
    await worker.submit('case, MAPPA added');
    await expectAll(worker.main, [t.added, t.mappa], 'the MAPPA task is open');
    await worker.press(card(worker, t.mappa).getByRole('link', { name: t.record }), 'record MAPPA category and level');
    await worker.choose('category', '1');
    await worker.submit('MAPPA, no level');
    await worker.expectErrors('MAPPA, no level', 'level');
    await expectAll(worker.page.locator('.govuk-error-summary'), [t.levelRequired], 'no level');
    await worker.choose('level', '2');
    await worker.submit('case, MAPPA recorded');
    await expectAll(worker.main, [t.recorded, t.mappaValue], 'category and level recorded');

    for (const v of [teacher, worker]) assert.deepEqual(v.problems, [], 'no script errors or refused scripts');
  } finally {
    await browsers?.close();
    await harness.close();
  }
}

describe('specific harm routes, in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    console.log(`# axe checked ${tally.byLocale.en} pages in English and ${tally.byLocale.cy} in Welsh`);
  });

  for (const [locale, js] of [['en', true], ['cy', true], ['en', false]] as const) {
    it(`lists the tasks on the concern and the case, records references and adds a route (${locale === 'en' ? 'English' : 'Welsh'}, ${js ? 'with axe checks' : 'JavaScript off'})`, async () => {
      await walk(locale, js);
    });
  }
});
