import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ENGINES } from '../support/db.js';
import { Client, DEFAULT_NOW, pageText, startHarness, type Harness, type Response } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { CHILD_CASE_COMMAND_TYPES } from '../../src/domain/cases/child-protection.commands.js';
import { CHILD_STAGES } from '../../src/domain/cases/vocabulary.js';
import { CATALOGUES } from '../../src/web/i18n/i18n.js';
import { londonDateTimeToIso, stepMessageKeys, stepOfSlug, slugOf } from '../../src/web/forms/case-forms.js';

const ctx = { requestId: 'case-pages-test', ip: null };

/** Form fields of a date-and-time question: London wall-clock time, as a person types it. */
function when(name: string, date: string, time: string): Record<string, string> {
  const [year, month, day] = date.split('-') as [string, string, string];
  const [hour, minute] = time.split(':') as [string, string];
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year, [`${name}-hour`]: hour, [`${name}-minute`]: minute };
}

/** One box per agency: the names of who came from it. */
function people(name: string, byAgency: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(byAgency).map(([agency, names]) => [`${name}-${agency}`, names]));
}

function versionOn(page: Response): string {
  const m = /name="expectedVersion" value="(\d+)"/.exec(page.body);
  assert.ok(m, `a form with the case version: ${pageText(page.body).slice(0, 300)}`);
  return m[1]!;
}

/** Open a step's page, then send its form with the version the page was rendered from. */
async function takeStep(c: Client, caseId: string, slug: string, form: Record<string, string | string[]>): Promise<Response> {
  const page = await c.get(`/cases/${caseId}/steps/${slug}`);
  assert.equal(page.status, 200, `${slug}: ${pageText(page.body).slice(0, 600)}`);
  return c.post(`/cases/${caseId}/steps/${slug}`, { expectedVersion: versionOn(page), ...form });
}

async function expectSaved(res: Response, caseId: string): Promise<void> {
  assert.equal(res.status, 303, pageText(res.body).slice(0, 1200));
  assert.equal(res.headers.location, `/cases/${caseId}`);
}

/** The id of the radio or option whose label is this text. */
function optionValue(html: string, name: string, label: string): string {
  const radio = new RegExp(`name="${name}" type="radio" value="([^"]+)"[^>]*>\\s*<label[^>]*>\\s*${label}`).exec(html);
  const option = new RegExp(`<option value="([^"]+)"[^>]*>${label}`).exec(html);
  const found = radio?.[1] ?? option?.[1];
  assert.ok(found, `an option "${label}" for ${name}`);
  return found;
}

describe('case forms (pure)', () => {
  it('reads a date and time on a London clock, across the clock changes', () => {
    assert.equal(londonDateTimeToIso('2026-11-17', '10:00'), '2026-11-17T10:00:00.000Z');
    assert.equal(londonDateTimeToIso('2026-07-01', '14:30'), '2026-07-01T13:30:00.000Z');
    assert.equal(londonDateTimeToIso('2026-07-01', '0:05'), '2026-06-30T23:05:00.000Z');
    // 01:30 on 29 March 2026 never happened in London (clocks went from 01:00 to 02:00).
    assert.equal(londonDateTimeToIso('2026-03-29', '01:30'), null);
    assert.equal(londonDateTimeToIso('2026-03-29', '02:30'), '2026-03-29T01:30:00.000Z');
    // 01:30 on 25 October 2026 happened twice: the first, in summer time, is taken.
    assert.equal(londonDateTimeToIso('2026-10-25', '01:30'), '2026-10-25T00:30:00.000Z');
    assert.equal(londonDateTimeToIso('2026-10-25', '02:30'), '2026-10-25T02:30:00.000Z');
    assert.equal(londonDateTimeToIso('2026-02-31', '10:00'), null);
    assert.equal(londonDateTimeToIso('2026-11-17', '24:00'), null);
    assert.equal(londonDateTimeToIso('2026-11-17', '10:60'), null);
  });

  it('has a page for every step, with every title, label, hint and option in English and Welsh', () => {
    for (const type of CHILD_CASE_COMMAND_TYPES) {
      assert.equal(stepOfSlug(slugOf(type)), type);
      for (const key of stepMessageKeys(type)) {
        assert.ok(key in CATALOGUES.en && key in CATALOGUES.cy, `${type}: ${key}`);
      }
      assert.ok(`action.case.${type}` in CATALOGUES.en, `who-has-seen wording for ${type}`);
    }
    assert.equal(stepOfSlug('not-a-step'), undefined);
    for (const stage of CHILD_STAGES) assert.ok(`case.stage.${stage}` in CATALOGUES.en, stage);
  });

  it('has a sentence for every event a chronology shows', () => {
    const source = fs.readFileSync('src/domain/cases/child-protection.events.ts', 'utf8');
    const union = source.slice(source.indexOf('export type ChildCaseEvent ='), source.indexOf('export type ChildCaseEventType'));
    const types = [...union.matchAll(/type: '([A-Za-z0-9]+)'/g)].map((m) => m[1]!).filter((t) => !t.startsWith('Clock'));
    assert.ok(types.length > 30);
    for (const type of types) assert.ok(`chronology.${type}` in CATALOGUES.en && `chronology.${type}` in CATALOGUES.cy, type);
  });
});

for (const engine of ENGINES) {
  describe(`child case pages (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(async () => h?.close());

    async function callerFor(email: string) {
      return toCaller((await findUserByEmail(h.handle.db, email))!);
    }

    /** A teacher raises a concern about a child and the school's DSP reports it to Sir Fynydd: the report's id. */
    async function reportedChild(fullName: string, dateOfBirth = '2015-03-05'): Promise<string> {
      const concern = await h.services.concerns.raise(
        await callerFor('athro@glanymor.example'),
        {
          subjectKind: 'child', fullName, birthKnowledge: 'date_of_birth', dateOfBirth, address: '1 Stryd Fawr',
          firstLanguage: 'Welsh', welshPreferred: 'yes', account: 'Bruising on both arms; said he was scared to go home.',
          harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      const { reportId } = await h.services.concerns.reportToLocalAuthority(
        await callerFor('dsp@glanymor.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx,
      );
      return reportId;
    }

    async function signedIn(email: string, locale?: 'cy'): Promise<Client> {
      const c = new Client(h.app);
      if (locale) c.setLanguage(locale);
      assert.equal((await c.signIn(email)).status, 303);
      return c;
    }

    /** Move the service clock on; sessions from before are idle by then, so everyone signs in again. */
    async function at(iso: string, ...clients: [Client, string][]): Promise<void> {
      h.clock.set(new Date(iso));
      for (const [c, email] of clients) assert.equal((await c.signIn(email)).status, 303);
    }

    async function caseRow(id: string) {
      return h.handle.db.selectFrom('cases').select(['stage', 'version', 'registered', 'categories', 'coordinator_id']).where('id', '=', id).executeTakeFirstOrThrow();
    }

    /** A child whose report was decided (strategy discussion) and whose strategy discussion started joint section 47 enquiries. */
    async function childInEnquiries(duty: Client, fullName: string): Promise<string> {
      const id = await reportedChild(fullName);
      const report = await duty.get(`/reports/${id}`);
      assert.equal((await duty.post(`/reports/${id}/decision`, { expectedVersion: versionOn(report), decision: 'strategy_discussion', crimeSuspected: 'no', rationale: 'Unexplained bruising' })).status, 303);
      await expectSaved(await takeStep(duty, id, 'record-strategy-discussion', {
        ...when('heldAt', '2026-11-17', '10:00'), format: 'meeting', ...people('attendees', { social_services: 'Nia Roberts', police: 'DC Powell' }),
        outcome: 'section47', enquiry: 'joint', summary: 'Joint enquiries agreed.',
      }), id);
      return id;
    }

    it('takes two children of one household from the report to a review conference, each decided separately', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const chair = await signedIn('chair@sirfynydd.example');
      try {
        const caiId = await reportedChild('Cai Morgan');

        // The first child's decision is the report's: the case's own step sends you to the report.
        assert.equal((await duty.get(`/cases/${caiId}/steps/record-decision`)).headers.location, `/reports/${caiId}`);
        const direct = await duty.post(`/cases/${caiId}/steps/record-decision`, { expectedVersion: '0', decision: 'no_further_action', crimeSuspected: 'no', rationale: 'x' });
        assert.deepEqual([direct.status, direct.headers.location], [303, `/reports/${caiId}`]);
        assert.equal((await caseRow(caiId)).stage, 'received');

        // The decision on the report, with a suspected crime: the case gets a task to tell the police.
        const report = await duty.get(`/reports/${caiId}`);
        assert.match(pageText(report.body), /Is a crime suspected\? If yes, the child's case gets a task to discuss it with the police now\. Yes No/);
        assert.equal((await duty.post(`/reports/${caiId}/decision`, {
          expectedVersion: versionOn(report), decision: 'strategy_discussion', crimeSuspected: 'yes', rationale: 'Bruising and a disclosure of being hit',
        })).status, 303);
        const decided = await duty.get(`/reports/${caiId}`);
        assert.match(decided.body, new RegExp(`href="/cases/${caiId}">Go to the case`));

        await at('2026-11-17T14:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        let page = await duty.get(`/cases/${caiId}`);
        assert.equal(page.status, 200);
        let text = pageText(page.body);
        assert.match(text, /Cai Morgan Prefers Welsh Strategy discussion due/);
        assert.match(text, /Language preference Welsh: speak and write to them in Welsh \(the Active Offer\)/);
        assert.match(text, /To do now: discuss the suspected crime with the police/);
        assert.match(text, /Strategy discussion \(local timescale\) Due Started 17 November 2026 Due by end of Wednesday, 18 November 2026 1 working day left/);
        assert.match(text, /Decision on next action \(1 working day\) Met Started 17 November 2026 .* Stopped 17 November 2026: the decision was recorded/);
        assert.match(page.body, new RegExp(`href="/cases/${caiId}/steps/record-strategy-discussion">Record the strategy discussion`));
        // The first child's decision belongs to the report: the step sends you there.
        assert.doesNotMatch(page.body, /steps\/record-decision/);

        // The police are told.
        const task = await duty.get(`/cases/${caiId}/steps/complete-task`);
        const taskId = optionValue(task.body, 'taskId', 'discuss the suspected crime with the police');
        await expectSaved(await duty.post(`/cases/${caiId}/steps/complete-task`, { expectedVersion: versionOn(task), taskId, reference: 'DP/2026/1142' }), caiId);
        assert.doesNotMatch(pageText((await duty.get(`/cases/${caiId}`)).body), /To do now/);

        // A second child in the household: a case of their own, from the same report.
        const form = await duty.get(`/cases/${caiId}/siblings/new`);
        assert.equal(form.status, 200);
        const added = await duty.post(`/cases/${caiId}/siblings/new`, {
          expectedVersion: versionOn(form), fullName: 'Elin Morgan', born: 'yes', 'dateOfBirth-day': '1', 'dateOfBirth-month': '6', 'dateOfBirth-year': '2019',
        });
        assert.equal(added.status, 303, pageText(added.body).slice(0, 800));
        const elinId = /^\/cases\/([0-9a-f-]{36})$/.exec(String(added.headers.location))![1]!;
        assert.notEqual(elinId, caiId);
        text = pageText((await duty.get(`/cases/${elinId}`)).body);
        assert.match(text, /Elin Morgan Prefers Welsh Received, awaiting decision/);
        assert.match(text, /Children in this household Cai Morgan/);
        await expectSaved(await takeStep(duty, elinId, 'record-decision', { decision: 'strategy_discussion', crimeSuspected: 'no', rationale: 'Lives with Cai' }), elinId);

        // One strategy meeting for both; joint section 47 enquiries; determination 3 for each.
        for (const id of [caiId, elinId]) {
          await expectSaved(await takeStep(duty, id, 'record-strategy-discussion', {
            ...when('heldAt', '2026-11-17', '11:30'), format: 'meeting',
            ...people('attendees', { social_services: 'Nia Roberts, Owain Davies', police: 'DC Powell', education: 'Megan Jones' }),
            outcome: 'section47', enquiry: 'joint', summary: 'Joint enquiries; children stay with their grandmother meanwhile.',
          }), id);
          await expectSaved(await takeStep(duty, id, 'record-section47-determination', { determination: '3', rationale: 'Continuing risk of physical harm' }), id);
          assert.equal((await caseRow(id)).stage, 'conference_pending');
        }
        text = pageText((await duty.get(`/cases/${caiId}`)).body);
        assert.match(text, /Initial child protection conference \(15 working days\) Due Started 17 November 2026 Due by end of Tuesday, 8 December 2026/);
        assert.match(text, /Section 47 enquiries Joint \(social services and police\), started 17 November 2026/);

        // The chair arranges one initial conference for both children.
        const schedule = await chair.get(`/cases/${caiId}/steps/schedule-conference`);
        assert.equal(schedule.status, 200);
        assert.match(pageText(schedule.body), /Due now: Initial child protection conference .* Other children in the household to consider at the same conference .* Elin Morgan/);
        assert.equal((await chair.post(`/cases/${caiId}/steps/schedule-conference`, {
          expectedVersion: versionOn(schedule), kind: 'initial', ...when('scheduledFor', '2026-11-24', '10:00'),
          ...people('invitees', { social_services: 'Nia Roberts', police: 'DC Powell', health: 'Health visitor', family: 'Mr and Mrs Morgan' }),
          siblingCaseIds: [elinId],
        })).status, 303);
        assert.match(pageText((await chair.get(`/cases/${elinId}`)).body), /Conferences Conference Arranged for .* Initial child protection conference 24 November 2026 at 10:00 Not held yet/);

        // A week later the conference registers Cai and not Elin.
        await at('2026-11-24T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        const record = await chair.get(`/cases/${caiId}/steps/record-conference`);
        assert.equal(record.status, 200);
        text = pageText(record.body);
        assert.match(text, /Initial child protection conference arranged for 24 November 2026 at 10:00/);
        assert.match(text, /Decision for each child .* Cai Morgan .* Elin Morgan/);
        const nia = optionValue(record.body, `coordinatorId-${caiId}`, 'Nia Roberts \\(Duty social worker\\)');
        const conference = {
          expectedVersion: versionOn(record), conferenceId: /name="conferenceId" value="([^"]+)"/.exec(record.body)![1]!,
          ...when('heldAt', '2026-11-24', '10:00'),
          ...people('attendees', { social_services: 'Nia Roberts', police: 'DC Powell', health: 'Health visitor', education: 'Megan Jones', family: 'Mrs Morgan' }),
          apologies: ['probation'], reportsReceived: ['health', 'education'],
          considered: [caiId, elinId],
          [`decision-${caiId}`]: 'register', [`categories-${caiId}`]: ['physical', 'neglect'], [`coordinatorId-${caiId}`]: nia,
          [`coreGroup-${caiId}`]: 'Nia Roberts; Megan Jones (school); Mrs Morgan',
          [`decision-${elinId}`]: 'do_not_register',
          rationale: 'Cai is at continuing risk; Elin is not, but needs care and support.',
        };
        // Forgetting a child's categories is shown against that child and nothing is saved.
        const missing = await chair.post(`/cases/${caiId}/steps/record-conference`, { ...conference, [`categories-${caiId}`]: [], [`decision-${elinId}`]: '' });
        assert.equal(missing.status, 400);
        assert.match(pageText(missing.body), /There is a problem Select at least one category of registration Select a decision/);
        assert.match(missing.body, new RegExp(`href="#categories-${caiId}"`));
        assert.match(missing.body, new RegExp(`href="#decision-${elinId}"`));
        assert.match(missing.body, /name="attendees-police" type="text"[^>]*value="DC Powell"/);
        assert.equal((await caseRow(caiId)).stage, 'conference_pending');
        assert.equal((await caseRow(elinId)).stage, 'conference_pending');

        await expectSaved(await chair.post(`/cases/${caiId}/steps/record-conference`, conference), caiId);
        const cai = await caseRow(caiId);
        assert.deepEqual([cai.stage, cai.registered, cai.categories], ['registered', true, ['physical', 'neglect']]);
        assert.equal((await caseRow(elinId)).stage, 'part3_assessment');
        text = pageText((await duty.get(`/cases/${caiId}`)).body);
        assert.match(text, /Cai Morgan Prefers Welsh On the Child Protection Register/);
        assert.match(text, /Categories Physical abuse, Neglect Registered on 24 November 2026 Co-ordinator Nia Roberts Next review conference Due by end of Wednesday, 24 February 2027/);
        assert.match(text, /First core group \(10 working days\) Due Started 24 November 2026 Due by end of Tuesday, 8 December 2026 10 working days left/);
        assert.match(text, /Initial child protection conference \(15 working days\) Met/);
        assert.match(pageText((await duty.get(`/cases/${elinId}`)).body), /Elin Morgan Prefers Welsh Part 3 assessment/);

        // Records circulated, the first core group and a visit.
        const circulate = await duty.get(`/cases/${caiId}/steps/circulate-conference-records`);
        await expectSaved(await duty.post(`/cases/${caiId}/steps/circulate-conference-records`, {
          expectedVersion: versionOn(circulate), conferenceId: optionValue(circulate.body, 'conferenceId', 'Initial child protection conference'),
          ...when('at', '2026-11-24', '14:00'),
        }), caiId);
        await at('2026-12-01T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        await expectSaved(await takeStep(duty, caiId, 'record-core-group', {
          ...when('heldAt', '2026-12-01', '10:00'), ...people('attendees', { social_services: 'Nia Roberts', education: 'Megan Jones', family: 'Mrs Morgan' }),
          summary: 'Plan agreed: school to report attendance daily.',
        }), caiId);
        await expectSaved(await takeStep(duty, caiId, 'record-visit', {
          ...when('visitedAt', '2026-12-01', '11:00'), location: 'home', bedroomSeen: 'yes', seenAlone: 'yes', summary: 'Cai was cheerful and showed me his room.',
        }), caiId);
        text = pageText((await duty.get(`/cases/${caiId}`)).body);
        assert.match(text, /First core group \(10 working days\) Met .* Stopped 1 December 2026: the core group met/);
        assert.match(text, /Next core group \(within 6 weeks\) Due Started 1 December 2026 Due by end of Tuesday, 12 January 2027/);
        assert.match(text, /Child's bedroom seen \(before the next review\) Met/);
        assert.match(text, /Conference decisions and outline plan circulated \(5 working days\) Met/);

        // Every step now offered opens, in English and in Welsh, with nothing left untranslated.
        const links = [...(await duty.get(`/cases/${caiId}`)).body.matchAll(/href="(\/cases\/[0-9a-f-]{36}\/steps\/[a-z0-9-]+)"/g)].map((m) => m[1]!);
        assert.ok(links.length >= 8, links.join(' '));
        const welsh = await signedIn('duty@sirfynydd.example', 'cy');
        for (const link of new Set(links)) {
          for (const c of [duty, welsh]) {
            const stepPage = await c.get(link);
            assert.equal(stepPage.status, 200, link);
            assert.doesNotMatch(pageText(stepPage.body), /\b(case|error|clock|chronology)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+/, link);
          }
        }

        // The first review, two and a half months on: Cai stays on the register under one category.
        await at('2027-02-10T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        const review = await chair.get(`/cases/${caiId}/steps/record-conference`);
        assert.match(pageText(review.body), /Due now: Review child protection conference .* Decision for Cai Morgan Stay on the register .* Remove from the register/);
        await expectSaved(await chair.post(`/cases/${caiId}/steps/record-conference`, {
          expectedVersion: versionOn(review), ...when('heldAt', '2027-02-10', '10:00'),
          ...people('attendees', { social_services: 'Nia Roberts', education: 'Megan Jones', health: 'School nurse', family: 'Mrs Morgan' }),
          considered: [caiId], [`decision-${caiId}`]: 'remain', [`categories-${caiId}`]: ['neglect'], rationale: 'Bruising has stopped; neglect concerns remain.',
        }), caiId);
        text = pageText((await duty.get(`/cases/${caiId}`)).body);
        assert.match(text, /Categories Neglect .* Next review conference Due by end of Tuesday, 10 August 2027/);
        assert.match(text, /First review conference \(3 months\) Met/);

        // The chronology tells the story in sentences; the household's labels each entry with the child.
        const chronology = await duty.get(`/cases/${caiId}/chronology`);
        assert.equal(chronology.status, 200);
        text = pageText(chronology.body);
        assert.match(text, /17 November 2026 Significant Report received in writing Recorded automatically/);
        assert.match(text, /Decision on next action: Strategy discussion \(reasonable cause to suspect significant harm\)\. A crime is suspected\. Bruising and a disclosure of being hit Recorded by Nia Roberts/);
        assert.match(text, /Significant Strategy meeting held \(present: Social services, Police, Education\)\. Section 47 enquiries to be made\./);
        assert.match(text, /24 November 2026 Significant Placed on the Child Protection Register: Physical abuse, Neglect\. First review due by 24 February 2027 Core group members: Nia Roberts; Megan Jones \(school\); Mrs Morgan Recorded by Elin Hughes/);
        assert.match(text, /Visit: At home\. Seen alone\. Bedroom seen\. Cai was cheerful/);
        assert.match(text, /Stays on the register: Neglect\. Next review due by 10 August 2027/);
        assert.match(chronology.body, new RegExp(`href="/cases/${caiId}/steps/add-chronology-entry"`));
        const household = pageText((await duty.get(`/cases/${caiId}/household`)).body);
        assert.match(household, /Chronology of the household/);
        assert.match(household, /24 November 2026 Elin Morgan The conference decided not to register the child/);
        assert.match(household, /24 November 2026 Cai Morgan Significant Initial child protection conference held \(present: Social services, Police, Health, Education, Family\)\. The conference was quorate\./);

        // A manager can see who opened the case.
        const manager = await signedIn('manager@sirfynydd.example');
        const seen = await manager.get(`/cases/${caiId}/who-has-seen`);
        assert.equal(seen.status, 200);
        assert.match(pageText(seen.body), /Elin Hughes – Conference chair, Sir Fynydd County Council Recorded a conference Allowed/);
        assert.equal((await duty.get(`/cases/${caiId}/who-has-seen`)).status, 404);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('shows the errors, keeps the answers and changes nothing when a step is not filled in properly', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const id = await reportedChild('Dewi Price');
      const report = await duty.get(`/reports/${id}`);
      await duty.post(`/reports/${id}/decision`, { expectedVersion: versionOn(report), decision: 'strategy_discussion', crimeSuspected: 'no', rationale: 'Disclosure' });
      const before = await caseRow(id);

      const blank = await takeStep(duty, id, 'record-strategy-discussion', { ...people('attendees', { social_services: 'Nia Roberts' }), format: 'discussion' });
      assert.equal(blank.status, 400);
      assert.match(blank.body, /<title>Error: Record the strategy discussion/);
      assert.match(pageText(blank.body), /There is a problem Enter the date and time the strategy discussion was held Select whether section 47 enquiries are needed Enter a summary/);
      assert.match(blank.body, /href="#heldAt-day"/);
      assert.match(blank.body, /name="attendees-social_services" type="text"[^>]*value="Nia Roberts"/);
      assert.match(blank.body, /name="format" type="radio" value="discussion" checked/);

      const notReal = await takeStep(duty, id, 'record-strategy-discussion', { ...when('heldAt', '2026-02-31', '10:00'), format: 'discussion', outcome: 'section47', enquiry: 'single', summary: 'x', ...people('attendees', { social_services: 'Nia' }) });
      assert.match(pageText(notReal.body), /The date and time the strategy discussion was held must be a real date and a time in the 24-hour clock/);
      assert.match(notReal.body, /name="heldAt-day" type="text"[^>]*value="31"/);

      // The procedures' own rule, from the decider: the police must take part.
      const noPolice = await takeStep(duty, id, 'record-strategy-discussion', {
        ...when('heldAt', '2026-11-17', '10:00'), format: 'discussion', outcome: 'section47', enquiry: 'single', summary: 'Agreed', ...people('attendees', { social_services: 'Nia' }),
      });
      assert.equal(noPolice.status, 400);
      assert.match(pageText(noPolice.body), /There is a problem Enter who took part from the police and from social services: both must take part/);
      assert.match(noPolice.body, /href="#attendees-social_services"/);

      const future = await takeStep(duty, id, 'record-strategy-discussion', {
        ...when('heldAt', '2026-11-18', '10:00'), format: 'discussion', outcome: 'section47', enquiry: 'single', summary: 'Agreed', ...people('attendees', { social_services: 'Nia', police: 'PC Hughes' }),
      });
      assert.match(pageText(future.body), /The date must be today or in the past/);

      assert.deepEqual(await caseRow(id), before);
      const events = await h.handle.db.selectFrom('case_events').select('type').where('case_id', '=', id).execute();
      assert.ok(!events.some((e) => e.type === 'StrategyDiscussionHeld'));
    });

    it('shows a conflict page keeping the answers when the case changed after the form was opened', async () => {
      const first = await signedIn('duty@sirfynydd.example');
      const second = await signedIn('social.worker@sirfynydd.example');
      const id = await reportedChild('Gwen Ellis');
      const mine = await first.get(`/cases/${id}/steps/add-chronology-entry`);
      const theirs = await second.get(`/cases/${id}/steps/add-chronology-entry`);
      await expectSaved(await second.post(`/cases/${id}/steps/add-chronology-entry`, {
        expectedVersion: versionOn(theirs), 'occurredOn-day': '16', 'occurredOn-month': '11', 'occurredOn-year': '2026', summary: 'Phone call from the school', significant: 'no',
      }), id);
      const before = await caseRow(id);
      const conflict = await first.post(`/cases/${id}/steps/add-chronology-entry`, {
        expectedVersion: versionOn(mine), 'occurredOn-day': '15', 'occurredOn-month': '11', 'occurredOn-year': '2026', summary: 'Grandmother visited the office, upset', significant: 'yes',
      });
      assert.equal(conflict.status, 409);
      assert.match(pageText(conflict.body), /This record changed while you were working on it .* When did it happen\? 15 November 2026 What happened Grandmother visited the office, upset Is this a significant event in the child's life\? Yes/);
      assert.match(conflict.body, new RegExp(`href="/cases/${id}">Go back to the record`));
      assert.deepEqual(await caseRow(id), before);
    });

    it('refuses a step to a role that may not take it, and says why a step cannot be taken yet', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const chair = await signedIn('chair@sirfynydd.example');
      const id = await childInEnquiries(duty, 'Ifan Rees');
      // Not registered: no visits yet. The page says why instead of failing.
      const early = await duty.get(`/cases/${id}/steps/record-visit`);
      assert.equal(early.status, 409);
      assert.match(pageText(early.body), /You cannot do this now The child is not on the Child Protection Register/);
      await expectSaved(await takeStep(duty, id, 'record-section47-determination', { determination: '3', rationale: 'Continuing risk' }), id);

      // Only a conference chair records a conference: not offered to the duty worker, and refused if tried.
      assert.doesNotMatch((await duty.get(`/cases/${id}`)).body, /steps\/record-conference/);
      assert.match((await chair.get(`/cases/${id}`)).body, /steps\/record-conference">Record the conference/);
      const page = await duty.get(`/cases/${id}/steps/record-conference`);
      assert.equal(page.status, 403);
      assert.match(pageText(page.body), /You are not allowed to do this Your role does not allow you to take this step on this case/);
      const version = String((await caseRow(id)).version);
      const posted = await duty.post(`/cases/${id}/steps/record-conference`, {
        expectedVersion: version, ...when('heldAt', '2026-11-17', '10:00'), ...people('attendees', { social_services: 'Nia', police: 'PC Hughes' }),
        considered: [id], [`decision-${id}`]: 'register', [`categories-${id}`]: ['physical'],
      });
      assert.equal(posted.status, 403);
      const blank = await duty.post(`/cases/${id}/steps/record-conference`, { expectedVersion: version });
      assert.equal(blank.status, 403, 'invalid answers do not get past the role');
      assert.equal((await caseRow(id)).stage, 'conference_pending');
      // A chair does not add children to a household.
      const sibling = await chair.post(`/cases/${id}/siblings/new`, { expectedVersion: version, fullName: 'Someone', born: 'yes', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2020' });
      assert.equal(sibling.status, 403);
      // Welsh, too.
      const welsh = await signedIn('duty@sirfynydd.example', 'cy');
      const refused = await welsh.get(`/cases/${id}/steps/record-conference`);
      assert.equal(refused.status, 403);
      assert.match(pageText(refused.body), /Nid oes hawl gennych i wneud hyn Nid yw eich rôl yn caniatáu i chi gymryd y cam hwn ar yr achos hwn/);
      assert.equal((await duty.get(`/cases/${id}/steps/no-such-step`)).status, 404);
    });

    it('shows paused clocks, overdue ones and timescale exceptions on the timeline', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const chair = await signedIn('chair@sirfynydd.example');
      const senior = await signedIn('senior@sirfynydd.example');
      try {
        const id = await childInEnquiries(duty, 'Llŷr Watkins');
        await expectSaved(await takeStep(duty, id, 'record-section47-determination', { determination: '3', rationale: 'Continuing risk' }), id);
        await expectSaved(await takeStep(chair, id, 'record-conference', {
          ...when('heldAt', '2026-11-17', '10:00'), ...people('attendees', { social_services: 'Nia', police: 'PC Hughes', health: 'GP' }),
          considered: [id], [`decision-${id}`]: 'register', [`categories-${id}`]: ['emotional'], [`coordinatorId-${id}`]: '',
        }), id);
        let text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Co-ordinator None named: the senior manager has been told/);
        await expectSaved(await takeStep(duty, id, 'report-missing', { ...when('at', '2026-11-17', '10:00'), circumstances: 'Not at school; mother does not know where he is.' }), id);
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /The child is missing\. Last seen 17 November 2026 at 10:00/);
        assert.match(text, /Child seen alone \(every 10 working days\) Paused Started 17 November 2026 Due by end of Tuesday, 1 December 2026 Paused since 17 November 2026: the child is missing/);
        assert.equal((await duty.get(`/cases/${id}/steps/record-visit`)).status, 409, 'no visits while missing');

        // Three weeks on, the acknowledgement to the reporter is overdue; the senior manager excuses it.
        await at('2026-12-08T12:00:00Z', [duty, 'duty@sirfynydd.example'], [senior, 'senior@sirfynydd.example']);
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Acknowledge the report to the reporter \(7 working days\) Overdue Started 17 November 2026 Due by end of Thursday, 26 November 2026 8 working days overdue/);
        assert.equal((await duty.get(`/cases/${id}/steps/record-timescale-exception`)).status, 403, 'only the senior manager decides exceptions');
        const form = await senior.get(`/cases/${id}/steps/record-timescale-exception`);
        const clockKey = optionValue(form.body, 'clockKey', 'Acknowledge the report to the reporter \\(7 working days\\)');
        await expectSaved(await senior.post(`/cases/${id}/steps/record-timescale-exception`, { expectedVersion: versionOn(form), clockKey, reason: 'Reporter on long-term leave; school told instead.' }), id);
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Acknowledge the report to the reporter \(7 working days\) Overdue Timescale exception .* Timescale exception approved by Mair Griffiths: Reporter on long-term leave; school told instead\./);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('answers an out-of-scope case exactly like a missing one', async () => {
      const id = await reportedChild('Nel Hopkins');
      const other = await signedIn('duty@caerwen.example');
      // Only the address asked for (echoed in the language switch and the offer of emergency access) and per-request tokens differ.
      const strip = (b: string, asked: string) =>
        b.split(asked).join('{id}').replace(/nonce="[^"]+"/g, '').replace(/name="_csrf" value="[^"]+"/g, '').replace(/\?return=[^"]+"/g, '"');
      const missingId = '00000000-0000-4000-8000-000000000000';
      for (const suffix of ['', '/chronology', '/household', '/steps/record-strategy-discussion', '/siblings/new']) {
        const hidden = await other.get(`/cases/${id}${suffix}`);
        const missing = await other.get(`/cases/${missingId}${suffix}`);
        assert.equal(hidden.status, 404, suffix);
        assert.equal(strip(hidden.body, id), strip(missing.body, missingId), suffix);
      }
      assert.equal((await other.get('/cases/not-a-case')).status, 404);
      const post = await other.post(`/cases/${id}/steps/add-chronology-entry`, { expectedVersion: '1', 'occurredOn-day': '1', 'occurredOn-month': '11', 'occurredOn-year': '2026', summary: 'x', significant: 'no' });
      assert.equal(post.status, 404);
      assert.doesNotMatch(pageText((await other.get('/cases')).body), /Nel Hopkins/);
      // A practitioner or DSP sees a case only when they are on it (conference or core group): not this one.
      assert.equal((await (await signedIn('athro@glanymor.example')).get(`/cases/${id}`)).status, 404);
      const dspList = await (await signedIn('dsp@glanymor.example')).get('/cases');
      assert.equal(dspList.status, 200);
      assert.doesNotMatch(pageText(dspList.body), /Nel Hopkins/);
    });

    it('serves the case pages in Welsh', async () => {
      const duty = await signedIn('duty@sirfynydd.example', 'cy');
      const id = await reportedChild('Mali Jenkins');
      const report = await duty.get(`/reports/${id}`);
      assert.match(pageText(report.body), /A oes amheuaeth o drosedd\? Os oes, .* Oes Nac oes/);
      await duty.post(`/reports/${id}/decision`, { expectedVersion: versionOn(report), decision: 'strategy_discussion', crimeSuspected: 'yes', rationale: 'Datgeliad' });
      const page = await duty.get(`/cases/${id}`);
      assert.match(page.body, /<html lang="cy"/);
      const text = pageText(page.body);
      assert.match(text, /Mali Jenkins Dewis Cymraeg Trafodaeth strategaeth yn ddyledus/);
      assert.match(text, /I'w wneud nawr: trafod y drosedd a amheuir gyda'r heddlu/);
      assert.match(text, /Beth allwch chi ei wneud nesaf .* Cofnodi'r drafodaeth strategaeth/);
      assert.match(text, /Amserlenni statudol Yn rhedeg nawr Cydnabod yr hysbysiad i'r hysbysydd \(7 diwrnod gwaith\) .* Trafodaeth strategaeth \(amserlen leol\) Erbyn Dechreuodd 17 Tachwedd 2026/);
      const list = pageText((await duty.get('/cases')).body);
      assert.match(list, /Achosion .* Mali Jenkins Dewis Cymraeg Achos amddiffyn plant Trafodaeth strategaeth yn ddyledus Nid yw ar y gofrestr/);
      const errors = await takeStep(duty, id, 'record-strategy-discussion', {});
      assert.equal(errors.status, 400);
      assert.match(errors.body, /<title>Gwall: Cofnodi&#39;r drafodaeth strategaeth/);
      assert.match(pageText(errors.body), /Mae problem wedi codi Rhowch y dyddiad a'r amser y cynhaliwyd y drafodaeth strategaeth Dewiswch ai trafodaeth neu gyfarfod oedd hi Rhowch pwy gymerodd ran o'r heddlu ac o'r gwasanaethau cymdeithasol Dewiswch a oes angen ymholiadau adran 47 Rhowch grynodeb/);
      const chronology = pageText((await duty.get(`/cases/${id}/chronology`)).body);
      assert.match(chronology, /Cronoleg .* Arwyddocaol Hysbysiad wedi dod i law yn ysgrifenedig Cofnodwyd yn awtomatig/);
      assert.match(chronology, /Penderfyniad ar y camau nesaf: Trafodaeth strategaeth \(achos rhesymol dros amau niwed sylweddol\)\. Mae amheuaeth o drosedd\./);
    });
  });
}
