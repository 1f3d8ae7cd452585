import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { AxeTally, E2E_HARNESS, launchChromium, serve, Visit, type Locale, type Site, expectAll, textOf } from './support.js';

/**
 * One allegation about a practitioner (Section 5), in a real browser: the designated
 * officer records the notification (after the empty form once), adds a duty social worker,
 * holds the professional strategy discussion (the police must take part) and a strategy
 * meeting with its three tracks; the social worker links the child's case, keeps the
 * tracks up to date and records the DBS referral; the concluding meeting decides the
 * outcome; both referrals are made and the allegation closes. Every page is checked with
 * axe, once in English and once in Welsh.
 */
const SUBJECT = 'Gethin Hopkins';

/** What a person reads, in each language (written out here rather than read from the catalogues). */
const TEXT = {
  en: {
    problem: 'There is a problem', errorPrefix: 'Error:', signOut: 'Sign out',
    nav: 'Allegations', list: 'Allegations about practitioners', record: 'Record a notification', newTitle: 'Record a notification about a practitioner',
    nameRequired: 'Enter the name of the person the allegation is about', criteriaRequired: 'Select at least one threshold criterion',
    policeRequired: 'Enter who took part from the police: the police always take part in a professional strategy discussion',
    step: {
      addMember: 'Add someone to this allegation', linkCase: 'Link a case', discussion: 'Record the professional strategy discussion',
      meeting: 'Record a professional strategy meeting', track: 'Update a track', referral: 'Record a referral',
      concluding: 'Record the concluding meeting', referralMade: 'Record that a referral was made', close: 'Close the allegation',
    },
    stage: { notified: 'Strategy discussion due', meetings: 'Strategy meetings', concluded: 'Outcome recorded', closed: 'Closed' },
    account: 'Has an account: they cannot see this allegation',
    tracks: 'Criminal investigation Concluded Employment and disciplinary process Concluded Child or adult protection Not needed',
    outcome: 'Outcome Substantiated Agreed by the group Yes',
    referrals: ['Disclosure and Barring Service (DBS) The employer', 'reference DBS-7781', 'Social Care Wales The designated officer', 'reference SCW-3004'],
    linked: 'Linked allegations about practitioners', linkedTo: `Allegation about ${SUBJECT}`,
    whoHasSeen: 'Who has seen this allegation', linkedByMember: 'Linked a case',
  },
  cy: {
    problem: 'Mae problem wedi codi', errorPrefix: 'Gwall:', signOut: 'Allgofnodi',
    nav: 'Honiadau', list: 'Honiadau am ymarferwyr', record: 'Cofnodi hysbysiad', newTitle: 'Cofnodi hysbysiad am ymarferydd',
    nameRequired: "Rhowch enw'r unigolyn y mae'r honiad amdano", criteriaRequired: 'Dewiswch o leiaf un maen prawf trothwy',
    policeRequired: "Rhowch pwy gymerodd ran o'r heddlu: mae'r heddlu bob amser yn cymryd rhan mewn trafodaeth strategaeth broffesiynol",
    step: {
      addMember: 'Ychwanegu rhywun at yr honiad hwn', linkCase: 'Cysylltu achos', discussion: "Cofnodi'r drafodaeth strategaeth broffesiynol",
      meeting: 'Cofnodi cyfarfod strategaeth proffesiynol', track: 'Diweddaru llwybr', referral: 'Cofnodi atgyfeiriad',
      concluding: "Cofnodi'r cyfarfod strategaeth terfynol", referralMade: "Cofnodi bod atgyfeiriad wedi'i wneud", close: "Cau'r honiad",
    },
    stage: { notified: 'Trafodaeth strategaeth yn ddyledus', meetings: 'Cyfarfodydd strategaeth', concluded: "Canlyniad wedi'i gofnodi", closed: 'Wedi cau' },
    account: 'Mae ganddynt gyfrif: ni allant weld yr honiad hwn',
    tracks: 'Ymchwiliad troseddol Wedi dod i ben Proses cyflogaeth a disgyblu Wedi dod i ben Amddiffyn plant neu oedolion Dim angen',
    outcome: "Canlyniad Wedi'i gadarnhau Cytunwyd gan y grŵp Do",
    referrals: ['Y Gwasanaeth Datgelu a Gwahardd (GDG) Y cyflogwr', 'cyfeirnod DBS-7781', 'Gofal Cymdeithasol Cymru Y Swyddog Diogelu Penodedig', 'cyfeirnod SCW-3004'],
    linked: 'Honiadau cysylltiedig am ymarferwyr', linkedTo: `Honiad am ${SUBJECT}`,
    whoHasSeen: "Pwy sydd wedi gweld yr honiad hwn", linkedByMember: 'Cysylltu achos',
  },
} as const;
type Words = (typeof TEXT)[Locale];
type Tab = Visit<Words>;

const tally = new AxeTally();
let browser: Browser;

/** A link under "What you can do next" to a step, and its page. */
async function openStep(v: Tab, title: string, label: string): Promise<void> {
  await v.press(v.main.getByRole('link', { name: title, exact: true }), label);
  assert.equal(await textOf(v.main.locator('h1')), title, `${label}: heading`);
}

async function at(harness: Harness, iso: string, ...people: [Tab, string][]): Promise<void> {
  harness.clock.set(new Date(iso));
  for (const [v, email] of people) await v.signIn(email);
}

async function allegation(locale: Locale): Promise<void> {
  const harness = await startHarness('pglite', undefined, E2E_HARNESS);
  const contexts: BrowserContext[] = [];
  try {
    const site: Site<Words> = { baseUrl: await serve(harness), text: TEXT, tally };
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
    const lead = await person('dos@sirfynydd.example');
    const t = lead.t;

    // 1. The designated officer is told on Tuesday morning about a teacher; the empty form first.
    await lead.press(lead.page.locator('.govuk-service-navigation').getByRole('link', { name: t.nav, exact: true }), 'allegations');
    assert.equal(await textOf(lead.main.locator('h1')), t.list);
    await lead.press(lead.main.getByRole('button', { name: t.record }), 'record a notification');
    assert.equal(await textOf(lead.main.locator('h1')), t.newTitle);
    await lead.submit('record a notification, empty');
    await lead.expectErrors('record a notification, empty', 'subjectName', 'criteria', 'concernAroseAt', 'notifiedAt');
    await expectAll(lead.page.locator('.govuk-error-summary'), [t.nameRequired, t.criteriaRequired], 'record a notification, empty');
    await lead.main.locator('#subjectName').fill(SUBJECT);
    await lead.main.locator('#subjectRole').fill('PE teacher');
    await lead.main.locator('#employer').fill('Ysgol Glan y Môr');
    await lead.choose('employmentType', 'employee');
    await lead.main.locator('#subjectEmail').fill('athro@glanymor.example');
    await lead.choose('context', 'work');
    await lead.choose('criteria', 'harm');
    await lead.choose('criteria', 'unsuitable');
    await lead.fillDateTime('concernAroseAt', '2026-11-16', '15:30');
    await lead.main.locator('#raisedBy').fill('Rhys Williams, designated safeguarding person, Ysgol Glan y Môr');
    await lead.fillDateTime('notifiedAt', '2026-11-17', '09:00');
    await lead.main.locator('#summary').fill('A pupil says the teacher pushed him against a wall in the changing room.');
    await lead.submit('allegation (notified)');
    const id = /^\/allegations\/([0-9a-f-]{36})$/.exec(lead.path)?.[1];
    assert.ok(id, lead.path);
    await expectAll(lead.main, [SUBJECT, t.stage.notified, t.account], 'the allegation is recorded');

    // 2. A duty social worker is added; the discussion needs the police, then finds the threshold met.
    await openStep(lead, t.step.addMember, 'add someone');
    await lead.main.locator('#email').fill('social.worker@sirfynydd.example');
    await lead.submit('allegation (member added)');
    await openStep(lead, t.step.discussion, 'strategy discussion');
    await lead.fillDateTime('heldAt', '2026-11-17', '09:30');
    await lead.fillByAgency('attendees', { employer: 'Headteacher' });
    await lead.choose('thresholdMet', 'no');
    await lead.checkPage('strategy discussion (employee record question revealed)');
    await lead.choose('thresholdMet', 'yes');
    await lead.main.locator('#interimSafeguards').fill('No teaching of PE or contact with the pupil while enquiries continue.');
    await lead.main.locator('#summary').fill('Threshold met: criteria 1 and 3. A strategy meeting follows this morning.');
    await lead.submit('strategy discussion without the police');
    await lead.expectErrors('strategy discussion without the police', 'attendees');
    await expectAll(lead.page.locator('.govuk-error-summary'), [t.policeRequired], 'strategy discussion without the police');
    assert.equal(await lead.main.locator('#attendees-employer').inputValue(), 'Headteacher', 'the answers are kept');
    await lead.fillByAgency('attendees', { police: 'DC Carys Bowen' });
    await lead.submit('allegation (discussion recorded)');
    await expectAll(lead.main, [t.stage.meetings], 'the threshold is met');
    await openStep(lead, t.step.meeting, 'strategy meeting');
    await lead.fillDateTime('heldAt', '2026-11-17', '09:50');
    await lead.fillByAgency('attendees', { police: 'DC Carys Bowen', employer: 'Headteacher', social_services: 'Iwan Parry' });
    await lead.choose('criminal', 'open');
    await lead.choose('disciplinary', 'open');
    await lead.choose('protection', 'not_needed');
    await lead.fillDate('nextMeetingOn', '2026-12-01');
    await lead.main.locator('#summary').fill('Police to interview the pupil and witnesses; the school suspends the teacher on full pay.');
    await lead.submit('allegation (meeting recorded)');
    assert.equal(lead.path, `/allegations/${id}`);

    // 3. The social worker links the child's case and keeps the tracks up to date.
    const member = await person('social.worker@sirfynydd.example');
    await member.press(member.page.locator('.govuk-service-navigation').getByRole('link', { name: t.nav, exact: true }), 'allegations (member)');
    await member.press(member.main.getByRole('link', { name: SUBJECT, exact: true }), 'allegation (member)');
    await openStep(member, t.step.linkCase, 'link a case');
    await member.main.locator('#caseId').selectOption({ index: 1 });
    await member.submit('allegation (case linked)');
    const caseLink = member.main.locator('a[href^="/cases/"]').first();
    await member.press(caseLink, 'linked case');
    await expectAll(member.main, [t.linked, t.linkedTo], 'the case shows the linked allegation to the member');
    await member.press(member.main.getByRole('link', { name: t.linkedTo }), 'allegation (from the case)');
    for (const [track, summary] of [['criminal', 'The police will take no further action.'], ['disciplinary', 'Dismissed after a disciplinary hearing.']] as const) {
      await openStep(member, t.step.track, `update the ${track} track`);
      await member.choose('track', track);
      await member.choose('status', 'concluded');
      await member.main.locator('#summary').fill(summary);
      await member.submit(`allegation (${track} track concluded)`);
    }
    await openStep(member, t.step.referral, 'record the DBS referral');
    await member.choose('body', 'dbs');
    await member.choose('responsible', 'employer');
    await member.main.locator('#reason').fill('Dismissed because of harm to a pupil.');
    await member.submit('allegation (DBS referral recorded)');
    await expectAll(member.main, [t.tracks], 'the tracks are concluded');

    // 4. Two weeks on, the concluding meeting decides; the regulator's referral is recorded too.
    await at(harness, '2026-11-30T11:00:00Z', [lead, 'dos@sirfynydd.example'], [member, 'social.worker@sirfynydd.example']);
    await lead.goto(`/allegations/${id}`, 'allegation (concluding meeting day)');
    await openStep(lead, t.step.concluding, 'concluding meeting');
    await lead.fillDateTime('heldAt', '2026-11-30', '10:00');
    await lead.fillByAgency('attendees', { police: 'DC Carys Bowen', employer: 'Headteacher' });
    await lead.choose('outcome', 'substantiated');
    await lead.choose('consensus', 'yes');
    await lead.main.locator('#rationale').fill('The pupil, two witnesses and the changing-room camera agree.');
    await lead.submit('allegation (outcome recorded)');
    await expectAll(lead.main, [t.stage.concluded, t.outcome], 'the outcome is recorded');
    await openStep(lead, t.step.referral, 'record the Social Care Wales referral');
    await lead.choose('body', 'other_regulator');
    await lead.checkPage('record a referral (regulator name revealed)');
    await lead.choose('body', 'social_care_wales');
    await lead.choose('responsible', 'designated_officer');
    await lead.main.locator('#reason').fill('Also registered as a social care worker for weekend shifts.');
    await lead.submit('allegation (Social Care Wales referral recorded)');

    // 5. Both referrals are made, and the allegation closes.
    for (const reference of ['DBS-7781', 'SCW-3004']) {
      await member.goto(`/allegations/${id}`, 'allegation (referrals to make)');
      await openStep(member, t.step.referralMade, `referral ${reference} made`);
      await member.main.locator('input[name="referralId"]').first().check();
      await member.fillDate('completedOn', '2026-11-30');
      await member.main.locator('#reference').fill(reference);
      await member.submit(`allegation (referral ${reference} made)`);
    }
    await lead.goto(`/allegations/${id}`, 'allegation (ready to close)');
    await openStep(lead, t.step.close, 'close the allegation');
    await lead.main.locator('#rationale').fill('Substantiated; the teacher was dismissed and both referrals were made.');
    await lead.submit('allegation (closed)');
    await expectAll(lead.main, [t.stage.closed, t.outcome, ...t.referrals], 'the allegation is closed');
    await lead.press(lead.main.getByRole('link', { name: t.whoHasSeen }), 'who has seen it');
    await expectAll(lead.main, [t.linkedByMember], 'who has seen it lists the member linking the case');

    for (const v of [lead, member]) assert.deepEqual(v.problems, [], 'no script errors or refused scripts');
  } finally {
    for (const c of contexts) await c.close();
    await harness.close();
  }
}

describe('an allegation about a practitioner in a browser', () => {
  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    console.log(`# axe checked ${tally.byLocale.en} pages in English and ${tally.byLocale.cy} in Welsh`);
  });

  for (const locale of ['en', 'cy'] as const) {
    it(`goes from notification to outcome, referrals and closure (${locale === 'en' ? 'English' : 'Welsh'}, with axe checks)`, async () => {
      await allegation(locale);
    });
  }
});
