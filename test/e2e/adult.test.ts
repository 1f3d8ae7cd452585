import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { AxeTally, E2E_HARNESS, launchChromium, people, serve, Visit, type Locale, type Site, expectAll, textOf } from './support.js';

/**
 * One adult at risk, from the care home's report to the first review of her care and
 * support protection plan, in a real browser: the duty social worker records the initial
 * checks (she lacks capacity to decide about the concern), the decision and the
 * enquiries' determination; a strategy meeting starts an investigation; advocacy is
 * offered; the chair arranges the adult protection conference, receives the agencies'
 * reports and records a plan; the plan is reviewed within six weeks. Every page is checked
 * with axe in English and in Welsh, and the journey is taken again with JavaScript off.
 */
const ADULT = 'Menna Griffiths';

/** What a person reads, in each language (written out here rather than read from the catalogues). */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    incoming: 'Incoming reports', recordChecks: 'Record the initial checks on the case',
    step: {
      checks: 'Record the initial checks', decision: 'Record the decision on the report', determination: 'Record the outcome of the section 126 enquiries',
      strategy: 'Record the strategy discussion or meeting', investigation: 'Record that an investigation is complete', advocacy: 'Record an offer of advocacy',
      schedule: 'Arrange an adult protection conference', reports: 'Record agency reports received', conference: 'Record the adult protection conference',
      plan: 'Record the care and support protection plan', review: 'Record a review of the plan',
    },
    categoriesRequired: 'Select at least one kind of abuse or neglect', bestInterestsRequired: 'Enter the best interests decision: the adult lacks capacity to make this decision',
    stage: { checks: 'Initial checks recorded, awaiting decision', enquiries: 'Section 126 enquiries', strategy: 'Strategy discussion due', investigation: 'Investigation', conference: 'Conference due', plan: 'Care and support protection plan in place' },
    nia: 'Nia Roberts (Duty social worker)', iwan: 'Iwan Parry (Duty social worker)',
    checks: 'Consent (most recent) They lack capacity to consent Crime suspected No Police told No Anyone else at risk No',
    capacity: 'Initial checks, 17 November 2026 Whether to agree to enquiries Nia Roberts Lacks capacity to make this decision',
    nonCriminal: 'Non-criminal investigation',
    arranged: 'Adult protection conference arranged for 7 December 2026 at 10:00',
    clock: { enquiries: 'Enquiries (7 working days)', strategy: 'Strategy discussion or meeting (7 working days)', reports: 'Agency reports to the conference chair (2 working days before)', review: 'Review of the care and support protection plan (within 6 weeks)', met: 'Met', nextReview: 'Due by end of Monday, 22 February 2027' },
    reviews: 'Reviews 1 so far, the last on 11 January 2027',
    chronology: 'Chronology', reviewed: 'Plan reviewed: Continue the plan',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    incoming: "Hysbysiadau sy'n dod i mewn", recordChecks: "Cofnodi'r gwiriadau cychwynnol ar yr achos",
    step: {
      checks: "Cofnodi'r gwiriadau cychwynnol", decision: "Cofnodi'r penderfyniad ar yr hysbysiad", determination: 'Cofnodi canlyniad ymholiadau adran 126',
      strategy: "Cofnodi'r drafodaeth neu'r cyfarfod strategaeth", investigation: "Cofnodi bod ymchwiliad wedi'i gwblhau", advocacy: 'Cofnodi cynnig o eiriolaeth',
      schedule: 'Trefnu cynhadledd amddiffyn oedolyn', reports: 'Cofnodi adroddiadau asiantaethau a ddaeth i law', conference: "Cofnodi'r gynhadledd amddiffyn oedolyn",
      plan: "Cofnodi'r cynllun amddiffyn gofal a chymorth", review: "Cofnodi adolygiad o'r cynllun",
    },
    categoriesRequired: 'Dewiswch o leiaf un math o gam-drin neu esgeulustod', bestInterestsRequired: "Rhowch y penderfyniad er budd pennaf: mae'r oedolyn heb alluedd i wneud y penderfyniad hwn",
    stage: { checks: "Gwiriadau cychwynnol wedi'u cofnodi, yn aros am benderfyniad", enquiries: 'Ymholiadau adran 126', strategy: 'Trafodaeth strategaeth yn ddyledus', investigation: 'Ymchwiliad', conference: 'Cynhadledd yn ddyledus', plan: 'Cynllun amddiffyn gofal a chymorth ar waith' },
    nia: 'Nia Roberts (Gweithiwr cymdeithasol ar ddyletswydd)', iwan: 'Iwan Parry (Gweithiwr cymdeithasol ar ddyletswydd)',
    checks: "Cydsyniad (y diweddaraf) Mae heb alluedd i gydsynio Trosedd yn cael ei hamau Na Yr heddlu wedi cael gwybod Na Unrhyw un arall yn wynebu risg Na",
    capacity: 'Gwiriadau cychwynnol, 17 Tachwedd 2026 Whether to agree to enquiries Nia Roberts Mae heb alluedd i wneud y penderfyniad hwn',
    nonCriminal: "Ymchwiliad nad yw'n droseddol",
    arranged: "Cynhadledd amddiffyn oedolyn wedi'i threfnu ar gyfer 7 Rhagfyr 2026 am 10:00",
    clock: { enquiries: 'Ymholiadau (7 diwrnod gwaith)', strategy: 'Trafodaeth neu gyfarfod strategaeth (7 diwrnod gwaith)', reports: "Adroddiadau asiantaethau i gadeirydd y gynhadledd (2 ddiwrnod gwaith cyn hynny)", review: "Adolygiad o'r cynllun amddiffyn gofal a chymorth (o fewn 6 wythnos)", met: "Wedi'i bodloni", nextReview: 'Erbyn diwedd Dydd Llun, 22 Chwefror 2027' },
    reviews: 'Adolygiadau 1 hyd yma, yr olaf ar 11 Ionawr 2027',
    chronology: 'Cronoleg', reviewed: "Adolygwyd y cynllun: Parhau â'r cynllun",
  },
} as const;
type Words = (typeof TEXT)[Locale];
type Tab = Visit<Words>;

const ctx = { requestId: 'adult-e2e', ip: null };
const tally = new AxeTally();
let browser: Browser;

/** A link under "What you can do next" to a step, and its page. */
async function openStep(v: Tab, title: string, label: string): Promise<void> {
  await v.press(v.main.getByRole('link', { name: title, exact: true }), label);
  assert.equal(await textOf(v.main.locator('h1')), title, `${label}: heading`);
}

function clockRow(v: Tab, name: string): Locator {
  return v.main.locator('.govuk-summary-list__row', { has: v.page.locator('.govuk-summary-list__key', { hasText: name }) });
}

/** The service clock moves on; sessions from before are idle by then, so each person signs in again. */
async function at(harness: Harness, iso: string, ...people: [Tab, string][]): Promise<void> {
  harness.clock.set(new Date(iso));
  for (const [v, email] of people) await v.signIn(email);
}

/** A care worker raises the concern and the care home's DSP reports it (through the services): the report's id and reference. */
async function reported(harness: Harness): Promise<{ reportId: string; reference: string }> {
  const caller = async (email: string) => toCaller((await findUserByEmail(harness.handle.db, email))!);
  const concern = await harness.services.concerns.raise(
    await caller('gofalwr@brynhaul.example'),
    {
      subjectKind: 'adult', fullName: ADULT, birthKnowledge: 'date_of_birth', dateOfBirth: '1940-08-30', address: 'Ystafell 2, Cartref Bryn Haul',
      firstLanguage: 'Welsh', welshPreferred: 'yes', account: 'Bruises on her arms after her son visited; she says he grabs her when she forgets things.',
      harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
    },
    ctx,
  );
  const { reportId } = await harness.services.concerns.reportToLocalAuthority(
    await caller('dsp@brynhaul.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx,
  );
  return { reportId, reference: concern.reference };
}

async function adultJourney(locale: Locale, js: boolean): Promise<void> {
  const harness = await startHarness('pglite', undefined, E2E_HARNESS);
  const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
  const browsers = people(browser, site, locale, js);
  try {
    const person = (email: string): Promise<Tab> => browsers.signIn(email);

    // 1. Tuesday 17 November 2026: the care home reports a concern about Menna.
    const { reportId, reference } = await reported(harness);
    const duty = await person('duty@sirfynydd.example');
    const chair = await person('chair@sirfynydd.example');
    const t = duty.t;

    // 2. The report page sends the duty social worker to the initial checks on the case.
    await duty.goto('/reports', 'incoming reports');
    assert.equal(await textOf(duty.main.locator('h1')), t.incoming);
    await duty.press(duty.main.getByRole('link', { name: reference }), 'incoming adult report');
    await duty.press(duty.main.getByRole('link', { name: t.recordChecks }), 'initial checks');
    assert.equal(duty.path, `/cases/${reportId}/steps/record-initial-checks`);
    assert.equal(await textOf(duty.main.locator('h1')), t.step.checks);
    await duty.submit('initial checks, empty');
    await duty.expectErrors('initial checks, empty', 'categories', 'consent', 'capacityAssessed', 'crimeSuspected', 'othersAtRisk', 'summary');
    await expectAll(duty.page.locator('.govuk-error-summary'), [t.categoriesRequired], 'initial checks, empty');
    await duty.choose('categories', 'physical');
    await duty.choose('categories', 'psychological_emotional');
    await duty.choose('consent', 'lacks_capacity');
    await duty.choose('capacityAssessed', 'yes');
    await duty.main.locator('#capacityDecision').fill('Whether to agree to enquiries');
    await duty.main.locator('#capacityAssessedBy').fill('Nia Roberts');
    await duty.choose('capacityOutcome', 'lacks_capacity');
    await duty.checkPage('initial checks (capacity questions revealed)');
    await duty.choose('crimeSuspected', 'no');
    await duty.choose('othersAtRisk', 'no');
    await duty.main.locator('#summary').fill('Seen alone in her room; bruises on both upper arms.');
    // Lacking capacity needs a best interests decision: the error is shown and the answers kept.
    await duty.submit('initial checks, no best interests');
    await duty.expectErrors('initial checks, no best interests', 'bestInterests');
    await expectAll(duty.page.locator('.govuk-error-summary'), [t.bestInterestsRequired], 'initial checks, no best interests');
    assert.equal(await duty.main.locator('#capacityDecision').inputValue(), 'Whether to agree to enquiries', 'the answers are kept');
    await duty.main.locator('#bestInterests').fill('Enquiries are in her best interests; her daughter agrees.');
    await duty.submit('case (initial checks recorded)');
    assert.equal(duty.path, `/cases/${reportId}`);
    await expectAll(duty.main, [`${ADULT} `, t.stage.checks, t.checks, t.capacity], 'the initial checks are on the case');

    // 3. The decision, then determination 3 the next day.
    await openStep(duty, t.step.decision, 'decision');
    await duty.choose('decision', 'section126_enquiries');
    await duty.main.locator('#rationale').fill('Reasonable cause to suspect she is an adult at risk of physical and emotional abuse.');
    await duty.submit('case (decided)');
    await expectAll(duty.main, [t.stage.enquiries], 'section 126 enquiries');
    await at(harness, '2026-11-18T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
    await duty.goto(`/cases/${reportId}`, 'case (next day)');
    await openStep(duty, t.step.determination, 'determination');
    await duty.choose('determination', '3');
    await duty.main.locator('#rationale').fill('She is an adult at risk; action is needed.');
    await duty.submit('case (determination 3)');
    await expectAll(duty.main, [t.stage.strategy], 'strategy due');
    await expectAll(clockRow(duty, t.clock.enquiries), [t.clock.met], 'the enquiries were concluded in time');

    // 4. The strategy meeting starts a non-criminal investigation and names the lead practitioner.
    await at(harness, '2026-11-19T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
    await duty.goto(`/cases/${reportId}`, 'case (strategy day)');
    await openStep(duty, t.step.strategy, 'strategy meeting');
    await duty.fillDateTime('heldAt', '2026-11-19', '10:00');
    await duty.choose('format', 'meeting');
    await duty.main.locator('#chairId').selectOption({ label: t.nia });
    await duty.fillByAgency('attendees', { social_services: 'Nia Roberts', health: 'Dr Ffion Ellis' });
    await duty.choose('consent', 'lacks_capacity');
    await duty.choose('capacityAssessed', 'yes');
    await duty.main.locator('#capacityDecision').fill('Whether to take part in the investigation');
    await duty.main.locator('#capacityAssessedBy').fill('Nia Roberts');
    await duty.choose('capacityOutcome', 'lacks_capacity');
    await duty.main.locator('#bestInterests').fill('Her daughter and advocate agree the investigation goes ahead.');
    await duty.choose('outcome', 'investigate');
    await duty.choose('criminalInvestigation', 'no');
    await duty.choose('nonCriminalInvestigation', 'yes');
    await duty.fillDate('investigationDueDate', '2026-12-04');
    await duty.main.locator('#leadPractitionerId').selectOption({ label: t.iwan });
    await duty.main.locator('#summary').fill('Social services and the home investigate; visits from her son are supervised meanwhile.');
    await duty.checkPage('strategy meeting (investigation questions revealed)');
    await duty.submit('case (strategy meeting recorded)');
    assert.equal(duty.path, `/cases/${reportId}`);
    await expectAll(duty.main, [t.stage.investigation, t.nonCriminal], 'an investigation is open');
    await expectAll(clockRow(duty, t.clock.strategy), [t.clock.met], 'the strategy meeting was in time');

    // 5. The investigation ends; advocacy is offered; the chair arranges the conference.
    await at(harness, '2026-11-25T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
    await duty.goto(`/cases/${reportId}`, 'case (investigation done)');
    await openStep(duty, t.step.investigation, 'complete the investigation');
    await duty.main.getByRole('radio', { name: t.nonCriminal, exact: true }).check();
    await duty.fillDateTime('completedAt', '2026-11-25', '12:00');
    await duty.main.locator('#findings').fill('The bruises match her account; her son accepts he grabbed her.');
    await duty.submit('case (investigation complete)');
    await expectAll(duty.main, [t.stage.conference], 'a conference is due');
    await openStep(duty, t.step.advocacy, 'offer advocacy');
    await duty.choose('kind', 'independent_professional');
    await duty.fillDate('offeredOn', '2026-11-25');
    await duty.choose('accepted', 'yes');
    await duty.main.locator('#advocate').fill('Eirlys Jones, advocacy service');
    await duty.submit('case (advocacy offered)');
    await chair.goto(`/cases/${reportId}`, 'case (chair)');
    await openStep(chair, t.step.schedule, 'arrange the conference');
    await chair.fillDateTime('scheduledFor', '2026-12-07', '10:00');
    await chair.fillByAgency('invitees', { social_services: 'Iwan Parry', health: 'Dr Ffion Ellis', family: 'Menna and her daughter', other: 'Eirlys Jones (advocate)' });
    await chair.submit('case (conference arranged)');
    assert.equal(chair.path, `/cases/${reportId}`);

    // 6. The reports arrive in time; the conference agrees a plan.
    await at(harness, '2026-12-02T15:00:00Z', [chair, 'chair@sirfynydd.example']);
    await chair.goto(`/cases/${reportId}`, 'case (reports due)');
    await openStep(chair, t.step.reports, 'agency reports');
    await expectAll(chair.main, [t.arranged], 'the conference is named');
    await chair.choose('agencies', 'social_services');
    await chair.choose('agencies', 'health');
    await chair.fillDateTime('receivedAt', '2026-12-02', '09:30');
    await chair.submit('case (reports received)');
    await expectAll(clockRow(chair, t.clock.reports), [t.clock.met], 'the reports came in time');
    await at(harness, '2026-12-07T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
    await chair.goto(`/cases/${reportId}`, 'case (conference day)');
    await openStep(chair, t.step.conference, 'record the conference');
    await chair.fillDateTime('heldAt', '2026-12-07', '10:00');
    await chair.fillByAgency('attendees', { social_services: 'Iwan Parry', health: 'Dr Ffion Ellis', family: 'Her daughter' });
    await chair.choose('apologies', 'police');
    await chair.choose('adultAttended', 'yes');
    await chair.choose('advocatePresent', 'yes');
    await chair.choose('outcome', 'protection_plan');
    await chair.main.locator('#rationale').fill('Menna wants to keep seeing her son, with support; a plan keeps her safe.');
    await chair.submit('case (conference recorded)');
    await expectAll(chair.main, [t.stage.plan], 'a plan is in place');

    await duty.goto(`/cases/${reportId}`, 'case (plan to record)');
    await openStep(duty, t.step.plan, 'record the plan');
    await duty.main.locator('#outcomes').fill('Menna sees her son only with staff present and tells staff if she feels unsafe.');
    await duty.main.locator('#contingency').fill('If she is hurt again, the home calls the police and social services.');
    await duty.choose('consent', 'given');
    await duty.choose('capacityAssessed', 'no');
    await duty.submit('case (plan recorded)');

    // 7. Five weeks on, the plan is reviewed and continues; the next review is due six weeks later.
    await at(harness, '2027-01-11T15:00:00Z', [duty, 'duty@sirfynydd.example']);
    await duty.goto(`/cases/${reportId}`, 'case (review day)');
    await openStep(duty, t.step.review, 'review the plan');
    await duty.fillDateTime('heldAt', '2027-01-11', '10:00');
    await duty.choose('consent', 'given');
    await duty.choose('capacityAssessed', 'no');
    await duty.choose('outcome', 'continue');
    await duty.main.locator('#summary').fill('No new bruises; visits supervised as agreed.');
    await duty.submit('case (plan reviewed)');
    assert.equal(duty.path, `/cases/${reportId}`);
    await expectAll(duty.main, [t.stage.plan, t.reviews], 'the plan was reviewed');
    const reviewRows = clockRow(duty, t.clock.review);
    assert.equal(await reviewRows.count(), 2, 'the first review clock met and the next running');
    await expectAll(reviewRows.first(), [t.clock.nextReview], 'the next review is due in six weeks');
    await duty.press(duty.main.getByRole('link', { name: t.chronology, exact: true }), 'chronology');
    await expectAll(duty.main.locator('table'), [t.reviewed], 'the chronology tells the story');

    for (const v of [duty, chair]) assert.deepEqual(v.problems, [], 'no script errors or refused scripts');
  } finally {
    await browsers.close();
    await harness.close();
  }
}

describe('an adult at risk in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    console.log(`# axe checked ${tally.byLocale.en} pages in English and ${tally.byLocale.cy} in Welsh`);
  });

  for (const [locale, js] of [['en', true], ['cy', true], ['en', false]] as const) {
    it(`goes from report to the first review of her plan (${locale === 'en' ? 'English' : 'Welsh'}, ${js ? 'with axe checks' : 'JavaScript off'})`, async () => {
      await adultJourney(locale, js);
    });
  }
});
