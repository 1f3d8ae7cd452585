import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { AxeTally, E2E_HARNESS, launchChromium, serve, Visit, type Locale, type Site, expectAll, textOf } from './support.js';

/**
 * One family of two children, from the school's report to the first review conference,
 * in a real browser: the duty social worker decides on the report, adds the second child,
 * and takes both through a joint strategy meeting and section 47 enquiries; the chair
 * arranges one initial conference for both and decides on each child separately (the
 * first is registered, the second is not); the core group meets and the child is visited;
 * three months later the review keeps the child on the register under another category.
 * Every page is checked with axe, once in English and once in Welsh.
 */
const FIRST = 'Tomos Bevan';
const SECOND = 'Mali Bevan';

/** What a person reads, in each language (written out here rather than read from the catalogues). */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    incoming: 'Incoming reports', decided: 'Decision recorded', openCase: 'Go to the case',
    prefersWelsh: 'Prefers Welsh',
    stage: { strategy: 'Strategy discussion due', conference: 'Conference due', registered: 'On the Child Protection Register', part3: 'Part 3 assessment' },
    addChild: 'Add a child in this household', household: 'Children in this household',
    step: {
      decision: 'Record the decision on next action', strategy: 'Record the strategy discussion', determination: 'Record the section 47 determination',
      schedule: 'Arrange a conference', conference: 'Record the conference', circulate: 'Circulate the conference records',
      coreGroup: 'Record a core group meeting', visit: 'Record a visit',
    },
    nameRequired: "Enter the person's name", bornRequired: 'Select whether the child has been born',
    bothAgencies: 'Enter who took part from the police and from social services: both must take part in a strategy discussion',
    selectDecision: 'Select a decision',
    initialDue: 'Due now: Initial child protection conference', reviewDue: 'Due now: Review child protection conference',
    initialConference: 'Initial child protection conference',
    arranged: 'Initial child protection conference arranged for 24 November 2026 at 10:00',
    decisionFor: `Decision for ${FIRST}`, decisionForSecond: `Decision for ${SECOND}`,
    iwan: 'Iwan Parry (Duty social worker)',
    registration: { categories: 'Categories Physical abuse, Neglect', coordinator: 'Co-ordinator Iwan Parry', review: 'Next review conference Due by end of Wednesday, 24 February 2027' },
    clock: {
      firstCoreGroup: 'First core group (10 working days)', firstReview: 'First review conference (3 months)', nextReview: 'Next review conference (6 months)',
      met: 'Met', coreGroupStopped: 'Stopped 1 December 2026: the core group met', reviewStopped: 'Stopped 23 February 2027: the review conference was held',
      nextReviewDue: 'Due by end of Monday, 23 August 2027',
    },
    afterReview: { categories: 'Categories Neglect', review: 'Next review conference Due by end of Monday, 23 August 2027' },
    tray: 'Work tray', trayWeek: 'Due in the next 7 days', trayDue: 'Tuesday, 8 December 2026',
    register: 'Child Protection Register', registerRow: `${FIRST} Prefers Welsh 9 May 2016 Physical abuse, Neglect 24 November 2026 Iwan Parry Wednesday, 24 February 2027`,
    chronology: 'Chronology', householdChronology: 'Chronology of the household',
    events: [
      `${SECOND} added as another child in this household`,
      'Decision on next action: Strategy discussion (reasonable cause to suspect significant harm).',
      'Strategy meeting held (present: Social services, Police). Section 47 enquiries to be made.',
      'Section 47 enquiries started: Joint (social services and police)',
      'Section 47 enquiries concluded. Determination 3: concerns substantiated and the child is at continuing risk (a conference is needed)',
      'Initial child protection conference arranged for 24 November 2026',
      'Initial child protection conference held (present: Social services, Police, Health, Education, Family). The conference was quorate.',
      'Placed on the Child Protection Register: Physical abuse, Neglect. First review due by 24 February 2027',
      'Conference decisions and outline plan circulated',
      'Core group met (present: Social services, Education, Family)',
      'Visit: At home. Seen alone. Bedroom seen.',
      'Review child protection conference held (present: Social services, Police, Education, Family). The conference was quorate.',
      'Stays on the register: Neglect. Next review due by 23 August 2027',
    ],
    notRegistered: `${SECOND} The conference decided not to register the child`,
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    incoming: "Hysbysiadau sy'n dod i mewn", decided: "Penderfyniad wedi'i gofnodi", openCase: "Mynd i'r achos",
    prefersWelsh: 'Dewis Cymraeg',
    stage: { strategy: 'Trafodaeth strategaeth yn ddyledus', conference: 'Cynhadledd yn ddyledus', registered: 'Ar y Gofrestr Amddiffyn Plant', part3: 'Asesiad dan Ran 3' },
    addChild: 'Ychwanegu plentyn yn yr aelwyd hon', household: 'Plant yn yr aelwyd hon',
    step: {
      decision: "Cofnodi'r penderfyniad ar y camau nesaf", strategy: "Cofnodi'r drafodaeth strategaeth", determination: 'Cofnodi penderfyniad adran 47',
      schedule: 'Trefnu cynhadledd', conference: "Cofnodi'r gynhadledd", circulate: 'Rhannu cofnodion y gynhadledd',
      coreGroup: "Cofnodi cyfarfod o'r grŵp craidd", visit: 'Cofnodi ymweliad',
    },
    nameRequired: "Rhowch enw'r unigolyn", bornRequired: "Dewiswch a yw'r plentyn wedi'i eni",
    bothAgencies: "Rhowch pwy gymerodd ran o'r heddlu ac o'r gwasanaethau cymdeithasol: rhaid i'r ddau gymryd rhan mewn trafodaeth strategaeth",
    selectDecision: 'Dewiswch benderfyniad',
    initialDue: 'Yn ddyledus nawr: Cynhadledd amddiffyn plant gychwynnol', reviewDue: 'Yn ddyledus nawr: Cynhadledd adolygu amddiffyn plant',
    initialConference: 'Cynhadledd amddiffyn plant gychwynnol',
    arranged: "Cynhadledd amddiffyn plant gychwynnol wedi'i threfnu ar gyfer 24 Tachwedd 2026 am 10:00",
    decisionFor: `Penderfyniad ar gyfer ${FIRST}`, decisionForSecond: `Penderfyniad ar gyfer ${SECOND}`,
    iwan: 'Iwan Parry (Gweithiwr cymdeithasol ar ddyletswydd)',
    registration: { categories: 'Categorïau Cam-drin corfforol, Esgeulustod', coordinator: 'Cydlynydd Iwan Parry', review: 'Cynhadledd adolygu nesaf Erbyn diwedd Dydd Mercher, 24 Chwefror 2027' },
    clock: {
      firstCoreGroup: 'Cyfarfod cyntaf y grŵp craidd (10 diwrnod gwaith)', firstReview: 'Cynhadledd adolygu gyntaf (3 mis)', nextReview: 'Cynhadledd adolygu nesaf (6 mis)',
      met: "Wedi'i bodloni", coreGroupStopped: "Daeth i ben 1 Rhagfyr 2026: cyfarfu'r grŵp craidd", reviewStopped: 'Daeth i ben 23 Chwefror 2027: cynhaliwyd y gynhadledd adolygu',
      nextReviewDue: 'Erbyn diwedd Dydd Llun, 23 Awst 2027',
    },
    afterReview: { categories: 'Categorïau Esgeulustod', review: 'Cynhadledd adolygu nesaf Erbyn diwedd Dydd Llun, 23 Awst 2027' },
    tray: 'Hambwrdd gwaith', trayWeek: "I'w gwneud o fewn y 7 diwrnod nesaf", trayDue: 'Dydd Mawrth, 8 Rhagfyr 2026',
    register: 'Y Gofrestr Amddiffyn Plant', registerRow: `${FIRST} Dewis Cymraeg 9 Mai 2016 Cam-drin corfforol, Esgeulustod 24 Tachwedd 2026 Iwan Parry Dydd Mercher, 24 Chwefror 2027`,
    chronology: 'Cronoleg', householdChronology: 'Cronoleg yr aelwyd',
    events: [
      `Ychwanegwyd ${SECOND} fel plentyn arall yn yr aelwyd hon`,
      'Penderfyniad ar y camau nesaf: Trafodaeth strategaeth (achos rhesymol dros amau niwed sylweddol).',
      'Cynhaliwyd cyfarfod strategaeth (yn bresennol: Gwasanaethau cymdeithasol, Yr heddlu). Bydd ymholiadau adran 47 yn cael eu gwneud.',
      "Dechreuwyd ymholiadau adran 47: Ar y cyd (gwasanaethau cymdeithasol a'r heddlu)",
      "Daeth ymholiadau adran 47 i ben. Penderfyniad 3: mae'r pryderon wedi'u cyfiawnhau ac mae'r plentyn yn wynebu risg barhaus (mae angen cynhadledd)",
      "Cynhadledd amddiffyn plant gychwynnol wedi'i threfnu ar gyfer 24 Tachwedd 2026",
      "Cynhadledd amddiffyn plant gychwynnol wedi'i chynnal (yn bresennol: Gwasanaethau cymdeithasol, Yr heddlu, Iechyd, Addysg, Teulu). Roedd cworwm yn y gynhadledd.",
      'Rhoddwyd ar y Gofrestr Amddiffyn Plant: Cam-drin corfforol, Esgeulustod. Adolygiad cyntaf erbyn 24 Chwefror 2027',
      "Rhannwyd penderfyniadau'r gynhadledd a'r cynllun amlinellol",
      "Cyfarfu'r grŵp craidd (yn bresennol: Gwasanaethau cymdeithasol, Addysg, Teulu)",
      "Ymweliad: Gartref. Fe'i gwelwyd ar ei ben ei hun. Gwelwyd yr ystafell wely.",
      "Cynhadledd adolygu amddiffyn plant wedi'i chynnal (yn bresennol: Gwasanaethau cymdeithasol, Yr heddlu, Addysg, Teulu). Roedd cworwm yn y gynhadledd.",
      'Yn aros ar y gofrestr: Esgeulustod. Adolygiad nesaf erbyn 23 Awst 2027',
    ],
    notRegistered: `${SECOND} Penderfynodd y gynhadledd beidio â chofrestru'r plentyn`,
  },
} as const;
type Words = (typeof TEXT)[Locale];
type Tab = Visit<Words>;

const ctx = { requestId: 'family-e2e', ip: null };
const tally = new AxeTally();
let browser: Browser;

/** The text a person reads in a part of the page, whitespace folded. */
/** A link under "What you can do next" (or anywhere in the main content) to a step, and its page. */
async function openStep(v: Tab, title: string, label: string): Promise<void> {
  await v.press(v.main.getByRole('link', { name: title, exact: true }), label);
  assert.equal(await textOf(v.main.locator('h1')), title, `${label}: heading`);
}

/** A clock in the case page's timeline: its row, by the clock's name. */
function clockRow(v: Tab, name: string): Locator {
  return v.main.locator('.govuk-summary-list__row', { has: v.page.locator('.govuk-summary-list__key', { hasText: name }) });
}

function caseIdOf(v: Tab): string {
  const id = /^\/cases\/([0-9a-f-]{36})$/.exec(v.path)?.[1];
  assert.ok(id, `a case page: ${v.path}`);
  return id;
}

/** The service clock moves on; sessions from before are idle by then, so each person signs in again. */
async function at(harness: Harness, iso: string, ...people: [Tab, string][]): Promise<void> {
  harness.clock.set(new Date(iso));
  for (const [v, email] of people) await v.signIn(email);
}

/** A teacher raises the concern and the school's DSP reports it (through the services): the report's id and reference. */
async function reported(harness: Harness): Promise<{ reportId: string; reference: string }> {
  const caller = async (email: string) => toCaller((await findUserByEmail(harness.handle.db, email))!);
  const concern = await harness.services.concerns.raise(
    await caller('athro@glanymor.example'),
    {
      subjectKind: 'child', fullName: FIRST, birthKnowledge: 'date_of_birth', dateOfBirth: '2016-05-09', address: '7 Lôn y Capel, Tref Fynydd',
      firstLanguage: 'Welsh', welshPreferred: 'yes', account: 'Tomos had a burn mark on his hand and flinched when his teacher reached for his book.',
      harmCategories: ['physical', 'neglect'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
    },
    ctx,
  );
  const { reportId } = await harness.services.concerns.reportToLocalAuthority(
    await caller('dsp@glanymor.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx,
  );
  return { reportId, reference: concern.reference };
}

async function family(locale: Locale): Promise<void> {
  const harness = await startHarness('pglite', undefined, E2E_HARNESS);
  const contexts: BrowserContext[] = [];
  try {
    const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
    /** A person at their own computer: a browser of their own, switched to Welsh with the header link in the Welsh run. */
    const person = async (email: string): Promise<Tab> => {
      const context = await browser.newContext();
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const v = new Visit(await context.newPage(), true, site);
      if (locale === 'cy') {
        await v.goto('/sign-in', 'sign in');
        await v.switchToWelsh();
      }
      await v.signIn(email);
      return v;
    };

    // 1. Tuesday 17 November 2026: the school reports a concern about Tomos.
    const { reportId, reference } = await reported(harness);
    harness.clock.set(new Date('2026-11-17T10:30:00Z'));
    const duty = await person('duty@sirfynydd.example');
    const chair = await person('chair@sirfynydd.example');
    const t = duty.t;

    // 2. The duty social worker decides on the report: a strategy discussion, no crime suspected.
    await duty.goto('/reports', 'incoming reports');
    assert.equal(await textOf(duty.main.locator('h1')), t.incoming);
    await duty.press(duty.main.getByRole('link', { name: reference }), 'incoming report');
    await duty.choose('decision', 'strategy_discussion');
    await duty.choose('crimeSuspected', 'no');
    await duty.main.locator('#rationale').fill('A burn and flinching at an adult reaching out: reasonable cause to suspect significant harm.');
    await duty.submit('incoming report (decided)');
    await expectAll(duty.main, [t.decided], 'the decision is recorded');
    await duty.press(duty.main.getByRole('link', { name: t.openCase }), 'case of the first child');
    assert.equal(duty.path, `/cases/${reportId}`);
    await expectAll(duty.main, [`${FIRST} ${t.prefersWelsh}`, t.stage.strategy], 'the first child is waiting for a strategy discussion');

    // The second child of the household: a case of their own, after the empty form once.
    await duty.press(duty.main.getByRole('button', { name: t.addChild }), 'add a child');
    await duty.submit('add a child, empty');
    await duty.expectErrors('add a child, empty', 'fullName', 'born');
    await expectAll(duty.page.locator('.govuk-error-summary'), [t.nameRequired, t.bornRequired], 'add a child, empty');
    await duty.main.locator('#fullName').fill(SECOND);
    await duty.choose('born', 'yes');
    await duty.fillDate('dateOfBirth', '2020-02-11');
    await duty.checkPage('add a child (date of birth revealed)');
    await duty.submit('case of the second child');
    const secondId = caseIdOf(duty);
    assert.notEqual(secondId, reportId);
    await expectAll(duty.main, [SECOND, t.household, FIRST], 'the second child has a case in the same household');
    await openStep(duty, t.step.decision, 'decision for the second child');
    assert.equal(duty.path, `/cases/${secondId}/steps/record-decision`, 'the second child\'s decision is a step of their own case');
    await duty.choose('decision', 'strategy_discussion');
    await duty.choose('crimeSuspected', 'no');
    await duty.main.locator('#rationale').fill('Lives in the same home as Tomos; the same adults care for her.');
    await duty.submit('case of the second child (decided)');
    assert.equal(duty.path, `/cases/${secondId}`);
    await expectAll(duty.main, [t.stage.strategy], 'the second child is waiting for a strategy discussion');

    // 3. One strategy meeting for both children, each recorded on their own case; then determination 3 for each.
    for (const [id, name] of [[reportId, FIRST], [secondId, SECOND]] as const) {
      await duty.goto(`/cases/${id}`, `case of ${name}`);
      await openStep(duty, t.step.strategy, `strategy discussion for ${name}`);
      await duty.fillDateTime('heldAt', '2026-11-17', '10:15');
      await duty.choose('format', 'meeting');
      await duty.fillByAgency('attendees', { social_services: 'Nia Roberts' });
      await duty.choose('outcome', 'section47');
      await duty.choose('enquiry', 'joint');
      await duty.main.locator('#summary').fill('Joint enquiries agreed. The children stay with their aunt while they are made; the parents are told today.');
      if (id === reportId) {
        // Without the police, the meeting cannot be recorded: the GOV.UK error summary says why.
        await duty.submit('strategy discussion without the police');
        await duty.expectErrors('strategy discussion without the police', 'attendees');
        await expectAll(duty.page.locator('.govuk-error-summary'), [t.bothAgencies], 'strategy discussion without the police');
        assert.equal(await duty.main.locator('#attendees-social_services').inputValue(), 'Nia Roberts', 'the answers are kept');
      }
      await duty.fillByAgency('attendees', { police: 'DC Carys Bowen' });
      await duty.submit(`case of ${name} (strategy meeting recorded)`);
      assert.equal(duty.path, `/cases/${id}`);
      await openStep(duty, t.step.determination, `section 47 determination for ${name}`);
      await duty.choose('determination', '3');
      await duty.main.locator('#rationale').fill('The burn is not explained and the risk continues while the adult lives there.');
      await duty.submit(`case of ${name} (determination recorded)`);
      assert.equal(duty.path, `/cases/${id}`);
      await expectAll(duty.main, [t.stage.conference], `${name} is waiting for a conference`);
    }

    // 4. The chair arranges one initial conference for both children.
    await chair.goto(`/cases/${reportId}`, 'case of the first child (chair)');
    await openStep(chair, t.step.schedule, 'arrange a conference');
    await expectAll(chair.main, [t.initialDue], 'an initial conference is due');
    await chair.fillDateTime('scheduledFor', '2026-11-24', '10:00');
    await chair.fillByAgency('invitees', { social_services: 'Nia Roberts', police: 'DC Carys Bowen', health: 'Health visitor', education: 'Megan Jones', family: 'Mr and Mrs Bevan' });
    await chair.main.getByRole('checkbox', { name: SECOND, exact: true }).check();
    await chair.submit('case of the first child (conference arranged)');
    assert.equal(chair.path, `/cases/${reportId}`);

    // A week later the conference is held: one decision for each child.
    await at(harness, '2026-11-24T15:00:00Z', [chair, 'chair@sirfynydd.example']);
    await chair.goto(`/cases/${reportId}`, 'case of the first child (conference day)');
    await openStep(chair, t.step.conference, 'record the conference');
    await expectAll(chair.main, [t.initialDue, t.arranged, t.decisionFor, t.decisionForSecond], 'the conference considers both children');
    await chair.fillDateTime('heldAt', '2026-11-24', '10:00');
    await chair.fillByAgency('attendees', { social_services: 'Nia Roberts', police: 'DC Carys Bowen', health: 'Health visitor', education: 'Megan Jones', family: 'Mrs Bevan' });
    await chair.choose('reportsReceived', 'health');
    await chair.choose('reportsReceived', 'education');
    await chair.choose(`decision-${reportId}`, 'register');
    await chair.choose(`categories-${reportId}`, 'physical');
    await chair.choose(`categories-${reportId}`, 'neglect');
    await chair.main.locator(`#coordinatorId-${reportId}`).selectOption({ label: t.iwan });
    await chair.main.locator(`#coreGroup-${reportId}`).fill('Iwan Parry (social services); Megan Jones (school); Health visitor; Mrs Bevan');
    await chair.main.locator('#rationale').fill('Tomos is at continuing risk of physical harm and neglect. Mali has not been harmed and needs care and support.');
    await chair.checkPage('record the conference (registration questions revealed)');
    // Forgetting the second child's decision is shown against her, and nothing is saved.
    await chair.submit('record the conference, second child left out');
    await chair.expectErrors('record the conference, second child left out', `decision-${secondId}`);
    await expectAll(chair.page.locator('.govuk-error-summary'), [t.selectDecision], 'record the conference, second child left out');
    assert.equal(await chair.main.locator(`input[name="decision-${reportId}"][value="register"]`).isChecked(), true, 'the first child\'s decision is kept');
    await chair.choose(`decision-${secondId}`, 'do_not_register');
    await chair.submit('case of the first child (registered)');
    assert.equal(chair.path, `/cases/${reportId}`);
    await expectAll(chair.main, [t.stage.registered, t.registration.categories, t.registration.coordinator, t.registration.review], 'the first child is registered');
    await chair.press(chair.main.getByRole('link', { name: SECOND, exact: true }), 'case of the second child (not registered)');
    await expectAll(chair.main, [t.stage.part3], 'the second child is not registered');

    // 5. The chair circulates the records.
    await chair.goto(`/cases/${reportId}`, 'case of the first child (records to circulate)');
    await openStep(chair, t.step.circulate, 'circulate the records');
    await chair.main.getByRole('radio', { name: t.initialConference, exact: true }).check();
    await chair.fillDateTime('at', '2026-11-24', '14:00');
    await chair.submit('case of the first child (records circulated)');
    assert.equal(chair.path, `/cases/${reportId}`);

    // A week on, the duty social worker sees the first core group due in the work tray, then records it and a home visit.
    await at(harness, '2026-12-01T15:00:00Z', [duty, 'duty@sirfynydd.example']);
    await duty.goto('/work-tray', 'work tray');
    assert.equal(await textOf(duty.main.locator('h1')), t.tray);
    const trayRow = duty.main.locator('table[aria-labelledby="tray-week"] tr', { hasText: FIRST }).filter({ hasText: t.clock.firstCoreGroup });
    assert.equal(await trayRow.count(), 1, 'the work tray shows the first core group due this week');
    await expectAll(trayRow, [t.trayDue], 'the work tray says when the core group is due');
    assert.equal(await textOf(duty.main.locator('#tray-week')), `${t.trayWeek} (${await duty.main.locator('table[aria-labelledby="tray-week"] tbody tr').count()})`);
    await duty.press(trayRow.getByRole('link', { name: FIRST }), 'case of the first child (from the work tray)');
    assert.equal(duty.path, `/cases/${reportId}`);
    await openStep(duty, t.step.coreGroup, 'record the core group');
    await duty.fillDateTime('heldAt', '2026-12-01', '10:00');
    await duty.fillByAgency('attendees', { social_services: 'Iwan Parry', education: 'Megan Jones', family: 'Mrs Bevan' });
    await duty.main.locator('#summary').fill('The outline plan was turned into actions: school to report attendance and any marks daily.');
    await duty.submit('case of the first child (core group recorded)');
    await openStep(duty, t.step.visit, 'record a visit');
    await duty.fillDateTime('visitedAt', '2026-12-01', '11:00');
    await duty.choose('location', 'home');
    await duty.choose('bedroomSeen', 'yes');
    await duty.choose('seenAlone', 'yes');
    await duty.checkPage('record a visit (bedroom question revealed)');
    await duty.main.locator('#summary').fill('Tomos showed me his room and his drawings. He said his aunt makes his tea.');
    await duty.submit('case of the first child (visit recorded)');
    assert.equal(duty.path, `/cases/${reportId}`);
    await expectAll(clockRow(duty, t.clock.firstCoreGroup), [t.clock.met, t.clock.coreGroupStopped], 'the first core group met in time');
    await duty.goto('/register', 'register');
    await expectAll(duty.main.locator('h1'), [t.register], 'register heading');
    const registerRow = duty.main.locator('tbody tr', { hasText: FIRST });
    assert.equal(await registerRow.count(), 1, 'the register lists the first child');
    assert.equal(await textOf(registerRow), t.registerRow);
    assert.equal(await duty.main.locator('tbody tr', { hasText: SECOND }).count(), 0, 'the second child is not on the register');

    // 6. About three months on, the first review conference keeps Tomos on the register, under neglect alone.
    await at(harness, '2027-02-23T15:00:00Z', [chair, 'chair@sirfynydd.example']);
    await chair.goto(`/cases/${reportId}`, 'case of the first child (review day)');
    await openStep(chair, t.step.conference, 'record the review conference');
    await expectAll(chair.main, [t.reviewDue, t.decisionFor], 'a review conference is due');
    assert.equal(await chair.main.locator(`input[name="decision-${secondId}"]`).count(), 0, 'the review considers the registered child only');
    await chair.fillDateTime('heldAt', '2027-02-23', '10:00');
    await chair.fillByAgency('attendees', { social_services: 'Iwan Parry', police: 'DC Carys Bowen', education: 'Megan Jones', family: 'Mrs Bevan' });
    await chair.choose(`decision-${reportId}`, 'remain');
    await chair.choose(`categories-${reportId}`, 'neglect');
    await chair.checkPage('record the review conference (categories revealed)');
    await chair.main.locator('#rationale').fill('No new injuries since December; concerns about his care at home remain.');
    await chair.submit('case of the first child (reviewed)');
    assert.equal(chair.path, `/cases/${reportId}`);
    await expectAll(chair.main, [t.stage.registered, t.afterReview.categories, t.afterReview.review], 'the first child stays on the register');
    await expectAll(clockRow(chair, t.clock.firstReview), [t.clock.met, t.clock.reviewStopped], 'the first review was met');
    await expectAll(clockRow(chair, t.clock.nextReview), [t.clock.nextReviewDue], 'the next review is due six months later');

    // The chronology tells the story; the household's shows the second child's decision too.
    await chair.press(chair.main.getByRole('link', { name: t.chronology, exact: true }), 'chronology');
    assert.equal(chair.path, `/cases/${reportId}/chronology`);
    assert.equal(await textOf(chair.main.locator('h1')), t.chronology);
    await expectAll(chair.main.locator('table'), t.events, 'the chronology lists the events');
    await chair.goto(`/cases/${reportId}`, 'case of the first child (after the review)');
    await chair.press(chair.main.getByRole('link', { name: t.householdChronology, exact: true }), 'household chronology');
    assert.equal(chair.path, `/cases/${reportId}/household`);
    assert.equal(await textOf(chair.main.locator('h1')), t.householdChronology);
    await expectAll(chair.main.locator('table'), [t.notRegistered], 'the household chronology shows the second child');

    for (const v of [duty, chair]) assert.deepEqual(v.problems, [], 'no script errors or refused scripts');
  } finally {
    for (const c of contexts) await c.close();
    await harness.close();
  }
}

describe('a family in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    console.log(`# axe checked ${tally.byLocale.en} pages in English and ${tally.byLocale.cy} in Welsh (a form checked again once filled in counts twice)`);
  });

  for (const locale of ['en', 'cy'] as const) {
    it(`two children go from report to registration and first review (${locale === 'en' ? 'English' : 'Welsh'}, with axe checks)`, async () => {
      await family(locale);
    });
  }
});
