import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { z } from 'zod';
import { ENGINES } from '../support/db.js';
import { Client, DEFAULT_NOW, pageText, startHarness, type Harness, type Response } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { ADULT_CASE_COMMAND_TYPES } from '../../src/domain/cases/adult-protection.model.js';
import { ADULT_STAGES } from '../../src/domain/cases/adult-vocabulary.js';
import { ADULT_COMMAND_SCHEMAS } from '../../src/services/adult-case.input.js';
import { CATALOGUES } from '../../src/web/i18n/i18n.js';
import { slugOf, stepMessageKeys } from '../../src/web/forms/case-forms.js';
import { ADULT_FORM_SET, adultStepOfSlug } from '../../src/web/forms/adult-case-forms.js';

const ctx = { requestId: 'adult-pages-test', ip: null };

/** Form fields of a date-and-time question: London wall-clock time, as a person types it. */
function when(name: string, date: string, time: string): Record<string, string> {
  const [year, month, day] = date.split('-') as [string, string, string];
  const [hour, minute] = time.split(':') as [string, string];
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year, [`${name}-hour`]: hour, [`${name}-minute`]: minute };
}

/** A date question's three boxes. */
function on(name: string, date: string): Record<string, string> {
  const [year, month, day] = date.split('-') as [string, string, string];
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

/** One box per agency: the names of who came from it. */
function people(name: string, byAgency: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(byAgency).map(([agency, names]) => [`${name}-${agency}`, names]));
}

/** Consent given, capacity not assessed: the answers most steps start from. */
const consentGiven = { consent: 'given', capacityAssessed: 'no' };

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

function expectSaved(res: Response, caseId: string): void {
  assert.equal(res.status, 303, pageText(res.body).slice(0, 1500));
  assert.equal(res.headers.location, `/cases/${caseId}`);
}

/** The value of the radio or option whose label is this text. */
function optionValue(html: string, name: string, label: string): string {
  const radio = new RegExp(`name="${name}" type="radio" value="([^"]+)"[^>]*>\\s*<label[^>]*>\\s*${label}`).exec(html);
  const option = new RegExp(`<option value="([^"]+)"[^>]*>${label}`).exec(html);
  const found = radio?.[1] ?? option?.[1];
  assert.ok(found, `an option "${label}" for ${name}`);
  return found;
}

/** Every `error.*` message a schema can give, found by sending it empty, mistyped and over-long answers. */
function schemaMessages(schema: z.ZodObject): Set<string> {
  const out = new Set<string>();
  const collect = (input: unknown) => {
    const r = schema.safeParse(input);
    if (!r.success) for (const i of r.error.issues) if (i.message.startsWith('error.')) out.add(i.message);
  };
  collect({});
  for (const field of Object.keys(schema.shape)) {
    for (const bad of [12345, 'x'.repeat(9000), ['not-an-option'], [{}], [{ name: 'x'.repeat(300), agency: 'nowhere' }], 'not-a-date']) collect({ [field]: bad });
  }
  return out;
}

describe('adult case forms (pure)', () => {
  it('has a page for every adult step, with every title, label, hint and option in English and Welsh', () => {
    for (const type of ADULT_CASE_COMMAND_TYPES) {
      assert.equal(adultStepOfSlug(slugOf(type)), type);
      for (const key of stepMessageKeys(type, ADULT_FORM_SET)) {
        assert.ok(key in CATALOGUES.en && key in CATALOGUES.cy, `${type}: ${key}`);
      }
      assert.ok(`action.case.${type}` in CATALOGUES.en, `who-has-seen wording for ${type}`);
    }
    for (const stage of ADULT_STAGES) assert.ok(`case.stage.${stage}` in CATALOGUES.en && `case.stage.${stage}` in CATALOGUES.cy, stage);
    assert.equal(adultStepOfSlug('record-initial-checks'), 'record_initial_checks');
    assert.equal(adultStepOfSlug('record-strategy-discussion'), undefined, 'a child’s step only');
  });

  it('words every error the adult schemas and the decider can give, in both languages', () => {
    const keys = new Set<string>();
    for (const schema of Object.values(ADULT_COMMAND_SCHEMAS)) for (const k of schemaMessages(schema as z.ZodObject)) keys.add(k);
    // The decider's own "required" checks on free text.
    const decider = fs.readFileSync('src/domain/cases/adult-protection.decider.ts', 'utf8');
    for (const m of decider.matchAll(/text\('(\w+)'/g)) keys.add(`error.${m[1]}.required`);
    for (const f of ['court', 'premises', 'reasons', 'evidence']) keys.add(`error.${f}.required`);
    assert.ok(keys.size > 60, `${keys.size} keys`);
    const missing = [...keys].filter((k) => !(k in CATALOGUES.en) || !(k in CATALOGUES.cy));
    assert.deepEqual(missing, []);
  });

  it('has a sentence for every event an adult’s chronology shows', () => {
    const source = fs.readFileSync('src/domain/cases/adult-protection.model.ts', 'utf8');
    const union = source.slice(source.indexOf('export type AdultCaseEvent ='), source.indexOf('export type AdultCaseEventType'));
    const types = [...union.matchAll(/type: '([A-Za-z0-9]+)'/g)].map((m) => m[1]!);
    assert.ok(types.length > 25);
    for (const type of types) assert.ok(`chronology.${type}` in CATALOGUES.en && `chronology.${type}` in CATALOGUES.cy, type);
  });
});

for (const engine of ENGINES) {
  describe(`adult case pages (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(async () => h?.close());

    async function callerFor(email: string) {
      return toCaller((await findUserByEmail(h.handle.db, email))!);
    }

    /** A care worker raises a concern about an adult and the care home's DSP reports it to Sir Fynydd: the report's id. */
    async function reportedAdult(fullName: string): Promise<string> {
      const concern = await h.services.concerns.raise(
        await callerFor('gofalwr@brynhaul.example'),
        {
          subjectKind: 'adult', fullName, birthKnowledge: 'date_of_birth', dateOfBirth: '1941-04-12', address: 'Ystafell 7, Cartref Bryn Haul',
          firstLanguage: 'Welsh', welshPreferred: 'yes', account: 'Bruises on her upper arms after a visit from her son; she says he shakes her.',
          harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      const { reportId } = await h.services.concerns.reportToLocalAuthority(
        await callerFor('dsp@brynhaul.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx,
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
      return h.handle.db.selectFrom('cases').select(['stage', 'version', 'categories', 'coordinator_id', 'allocated_to']).where('id', '=', id).executeTakeFirstOrThrow();
    }

    async function clockRow(id: string, key: string) {
      return h.handle.db.selectFrom('case_clocks').selectAll().where('case_id', '=', id).where('key', '=', key).executeTakeFirstOrThrow();
    }

    /** Checks recorded (consent given, no crime) and section 126 enquiries decided: the case id. */
    async function adultInEnquiries(duty: Client, fullName: string): Promise<string> {
      const id = await reportedAdult(fullName);
      expectSaved(await takeStep(duty, id, 'record-initial-checks', {
        categories: ['physical'], ...consentGiven, crimeSuspected: 'no', othersAtRisk: 'no', summary: 'Spoke to her and to the home manager.',
      }), id);
      expectSaved(await takeStep(duty, id, 'record-decision', { decision: 'section126_enquiries', rationale: 'Reasonable cause to suspect she is an adult at risk.' }), id);
      return id;
    }

    it('takes an adult from the report to a review of the care and support protection plan', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const chair = await signedIn('chair@sirfynydd.example');
      try {
        const id = await reportedAdult('Megan Pritchard');

        // The report page sends the duty worker to the case: the initial checks come before the decision.
        const report = pageText((await duty.get(`/reports/${id}`)).body);
        assert.match(report, /Initial checks, then the decision .* Record the initial checks on the case/);
        assert.doesNotMatch(report, /Record decision/);
        let page = await duty.get(`/cases/${id}`);
        assert.equal(page.status, 200);
        let text = pageText(page.body);
        assert.match(text, /Adult at risk case Megan Pritchard Prefers Welsh Received, awaiting decision/);
        assert.match(text, /Abuse or neglect Not recorded yet: recorded at the initial checks/);
        assert.match(text, /Initial checks Not recorded yet/);
        assert.match(text, /Enquiries \(7 working days\) Due Started 17 November 2026 Due by end of Thursday, 26 November 2026 7 working days left/);
        assert.match(page.body, new RegExp(`href="/cases/${id}/steps/record-initial-checks">Record the initial checks`));
        assert.doesNotMatch(page.body, /steps\/record-decision/);
        const early = await duty.get(`/cases/${id}/steps/record-decision`);
        assert.equal(early.status, 409);
        assert.match(pageText(early.body), /You cannot do this now Record the initial checks before the decision/);

        // Initial checks: the adult lacks capacity to decide about the concern, a crime is suspected and the police are not told yet.
        const checks = await duty.get(`/cases/${id}/steps/record-initial-checks`);
        assert.match(pageText(checks.body), /What kind of abuse or neglect is suspected\? .* What is the adult's position on consent\? .* Was their mental capacity assessed for a decision\?/);
        expectSaved(await duty.post(`/cases/${id}/steps/record-initial-checks`, {
          expectedVersion: versionOn(checks), categories: ['physical', 'psychological_emotional'],
          consent: 'lacks_capacity', capacityAssessed: 'yes', capacityDecision: 'Whether to agree to enquiries about her son',
          capacityAssessedBy: 'Nia Roberts, social worker', capacityOutcome: 'lacks_capacity', bestInterests: 'Enquiries are in her best interests; her daughter was consulted.',
          crimeSuspected: 'yes', policeInformed: 'no', othersAtRisk: 'no', summary: 'Seen at the home with the manager present; bruises seen.',
        }), id);
        assert.equal((await caseRow(id)).stage, 'initial_checks');
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Abuse or neglect Physical abuse, Psychological or emotional abuse/);
        assert.match(text, /To do now: tell the police about the suspected crime/);
        assert.match(text, /Consent \(most recent\) They lack capacity to consent Crime suspected Yes Police told Not yet: a task is open Anyone else at risk No/);
        assert.match(text, /Initial checks, 17 November 2026 Whether to agree to enquiries about her son Nia Roberts, social worker Lacks capacity to make this decision Best interests: Enquiries are in her best interests/);

        const task = await duty.get(`/cases/${id}/steps/complete-task`);
        expectSaved(await duty.post(`/cases/${id}/steps/complete-task`, {
          expectedVersion: versionOn(task), taskId: optionValue(task.body, 'taskId', 'tell the police about the suspected crime'), reference: 'DP/2026/2210',
        }), id);

        // The decision is a step on the case; it also closes the report. The 7-working-day clock keeps running.
        expectSaved(await takeStep(duty, id, 'record-decision', { decision: 'section126_enquiries', rationale: 'Reasonable cause to suspect she is an adult at risk.' }), id);
        assert.equal((await caseRow(id)).stage, 'section126_enquiry');
        const stored = await h.handle.db.selectFrom('reports').select(['status', 'decision']).where('id', '=', id).executeTakeFirstOrThrow();
        assert.deepEqual(stored, { status: 'decided', decision: 'section126_enquiries' });
        assert.equal((await clockRow(id, 'T-A3')).stopped_at, null);
        assert.match(pageText((await duty.get(`/reports/${id}`)).body), /Decision recorded .* Section 126 enquiries/);

        // Determination 3 the next day stops the enquiries clock and starts 7 working days for the strategy meeting.
        await at('2026-11-18T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        expectSaved(await takeStep(duty, id, 'record-enquiry-determination', { determination: '3', rationale: 'She is an adult at risk of physical abuse; action is needed.' }), id);
        assert.equal((await caseRow(id)).stage, 'strategy_pending');
        const a3 = await clockRow(id, 'T-A3');
        assert.deepEqual([a3.stop_reason, a3.outcome], ['enquiry_concluded', 'met']);
        assert.equal((await clockRow(id, 'T-A4')).due_date, '2026-11-27');

        // The strategy meeting: without social services it is refused and nothing changes.
        await at('2026-11-19T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        const strategy = await duty.get(`/cases/${id}/steps/record-strategy`);
        const nia = optionValue(strategy.body, 'chairId', 'Nia Roberts \\(Duty social worker\\)');
        const iwan = optionValue(strategy.body, 'leadPractitionerId', 'Iwan Parry \\(Duty social worker\\)');
        const meeting = {
          ...when('heldAt', '2026-11-19', '10:00'), format: 'meeting', chairId: nia,
          ...people('attendees', { social_services: 'Nia Roberts', police: 'DC Owain Hughes', health: 'Dr Ffion Ellis' }),
          consent: 'lacks_capacity', capacityAssessed: 'yes', capacityDecision: 'Whether to take part in the investigation', capacityAssessedBy: 'Nia Roberts',
          capacityOutcome: 'lacks_capacity', bestInterests: 'Her daughter agrees that the investigation goes ahead.',
          outcome: 'investigate', criminalInvestigation: 'no', nonCriminalInvestigation: 'yes', ...on('investigationDueDate', '2026-12-04'),
          interimProtection: 'Her son visits only with staff present.', leadPractitionerId: iwan, summary: 'The home and social services investigate; the police take no further action.',
        };
        const before = await caseRow(id);
        const noSocial = await duty.post(`/cases/${id}/steps/record-strategy`, { expectedVersion: versionOn(strategy), ...meeting, 'attendees-social_services': '' });
        assert.equal(noSocial.status, 400);
        assert.match(pageText(noSocial.body), /There is a problem Enter who took part from social services: social services must take part/);
        assert.match(noSocial.body, /name="attendees-police" type="text"[^>]*value="DC Owain Hughes"/);
        assert.match(noSocial.body, /name="outcome" type="radio" value="investigate" checked/);
        assert.deepEqual(await caseRow(id), before);
        expectSaved(await duty.post(`/cases/${id}/steps/record-strategy`, { expectedVersion: versionOn(strategy), ...meeting }), id);
        const afterStrategy = await caseRow(id);
        assert.equal(afterStrategy.stage, 'investigation');
        const a4 = await clockRow(id, 'T-A4');
        assert.deepEqual([a4.stop_reason, a4.outcome], ['strategy_held', 'met']);
        const investigation = await h.handle.db.selectFrom('case_clocks').selectAll().where('case_id', '=', id).where('timer_id', '=', 'T-A8').executeTakeFirstOrThrow();
        assert.equal(investigation.due_date, '2026-12-04');
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Megan Pritchard Prefers Welsh Investigation/);
        assert.match(text, /Lead practitioner Iwan Parry/);
        assert.match(text, /Investigations Investigation Started Target date Status Non-criminal investigation 19 November 2026 4 December 2026 Open/);
        assert.match(text, /Strategy discussion, 19 November 2026 Whether to take part in the investigation/);
        assert.match(text, /Investigation \(target set at the strategy meeting\) Due Started 19 November 2026 Due by end of Friday, 4 December 2026/);

        // The investigation is complete a week later; advocacy is offered; the conference is arranged.
        await at('2026-11-25T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        const complete = await duty.get(`/cases/${id}/steps/complete-investigation`);
        assert.match(pageText(complete.body), /Non-criminal investigation Started 19 November 2026, target 4 December 2026/);
        expectSaved(await duty.post(`/cases/${id}/steps/complete-investigation`, {
          expectedVersion: versionOn(complete), investigationId: optionValue(complete.body, 'investigationId', 'Non-criminal investigation'),
          ...when('completedAt', '2026-11-25', '12:00'), findings: 'The bruising is consistent with being gripped hard; her son accepts he shakes her when upset.',
        }), id);
        assert.equal((await caseRow(id)).stage, 'conference_pending');
        expectSaved(await takeStep(duty, id, 'offer-advocacy', {
          kind: 'independent_professional', ...on('offeredOn', '2026-11-25'), accepted: 'yes', advocate: 'Eirlys Jones, advocacy service',
        }), id);
        expectSaved(await takeStep(chair, id, 'schedule-conference', {
          ...when('scheduledFor', '2026-12-07', '10:00'),
          ...people('invitees', { social_services: 'Iwan Parry', health: 'Dr Ffion Ellis', family: 'Megan Pritchard and her daughter', other: 'Eirlys Jones (advocate)' }),
        }), id);
        assert.equal((await clockRow(id, 'T-A5')).due_date, '2026-12-03', 'reports 2 working days before Monday 7 December');
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Advocacy Kind Offered Answer Advocate An independent professional advocate 25 November 2026 Accepted Eirlys Jones, advocacy service/);
        assert.match(text, /Adult protection conferences Arranged for Held Agency reports received 7 December 2026 at 10:00 Not held yet Not yet/);
        assert.match(text, /Agency reports to the conference chair \(2 working days before\) Due .* Due by end of Thursday, 3 December 2026/);

        // The agencies' reports arrive in time.
        await at('2026-12-02T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        const reports = await chair.get(`/cases/${id}/steps/record-agency-reports`);
        assert.match(pageText(reports.body), /Adult protection conference arranged for 7 December 2026 at 10:00/);
        expectSaved(await chair.post(`/cases/${id}/steps/record-agency-reports`, {
          expectedVersion: versionOn(reports), conferenceId: /name="conferenceId" value="([^"]+)"/.exec(reports.body)![1]!,
          agencies: ['social_services', 'health'], ...when('receivedAt', '2026-12-02', '09:30'),
        }), id);
        assert.deepEqual([(await clockRow(id, 'T-A5')).outcome, (await clockRow(id, 'T-A5')).stop_reason], ['met', 'reports_received']);

        // The conference agrees a care and support protection plan.
        await at('2026-12-07T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        const conference = await chair.get(`/cases/${id}/steps/record-conference`);
        expectSaved(await chair.post(`/cases/${id}/steps/record-conference`, {
          expectedVersion: versionOn(conference), conferenceId: /name="conferenceId" value="([^"]+)"/.exec(conference.body)![1]!,
          ...when('heldAt', '2026-12-07', '10:00'), ...people('attendees', { social_services: 'Iwan Parry', health: 'Dr Ffion Ellis', family: 'Her daughter' }),
          apologies: ['police'], writtenContributions: ['police'], adultAttended: 'yes', advocatePresent: 'yes',
          outcome: 'protection_plan', rationale: 'Megan wants to keep seeing her son, with support; a plan keeps her safe.',
        }), id);
        assert.equal((await caseRow(id)).stage, 'plan_active');
        assert.equal((await clockRow(id, 'T-A6')).due_date, '2027-01-18');

        expectSaved(await takeStep(duty, id, 'record-plan', {
          outcomes: 'Megan sees her son only when staff are present, and tells staff if she feels unsafe.',
          contingency: 'If she is hurt again, the home calls the police and social services at once.',
          consent: 'lacks_capacity', capacityAssessed: 'yes', capacityDecision: 'Whether to accept the plan', capacityAssessedBy: 'Iwan Parry',
          capacityOutcome: 'lacks_capacity', bestInterests: 'The plan is in her best interests; her advocate agrees.',
        }), id);
        expectSaved(await takeStep(duty, id, 'add-plan-action', { description: 'Supervise visits from her son', owner: 'Home manager, Bryn Haul', ...on('dueDate', '2026-12-14') }), id);
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Care and support protection plan in place/);
        assert.match(text, /Care and support protection plan Agreed 7 December 2026 Outcomes Megan sees her son only when staff are present/);
        assert.match(text, /Reviews None yet: the first is due within 6 weeks/);
        assert.match(text, /Supervise visits from her son Home manager, Bryn Haul 14 December 2026 Open/);
        assert.match(text, /Review of the care and support protection plan \(within 6 weeks\) Due Started 7 December 2026 Due by end of Monday, 18 January 2027/);

        // Five weeks on, the plan is reviewed and continues: the next review is due 6 weeks later.
        await at('2027-01-11T15:00:00Z', [duty, 'duty@sirfynydd.example'], [chair, 'chair@sirfynydd.example']);
        expectSaved(await takeStep(duty, id, 'record-plan-review', {
          ...when('heldAt', '2027-01-11', '10:00'), consent: 'lacks_capacity', capacityAssessed: 'yes', capacityDecision: 'Whether to continue with the plan',
          capacityAssessedBy: 'Iwan Parry', capacityOutcome: 'lacks_capacity', bestInterests: 'Continuing is in her best interests.',
          outcome: 'continue', summary: 'No new injuries; visits supervised as agreed.',
        }), id);
        const reviews = await h.handle.db.selectFrom('case_clocks').selectAll().where('case_id', '=', id).where('timer_id', '=', 'T-A6').orderBy('started_at').execute();
        assert.deepEqual(reviews.map((r) => [r.outcome, r.due_date]), [['met', '2027-01-18'], [null, '2027-02-22']]);
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Reviews 1 so far, the last on 11 January 2027/);
        assert.match(text, /Plan review, 11 January 2027 Whether to continue with the plan Iwan Parry Lacks capacity to make this decision/);
        assert.match(text, /Review of the care and support protection plan \(within 6 weeks\) Met .* Stopped 11 January 2027: the plan was reviewed/);

        // The chronology tells the story in sentences.
        const chronology = pageText((await duty.get(`/cases/${id}/chronology`)).body);
        assert.match(chronology, /Initial checks recorded\. Suspected: Physical abuse, Psychological or emotional abuse/);
        assert.match(chronology, /Section 126 enquiries concluded\. Determination 3: an adult at risk, and action is needed/);
        assert.match(chronology, /Strategy meeting held \(present: Social services, Police, Health\)\. Decided: Investigate/);
        assert.match(chronology, /Adult protection conference held \(present: Social services, Health, Family\)\. A care and support protection plan is needed/);
        assert.match(chronology, /Plan reviewed: Continue the plan/);
        assert.doesNotMatch(chronology, /\b(adult|case|chronology|error)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+/);

        // Every step now offered opens, in English and in Welsh, with nothing left untranslated.
        const links = [...(await duty.get(`/cases/${id}`)).body.matchAll(/href="(\/cases\/[0-9a-f-]{36}\/steps\/[a-z0-9-]+)"/g)].map((m) => m[1]!);
        assert.ok(links.length >= 6, links.join(' '));
        const welsh = await signedIn('duty@sirfynydd.example', 'cy');
        for (const c of [duty, welsh]) {
          const casePage = await c.get(`/cases/${id}`);
          assert.doesNotMatch(pageText(casePage.body), /\b(adult|case|clock|error|timer)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+/);
          for (const link of new Set(links)) {
            const stepPage = await c.get(link);
            assert.equal(stepPage.status, 200, link);
            assert.doesNotMatch(pageText(stepPage.body), /\b(adult|case|error|clock)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+/, link);
          }
        }
        const cy = pageText((await welsh.get(`/cases/${id}`)).body);
        assert.match(cy, /Achos oedolyn sy'n wynebu risg|Megan Pritchard Dewis Cymraeg Cynllun amddiffyn gofal a chymorth ar waith/);
        assert.match(cy, /Adolygiad o'r cynllun amddiffyn gofal a chymorth \(o fewn 6 wythnos\)/);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('shows the errors, keeps the answers and changes nothing when a step is not filled in properly', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const id = await reportedAdult('Alun Hughes');
      const before = await caseRow(id);

      const blank = await takeStep(duty, id, 'record-initial-checks', { crimeSuspected: 'yes', policeInformed: 'no', othersAtRisk: 'yes' });
      assert.equal(blank.status, 400);
      assert.match(blank.body, /<title>Error: Record the initial checks/);
      assert.match(pageText(blank.body), /There is a problem Select at least one kind of abuse or neglect Select the adult's position on consent Select whether mental capacity was assessed Enter a summary of the checks/);
      assert.match(blank.body, /href="#categories"/);
      assert.match(blank.body, /name="crimeSuspected" type="radio" value="yes" checked/);

      // Lacking capacity to consent is the finding of an assessment; best interests are recorded when the adult lacks capacity.
      const noAssessment = await takeStep(duty, id, 'record-initial-checks', {
        categories: ['financial'], consent: 'lacks_capacity', capacityAssessed: 'no', crimeSuspected: 'no', othersAtRisk: 'no', summary: 'Checked.',
      });
      assert.equal(noAssessment.status, 400);
      assert.match(pageText(noAssessment.body), /Record a capacity assessment: an adult lacks capacity to consent only if an assessment found so/);
      assert.match(noAssessment.body, /name="categories" type="checkbox" value="financial" checked/);
      const noBestInterests = await takeStep(duty, id, 'record-initial-checks', {
        categories: ['financial'], consent: 'lacks_capacity', capacityAssessed: 'yes', capacityDecision: 'Managing her money', capacityAssessedBy: 'Nia Roberts',
        capacityOutcome: 'lacks_capacity', bestInterests: ' ', crimeSuspected: 'no', othersAtRisk: 'yes', othersAtRiskDetails: '', summary: 'Checked.',
      });
      assert.equal(noBestInterests.status, 400);
      assert.match(pageText(noBestInterests.body), /Enter the best interests decision: the adult lacks capacity to make this decision/);
      assert.match(noBestInterests.body, /href="#bestInterests"/);
      assert.match(noBestInterests.body, /id="capacityDecision" name="capacityDecision" rows="5"[^>]*>Managing her money</);
      assert.deepEqual(await caseRow(id), before, 'nothing changed: the version is the same');

      // A date that is not real, on a later step.
      const enquiries = await adultInEnquiries(duty, 'Glyn Evans');
      const version = (await caseRow(enquiries)).version;
      const notReal = await takeStep(duty, enquiries, 'record-immediate-protection', { ...when('at', '2026-02-30', '09:00'), actions: 'Moved to respite care.' });
      assert.equal(notReal.status, 400);
      assert.match(pageText(notReal.body), /The date and time must be a real date and a time in the 24-hour clock/);
      assert.match(notReal.body, /href="#at-day"/);
      assert.match(notReal.body, /name="at-day" type="text"[^>]*value="30"/);
      assert.equal((await caseRow(enquiries)).version, version);

      // A step the case is not ready for, and a role that may not take one, say why.
      assert.equal((await duty.get(`/cases/${enquiries}/steps/record-plan-review`)).status, 409);
      const allocate = await duty.get(`/cases/${enquiries}/steps/allocate`);
      assert.equal(allocate.status, 403);
      assert.match(pageText(allocate.body), /You are not allowed to do this/);
      assert.equal((await duty.get(`/cases/${enquiries}/steps/record-strategy-discussion`)).status, 404, 'a child’s step on an adult’s case');
      assert.equal((await duty.post(`/cases/${enquiries}/steps/record-strategy-discussion`, { expectedVersion: String(version) })).status, 404);

      // The case changed after the form was opened: a conflict page keeps the answers, in words.
      const mine = await duty.get(`/cases/${id}/steps/record-initial-checks`);
      const colleague = await signedIn('social.worker@sirfynydd.example');
      expectSaved(await takeStep(colleague, id, 'add-chronology-entry', { ...on('occurredOn', '2026-11-16'), summary: 'Her daughter phoned the office.', significant: 'no' }), id);
      const changed = await caseRow(id);
      const conflict = await duty.post(`/cases/${id}/steps/record-initial-checks`, {
        expectedVersion: versionOn(mine), categories: ['financial', 'neglect'], ...consentGiven, crimeSuspected: 'no', othersAtRisk: 'no', summary: 'Seen at home; cupboards empty.',
      });
      assert.equal(conflict.status, 409);
      assert.match(pageText(conflict.body), /This record changed while you were working on it .* What kind of abuse or neglect is suspected\? Financial abuse, Neglect What is the adult's position on consent\? They consent .* Summary of the checks Seen at home; cupboards empty\./);
      assert.deepEqual(await caseRow(id), changed);

      // Welsh.
      const welsh = await signedIn('duty@sirfynydd.example', 'cy');
      const cy = await takeStep(welsh, id, 'record-initial-checks', {});
      assert.equal(cy.status, 400);
      assert.match(pageText(cy.body), /Mae problem wedi codi Dewiswch o leiaf un math o gam-drin neu esgeulustod Dewiswch safbwynt yr oedolyn ar gydsyniad/);
    });

    it('records an adult protection and support order, and refuses a visit once it has expired', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      try {
        const id = await adultInEnquiries(duty, 'Rhiannon Lloyd');
        assert.equal((await duty.get(`/cases/${id}/steps/apply-for-apso`)).status, 409, 'an order is considered before an application');
        expectSaved(await takeStep(duty, id, 'consider-apso', { reason: 'Her nephew will not let anyone in to see her.' }), id);

        const apply = await duty.get(`/cases/${id}/steps/apply-for-apso`);
        const officer = optionValue(apply.body, 'authorisedOfficerId', 'Iwan Parry \\(Duty social worker\\)');
        const application = {
          authorisedOfficerId: officer, ...on('appliedOn', '2026-11-17'), court: 'Tref Fynydd Magistrates’ Court', ...on('hearingOn', '2026-11-17'),
          premises: '3 Heol y Bryn, Tref Fynydd', reasons: 'She cannot be seen alone; her nephew answers for her.', evidence: 'Two refused visits; a neighbour’s account.',
        };
        const someGrounds = await duty.post(`/cases/${id}/steps/apply-for-apso`, { expectedVersion: versionOn(apply), ...application, grounds: ['access_necessary'] });
        assert.equal(someGrounds.status, 400);
        assert.match(pageText(someGrounds.body), /Select every ground: an order can be made only if all of them are met/);
        expectSaved(await duty.post(`/cases/${id}/steps/apply-for-apso`, {
          expectedVersion: versionOn(apply), ...application, grounds: ['adult_at_risk_suspected', 'access_necessary', 'order_necessary', 'no_greater_risk'],
        }), id);
        let text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Adult protection and support order Considered 17 November 2026 Status Applied for: awaiting the court Applied for on 17 November 2026 Authorised officer Iwan Parry Court Tref Fynydd Magistrates’ Court/);

        // Granted for 7 days from 14:00; a longer order is refused.
        await at('2026-11-17T16:00:00Z', [duty, 'duty@sirfynydd.example']);
        const outcome = await duty.get(`/cases/${id}/steps/record-apso-outcome`);
        const granted = {
          ...on('decidedOn', '2026-11-17'), outcome: 'granted', ...when('orderStart', '2026-11-17', '14:00'),
          specifiedPersons: 'PC Siân Morris', conditions: 'Entry between 09:00 and 18:00.',
        };
        const tooLong = await duty.post(`/cases/${id}/steps/record-apso-outcome`, { expectedVersion: versionOn(outcome), ...granted, ...when('orderEnd', '2026-11-25', '14:00') });
        assert.equal(tooLong.status, 400);
        assert.match(pageText(tooLong.body), /The order is longer than the longest period allowed/);
        expectSaved(await duty.post(`/cases/${id}/steps/record-apso-outcome`, { expectedVersion: versionOn(outcome), ...granted, ...when('orderEnd', '2026-11-24', '14:00') }), id);
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /An adult protection and support order is in force until 24 November 2026 at 14:00/);
        assert.match(text, /Status In force .* In force From 17 November 2026 at 14:00 until 24 November 2026 at 14:00 Other people named PC Siân Morris Conditions Entry between 09:00 and 18:00\. Visits made under the order 0/);
        assert.equal((await clockRow(id, 'T-APSO')).due_date, '2026-11-24');

        // While it is in force the case cannot close.
        const closeNow = await takeStep(duty, id, 'close-case', { route: 'adult_disengaged', disengagement: 'She will not engage.', consent: 'withheld', capacityAssessed: 'no', rationale: 'x' });
        assert.equal(closeNow.status, 400);
        assert.match(pageText(closeNow.body), /An adult protection and support order is in force: the case cannot close until it ends/);

        // The visit is made under the order.
        await at('2026-11-18T12:00:00Z', [duty, 'duty@sirfynydd.example']);
        expectSaved(await takeStep(duty, id, 'record-apso-visit', {
          ...when('visitedAt', '2026-11-18', '11:00'), spokeInPrivate: 'yes', decisionsMadeFreely: 'no', outcome: 'Seen alone in the kitchen; she is frightened of her nephew.',
        }), id);
        assert.equal((await clockRow(id, 'T-APSO')).stop_reason, 'order_used');

        // A week later the order has expired: the page says so, and a visit after its end is refused.
        await at('2026-11-25T12:00:00Z', [duty, 'duty@sirfynydd.example']);
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /This order expired on 24 November 2026 at 14:00\. It can no longer be used\./);
        assert.match(text, /Status Expired/);
        assert.doesNotMatch(text, /is in force until/);
        const version = (await caseRow(id)).version;
        const late = await takeStep(duty, id, 'record-apso-visit', {
          ...when('visitedAt', '2026-11-25', '10:00'), spokeInPrivate: 'no', decisionsMadeFreely: 'unclear', outcome: 'The nephew refused entry.',
        });
        assert.equal(late.status, 400);
        assert.match(pageText(late.body), /There is a problem The order has expired: it cannot be used for a visit after it ends/);
        assert.match(late.body, /href="#visitedAt-day"/);
        assert.equal((await caseRow(id)).version, version);
        const welsh = pageText((await (await signedIn('duty@sirfynydd.example', 'cy')).get(`/cases/${id}`)).body);
        assert.match(welsh, /Daeth y gorchymyn hwn i ben ar 24 Tachwedd 2026 am 14:00\. Ni ellir ei ddefnyddio mwyach\./);

        // She stops engaging: the separate closure route, with her capacity to make that choice recorded.
        const lacks = await takeStep(duty, id, 'close-case', {
          route: 'adult_disengaged', disengagement: 'Three visits offered; she declines further contact.', consent: 'withheld', capacityAssessed: 'yes',
          capacityDecision: 'Whether to accept further support', capacityAssessedBy: 'Iwan Parry', capacityOutcome: 'lacks_capacity', bestInterests: 'Continue',
          rationale: 'She does not want our involvement.',
        });
        assert.equal(lacks.status, 400);
        assert.match(pageText(lacks.body), /An adult who lacks capacity to make this choice cannot close their case by disengaging/);
        expectSaved(await takeStep(duty, id, 'close-case', {
          route: 'adult_disengaged', disengagement: 'Three visits offered; the risks were explained to her and her GP was told.', consent: 'withheld', capacityAssessed: 'yes',
          capacityDecision: 'Whether to accept further support', capacityAssessedBy: 'Iwan Parry', capacityOutcome: 'has_capacity',
          rationale: 'She has capacity to decide and does not want our involvement; her nephew has moved out.', agenciesNotified: ['health', 'police'],
        }), id);
        assert.equal((await caseRow(id)).stage, 'closed');
        text = pageText((await duty.get(`/cases/${id}`)).body);
        assert.match(text, /Rhiannon Lloyd Prefers Welsh Closed/);
        assert.match(text, /Closure Why it closed The adult has stopped engaging Rationale She has capacity to decide/);
        assert.match(text, /Closure, 25 November 2026 Whether to accept further support Iwan Parry Has capacity to make this decision/);
        assert.match(text, /No timescales are running/);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('lists the new settings and the adult timers on the rules page, in English and Welsh', async () => {
      for (const [c, words] of [
        [await signedIn('admin@sirfynydd.example'), ['Longest adult protection and support order (days)', 'Office hours start (hour, 24-hour clock)', 'Strategy discussion or meeting (7 working days)', 'Designated officer for safeguarding']],
        [await signedIn('admin@sirfynydd.example', 'cy'), ['Y gorchymyn amddiffyn a chynorthwyo oedolyn hiraf (diwrnodau)', "Oriau swyddfa'n dechrau (awr, cloc 24 awr)", 'Trafodaeth neu gyfarfod strategaeth (7 diwrnod gwaith)']],
      ] as const) {
        const page = await c.get('/settings');
        assert.equal(page.status, 200);
        const text = pageText(page.body);
        for (const w of words) assert.ok(text.includes(w), w);
        assert.doesNotMatch(text, /\b(settings|timer|clock)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+/);
      }
    });
  });
}
