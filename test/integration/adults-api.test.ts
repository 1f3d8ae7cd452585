import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/db.js';
import { Client, DEFAULT_NOW, startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { ADULT_CASE_COMMAND_TYPES } from '../../src/domain/cases/adult-protection.model.js';

/** An adult at risk's case from concern to a review of the protection plan, an order and a closure, entirely through the JSON API. */
const PEOPLE = [
  'gofalwr@brynhaul.example',
  'dsp@brynhaul.example',
  'duty@sirfynydd.example',
  'social.worker@sirfynydd.example',
  'manager@sirfynydd.example',
  'senior@sirfynydd.example',
  'chair@sirfynydd.example',
  'duty@caerwen.example',
] as const;
type Person = (typeof PEOPLE)[number];

interface Clock {
  key: string;
  timerId: string;
  dueDate: string;
  status: string;
  stopReason: string | null;
}
interface AdultJson {
  stage: string;
  categories: string[];
  leadPractitioner: { id: string; name: string } | null;
  initialChecks: { consent: string; crimeSuspected: boolean; policeInformed: boolean; othersAtRisk: boolean } | null;
  capacityDecisions: { point: string; decision: string; outcome: string; bestInterests: string | null }[];
  determination: string | null;
  advocacy: { kind: string; accepted: boolean; advocate: string }[];
  investigations: { id: string; kind: string; dueDate: string | null; completedAt: string | null }[];
  conferences: { id: string; scheduledFor: string; heldAt: string | null; reportsReceivedAt: string | null }[];
  plan: { outcomes: string; reviews: number; lastReviewAt: string | null } | null;
  apso: { consideredAt: string | null; inForce: boolean; application: { status: string; orderEnd: string | null; visits: number } | null } | null;
  closure: { route: string; rationale: string } | null;
}
interface CaseJson {
  id: string;
  kind: string;
  version: number;
  stage: string;
  decision: string | null;
  clocks: Clock[];
  allowedSteps: string[];
  openTasks: { id: string; kind: string }[];
  caseworkers: { id: string; name: string }[];
  adult: AdultJson | null;
}

const social = { name: 'Nia Roberts', agency: 'social_services' };
const police = { name: 'DC Owain Hughes', agency: 'police' };
const health = { name: 'Dr Ffion Ellis', agency: 'health' };
const consentGiven = { consent: 'given', capacityAssessed: false };

for (const engine of ENGINES) {
  describe(`Adult case API (${engine})`, () => {
    let h: Harness;
    const tokens = {} as Record<Person, string>;

    before(async () => {
      h = await startHarness(engine);
      for (const email of PEOPLE) {
        const c = new Client(h.app);
        await c.signIn(email);
        const page = await c.post('/account/api-tokens', { name: 'adult API test' });
        assert.equal(page.status, 201, email);
        tokens[email] = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!;
      }
    });
    after(async () => h?.close());

    async function api(who: Person, method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await h.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      const json: any = res.body ? JSON.parse(res.body) : undefined;
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, json };
    }
    const getCase = async (id: string, who: Person = 'duty@sirfynydd.example'): Promise<CaseJson> => {
      const res = await api(who, 'GET', `/api/cases/${id}`);
      assert.equal(res.status, 200, res.body);
      return res.json as CaseJson;
    };
    /** Take a step at the version just read; fail loudly if it is refused. */
    const step = async (who: Person, id: string, slug: string, input: Record<string, unknown>): Promise<CaseJson> => {
      const { version } = await getCase(id);
      const res = await api(who, 'POST', `/api/cases/${id}/steps/${slug}`, { ...input, expectedVersion: version });
      assert.equal(res.status, 200, `${slug}: ${res.body}`);
      assert.ok(res.json.version > version, `${slug}: the answer is the case at its new version`);
      return res.json as CaseJson;
    };
    const clock = (c: CaseJson, key: string): Clock => {
      const found = c.clocks.find((k) => k.key === key || k.timerId === key);
      assert.ok(found, `clock ${key} in ${c.clocks.map((k) => k.key).join(', ')}`);
      return found;
    };
    const eventCount = async (caseId: string) =>
      Number((await h.handle.db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);
    const at = (iso: string) => h.clock.set(new Date(iso));

    /** The care home raises a concern and its DSP reports it to Sir Fynydd: the report's id, which is the case's. */
    async function reportedAdult(fullName: string): Promise<string> {
      const raised = await api('gofalwr@brynhaul.example', 'POST', '/api/concerns', {
        subjectKind: 'adult', fullName, birthKnowledge: 'date_of_birth', dateOfBirth: '1938-09-20', welshPreferred: 'no',
        account: 'Her son takes her pension each week and she has no money for food.', harmCategories: ['financial'],
        specificRisks: [], immediateDanger: false, personKnows: 'yes',
      });
      assert.equal(raised.status, 201, raised.body);
      const reported = await api('dsp@brynhaul.example', 'POST', `/api/concerns/${raised.json.id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 });
      assert.equal(reported.status, 201, reported.body);
      return reported.json.reportId as string;
    }

    it('walks an adult from the report to a review of the protection plan, with the statutory clocks', async () => {
      try {
        const id = await reportedAdult('Olwen Bowen');
        let c = await getCase(id);
        assert.deepEqual([c.kind, c.stage, c.adult?.stage, c.adult?.initialChecks], ['adult', 'received', 'received', null]);
        assert.ok(c.allowedSteps.includes('record-initial-checks'), c.allowedSteps.join());
        assert.ok(!c.allowedSteps.includes('record-decision'), 'the initial checks come first');
        assert.equal(clock(c, 'T-A3').dueDate, '2026-11-26');

        // The decision before the checks is refused, saying which rule refused it.
        const early = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-decision`, { decision: 'section126_enquiries', rationale: 'x', expectedVersion: c.version });
        assert.equal(early.status, 409);
        assert.match(early.type, /problem\+json/);
        assert.equal(early.json.reason, 'error.adult.checksFirst');
        assert.equal(early.json.detail, 'Record the initial checks before the decision');

        // Invalid checks are refused field by field, and nothing is stored.
        const before = await eventCount(id);
        const invalid = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-initial-checks`, {
          categories: ['theft'], consent: 'maybe', crimeSuspected: 'yes', summary: '', expectedVersion: c.version,
        });
        assert.equal(invalid.status, 400, invalid.body);
        assert.deepEqual(Object.keys(invalid.json.errors).sort(), ['capacityAssessed', 'categories', 'consent', 'crimeSuspected', 'othersAtRisk', 'policeInformed', 'summary']);
        assert.deepEqual(invalid.json.errors.categories, { code: 'error.adultCategories.required', message: 'Select at least one kind of abuse or neglect' });
        // The decider's rules on the answers: lacking capacity to consent needs an assessment.
        const noAssessment = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-initial-checks`, {
          categories: ['financial'], consent: 'lacks_capacity', capacityAssessed: false, crimeSuspected: false, policeInformed: false, othersAtRisk: false,
          summary: 'Checked', expectedVersion: c.version,
        });
        assert.equal(noAssessment.status, 400);
        assert.deepEqual(noAssessment.json.errors, { capacityAssessed: { code: 'error.capacity.assessmentNeeded', message: 'Record a capacity assessment: an adult lacks capacity to consent only if an assessment found so' } });
        assert.equal(await eventCount(id), before);

        // A2 and A3: the checks (a crime suspected, the police told), then section 126 enquiries.
        c = await step('duty@sirfynydd.example', id, 'record-initial-checks', {
          categories: ['financial', 'neglect'], ...consentGiven, crimeSuspected: true, policeInformed: true, othersAtRisk: true,
          othersAtRiskDetails: 'Her granddaughter lives with them.', summary: 'Spoke to Olwen alone; the police have a reference.',
        });
        assert.equal(c.adult?.stage, 'initial_checks');
        assert.deepEqual(c.adult?.categories, ['financial', 'neglect']);
        assert.deepEqual(c.adult?.initialChecks, { at: '2026-11-17T10:00:00.000Z', consent: 'given', crimeSuspected: true, policeInformed: true, othersAtRisk: true, othersAtRiskDetails: 'Her granddaughter lives with them.' });
        assert.deepEqual(c.openTasks, [], 'the police were told: no task');
        c = await step('duty@sirfynydd.example', id, 'record-decision', { decision: 'section126_enquiries', rationale: 'Reasonable cause to suspect financial abuse and neglect.' });
        assert.deepEqual([c.stage, c.decision], ['section126_enquiry', 'section126_enquiries']);
        assert.equal(clock(c, 'T-A3').status, 'due', 'the 7-working-day clock runs on into the enquiries');
        const report = await api('duty@sirfynydd.example', 'GET', `/api/reports/${id}`);
        assert.equal(report.json.report.status, 'decided');

        // A5: determination 3 two days later; the strategy meeting is due within 7 working days.
        at('2026-11-19T09:00:00Z');
        c = await step('duty@sirfynydd.example', id, 'record-enquiry-determination', { determination: '3', rationale: 'An adult at risk; action is needed.' });
        assert.deepEqual([clock(c, 'T-A3').status, clock(c, 'T-A3').stopReason], ['met', 'enquiry_concluded']);
        assert.equal(clock(c, 'T-A4').dueDate, '2026-11-30');

        // A7: the strategy meeting starts a criminal and a non-criminal investigation and names the lead practitioner.
        at('2026-11-19T15:00:00Z');
        const nia = c.caseworkers.find((w) => w.name === 'Nia Roberts')!.id;
        const iwan = c.caseworkers.find((w) => w.name === 'Iwan Parry')!.id;
        const strategy = {
          heldAt: '2026-11-19T11:00:00Z', format: 'meeting', chairId: nia, attendees: [social, police, health], ...consentGiven,
          outcome: 'investigate', criminalInvestigation: true, nonCriminalInvestigation: true, investigationDueDate: '2026-12-18',
          interimProtection: 'Her pension is paid into an account her son cannot reach.', leadPractitionerId: iwan,
          summary: 'Police investigate theft; social services review her finances and care.',
        };
        const noInvestigation = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-strategy`, { ...strategy, criminalInvestigation: false, nonCriminalInvestigation: false, expectedVersion: c.version });
        assert.equal(noInvestigation.status, 400, noInvestigation.body);
        assert.equal(noInvestigation.json.errors.criminalInvestigation.code, 'error.adult.investigationKind');
        const outsider = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-strategy`, { ...strategy, chairId: '00000000-0000-4000-8000-000000000000', expectedVersion: c.version });
        assert.equal(outsider.status, 400, outsider.body);
        assert.equal(outsider.json.errors.chairId.code, 'error.chairId.required');
        c = await step('duty@sirfynydd.example', id, 'record-strategy', strategy);
        assert.equal(c.adult?.stage, 'investigation');
        assert.deepEqual(c.adult?.leadPractitioner, { id: iwan, name: 'Iwan Parry' });
        assert.deepEqual(c.adult?.investigations.map((i) => [i.kind, i.dueDate, i.completedAt]), [['criminal', '2026-12-18', null], ['non_criminal', '2026-12-18', null]]);
        assert.equal(clock(c, 'T-A4').status, 'met');
        assert.equal(c.clocks.filter((k) => k.timerId === 'T-A8' && k.status === 'due').length, 2);

        // A8: both investigations end; advocacy is offered; the conference is arranged.
        at('2026-12-01T15:00:00Z');
        for (const inv of c.adult!.investigations) {
          c = await step('social.worker@sirfynydd.example', id, 'complete-investigation', { investigationId: inv.id, completedAt: '2026-12-01T12:00:00Z', findings: `${inv.kind} investigation: the money was taken.` });
        }
        assert.equal(c.adult?.stage, 'conference_pending');
        assert.deepEqual(c.clocks.filter((k) => k.timerId === 'T-A8').map((k) => k.status), ['met', 'met']);
        // The conference needs advocacy offered first (refused at the conference, so check the order of things).
        c = await step('social.worker@sirfynydd.example', id, 'offer-advocacy', { kind: 'informal', offeredOn: '2026-12-01', accepted: true, advocate: 'Her friend Mair' });
        c = await step('chair@sirfynydd.example', id, 'schedule-conference', { scheduledFor: '2026-12-09T10:00:00Z', invitees: [social, police, health, { name: 'Olwen Bowen and Mair', agency: 'family' }] });
        const conferenceId = c.adult!.conferences[0]!.id;
        assert.equal(clock(c, 'T-A5').dueDate, '2026-12-07', 'reports 2 working days before Wednesday 9 December');
        at('2026-12-04T15:00:00Z');
        c = await step('chair@sirfynydd.example', id, 'record-agency-reports', { conferenceId, agencies: ['police', 'health'], receivedAt: '2026-12-04T09:00:00Z' });
        assert.deepEqual([clock(c, 'T-A5').status, c.adult?.conferences[0]?.reportsReceivedAt], ['met', '2026-12-04T09:00:00.000Z']);

        // A9–A10: the conference agrees a plan; the plan is recorded and reviewed within 6 weeks.
        at('2026-12-09T15:00:00Z');
        c = await step('chair@sirfynydd.example', id, 'record-conference', {
          conferenceId, heldAt: '2026-12-09T10:00:00Z', attendees: [social, health, { name: 'Olwen Bowen', agency: 'family' }], apologies: ['police'],
          writtenContributions: ['police'], adultAttended: true, advocatePresent: true, outcome: 'protection_plan', rationale: 'Olwen wants help to keep her money safe.',
        });
        assert.equal(c.adult?.stage, 'plan_active');
        assert.equal(clock(c, 'T-A6').dueDate, '2027-01-20');
        c = await step('social.worker@sirfynydd.example', id, 'record-plan', {
          outcomes: 'Olwen controls her own money and has food in the house.', contingency: 'If money goes missing again, the police and the bank are told.', ...consentGiven,
        });
        assert.equal(c.adult?.plan?.outcomes, 'Olwen controls her own money and has food in the house.');
        at('2027-01-13T15:00:00Z');
        c = await step('social.worker@sirfynydd.example', id, 'record-plan-review', {
          heldAt: '2027-01-13T10:00:00Z', consent: 'given', capacityAssessed: true, capacityDecision: 'Managing her bank account', capacityAssessedBy: 'Iwan Parry',
          capacityOutcome: 'has_capacity', outcome: 'continue', summary: 'Her money is safe; she wants the plan to continue.',
        });
        assert.deepEqual([c.adult?.plan?.reviews, c.adult?.plan?.lastReviewAt], [1, '2027-01-13T10:00:00.000Z']);
        assert.deepEqual(c.adult?.capacityDecisions.map((d) => [d.point, d.outcome]), [['plan_review', 'has_capacity']]);
        const reviews = c.clocks.filter((k) => k.timerId === 'T-A6');
        assert.deepEqual(reviews.map((k) => [k.status, k.dueDate]), [['met', '2027-01-20'], ['due', '2027-02-24']]);

        // A stale version is a conflict, not a silent overwrite.
        const stale = await api('social.worker@sirfynydd.example', 'POST', `/api/cases/${id}/steps/add-plan-action`, {
          description: 'Bank visit', owner: 'Iwan Parry', dueDate: '2027-01-20', expectedVersion: c.version - 1,
        });
        assert.equal(stale.status, 409);
        assert.equal(stale.json.title, 'The case changed since you read it');

        // Another authority cannot see the case at all.
        assert.equal((await api('duty@caerwen.example', 'GET', `/api/cases/${id}`)).status, 404);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('records an order, reports it expired, refuses a visit after its end, and closes when the adult disengages', async () => {
      try {
        const id = await reportedAdult('Dilys Harries');
        await step('duty@sirfynydd.example', id, 'record-initial-checks', { categories: ['neglect'], ...consentGiven, crimeSuspected: false, policeInformed: false, othersAtRisk: false, summary: 'Not seen: her son answered the door.' });
        let c = await step('duty@sirfynydd.example', id, 'record-decision', { decision: 'section126_enquiries', rationale: 'Cannot see her.' });
        const iwan = c.caseworkers.find((w) => w.name === 'Iwan Parry')!.id;
        const application = {
          authorisedOfficerId: iwan, appliedOn: '2026-11-17', court: 'Tref Fynydd Magistrates’ Court', hearingOn: '2026-11-17', premises: '9 Stryd yr Eglwys',
          reasons: 'Access refused three times.', evidence: 'Visit notes; a neighbour’s account.', grounds: ['adult_at_risk_suspected', 'access_necessary', 'order_necessary', 'no_greater_risk'],
        };
        const first = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/apply-for-apso`, { ...application, expectedVersion: c.version });
        assert.equal(first.status, 409);
        assert.equal(first.json.reason, 'error.apso.considerFirst');
        c = await step('duty@sirfynydd.example', id, 'consider-apso', { reason: 'Her son will not let anyone see her.' });
        c = await step('duty@sirfynydd.example', id, 'apply-for-apso', application);
        assert.equal(c.adult?.apso?.application?.status, 'applied');
        at('2026-11-17T16:00:00Z');
        const tooLong = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-apso-outcome`, {
          outcome: 'granted', decidedOn: '2026-11-17', orderStart: '2026-11-17T14:00:00Z', orderEnd: '2026-11-27T14:00:00Z', expectedVersion: c.version,
        });
        assert.equal(tooLong.status, 400);
        assert.equal(tooLong.json.errors.orderEnd.code, 'error.apso.tooLong');
        c = await step('duty@sirfynydd.example', id, 'record-apso-outcome', {
          outcome: 'granted', decidedOn: '2026-11-17', orderStart: '2026-11-17T14:00:00Z', orderEnd: '2026-11-20T14:00:00Z', specifiedPersons: 'PC Siân Morris', conditions: '',
        });
        assert.deepEqual([c.adult?.apso?.inForce, c.adult?.apso?.application?.status, c.adult?.apso?.application?.orderEnd], [true, 'granted', '2026-11-20T14:00:00.000Z']);
        assert.equal(clock(c, 'T-APSO').dueDate, '2026-11-20');
        const whileInForce = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/close-case`, {
          route: 'adult_disengaged', rationale: 'x', disengagement: 'x', consent: 'withheld', capacityAssessed: false, expectedVersion: c.version,
        });
        assert.equal(whileInForce.status, 400);
        assert.equal(whileInForce.json.errors.route.code, 'error.closure.orderInForce');

        // After the order ends it is no longer in force, and it cannot be used.
        at('2026-11-23T12:00:00Z');
        c = await getCase(id);
        assert.equal(c.adult?.apso?.inForce, false);
        const before = await eventCount(id);
        const late = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-apso-visit`, {
          visitedAt: '2026-11-23T10:00:00Z', spokeInPrivate: true, decisionsMadeFreely: 'unclear', outcome: 'Entered with the police.', expectedVersion: c.version,
        });
        assert.equal(late.status, 400);
        assert.deepEqual(late.json.errors.visitedAt, { code: 'error.apso.expired', message: 'The order has expired: it cannot be used for a visit after it ends' });
        assert.equal(await eventCount(id), before);
        // A visit made while it was in force can still be recorded.
        c = await step('duty@sirfynydd.example', id, 'record-apso-visit', { visitedAt: '2026-11-19T10:00:00Z', spokeInPrivate: true, decisionsMadeFreely: 'yes', outcome: 'Seen alone; she is managing and wants to be left alone.' });
        assert.equal(c.adult?.apso?.application?.visits, 1);

        // She disengages: the separate closure route, with her capacity to choose recorded.
        c = await step('duty@sirfynydd.example', id, 'close-case', {
          route: 'adult_disengaged', rationale: 'She has capacity and declines support.', disengagement: 'Offered support twice; risks explained.',
          agenciesNotified: ['health'], consent: 'withheld', capacityAssessed: true, capacityDecision: 'Whether to accept support', capacityAssessedBy: 'Iwan Parry', capacityOutcome: 'has_capacity',
        });
        assert.deepEqual([c.stage, c.adult?.closure?.route], ['closed', 'adult_disengaged']);
        assert.deepEqual(c.adult?.capacityDecisions.map((d) => d.point), ['closure']);
        // A closed case takes only chronology entries (an order, a task or a plan action cannot be worked on once closed).
        assert.deepEqual(c.allowedSteps, ['add-chronology-entry']);
        assert.ok(c.clocks.every((k) => k.status !== 'due' && k.status !== 'overdue'), 'no clock runs on a closed case');
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('documents every adult step in OpenAPI with the schema the server enforces', async () => {
      const doc = JSON.parse((await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
      const resolve = (ref: string) => ref.replace(/^#\//, '').split('/').reduce((node, key) => node?.[key], doc);
      assert.ok(doc.components.schemas.Case.properties.adult.properties.apso.properties.inForce);
      const id = await reportedAdult('Gethin Morris');
      for (const type of ADULT_CASE_COMMAND_TYPES) {
        const slug = type.replaceAll('_', '-');
        const body = doc.paths[`/cases/{id}/steps/${slug}`]?.post?.requestBody.content['application/json'].schema;
        assert.ok(body, slug);
        // A step a child's case has too offers both bodies; the adult's is named Adult…Step.
        const ref = body.$ref ?? body.oneOf.find((s: { $ref: string }) => s.$ref.includes('/Adult'))?.$ref;
        assert.match(ref, /\/Adult[A-Za-z]+Step$/, slug);
        const schema = resolve(ref);
        assert.ok(schema.required.includes('expectedVersion'), slug);
        const required = ((schema.required ?? []) as string[]).filter((f) => f !== 'expectedVersion').sort();
        // Someone whose role the step is for (a role it is not for is refused before the answers are read).
        let empty = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/${slug}`, {});
        for (const who of ['manager@sirfynydd.example', 'senior@sirfynydd.example', 'chair@sirfynydd.example'] as const) {
          if (empty.status === 403) empty = await api(who, 'POST', `/api/cases/${id}/steps/${slug}`, {});
        }
        assert.equal(empty.status, 400, slug);
        assert.deepEqual(Object.keys(empty.json.errors).sort(), required.length ? required : ['expectedVersion'], slug);
      }
      // A child's step on an adult's case is no step at all.
      assert.equal((await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/steps/record-strategy-discussion`, {})).status, 404);
    });
  });
}
