import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ENGINES } from '../support/db.js';
import { Client, startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { CHILD_CASE_COMMAND_TYPES } from '../../src/domain/cases/child-protection.commands.js';
import { ADULT_CASE_COMMAND_TYPES } from '../../src/domain/cases/adult-protection.model.js';

/** A child's case from concern to first review conference, entirely through the JSON API. */
const PEOPLE = [
  'athro@glanymor.example',
  'dsp@glanymor.example',
  'duty@sirfynydd.example',
  'manager@sirfynydd.example',
  'senior@sirfynydd.example',
  'chair@sirfynydd.example',
  'admin@sirfynydd.example',
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
interface CaseJson {
  id: string;
  version: number;
  stage: string;
  registration: { categories: string[]; coordinator: { id: string; name: string } | null; nextReviewDue: string; reviews: number } | null;
  clocks: Clock[];
  allowedSteps: string[];
  conferences: { id: string; kind: string; heldAt: string | null; recordsCirculatedAt: string | null; childCaseIds: string[] }[];
  household: { id: string; fullName: string }[];
  openTasks: { id: string; kind: string }[];
  caseworkers: { id: string; name: string }[];
  plan: { outcomes: string } | null;
  actions: { description: string }[];
}

const at = (iso: string) => new Date(iso);
const social = { name: 'Nia Roberts', agency: 'social_services' };
const police = { name: 'DS Hywel Bowen', agency: 'police' };
const health = { name: 'Dr Ffion Ellis', agency: 'health' };
const school = { name: 'Rhys Williams', agency: 'education' };

for (const engine of ENGINES) {
  describe(`Case API (${engine})`, () => {
    let h: Harness;
    const tokens = {} as Record<Person, string>;

    before(async () => {
      h = await startHarness(engine);
      for (const email of PEOPLE) {
        const c = new Client(h.app);
        await c.signIn(email);
        const page = await c.post('/account/api-tokens', { name: 'case API test' });
        assert.equal(page.status, 201, email);
        tokens[email] = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!;
      }
    });
    after(async () => h?.close());

    async function api(who: Person | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
      const res = await h.app.inject({
        method,
        url,
        headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const json: any = res.body ? JSON.parse(res.body) : undefined;
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, json, headers: res.headers };
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
      const found = c.clocks.find((k) => k.key === key);
      assert.ok(found, `clock ${key} in ${c.clocks.map((k) => k.key).join(', ')}`);
      return found;
    };
    const eventCount = async (caseId: string) =>
      Number((await h.handle.db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);

    let first = '';
    let sibling = '';
    let coordinatorId = '';

    it('walks a child from concern to the first review conference, with the statutory due dates', async () => {
      // C0–C1: the teacher raises a concern; the school's DSP reports it to Sir Fynydd.
      const raised = await api('athro@glanymor.example', 'POST', '/api/concerns', {
        subjectKind: 'child', fullName: 'Elis Gwynfor', birthKnowledge: 'date_of_birth', dateOfBirth: '2015-03-02', welshPreferred: 'yes',
        account: 'Elis has marks on his neck and says his mother’s partner held him against the wall.', harmCategories: ['physical'],
        specificRisks: ['domestic_abuse'], immediateDanger: false, personKnows: 'yes',
      });
      assert.equal(raised.status, 201, raised.body);
      const reported = await api('dsp@glanymor.example', 'POST', `/api/concerns/${raised.json.id}/report`, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 });
      assert.equal(reported.status, 201, reported.body);
      first = reported.json.reportId;

      // The school cannot see the local authority's case, and gets no hint that it exists.
      const hidden = await api('dsp@glanymor.example', 'GET', `/api/cases/${first}`);
      assert.equal(hidden.status, 404);

      // C3: strategy discussion decided on the report; the first child's case has the report's id.
      h.clock.set(at('2026-11-17T10:30:00Z'));
      const decided = await api('duty@sirfynydd.example', 'POST', `/api/reports/${first}/decision`, {
        decision: 'strategy_discussion', rationale: 'Reasonable cause to suspect significant harm', crimeSuspected: true, expectedVersion: 0,
      });
      assert.equal(decided.status, 200, decided.body);
      let a = await getCase(first);
      assert.equal(a.stage, 'strategy_pending');
      assert.equal(clock(a, 'T-C2').status, 'met');
      assert.equal(clock(a, 'T-C3').dueDate, '2026-11-18', 'strategy discussion within 1 working day (the GAP default)');
      assert.ok(a.allowedSteps.includes('record-strategy-discussion'), a.allowedSteps.join());
      assert.ok(!a.allowedSteps.includes('record-decision'), 'the decision is already recorded');
      assert.deepEqual(a.openTasks.map((t) => t.kind), ['notify_police'], 'a suspected crime creates a police task');
      coordinatorId = a.caseworkers.find((w) => w.name === 'Nia Roberts')!.id;
      a = await step('duty@sirfynydd.example', first, 'complete-task', { taskId: a.openTasks[0]!.id, reference: 'Police log 4471' });
      assert.deepEqual(a.openTasks, []);

      // C5: a strategy discussion without the police is refused, field by field, and changes nothing.
      h.clock.set(at('2026-11-18T15:00:00Z'));
      const strategy = { heldAt: '2026-11-18T14:00:00Z', format: 'meeting', attendees: [social, police, health], outcome: 'section47', enquiry: 'joint', summary: 'Joint enquiry agreed; Elis to stay with his grandmother meanwhile.' };
      const before = await eventCount(first);
      const noPolice = await api('duty@sirfynydd.example', 'POST', `/api/cases/${first}/steps/record-strategy-discussion`, { ...strategy, attendees: [social, health], expectedVersion: a.version });
      assert.equal(noPolice.status, 400);
      assert.match(noPolice.type, /^application\/problem\+json/);
      assert.equal(noPolice.json.errors.attendees.code, 'error.strategy.policeAndSocialServices');
      assert.equal((await getCase(first)).version, a.version, 'the case version is unchanged');
      assert.equal(await eventCount(first), before);

      a = await step('duty@sirfynydd.example', first, 'record-strategy-discussion', strategy);
      assert.equal(a.stage, 'section47_open');
      assert.equal(clock(a, 'T-C3').status, 'met');

      // C7: determination 3 starts T-C4 from the strategy discussion: 15 working days after Wed 18 November.
      h.clock.set(at('2026-11-20T11:00:00Z'));
      a = await step('duty@sirfynydd.example', first, 'record-section47-determination', { determination: 3, rationale: 'Substantiated; continuing risk' });
      assert.equal(a.stage, 'conference_pending');
      assert.equal(clock(a, 'T-C4').dueDate, '2026-12-09');

      // A brother in the same household: a case of his own from the same report.
      const added = await api('duty@sirfynydd.example', 'POST', `/api/cases/${first}/siblings`, { fullName: 'Cai Gwynfor', dateOfBirth: '2019-05-20', expectedVersion: a.version });
      assert.equal(added.status, 201, added.body);
      sibling = added.json.id;
      assert.equal(added.headers.location, `/api/cases/${sibling}`);
      assert.equal(added.json.stage, 'received');
      assert.deepEqual((await getCase(first)).household.map((s) => s.fullName), ['Cai Gwynfor']);

      // Cai is decided separately; a later strategy meeting considers both children.
      await step('duty@sirfynydd.example', sibling, 'record-decision', { decision: 'strategy_discussion', rationale: 'Sibling of a child at risk', crimeSuspected: false });
      h.clock.set(at('2026-11-23T16:00:00Z'));
      const secondMeeting = { ...strategy, heldAt: '2026-11-23T14:00:00Z', summary: 'Both brothers considered.' };
      a = await step('duty@sirfynydd.example', first, 'record-strategy-discussion', secondMeeting);
      let b = await step('duty@sirfynydd.example', sibling, 'record-strategy-discussion', secondMeeting);
      b = await step('duty@sirfynydd.example', sibling, 'record-section47-determination', { determination: 3, rationale: 'Continuing risk' });
      // T-C4 runs from the LAST strategy meeting (c3pt2-p4): Mon 23 November + 15 working days.
      const tc4 = a.clocks.filter((k) => k.timerId === 'T-C4');
      assert.deepEqual(tc4.map((k) => [k.status, k.stopReason]), [['ended', 'later_strategy_meeting'], ['due', null]]);
      assert.equal(tc4[1]!.dueDate, '2026-12-14');
      assert.equal(clock(b, 'T-C4').dueDate, '2026-12-14');

      // C8: one initial conference for both children.
      a = await step('chair@sirfynydd.example', first, 'schedule-conference', {
        kind: 'initial', scheduledFor: '2026-12-10T10:00:00Z', invitees: [social, police, health, school], siblingCaseIds: [sibling],
      });
      const conferenceId = a.conferences[0]!.id;
      assert.deepEqual([...a.conferences[0]!.childCaseIds].sort(), [first, sibling].sort());
      assert.equal((await getCase(sibling)).conferences[0]!.id, conferenceId);

      h.clock.set(at('2026-12-10T15:00:00Z'));
      const conference = {
        heldAt: '2026-12-10T10:00:00Z',
        attendees: [social, police, health, school, { name: 'Sara Gwynfor', agency: 'family' }],
        apologies: ['probation'],
        reportsReceived: ['health', 'education'],
        rationale: 'Elis is at continuing risk of physical harm and neglect; Cai is not.',
        decisions: {
          [first]: { outcome: 'register', categories: ['physical', 'neglect'], coordinatorId, coreGroup: 'Mother, grandmother, school, health visitor' },
          [sibling]: { outcome: 'do_not_register' },
        },
      };
      const early = await api('chair@sirfynydd.example', 'POST', `/api/cases/${first}/steps/record-conference`, { ...conference, heldAt: '2026-11-20T10:00:00Z', expectedVersion: a.version });
      assert.equal(early.status, 400, 'a conference cannot be held before the strategy discussion');
      assert.ok(
        Object.entries<{ code: string }>(early.json.errors).some(([k, v]) => k.startsWith('heldAt') && v.code === 'error.conference.beforeStrategy'),
        early.body,
      );
      const unknownCategory = await api('chair@sirfynydd.example', 'POST', `/api/cases/${first}/steps/record-conference`, {
        ...conference,
        decisions: { ...conference.decisions, [first]: { ...conference.decisions[first], categories: ['physical', 'radicalisation'] } },
        expectedVersion: a.version,
      });
      assert.equal(unknownCategory.status, 400);
      assert.equal(unknownCategory.json.errors.categories.code, 'error.categories.unknown');
      assert.equal((await getCase(first)).version, a.version);
      assert.equal((await getCase(sibling)).stage, 'conference_pending', 'neither child was touched');

      const notChair = await api('duty@sirfynydd.example', 'POST', `/api/cases/${first}/steps/record-conference`, { ...conference, expectedVersion: a.version });
      assert.equal(notChair.status, 403, 'only the chair records a conference');
      assert.equal(notChair.json.reason, 'error.case.role');

      a = await step('chair@sirfynydd.example', first, 'record-conference', conference);
      b = await getCase(sibling);
      assert.equal(a.stage, 'registered');
      assert.deepEqual(a.registration?.categories, ['physical', 'neglect']);
      assert.equal(a.registration?.coordinator?.name, 'Nia Roberts');
      assert.equal(a.registration?.nextReviewDue, '2027-03-10');
      assert.equal(b.stage, 'part3_assessment');
      assert.equal(b.registration, null);
      assert.equal(clock(a, 'T-C4#2').status, 'met');
      assert.equal(clock(b, 'T-C4').status, 'met');
      // T-C6: records within 5 working days of Thu 10 December; T-C7: first core group within 10; T-C12: review within 3 months.
      assert.equal(clock(a, `T-C6:${conferenceId}`).dueDate, '2026-12-17');
      assert.equal(clock(b, `T-C6:${conferenceId}`).dueDate, '2026-12-17');
      assert.equal(clock(a, 'T-C7').dueDate, '2026-12-24');
      assert.equal(clock(a, 'T-C12').dueDate, '2027-03-10');

      // C11: records circulated the next day.
      h.clock.set(at('2026-12-11T12:00:00Z'));
      a = await step('chair@sirfynydd.example', first, 'circulate-conference-records', { conferenceId, at: '2026-12-11T11:00:00Z' });
      assert.equal(clock(a, `T-C6:${conferenceId}`).status, 'met');
      assert.equal(a.conferences[0]!.recordsCirculatedAt, '2026-12-11T11:00:00.000Z');

      // C13, C14a: first core group and a visit; the plan and an action.
      h.clock.set(at('2026-12-15T16:00:00Z'));
      const outsideRole = await api('chair@sirfynydd.example', 'POST', `/api/cases/${first}/steps/record-core-group`, {
        heldAt: '2026-12-15T10:00:00Z', attendees: [social, school], summary: 'x', expectedVersion: a.version,
      });
      assert.equal(outsideRole.status, 403);
      a = await step('duty@sirfynydd.example', first, 'record-core-group', { heldAt: '2026-12-15T10:00:00Z', attendees: [social, school, health], summary: 'Plan agreed.' });
      assert.equal(clock(a, 'T-C7').status, 'met');
      assert.equal(clock(a, 'T-C8').dueDate, '2027-01-26', 'next core group within 6 weeks');
      a = await step('duty@sirfynydd.example', first, 'record-visit', { visitedAt: '2026-12-15T14:00:00Z', seenAlone: true, location: 'home', bedroomSeen: true, summary: 'Seen alone in his room.' });
      assert.equal(clock(a, 'T-C11').status, 'met');
      a = await step('duty@sirfynydd.example', first, 'record-plan', { outcomes: 'Elis is safe at home', contingency: 'Stay with grandmother' });
      a = await step('duty@sirfynydd.example', first, 'add-plan-action', { description: 'Parenting course', owner: 'Family support', dueDate: '2027-01-15' });
      assert.equal(a.plan?.outcomes, 'Elis is safe at home');
      assert.deepEqual(a.actions.map((x) => x.description), ['Parenting course']);

      // C15: the first review conference, just under 3 months after the initial one.
      h.clock.set(at('2027-03-08T15:00:00Z'));
      a = await step('chair@sirfynydd.example', first, 'schedule-conference', { kind: 'review', scheduledFor: '2027-03-08T10:00:00Z', invitees: [social, police, health] });
      a = await step('chair@sirfynydd.example', first, 'record-conference', {
        heldAt: '2027-03-08T10:00:00Z', attendees: [social, police, health, school], rationale: 'Physical risk reduced; neglect remains.',
        decisions: { [first]: { outcome: 'remain', categories: ['neglect'] } },
      });
      assert.equal(a.stage, 'registered');
      assert.deepEqual(a.registration?.categories, ['neglect']);
      assert.equal(a.registration?.reviews, 1);
      assert.equal(a.registration?.nextReviewDue, '2027-09-08');
      assert.equal(clock(a, 'T-C12').status, 'met');
      assert.equal(clock(a, 'T-C13').dueDate, '2027-09-08');
    });

    it('registers a child only through a conference', async () => {
      for (const slug of ['register', 'registered', 'register_child', 'Record-Conference']) {
        const res = await api('duty@sirfynydd.example', 'POST', `/api/cases/${sibling}/steps/${slug}`, { categories: ['neglect'], expectedVersion: 0 });
        assert.equal(res.status, 404, slug);
      }
      const b = await getCase(sibling);
      assert.ok(!b.allowedSteps.includes('record-conference'), b.allowedSteps.join());
      const noConference = await api('chair@sirfynydd.example', 'POST', `/api/cases/${sibling}/steps/record-conference`, {
        heldAt: '2027-03-08T12:00:00Z', attendees: [social, police, health],
        decisions: { [sibling]: { outcome: 'register', categories: ['neglect'], coordinatorId } }, expectedVersion: b.version,
      });
      assert.equal(noConference.status, 409, noConference.body);
      assert.equal(noConference.json.reason, 'error.case.noConferenceDue');
      const coordinator = await api('manager@sirfynydd.example', 'POST', `/api/cases/${sibling}/steps/name-coordinator`, { coordinatorId, expectedVersion: b.version });
      assert.equal(coordinator.status, 409);
      assert.equal((await getCase(sibling)).registration, null);
      const register = await api('duty@sirfynydd.example', 'GET', '/api/register');
      // The demo family (Cerys and Dylan Jenkins) is on the register too; of this household only the first child is.
      const ids = register.json.items.map((r: { caseId: string }) => r.caseId);
      assert.ok(ids.includes(first) && !ids.includes(sibling), ids.join());
      const entry = register.json.items.find((r: { caseId: string }) => r.caseId === first);
      assert.deepEqual(entry.categories, ['neglect']);
      assert.equal(entry.coordinator, 'Nia Roberts');
    });

    it('refuses a stale version with 409 and appends nothing; of two concurrent steps exactly one wins', async () => {
      const a = await getCase(first);
      const entry = { occurredOn: '2027-03-08', summary: 'Grandmother phoned: Elis settled.', significant: false };
      const before = await eventCount(first);
      const stale = await api('duty@sirfynydd.example', 'POST', `/api/cases/${first}/steps/add-chronology-entry`, { ...entry, expectedVersion: a.version - 1 });
      assert.equal(stale.status, 409);
      assert.match(stale.type, /^application\/problem\+json/);
      assert.match(stale.json.title, /case changed/);
      assert.equal(await eventCount(first), before);

      const both = await Promise.all(
        [1, 2].map((n) => api('duty@sirfynydd.example', 'POST', `/api/cases/${first}/steps/add-chronology-entry`, { ...entry, summary: `Call ${n}`, expectedVersion: a.version })),
      );
      assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
      assert.equal(await eventCount(first), before + 1);
      assert.equal((await getCase(first)).version, a.version + 1);
    });

    it('answers a case in another authority exactly like a missing one', async () => {
      const outside = await api('duty@caerwen.example', 'GET', `/api/cases/${first}`);
      const missing = await api('duty@caerwen.example', 'GET', `/api/cases/${randomUUID()}`);
      const missingHere = await api('duty@sirfynydd.example', 'GET', `/api/cases/${randomUUID()}`);
      assert.equal(outside.status, 404);
      assert.equal(outside.body, missing.body);
      assert.equal(outside.body, missingHere.body);
      assert.equal(outside.type, missing.type);
      assert.equal(outside.headers['cache-control'], missing.headers['cache-control']);
      const outsideStep = await api('duty@caerwen.example', 'POST', `/api/cases/${first}/steps/add-chronology-entry`, { occurredOn: '2027-03-08', summary: 'x', significant: false, expectedVersion: 0 });
      const unknownStep = await api('duty@sirfynydd.example', 'POST', `/api/cases/${first}/steps/make-it-so`, { expectedVersion: 0 });
      assert.equal(outsideStep.status, 404);
      assert.equal(outsideStep.body, missing.body);
      assert.equal(unknownStep.body, missing.body);
      for (const url of [`/api/cases/${first}/chronology`, `/api/cases/${first}/siblings`]) {
        const res = await api('duty@caerwen.example', url.endsWith('siblings') ? 'POST' : 'GET', url, url.endsWith('siblings') ? { fullName: 'X', dateOfBirth: '2020-01-01', expectedVersion: 0 } : undefined);
        assert.equal(res.body, missing.body, url);
      }
      const list = await api('duty@caerwen.example', 'GET', '/api/cases');
      assert.equal(list.status, 200);
      assert.ok(!list.json.items.some((c: { id: string }) => c.id === first || c.id === sibling), 'Caerwen lists no Sir Fynydd case');
      // Roles that do no casework are turned away at the gate, with the same answer.
      assert.equal((await api('athro@glanymor.example', 'GET', `/api/cases/${first}`)).body, missing.body);
      assert.equal((await api('admin@sirfynydd.example', 'GET', '/api/work-tray')).body, missing.body);
    });

    it('gives the chronology, for one child or the household', async () => {
      const one = await api('duty@sirfynydd.example', 'GET', `/api/cases/${first}/chronology`);
      assert.equal(one.status, 200);
      type Entry = { date: string; type: string; significant: boolean; recordedBy: string | null; child: { caseId: string; fullName: string }; data: Record<string, unknown> };
      const entries: Entry[] = one.json.entries;
      assert.ok(entries.every((e) => e.child.caseId === first && e.child.fullName === 'Elis Gwynfor'), 'one child only');
      const strategies = entries.filter((e) => e.type === 'StrategyDiscussionHeld');
      assert.deepEqual(strategies.map((e) => [e.date, e.significant, e.recordedBy]), [['2026-11-18', true, 'Nia Roberts'], ['2026-11-23', true, 'Nia Roberts']]);
      assert.ok(entries.some((e) => e.type === 'Registered' && e.significant && e.recordedBy === 'Elin Hughes'), 'registration by the chair');
      assert.ok(entries.some((e) => e.type === 'ChronologyEntryAdded' && e.data['summary'] !== undefined && !e.significant), 'manual entry');
      assert.ok(!entries.some((e) => e.type.startsWith('Clock')), 'clock bookkeeping is not chronology');
      assert.ok(entries.every((e) => !('type' in e.data) && !('householdId' in e.data) && !('personId' in e.data)), 'no internal keys in the data');
      assert.equal(entries.find((e) => e.type === 'ReportReceived')?.data['receivedAt'], '2026-11-17T10:00:00.000Z');
      assert.deepEqual(entries.map((e) => e.date), [...entries.map((e) => e.date)].sort());
      const household = await api('duty@sirfynydd.example', 'GET', `/api/cases/${first}/chronology?household=true`);
      const children = new Set(household.json.entries.map((e: Entry) => e.child.caseId));
      assert.deepEqual([...children].sort(), [first, sibling].sort());
    });

    it('lists cases, the work tray and only my own work', async () => {
      const list = await api('duty@sirfynydd.example', 'GET', '/api/cases');
      const ids = list.json.items.map((c: { id: string }) => c.id);
      assert.ok(ids.includes(first) && ids.includes(sibling), 'both brothers listed');
      assert.equal(list.headers['cache-control'], 'no-store');
      const all = await api('duty@sirfynydd.example', 'GET', '/api/work-tray');
      assert.equal(all.status, 200);
      const mine = await api('duty@sirfynydd.example', 'GET', '/api/work-tray?mine=true');
      type Item = { caseId: string; clock: { timerId: string }; allocatedTo: { id: string } | null };
      const flat = (t: { overdue: Item[]; dueToday: Item[]; dueThisWeek: Item[]; paused: Item[] }) => [...t.overdue, ...t.dueToday, ...t.dueThisWeek, ...t.paused];
      assert.ok(flat(mine.json).length > 0, 'the co-ordinator has work');
      assert.ok(flat(mine.json).every((i) => i.allocatedTo?.id === coordinatorId), 'only cases allocated to me');
      assert.ok(flat(all.json).some((i) => i.caseId === sibling), 'the unallocated brother is in the authority’s tray');
      assert.ok(!flat(mine.json).some((i) => i.caseId === sibling), 'not the unallocated brother');
    });

    it('publishes every step in the OpenAPI document, with request schemas the server enforces', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = JSON.parse(res.body);
      const resolve = (ref: string) => ref.replace(/^#\//, '').split('/').reduce((node, key) => node?.[key], doc);
      const refs = [...res.body.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
      for (const ref of refs) assert.ok(resolve(ref), `${ref} resolves`);
      const operationIds = new Set<string>();
      for (const [path, item] of Object.entries<Record<string, { tags?: string[]; responses: object; operationId?: string }>>(doc.paths)) {
        for (const op of Object.values(item)) {
          assert.ok(op.tags?.length, `${path} has tags`);
          assert.ok(Object.keys(op.responses).length > 0, path);
          if (op.operationId) {
            assert.ok(!operationIds.has(op.operationId), op.operationId);
            operationIds.add(op.operationId);
          }
        }
      }
      const stepPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/cases/{id}/steps/'));
      // A child's and an adult's steps share the addresses; a step both have takes either body (the child's first).
      assert.equal(stepPaths.length, new Set([...CHILD_CASE_COMMAND_TYPES, ...ADULT_CASE_COMMAND_TYPES]).size);
      const strategy = resolve(doc.paths['/cases/{id}/steps/record-strategy-discussion'].post.requestBody.content['application/json'].schema.$ref);
      assert.ok(strategy.required.includes('attendees'), 'attendees required');
      assert.ok(strategy.required?.includes('expectedVersion'), 'expectedVersion required');
      assert.deepEqual(strategy.properties.attendees.items.properties.agency.enum.slice(0, 2), ['social_services', 'police']);
      for (const code of ['400', '403', '404', '409']) assert.ok(doc.paths['/cases/{id}/steps/record-conference'].post.responses[code], code);

      // The document and the validation cannot drift: an empty step is refused for exactly the required fields.
      const demoCase = (await api('duty@sirfynydd.example', 'GET', '/api/cases')).json.items.find((c: { id: string; kind: string }) => c.kind === 'child' && c.id !== first && c.id !== sibling);
      for (const type of CHILD_CASE_COMMAND_TYPES) {
        const slug = type.replaceAll('_', '-');
        const op = doc.paths[`/cases/{id}/steps/${slug}`]?.post;
        assert.ok(op, slug);
        const body = op.requestBody.content['application/json'].schema;
        const schema = resolve(body.$ref ?? body.oneOf[0].$ref);
        const required = ((schema.required ?? []) as string[]).filter((f) => f !== 'expectedVersion').sort();
        // Someone whose role the step is for (a role it is not for is refused before the answers are read).
        let empty = await api('duty@sirfynydd.example', 'POST', `/api/cases/${demoCase.id}/steps/${slug}`, {});
        for (const who of ['manager@sirfynydd.example', 'senior@sirfynydd.example', 'chair@sirfynydd.example'] as const) {
          if (empty.status === 403) empty = await api(who, 'POST', `/api/cases/${demoCase.id}/steps/${slug}`, {});
        }
        assert.equal(empty.status, 400, slug);
        assert.deepEqual(Object.keys(empty.json.errors).sort(), required.length ? required : ['expectedVersion'], slug);
      }
    });

    it('shows the rules, and lets only the administrator change them', async () => {
      const rules = await api('duty@sirfynydd.example', 'GET', '/api/settings');
      assert.equal(rules.status, 200);
      const setting = rules.json.settings.find((s: { key: string }) => s.key === 'strategyDiscussionWorkingDays');
      assert.deepEqual([setting.value, setting.status], [1, 'GAP']);
      assert.match(rules.json.timers.find((t: { id: string }) => t.id === 'T-C4').source, /15 working days/);
      assert.equal(rules.json.canManage, false);
      assert.equal((await api('athro@glanymor.example', 'GET', '/api/settings')).status, 404);

      const missing = await api('duty@sirfynydd.example', 'GET', `/api/cases/${randomUUID()}`);
      for (const who of ['duty@sirfynydd.example', 'senior@sirfynydd.example', 'chair@sirfynydd.example'] as const) {
        const refused = await api(who, 'PUT', '/api/settings', { strategyDiscussionWorkingDays: 2 });
        assert.equal(refused.status, 404, who);
        assert.equal(refused.body, missing.body);
      }
      // The role gate comes before the body is even read.
      assert.equal((await api('duty@sirfynydd.example', 'PUT', '/api/settings', '{"broken')).body, missing.body);
      const broken = await api('admin@sirfynydd.example', 'PUT', '/api/settings', '{"broken');
      assert.equal(broken.status, 400);
      assert.match(broken.type, /^application\/problem\+json/);
      assert.doesNotMatch(broken.body, /stack|\.ts:\d+/);
      assert.equal((await api('duty@sirfynydd.example', 'GET', '/api/settings')).json.settings.find((s: { key: string }) => s.key === 'strategyDiscussionWorkingDays').value, 1);

      for (const [bad, field, code] of [
        [{ strategyDiscussionWorkingDays: '2' }, 'strategyDiscussionWorkingDays', 'error.setting.range'],
        [{ strategyDiscussionWorkingDays: 99 }, 'strategyDiscussionWorkingDays', 'error.setting.range'],
        [{ christmasEveClosed: 'yes' }, 'christmasEveClosed', 'error.setting.boolean'],
        [{ icpcWorkingDays: 20 }, 'icpcWorkingDays', 'error.setting.unknown'],
      ] as const) {
        const res = await api('admin@sirfynydd.example', 'PUT', '/api/settings', bad);
        assert.equal(res.status, 400, JSON.stringify(bad));
        assert.equal(res.json.errors[field].code, code);
      }
      const changed = await api('admin@sirfynydd.example', 'PUT', '/api/settings', { strategyDiscussionWorkingDays: 2 });
      assert.equal(changed.status, 200, changed.body);
      assert.equal(changed.json.settings.find((s: { key: string }) => s.key === 'strategyDiscussionWorkingDays').value, 2);

      // A local closure day stops counting as a working day.
      const closure = await api('admin@sirfynydd.example', 'POST', '/api/settings/closures', { date: '2027-03-09', nameEn: 'Staff training day', nameCy: 'Diwrnod hyfforddi staff' });
      assert.equal(closure.status, 201, closure.body);
      assert.equal(closure.headers.location, '/api/settings/closures/2027-03-09');

      // The next decision to hold a strategy discussion runs on the new setting: Mon 8 March + 2 working days, skipping the closure.
      h.clock.set(at('2027-03-08T15:00:00Z'));
      const waiting = (await api('duty@sirfynydd.example', 'GET', '/api/reports')).json.items.find((r: { subjectKind: string }) => r.subjectKind === 'child');
      const decided = await api('duty@sirfynydd.example', 'POST', `/api/reports/${waiting.id}/decision`, { decision: 'strategy_discussion', rationale: 'Bruising and hunger', expectedVersion: 0 });
      assert.equal(decided.status, 200, decided.body);
      assert.equal(clock(await getCase(waiting.id), 'T-C3').dueDate, '2027-03-11');

      assert.equal((await api('duty@sirfynydd.example', 'DELETE', '/api/settings/closures/2027-03-09')).status, 404);
      assert.equal((await api('admin@sirfynydd.example', 'DELETE', '/api/settings/closures/2027-03-09')).status, 204);
      assert.equal((await api('admin@sirfynydd.example', 'DELETE', '/api/settings/closures/2027-03-09')).status, 404);
      assert.equal((await api('admin@sirfynydd.example', 'PUT', '/api/settings', { strategyDiscussionWorkingDays: 1 })).status, 200);
    });
  });
}
