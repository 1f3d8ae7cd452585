import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { AxeTally, E2E_HARNESS, launchChromium, people, serve, Visit, type Locale, type Site, expectAll, textOf } from './support.js';

/**
 * Who can see a case, in a real browser: the team manager adds a conference member from
 * another authority (after the empty form once), restricts the demo family's second child's
 * case (after too short a reason), hides his address and lets the allocated worker see it;
 * the conference member reads the case and is told they may only read it; the duty social
 * worker, now outside the restricted case, finds "Page not found" with its offer of
 * emergency access, gives a reason (after none) and reads the case for an hour; the team
 * manager sees that on the work tray and in the subject access report; the teacher on the
 * core group finds the one case she is on. Every page is checked with axe, in English and
 * in Welsh, and the whole walk is made once more with JavaScript off.
 */
const CHILD = 'Dylan Jenkins';
const SISTER = 'Cerys Jenkins';
const REASON = 'The police have brought Dylan to the out-of-hours office and need his plan.';

/** What a person reads, in each language (written out here rather than read from the catalogues). */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    whoCanSee: 'Who can see this case',
    add: 'Add to this case', added: 'The person has been added to this case.', emailRequired: 'Enter their email address', relationshipRequired: 'Select how they are involved',
    member: 'Ffion Jenkins', conferenceMember: 'Conference member',
    restrict: 'Restrict this case', tooShort: 'Enter a reason of at least 10 characters', restricted: 'The case is now restricted.', restrictedTag: 'Restricted',
    hide: 'Hide the address', hidden: 'The address is now hidden.', letSee: 'Let them see the address', readerAdded: 'The person can now see the address.',
    readOnly: 'You are a conference member for this case. You can read it but not change it.', addressHidden: 'Hidden',
    notFound: 'Page not found', requestEmergency: 'Request emergency access to this case', emergencyTitle: 'Request emergency access',
    reasonRequired: 'Enter why you need to see this case now',
    emergencyUntil: 'You are using emergency access to this case until 17 November 2026 at 11:00.',
    trayEmergency: 'Emergency access to your cases (1)', trayRow: `17 November 2026 at 10:00 ${CHILD} Nia Roberts Sir Fynydd County Council ${REASON} 17 November 2026 at 11:00`,
    sarLink: 'Subject access report', sarTitle: `Who has seen the records about ${CHILD}`, sarRow: `Sir Fynydd County Council Duty social worker Used emergency access Case Allowed ${REASON}`,
    cases: 'Cases', coreGroup: 'You are a core group member for this case. You can read it but not change it.',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    whoCanSee: "Pwy sy'n gallu gweld yr achos hwn",
    add: 'Ychwanegu at yr achos hwn', added: "Mae'r unigolyn wedi'i ychwanegu at yr achos hwn.", emailRequired: 'Rhowch eu cyfeiriad e-bost', relationshipRequired: "Dewiswch sut maen nhw'n rhan o'r achos",
    member: 'Ffion Jenkins', conferenceMember: "Aelod o'r gynhadledd",
    restrict: "Cyfyngu'r achos hwn", tooShort: 'Rhowch reswm sydd o leiaf 10 nod o hyd', restricted: "Mae'r achos bellach yn gyfyngedig.", restrictedTag: 'Cyfyngedig',
    hide: "Cuddio'r cyfeiriad", hidden: "Mae'r cyfeiriad bellach wedi'i guddio.", letSee: 'Gadael iddyn nhw weld y cyfeiriad', readerAdded: "Mae'r unigolyn bellach yn gallu gweld y cyfeiriad.",
    readOnly: "Rydych chi'n aelod o'r gynhadledd ar gyfer yr achos hwn. Gallwch ei ddarllen ond nid ei newid.", addressHidden: "Wedi'i guddio",
    notFound: "Heb ddod o hyd i'r dudalen", requestEmergency: "Gofyn am fynediad brys i'r achos hwn", emergencyTitle: 'Gofyn am fynediad brys',
    reasonRequired: 'Rhowch pam mae angen i chi weld yr achos hwn nawr',
    emergencyUntil: "Rydych chi'n defnyddio mynediad brys i'r achos hwn tan 17 Tachwedd 2026 am 11:00.",
    trayEmergency: "Mynediad brys i'ch achosion (1)", trayRow: `17 Tachwedd 2026 am 10:00 ${CHILD} Nia Roberts Cyngor Sir Fynydd ${REASON} 17 Tachwedd 2026 am 11:00`,
    sarLink: 'Adroddiad Cais Gwrthrych am Wybodaeth', sarTitle: `Pwy sydd wedi gweld y cofnodion am ${CHILD}`, sarRow: `Cyngor Sir Fynydd Gweithiwr cymdeithasol ar ddyletswydd Defnyddiodd fynediad brys Achos Caniatawyd ${REASON}`,
    cases: 'Achosion', coreGroup: "Rydych chi'n aelod o'r grŵp craidd ar gyfer yr achos hwn. Gallwch ei ddarllen ond nid ei newid.",
  },
} as const;
type Words = (typeof TEXT)[Locale];
type Tab = Visit<Words>;

const tally = new AxeTally();
let browser: Browser;

async function caseOf(harness: Harness, fullName: string): Promise<string> {
  const row = await harness.handle.db.selectFrom('cases as k').innerJoin('people as p', 'p.id', 'k.person_id').select('k.id').where('p.full_name', '=', fullName).executeTakeFirstOrThrow();
  return row.id;
}

/** A button on the access page (it has a form per change), and the page it loads. */
async function pressButton(v: Tab, name: string, label: string): Promise<void> {
  await v.press(v.main.getByRole('button', { name, exact: true }), label);
}

async function walk(locale: Locale, js: boolean): Promise<void> {
  const harness = await startHarness('pglite', undefined, E2E_HARNESS);
  const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
  const browsers = people(browser, site, locale, js);
  try {
    const person = (email: string): Promise<Tab> => browsers.signIn(email);
    const dylan = await caseOf(harness, CHILD);
    const cerys = await caseOf(harness, SISTER);
    const manager = await person('manager@sirfynydd.example');
    const t = manager.t;

    // 1. The team manager opens who can see the case and adds a conference member from Caerwen.
    await manager.goto(`/cases/${dylan}`, 'case');
    await manager.press(manager.main.getByRole('link', { name: t.whoCanSee, exact: true }), 'who can see this case');
    assert.equal(manager.path, `/cases/${dylan}/access`);
    await pressButton(manager, t.add, 'add a member, empty');
    await manager.expectErrors('add a member, empty', 'memberEmail', 'relationship');
    await expectAll(manager.page.locator('.govuk-error-summary'), [t.emailRequired, t.relationshipRequired], 'add a member, empty');
    await manager.main.locator('#memberEmail').fill('duty@caerwen.example');
    await manager.choose('relationship', 'conference_member');
    await pressButton(manager, t.add, 'member added');
    await expectAll(manager.main, [t.added, t.member, t.conferenceMember], 'the member is listed');

    // 2. The case is restricted (after too short a reason), the address hidden and shown to the allocated worker.
    await manager.main.locator('#restrictionReason').fill('Family');
    await pressButton(manager, t.restrict, 'restrict, too short');
    await manager.expectErrors('restrict, too short', 'restrictionReason');
    await expectAll(manager.page.locator('.govuk-error-summary'), [t.tooShort], 'restrict, too short');
    assert.equal(await manager.main.locator('#restrictionReason').inputValue(), 'Family', 'the answer is kept');
    await manager.main.locator('#restrictionReason').fill("The children's aunt works in the duty team.");
    await pressButton(manager, t.restrict, 'restricted');
    await expectAll(manager.main, [t.restricted, t.restrictedTag], 'the case is restricted');
    await manager.main.locator('#labelReason').fill('The family has moved to a refuge.');
    await pressButton(manager, t.hide, 'address hidden');
    await expectAll(manager.main, [t.hidden], 'the address is hidden');
    await manager.main.locator('#readerEmail').fill('social.worker@sirfynydd.example');
    await pressButton(manager, t.letSee, 'reader added');
    await expectAll(manager.main, [t.readerAdded, 'Iwan Parry'], 'the allocated worker can see the address');

    // 3. The conference member reads the case, is told so, and does not see the address.
    const member = await person('duty@caerwen.example');
    await member.goto(`/cases/${dylan}`, 'case (conference member)');
    await expectAll(member.main, [CHILD, member.t.readOnly, member.t.addressHidden], 'the member may only read');
    assert.equal(await member.main.locator('a[href*="/steps/"]').count(), 0, 'no steps offered');
    assert.ok(!(await member.page.content()).includes('Stryd y Bont'), 'the address is not in the page');

    // 4. The duty social worker is outside the restricted case: "Page not found", with the offer of emergency access.
    const duty = await person('duty@sirfynydd.example');
    await duty.goto(`/cases/${dylan}`, 'restricted case (not found)', 404);
    assert.equal(await textOf(duty.main.locator('h1')), duty.t.notFound);
    await duty.press(duty.main.getByRole('link', { name: duty.t.requestEmergency, exact: true }), 'request emergency access');
    assert.equal(duty.path, `/cases/${dylan}/emergency-access`);
    assert.equal(await textOf(duty.main.locator('h1')), duty.t.emergencyTitle);
    await duty.submit('emergency access, no reason');
    await duty.expectErrors('emergency access, no reason', 'reason');
    await expectAll(duty.page.locator('.govuk-error-summary'), [duty.t.reasonRequired], 'emergency access, no reason');
    await duty.main.locator('#reason').fill(REASON);
    await duty.submit('case (emergency access)');
    assert.equal(duty.path, `/cases/${dylan}`);
    await expectAll(duty.main, [CHILD, duty.t.emergencyUntil, REASON], 'the case says until when');
    assert.equal(await duty.main.locator('a[href*="/steps/"]').count(), 0, 'read only');

    // 5. The team manager is told on the work tray, and the subject access report lists it by role and organisation.
    await manager.goto('/work-tray', 'work tray');
    await expectAll(manager.main.locator('#tray-emergency'), [t.trayEmergency], 'the work tray counts it');
    const row = manager.main.locator('table[aria-labelledby="tray-emergency"] tbody tr', { hasText: CHILD });
    assert.equal(await row.count(), 1);
    assert.equal(await textOf(row), t.trayRow);
    await manager.goto(`/cases/${dylan}/access`, 'who can see this case (emergency access used)');
    await manager.press(manager.main.getByRole('link', { name: t.sarLink, exact: true }), 'subject access report');
    assert.equal(await textOf(manager.main.locator('h1')), t.sarTitle);
    await expectAll(manager.main.locator('table'), [t.sarRow], 'the report lists the emergency access');
    assert.ok(!(await textOf(manager.main)).includes('Nia Roberts'), 'no member of staff is named');

    // 6. The teacher on the sister's core group has a Cases area with that one case.
    const teacher = await person('athro@glanymor.example');
    await teacher.press(teacher.page.locator('.govuk-service-navigation').getByRole('link', { name: teacher.t.cases, exact: true }), 'cases (teacher)');
    assert.equal(await teacher.main.locator('tbody tr').count(), 1, 'one case');
    await teacher.press(teacher.main.getByRole('link', { name: SISTER, exact: true }), 'case (core group)');
    assert.equal(teacher.path, `/cases/${cerys}`);
    await expectAll(teacher.main, [teacher.t.coreGroup], 'the teacher may only read');

    for (const v of [manager, member, duty, teacher]) assert.deepEqual(v.problems, [], 'no script errors or refused scripts');
  } finally {
    await browsers.close();
    await harness.close();
  }
}

describe('who can see a case, in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    console.log(`# axe checked ${tally.byLocale.en} pages in English and ${tally.byLocale.cy} in Welsh`);
  });

  for (const [locale, js] of [['en', true], ['cy', true], ['en', false]] as const) {
    it(`restricts a case, hides an address, gives emergency access and reports it (${locale === 'en' ? 'English' : 'Welsh'}, ${js ? 'with axe checks' : 'JavaScript off'})`, async () => {
      await walk(locale, js);
    });
  }
});
