import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar, type IsoDate, type WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { DomainError } from '../../src/domain/errors.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../src/domain/rule-settings.js';
import { clockDisplayStatus } from '../../src/domain/timers.js';
import {
  CHILD_CASE_COMMAND_TYPES,
  type ChildCaseCommand,
  type ChildCaseCommandType,
  type ConferenceDecision,
} from '../../src/domain/cases/child-protection.commands.js';
import {
  allowedCommands,
  decideChildCase,
  nextConferenceKind,
  type DecisionActor,
} from '../../src/domain/cases/child-protection.decider.js';
import type { ChildCaseEvent } from '../../src/domain/cases/child-protection.events.js';
import {
  evolveChildCase,
  foldChildCase,
  INITIAL_CHILD_CASE_STATE,
  type ChildCaseState,
  type ClockRecord,
} from '../../src/domain/cases/child-protection.state.js';
import type { Attendee, RegistrationCategory } from '../../src/domain/cases/vocabulary.js';

/**
 * Whole cases walked through every path of DOMAIN.md §10.2, one command at a time.
 *
 * Every expected due date below was counted by hand from the England-and-Wales
 * calendar with the §9 convention (the event's London day is day 0; count the next
 * N working days; due at the end of that day). Holidays met on the way: 25 and
 * 28 December 2026, 1 January 2027, 26 and 29 March 2027 (Easter), 3 May 2027.
 * British Summer Time runs from 28 March 2027, so a deadline ends at 00:00 UTC
 * before then and at 23:00 UTC the day before after it.
 */

// ---------------------------------------------------------------------------
// People and places
// ---------------------------------------------------------------------------

const LA = 'la-caerdydd';
const LA2 = 'la-abertawe';
const LA3 = 'la-powys';

const actor = (userId: string, role: DecisionActor['role'], organisationId = LA): DecisionActor => ({ userId, role, organisationId });
const duty = actor('u-duty', 'duty_social_worker');
const manager = actor('u-tm', 'team_manager');
const manager2 = actor('u-tm2', 'team_manager');
const senior = actor('u-sm', 'senior_manager');
const chair = actor('u-chair', 'conference_chair');
const system = actor('system', 'system');
const chairLa2 = actor('u-chair-la2', 'conference_chair', LA2);
const dutyLa2 = actor('u-duty-la2', 'duty_social_worker', LA2);
const chairLa3 = actor('u-chair-la3', 'conference_chair', LA3);

const SOCIAL_SERVICES: Attendee = { name: 'Social worker', agency: 'social_services' };
const POLICE: Attendee = { name: 'Detective sergeant', agency: 'police' };
const HEALTH: Attendee = { name: 'Health visitor', agency: 'health' };
const EDUCATION: Attendee = { name: 'Head of year', agency: 'education' };
const FAMILY: Attendee = { name: 'Parent', agency: 'family' };
const CONFERENCE_ATTENDEES = [SOCIAL_SERVICES, POLICE, HEALTH, EDUCATION, FAMILY];

// ---------------------------------------------------------------------------
// The builder: folds events and advances `now`
// ---------------------------------------------------------------------------

type Cmd<T extends ChildCaseCommandType> = Extract<ChildCaseCommand, { type: T }>;
type ErrorCode = 'validation' | 'invalid_state' | 'not_permitted' | 'not_found';

/** Every case built in this file, for the JSON round trip at the end. */
const built: ChildCase[] = [];

class ChildCase {
  state: ChildCaseState = INITIAL_CHILD_CASE_STATE;
  readonly events: ChildCaseEvent[] = [];
  private now: Date;

  constructor(
    now: string,
    private readonly settings: RuleSettings = DEFAULT_RULE_SETTINGS,
    private readonly calendar: WorkingDayCalendar = createCalendar(),
  ) {
    this.now = new Date(now);
    built.push(this);
  }

  /** Move the case's clock on (never back). */
  at(iso: string): this {
    const next = new Date(iso);
    assert.ok(next >= this.now, `time runs forward: ${iso}`);
    this.now = next;
    return this;
  }

  /** Take a step as `who`; the new events are folded in and returned. */
  do(command: ChildCaseCommand, who: DecisionActor = duty): ChildCaseEvent[] {
    const out = decideChildCase(this.state, command, this.context(who));
    this.events.push(...out);
    this.state = out.reduce(evolveChildCase, this.state);
    return out;
  }

  /** The step is refused with this code and message (or field) key, and nothing changes. */
  refused(command: ChildCaseCommand, who: DecisionActor, code: ErrorCode, key: string): void {
    const before = this.state;
    assert.throws(
      () => decideChildCase(this.state, command, this.context(who)),
      (e: unknown) => {
        assert.ok(e instanceof DomainError, String(e));
        assert.equal(e.code, code);
        if (code === 'validation') assert.ok(Object.values(e.fields ?? {}).includes(key), `${JSON.stringify(e.fields)} has ${key}`);
        else assert.equal(e.message, key);
        return true;
      },
    );
    assert.equal(this.state, before);
  }

  clock(key: string): ClockRecord {
    const c = this.state.clocks[key];
    assert.ok(c, `clock ${key} exists (have ${Object.keys(this.state.clocks).join(', ')})`);
    return c;
  }

  /** [due date, due instant in UTC] of a clock. */
  due(key: string): [IsoDate, string] {
    const c = this.clock(key);
    return [c.dueDate, c.dueAt];
  }

  display(key: string): string {
    const c = this.clock(key);
    const d = (x: string | null) => (x ? new Date(x) : null);
    return clockDisplayStatus(
      { dueAt: new Date(c.dueAt), dueDate: c.dueDate, stoppedAt: d(c.stoppedAt), outcome: c.outcome, pausedAt: d(c.pausedAt) },
      this.now,
    );
  }

  /** Keys of the clocks still running. */
  running(): string[] {
    return Object.values(this.state.clocks)
      .filter((c) => c.stoppedAt === null)
      .map((c) => c.key)
      .sort();
  }

  private context(who: DecisionActor) {
    return { now: this.now, actor: who, calendar: this.calendar, settings: this.settings };
  }
}

/** A compact reading of events: clock bookkeeping with its key and due date, everything else by type. */
function said(events: readonly ChildCaseEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'ClockStarted':
        return `start ${e.key} ${e.dueDate}`;
      case 'ClockStopped':
        return `stop ${e.key} ${e.outcome}`;
      case 'ClockPaused':
        return `pause ${e.key}`;
      case 'ClockResumed':
        return `resume ${e.key} ${e.dueDate}`;
      case 'SeniorManagerAlerted':
        return `SeniorManagerAlerted ${e.reason}`;
      default:
        return e.type;
    }
  });
}

// ---------------------------------------------------------------------------
// Commands, with the usual answers filled in
// ---------------------------------------------------------------------------

const RECEIVED = '2026-11-16T09:00:00Z'; // Monday 16 November 2026, GMT

function openCase(over: Partial<Cmd<'open_case'>> = {}): Cmd<'open_case'> {
  return {
    type: 'open_case',
    reportId: 'rep-1',
    concernId: 'con-1',
    personId: 'per-1',
    householdId: 'hh-1',
    localAuthorityId: LA,
    receivedAt: RECEIVED,
    channel: 'written',
    verbalAt: null,
    unborn: false,
    dateOfBirth: '2015-06-10',
    expectedDueDate: null,
    ...over,
  };
}

function decision(d: Cmd<'record_decision'>['decision'], crimeSuspected = false): Cmd<'record_decision'> {
  return { type: 'record_decision', decision: d, rationale: 'Recorded with the team manager', crimeSuspected };
}

function strategy(heldAt: string, over: Partial<Cmd<'record_strategy_discussion'>> = {}): Cmd<'record_strategy_discussion'> {
  return {
    type: 'record_strategy_discussion',
    strategyId: `sd-${heldAt}`,
    heldAt,
    format: 'discussion',
    attendees: [SOCIAL_SERVICES, POLICE, HEALTH],
    outcome: 'section47',
    enquiry: 'joint',
    nextStep: null,
    summary: 'Reasonable cause to suspect significant harm',
    ...over,
  };
}

function determination(d: 1 | 2 | 3): Cmd<'record_section47_determination'> {
  return { type: 'record_section47_determination', determination: d, rationale: `Determination ${d}` };
}

function schedule(conferenceId: string, kind: Cmd<'schedule_conference'>['kind'], scheduledFor: string): Cmd<'schedule_conference'> {
  return { type: 'schedule_conference', conferenceId, kind, scheduledFor, invitees: CONFERENCE_ATTENDEES, householdCaseIds: [] };
}

function register(
  categories: RegistrationCategory[] = ['neglect', 'emotional'],
  coordinatorId: string | null = 'u-duty',
): ConferenceDecision {
  return { outcome: 'register', categories, coordinatorId, coreGroup: 'Parents, school, health visitor, social worker' };
}

function conference(
  conferenceId: string,
  heldAt: string,
  d: ConferenceDecision,
  rationale = 'Decided by the practitioners',
): Cmd<'record_conference'> {
  return {
    type: 'record_conference',
    conferenceId,
    heldAt,
    attendees: CONFERENCE_ATTENDEES,
    apologies: [],
    reportsReceived: ['social_services', 'health', 'education'],
    householdCaseIds: [],
    rationale,
    decision: d,
  };
}

function visit(visitedAt: string, over: Partial<Cmd<'record_visit'>> = {}): Cmd<'record_visit'> {
  return { type: 'record_visit', visitedAt, seenAlone: true, location: 'home', bedroomSeen: false, summary: 'Visit', ...over };
}

function autoDeregister(reason: Cmd<'deregister_automatically'>['reason'], at: string): Cmd<'deregister_automatically'> {
  return { type: 'deregister_automatically', reason, at, rationale: 'Recorded from the register' };
}

const close = (rationale = 'No further care and support needs'): Cmd<'close_case'> => ({ type: 'close_case', rationale });

function protect(
  power: Cmd<'take_immediate_protection'>['power'],
  startedAt: string,
  details = 'Recorded',
): Cmd<'take_immediate_protection'> {
  return { type: 'take_immediate_protection', power, startedAt, details };
}

function endProtection(endedAt: string, details = 'Ended'): Cmd<'end_immediate_protection'> {
  return { type: 'end_immediate_protection', endedAt, details };
}

function move(toLocalAuthorityId: string, movedOn: IsoDate, permanent: boolean): Cmd<'notify_transfer'> {
  return { type: 'notify_transfer', toLocalAuthorityId, movedOn, permanent };
}

function coreGroup(heldAt: string, attendees: Attendee[] = [SOCIAL_SERVICES, FAMILY, HEALTH]): Cmd<'record_core_group'> {
  return { type: 'record_core_group', heldAt, attendees, summary: 'Plan reviewed' };
}

const missing = (at: string): Cmd<'report_missing'> => ({ type: 'report_missing', at, circumstances: 'Not where expected' });
const found = (at: string): Cmd<'record_found'> => ({ type: 'record_found', at, circumstances: 'Safe and well check done' });

// ---------------------------------------------------------------------------
// The main road, step by step (each helper ends at a stage of §10.2)
// ---------------------------------------------------------------------------

function received(over: Partial<Cmd<'open_case'>> = {}, settings?: RuleSettings): ChildCase {
  const b = new ChildCase(RECEIVED, settings);
  b.do(openCase(over), system);
  return b;
}

function strategyPending(over: Partial<Cmd<'open_case'>> = {}, settings?: RuleSettings): ChildCase {
  const b = received(over, settings);
  b.at('2026-11-16T11:00:00Z').do(decision('strategy_discussion'));
  return b;
}

function section47Open(over: Partial<Cmd<'open_case'>> = {}, settings?: RuleSettings): ChildCase {
  const b = strategyPending(over, settings);
  b.at('2026-11-17T12:00:00Z').do(strategy('2026-11-17T10:00:00Z'));
  return b;
}

/**
 * Determination 3 on Fri 27 Nov after a second strategy meeting on Thu 26 Nov, and a third
 * meeting on Tue 1 Dec, from which T-C4#2 runs to Tue 22 Dec (worked out in the T-C4 test).
 */
function conferencePending(over: Partial<Cmd<'open_case'>> = {}, settings?: RuleSettings): ChildCase {
  const b = section47Open(over, settings);
  b.at('2026-11-26T12:00:00Z').do(strategy('2026-11-26T10:00:00Z', { format: 'meeting' }));
  b.at('2026-11-27T14:00:00Z').do(determination(3));
  if (!b.state.unborn) b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', { format: 'meeting' }));
  return b;
}

/** Registered at an initial conference on Fri 18 Dec 2026. */
function registered(over: Partial<Cmd<'open_case'>> = {}, d: ConferenceDecision = register()): ChildCase {
  const b = conferencePending(over);
  b.at('2026-12-18T12:00:00Z').do(conference('icpc-1', '2026-12-18T10:00:00Z', d), chair);
  return b;
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

describe('report and the decision on next action (C1–C3, T-C1, T-C2, T-C2b)', () => {
  it('opens a case on receipt with the decision clock and the reporter’s acknowledgement clock', () => {
    const b = new ChildCase(RECEIVED);
    const out = b.do(openCase(), system);
    // T-C2: 1 WD from Mon 16 Nov = Tue 17 Nov, ends 00:00 GMT on the 18th.
    // T-C2b: 7 WD from Mon 16 Nov = 17, 18, 19, 20, 23, 24, 25 → Wed 25 Nov.
    assert.deepEqual(said(out), ['ReportReceived', 'start T-C2 2026-11-17', 'start T-C2b 2026-11-25']);
    assert.equal(b.state.stage, 'received');
    assert.deepEqual(b.due('T-C2'), ['2026-11-17', '2026-11-18T00:00:00.000Z']);
    assert.deepEqual(b.due('T-C2b'), ['2026-11-25', '2026-11-26T00:00:00.000Z']);
    b.refused(openCase(), system, 'invalid_state', 'error.case.exists');
  });

  it('confirms a telephone report in writing within 1 working day (T-C1), late when the letter comes after', () => {
    // Telephoned Fri 20 Nov at 16:00: due the end of Mon 23 Nov. Confirmed in writing on Mon 23 Nov,
    // which is also the receipt: T-C2 → Tue 24 Nov; T-C2b 7 WD = 24–27 Nov, 30 Nov, 1, 2 Dec → Wed 2 Dec.
    const onTime = new ChildCase('2026-11-23T09:00:00Z');
    const out = onTime.do(
      openCase({ channel: 'telephone', verbalAt: '2026-11-20T16:00:00Z', receivedAt: '2026-11-23T09:00:00Z' }),
      system,
    );
    assert.deepEqual(said(out), [
      'ReportReceived',
      'start T-C1 2026-11-23',
      'stop T-C1 met',
      'start T-C2 2026-11-24',
      'start T-C2b 2026-12-02',
    ]);
    assert.equal(onTime.display('T-C1'), 'met');
    // Confirmed on Tue 24 Nov instead: stopped after 00:00 on the 24th, so late.
    const late = new ChildCase('2026-11-24T09:00:00Z');
    late.do(openCase({ channel: 'telephone', verbalAt: '2026-11-20T16:00:00Z', receivedAt: '2026-11-24T09:00:00Z' }), system);
    assert.deepEqual(late.due('T-C1'), ['2026-11-23', '2026-11-24T00:00:00.000Z']);
    assert.equal(late.display('T-C1'), 'late');
  });

  it('stops the reporter’s 7-working-day clock when the local authority acknowledges the report (T-C2b)', () => {
    const b = received();
    assert.deepEqual(said(b.at('2026-11-19T10:00:00Z').do({ type: 'acknowledge_reporter' })), [
      'ReporterAcknowledged',
      'stop T-C2b met',
    ]);
    assert.equal(b.state.acknowledgedAt, '2026-11-19T10:00:00.000Z');
    b.refused({ type: 'acknowledge_reporter' }, duty, 'invalid_state', 'error.case.alreadyAcknowledged');
  });

  for (const [d, stage] of [
    ['no_further_action', 'closed_nfa'],
    ['information_and_advice', 'information_and_advice'],
    ['refer_to_other_services', 'referred_to_other_services'],
    ['part3_assessment', 'part3_assessment'],
  ] as const) {
    it(`decides ${d} within the working day and ${stage === 'closed_nfa' ? 'is closed' : 'closes with a rationale'}`, () => {
      const b = received();
      assert.deepEqual(said(b.at('2026-11-16T15:00:00Z').do(decision(d))), ['DecisionRecorded', 'stop T-C2 met']);
      assert.equal(b.state.stage, stage);
      assert.equal(b.display('T-C2'), 'met');
      b.refused(decision('part3_assessment'), duty, 'invalid_state', 'error.case.decisionRecorded');
      if (stage === 'closed_nfa') {
        b.refused(close(), duty, 'invalid_state', 'error.case.cannotClose');
        return;
      }
      // Closing ends every clock except the reporter's acknowledgement, which is still owed.
      assert.deepEqual(said(b.at('2026-11-20T10:00:00Z').do(close())), ['CaseClosed']);
      assert.equal(b.state.stage, 'closed');
      assert.deepEqual(b.running(), ['T-C2b']);
    });
  }

  it('creates a police task when a crime is suspected, whatever the decision (§10.2 guard 5)', () => {
    const b = received();
    const out = b.at('2026-11-16T10:00:00Z').do(decision('part3_assessment', true));
    assert.deepEqual(said(out), ['DecisionRecorded', 'stop T-C2 met', 'TaskCreated']);
    const task = out.find((e) => e.type === 'TaskCreated');
    assert.ok(task?.type === 'TaskCreated');
    assert.equal(task.kind, 'notify_police');
    assert.equal(task.dueAt, '2026-11-16T10:00:00.000Z'); // immediately
    b.refused({ type: 'complete_task', taskId: 'no-such-task', reference: 'x' }, duty, 'validation', 'error.case.task');
    assert.deepEqual(said(b.do({ type: 'complete_task', taskId: task.taskId, reference: 'Police ref 123' })), ['TaskCompleted']);
    b.refused({ type: 'complete_task', taskId: task.taskId, reference: 'again' }, duty, 'invalid_state', 'error.case.noOpenTask');
  });

  it('allows an exception to a missed timescale only by the senior manager, with the reason kept (§10.2 guard 4)', () => {
    const b = received();
    // Decided on Wed 18 Nov: after the end of Tue 17 Nov, so T-C2 was met late.
    b.at('2026-11-18T09:30:00Z').do(decision('strategy_discussion'));
    assert.equal(b.display('T-C2'), 'late');
    const exception = { type: 'record_timescale_exception', clockKey: 'T-C2', reason: 'Reporter unreachable until Wednesday' } as const;
    b.refused(exception, manager, 'not_permitted', 'error.case.role');
    b.refused(exception, duty, 'not_permitted', 'error.case.role');
    const out = b.do(exception, senior);
    assert.deepEqual(out, [
      { type: 'TimescaleExceptionRecorded', clockKey: 'T-C2', reason: 'Reporter unreachable until Wednesday', approvedBy: 'u-sm' },
    ]);
    assert.deepEqual(b.clock('T-C2').exception, { reason: 'Reporter unreachable until Wednesday', approvedBy: 'u-sm' });
    b.refused(exception, senior, 'validation', 'error.exception.clock'); // once only
    // A clock met on time needs no exception.
    b.at('2026-11-19T09:00:00Z').do(strategy('2026-11-19T09:00:00Z'));
    b.refused({ ...exception, clockKey: 'T-C3' }, senior, 'validation', 'error.exception.clock');
  });
});

describe('strategy discussion (C5) and no section 47', () => {
  it('runs T-C3 from the decision to hold one (the setting: 1 working day by default)', () => {
    const b = received();
    const out = b.at('2026-11-16T11:00:00Z').do(decision('strategy_discussion'));
    assert.deepEqual(said(out), ['DecisionRecorded', 'stop T-C2 met', 'start T-C3 2026-11-17']);
    assert.equal(b.state.stage, 'strategy_pending');
    // With the setting at 3 working days: 17, 18, 19 → Thu 19 Nov.
    const slower = received({}, { ...DEFAULT_RULE_SETTINGS, strategyDiscussionWorkingDays: 3 });
    slower.at('2026-11-16T11:00:00Z').do(decision('strategy_discussion'));
    assert.deepEqual(slower.due('T-C3'), ['2026-11-19', '2026-11-20T00:00:00.000Z']);
  });

  it('refuses a strategy discussion without the police or without social services', () => {
    const b = strategyPending().at('2026-11-17T12:00:00Z');
    b.refused(
      strategy('2026-11-17T10:00:00Z', { attendees: [SOCIAL_SERVICES, HEALTH] }),
      duty, 'validation', 'error.strategy.policeAndSocialServices',
    );
    b.refused(
      strategy('2026-11-17T10:00:00Z', { attendees: [POLICE, HEALTH, EDUCATION] }),
      duty, 'validation', 'error.strategy.policeAndSocialServices',
    );
    b.refused(strategy('2026-11-16T08:00:00Z'), duty, 'validation', 'error.case.beforeReport');
    b.refused(strategy('2026-11-18T10:00:00Z'), duty, 'validation', 'error.case.future');
    b.refused(strategy('2026-11-17T10:00:00Z', { enquiry: null }), duty, 'validation', 'error.strategy.enquiry');
    b.refused(strategy('2026-11-17T10:00:00Z', { outcome: 'no_section47', enquiry: null }), duty, 'validation', 'error.strategy.nextStep');
  });

  it('goes to a Part 3 assessment when there is no section 47, then closes', () => {
    const b = strategyPending();
    const out = b
      .at('2026-11-17T12:00:00Z')
      .do(strategy('2026-11-17T10:00:00Z', { outcome: 'no_section47', enquiry: null, nextStep: 'part3_assessment' }));
    assert.deepEqual(said(out), ['StrategyDiscussionHeld', 'stop T-C3 met']);
    assert.equal(b.state.stage, 'part3_assessment');
    assert.equal(b.state.section47, null);
    b.do(close());
    assert.equal(b.state.stage, 'closed');
  });

  it('closes with no further action when there is no section 47 and nothing else is needed', () => {
    const b = strategyPending();
    b.at('2026-11-17T12:00:00Z');
    b.do(strategy('2026-11-17T10:00:00Z', { outcome: 'no_section47', enquiry: null, nextStep: 'no_further_action' }));
    assert.equal(b.state.stage, 'closed_nfa');
    b.refused(determination(1), duty, 'invalid_state', 'error.case.noEnquiry');
  });
});

describe('section 47 enquiries and determinations (C6, C7)', () => {
  it('starts the enquiry with the 42-working-day assessment (T-C5) and the local conclusion target (T-C5a)', () => {
    const b = strategyPending();
    const out = b.at('2026-11-17T12:00:00Z').do(strategy('2026-11-17T10:00:00Z'));
    // T-C5a: 10 WD from Tue 17 Nov = 18, 19, 20, 23–27, 30 Nov, 1 Dec → Tue 1 Dec.
    // T-C5: 42 WD from Tue 17 Nov: 3 in that week, 5 a week to Fri 18 Dec (23), 21–24 Dec (27),
    // 29–31 Dec (30; 25 and 28 Dec are holidays), 4–8 Jan (35; 1 Jan is one), 11–15 Jan (40), 18, 19 Jan → Tue 19 Jan 2027.
    assert.deepEqual(said(out), [
      'StrategyDiscussionHeld',
      'stop T-C3 met',
      'Section47EnquiryStarted',
      'start T-C5 2027-01-19',
      'start T-C5a 2026-12-01',
    ]);
    assert.equal(b.state.stage, 'section47_open');
    assert.deepEqual(b.state.section47, { enquiry: 'joint', startedAt: '2026-11-17T10:00:00Z' });
    assert.deepEqual(b.due('T-C5'), ['2027-01-19', '2027-01-20T00:00:00.000Z']);
  });

  it('needs determination 1 ratified by a manager who did not make it; returned for more work, then ratified and closed', () => {
    const b = section47Open();
    // Made by the team manager, who therefore cannot ratify it.
    const out = b.at('2026-11-27T10:00:00Z').do(determination(1), manager);
    assert.deepEqual(said(out), ['Section47Determined', 'stop T-C5a met']);
    assert.equal(b.state.stage, 'awaiting_ratification');
    assert.equal(b.state.determinedBy, 'u-tm');
    // The continuing assessment keeps running until the determination is ratified.
    assert.deepEqual(b.running(), ['T-C2b', 'T-C5']);
    b.refused({ type: 'ratify_determination' }, manager, 'not_permitted', 'error.case.ratifyOwn');
    b.refused({ type: 'return_determination', reason: 'x' }, manager, 'not_permitted', 'error.case.ratifyOwn');
    b.refused({ type: 'ratify_determination' }, duty, 'not_permitted', 'error.case.role');
    b.refused({ type: 'ratify_determination' }, chair, 'not_permitted', 'error.case.role');
    b.refused(close(), duty, 'invalid_state', 'error.case.cannotClose');

    const returned = b.at('2026-11-27T15:00:00Z').do({ type: 'return_determination', reason: 'Speak to the school first' }, manager2);
    assert.deepEqual(said(returned), [
      'DeterminationReturned',
    ]);
    assert.equal(b.state.stage, 'section47_open');
    assert.equal(b.state.determination, null);
    assert.deepEqual(b.running(), ['T-C2b', 'T-C5']);
    b.refused({ type: 'ratify_determination' }, manager2, 'invalid_state', 'error.case.nothingToRatify');

    b.at('2026-12-02T10:00:00Z').do(determination(1), duty);
    const ratified = b.at('2026-12-02T16:00:00Z').do({ type: 'ratify_determination' }, manager);
    assert.deepEqual(said(ratified), ['DeterminationRatified', 'stop T-C5 ended']);
    assert.deepEqual(ratified[0], { type: 'DeterminationRatified', ratifiedBy: 'u-tm' });
    assert.equal(b.state.stage, 'closed_nfa');
  });

  it('lets a senior manager ratify a team manager’s determination 1', () => {
    const b = section47Open();
    b.at('2026-11-27T10:00:00Z').do(determination(1), manager);
    b.do({ type: 'ratify_determination' }, senior);
    assert.equal(b.state.stage, 'closed_nfa');
  });

  it('goes to a Part 3 assessment on determination 2, ending the enquiry clocks, and then closes', () => {
    const b = section47Open();
    const out = b.at('2026-11-27T10:00:00Z').do(determination(2));
    assert.deepEqual(said(out), ['Section47Determined', 'stop T-C5a met', 'stop T-C5 ended']);
    assert.equal(b.state.stage, 'part3_assessment');
    b.refused({ type: 'ratify_determination' }, manager, 'invalid_state', 'error.case.nothingToRatify');
    b.do(close());
    assert.equal(b.state.stage, 'closed');
  });

  it('shows the local conclusion target as late when the determination comes after it (T-C5a)', () => {
    const b = section47Open();
    b.at('2026-12-03T10:00:00Z').do(determination(2)); // due the end of Tue 1 Dec
    assert.equal(b.display('T-C5a'), 'late');
  });
});

describe('initial child protection conference (C8–C12)', () => {
  it('runs T-C4 15 working days from the LAST strategy meeting, and restarts it after a later one', () => {
    const b = section47Open();
    // A second meeting while the enquiry is open: it neither starts a new enquiry nor a clock.
    assert.deepEqual(said(b.at('2026-11-26T12:00:00Z').do(strategy('2026-11-26T10:00:00Z', { format: 'meeting' }))), [
      'StrategyDiscussionHeld',
    ]);
    assert.equal(b.state.lastStrategyAt, '2026-11-26T10:00:00Z');
    // Determination 3 on Fri 27 Nov: T-C4 runs from Thu 26 Nov (the last meeting), not from the 17th.
    // 27 Nov (1), 30 Nov–4 Dec (6), 7–11 Dec (11), 14–17 Dec (15) → Thu 17 Dec.
    assert.deepEqual(said(b.at('2026-11-27T14:00:00Z').do(determination(3))), [
      'Section47Determined',
      'stop T-C5a met',
      'start T-C4 2026-12-17',
    ]);
    assert.equal(b.state.stage, 'conference_pending');
    assert.equal(b.clock('T-C4').startedAt, '2026-11-26T10:00:00Z');
    // A further meeting on Tue 1 Dec restarts it: 2–4 Dec (3), 7–11 (8), 14–18 (13), 21, 22 Dec → Tue 22 Dec.
    assert.deepEqual(said(b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', { format: 'meeting' }))), [
      'StrategyDiscussionHeld',
      'stop T-C4 ended',
      'start T-C4#2 2026-12-22',
    ]);
    assert.deepEqual(b.due('T-C4#2'), ['2026-12-22', '2026-12-23T00:00:00.000Z']);
    assert.equal(b.state.stage, 'conference_pending');
  });

  it('refuses a conference dated before the last strategy discussion, and any conference before determination 3', () => {
    const early = section47Open().at('2026-11-20T10:00:00Z');
    early.refused(conference('icpc-1', '2026-11-20T09:00:00Z', register()), chair, 'invalid_state', 'error.case.noConferenceDue');
    early.refused(schedule('icpc-1', 'initial', '2026-12-01T10:00:00Z'), chair, 'invalid_state', 'error.case.noConferenceDue');
    strategyPending().refused(
      conference('icpc-1', '2026-11-16T12:00:00Z', register()),
      chair, 'invalid_state', 'error.case.noConferenceDue',
    );

    const b = conferencePending().at('2026-12-10T12:00:00Z');
    b.refused(conference('icpc-1', '2026-11-25T10:00:00Z', register()), chair, 'validation', 'error.conference.beforeStrategy');
    b.refused(schedule('icpc-1', 'initial', '2026-11-25T10:00:00Z'), chair, 'validation', 'error.conference.beforeStrategy');
    b.refused(schedule('icpc-1', 'review', '2026-12-15T10:00:00Z'), chair, 'validation', 'error.conference.kind');
    b.refused(conference('icpc-1', '2026-12-11T10:00:00Z', register()), chair, 'validation', 'error.case.future');
  });

  it('is recorded by the chair only; the chair records no decision on a report', () => {
    const b = conferencePending().at('2026-12-18T12:00:00Z');
    b.refused(conference('icpc-1', '2026-12-18T10:00:00Z', register()), duty, 'not_permitted', 'error.case.role');
    b.refused(conference('icpc-1', '2026-12-18T10:00:00Z', register()), manager, 'not_permitted', 'error.case.role');
    const fresh = received();
    fresh.refused(decision('strategy_discussion'), chair, 'not_permitted', 'error.case.role');
  });

  it('refuses a de-registration, a "remain", an unknown category or no category at an initial conference', () => {
    const b = conferencePending().at('2026-12-18T12:00:00Z');
    const at = '2026-12-18T10:00:00Z';
    b.refused(conference('icpc-1', at, { outcome: 'deregister' }), chair, 'validation', 'error.conference.decision');
    b.refused(conference('icpc-1', at, { outcome: 'remain', categories: ['neglect'] }), chair, 'validation', 'error.conference.decision');
    b.refused(
      conference('icpc-1', at, register(['spiritual' as RegistrationCategory])),
      chair, 'validation', 'error.conference.categoryUnknown',
    );
    b.refused(conference('icpc-1', at, register([])), chair, 'validation', 'error.conference.categories');
  });

  it('does not register: a Part 3 assessment follows, then closure', () => {
    const b = conferencePending();
    b.at('2026-12-14T09:00:00Z').do(schedule('icpc-1', 'initial', '2026-12-15T10:00:00Z'), duty);
    b.refused(schedule('icpc-2', 'initial', '2026-12-16T10:00:00Z'), duty, 'invalid_state', 'error.case.conferenceAlreadyScheduled');
    const out = b.at('2026-12-15T14:00:00Z').do(conference('icpc-1', '2026-12-15T10:00:00Z', { outcome: 'do_not_register' }), chair);
    // T-C6: 5 WD from Tue 15 Dec = 16, 17, 18, 21, 22 → Tue 22 Dec.
    assert.deepEqual(said(out), ['ConferenceHeld', 'start T-C6:icpc-1 2026-12-22', 'stop T-C4#2 met', 'NotRegistered']);
    assert.equal(b.state.stage, 'part3_assessment');
    assert.equal(b.state.registration, null);
    b.refused(conference('icpc-2', '2026-12-15T11:00:00Z', register()), chair, 'invalid_state', 'error.case.noConferenceDue');
    b.at('2026-12-16T10:00:00Z').do({ type: 'circulate_conference_records', conferenceId: 'icpc-1', at: '2026-12-16T09:00:00Z' });
    assert.equal(b.display('T-C6:icpc-1'), 'met');
    b.do(close('Care and support plan under Part 3'));
    assert.equal(b.state.stage, 'closed');
  });

  it('lets the chair postpone, with the senior manager recording the exception to T-C4', () => {
    const b = conferencePending();
    b.at('2026-12-10T09:00:00Z').do(schedule('icpc-1', 'initial', '2026-12-17T10:00:00Z'), chair);
    const postpone = {
      type: 'postpone_conference',
      conferenceId: 'icpc-1',
      scheduledFor: '2027-01-07T10:00:00Z',
      reason: 'Paediatric report outstanding',
    } as const;
    b.refused(postpone, duty, 'not_permitted', 'error.case.role');
    b.refused({ ...postpone, scheduledFor: '2026-12-16T10:00:00Z' }, chair, 'validation', 'error.conference.postponeLater');
    assert.deepEqual(said(b.do(postpone, chair)), ['ConferencePostponed']);
    assert.equal(b.state.conferences['icpc-1']?.scheduledFor, '2027-01-07T10:00:00Z');
    // T-C4#2 (from the meeting of 1 Dec) is due Tue 22 Dec and still running: the exception is agreed in advance.
    b.do({ type: 'record_timescale_exception', clockKey: 'T-C4#2', reason: 'Postponed by the chair; child protected meanwhile' }, senior);
    b.at('2027-01-07T12:00:00Z').do(conference('icpc-1', '2027-01-07T10:00:00Z', register()), chair);
    assert.equal(b.display('T-C4#2'), 'late');
    assert.equal(b.clock('T-C4#2').exception?.approvedBy, 'u-sm');
    assert.equal(b.clock('T-C4').outcome, 'ended');
  });
});

describe('registration, the plan, core groups, visits and reviews (C10–C16, C20)', () => {
  it('registers with several categories and a named co-ordinator, starting every registration clock', () => {
    const b = conferencePending();
    b.at('2026-12-14T09:00:00Z').do(schedule('icpc-1', 'initial', '2026-12-18T10:00:00Z'), chair);
    const out = b.at('2026-12-18T12:00:00Z').do(conference('icpc-1', '2026-12-18T10:00:00Z', register(['neglect', 'emotional'])), chair);
    // From Fri 18 Dec 2026: T-C6 5 WD = 21, 22, 23, 24, 29 Dec (25 and 28 are holidays).
    // T-C7 and T-C9 10 WD = 21–24 (4), 29–31 (7), 4, 5, 6 Jan (1 Jan is a holiday) → Wed 6 Jan 2027.
    // T-C10 4 weeks → Fri 15 Jan. T-C12 and T-C11 3 months → Thu 18 Mar 2027.
    // T-C17: born 10 Jun 2015, 18 on 10 Jun 2033 → due the end of 9 Jun 2033 (BST).
    assert.deepEqual(said(out), [
      'ConferenceHeld',
      'start T-C6:icpc-1 2026-12-29',
      'stop T-C4#2 met',
      'Registered',
      'start T-C7 2027-01-06',
      'start T-C12 2027-03-18',
      'start T-C9 2027-01-06',
      'start T-C10 2027-01-15',
      'start T-C11 2027-03-18',
      'start T-C17 2033-06-09',
    ]);
    const reg = out.find((e) => e.type === 'Registered');
    assert.deepEqual(reg, {
      type: 'Registered',
      conferenceId: 'icpc-1',
      categories: ['neglect', 'emotional'],
      registeredAt: '2026-12-18T10:00:00Z',
      coordinatorId: 'u-duty',
      coreGroup: 'Parents, school, health visitor, social worker',
      nextReviewDue: '2027-03-18',
    });
    const held = out[0];
    assert.ok(held?.type === 'ConferenceHeld' && held.kind === 'initial' && held.quorate);
    assert.equal(b.state.stage, 'registered');
    assert.equal(b.state.allocatedTo, 'u-duty');
    assert.deepEqual(b.due('T-C12'), ['2027-03-18', '2027-03-19T00:00:00.000Z']);
    assert.deepEqual(b.due('T-C17'), ['2033-06-09', '2033-06-09T23:00:00.000Z']);
    assert.equal(nextConferenceKind(b.state, chair), 'review');
    assert.ok(allowedCommands(b.state, duty, CHILD_CASE_COMMAND_TYPES).includes('record_visit'));
    assert.ok(!allowedCommands(b.state, duty, CHILD_CASE_COMMAND_TYPES).includes('record_conference'));
  });

  it('alerts the senior manager when no co-ordinator can be named, until one is (§10.2 guard 3)', () => {
    const b = conferencePending();
    const out = b.at('2026-12-18T12:00:00Z').do(conference('icpc-1', '2026-12-18T10:00:00Z', register(['physical'], null)), chair);
    assert.ok(said(out).includes('SeniorManagerAlerted no_coordinator'));
    assert.equal(b.state.registration?.coordinatorId, null);
    b.refused({ type: 'name_coordinator', coordinatorId: 'u-sw2' }, duty, 'not_permitted', 'error.case.role');
    assert.deepEqual(said(b.do({ type: 'name_coordinator', coordinatorId: 'u-sw2' }, manager)), ['CoordinatorNamed']);
    assert.equal(b.state.registration?.coordinatorId, 'u-sw2');
    assert.equal(b.state.allocatedTo, 'u-sw2');
    // A quorum needs social services and two other agencies (the default setting).
    const thin = conferencePending();
    const twoAgencies = { ...conference('icpc-1', '2026-12-18T10:00:00Z', register()), attendees: [SOCIAL_SERVICES, POLICE, FAMILY] };
    const [held] = thin.at('2026-12-18T12:00:00Z').do(twoAgencies, chair);
    assert.ok(held?.type === 'ConferenceHeld' && !held.quorate);
  });

  it('walks a registered child through records, plan, core groups, visits, two reviews and closure', () => {
    const b = registered();
    // C11: records circulated on Tue 22 Dec, inside T-C6 (due Tue 29 Dec).
    b.at('2026-12-22T10:00:00Z').do({ type: 'circulate_conference_records', conferenceId: 'icpc-1', at: '2026-12-22T09:00:00Z' }, chair);
    assert.equal(b.display('T-C6:icpc-1'), 'met');
    b.refused(
      { type: 'circulate_conference_records', conferenceId: 'icpc-1', at: '2026-12-22T09:00:00Z' },
      chair, 'invalid_state', 'error.case.noRecordsDue',
    );
    b.do({ type: 'acknowledge_reporter' });

    // Plan and actions.
    b.do({ type: 'record_plan', outcomes: 'Safe, warm and fed', contingency: 'Legal planning meeting' });
    b.refused(
      { type: 'add_plan_action', actionId: 'a1', description: 'x', owner: 'y', dueDate: '2026-12-21' },
      duty, 'validation', 'error.case.dueInPast',
    );
    b.do({ type: 'add_plan_action', actionId: 'a1', description: 'Nursery place', owner: 'Health visitor', dueDate: '2027-01-29' });
    b.do({ type: 'complete_plan_action', actionId: 'a1' });
    b.refused({ type: 'complete_plan_action', actionId: 'a1' }, duty, 'invalid_state', 'error.case.noOpenAction');

    // Visits (C14a). Mon 4 Jan: seen alone at school → T-C9 met and restarted:
    // 10 WD from Mon 4 Jan = 5–8 (4), 11–15 (9), 18 → Mon 18 Jan. T-C10 is untouched.
    const atSchool = b.at('2027-01-04T15:00:00Z').do(visit('2027-01-04T14:00:00Z', { location: 'school' }));
    assert.deepEqual(said(atSchool), ['StatutoryVisitMade', 'stop T-C9 met', 'start T-C9#2 2027-01-18']);
    b.refused(visit('2027-01-04T14:00:00Z', { location: 'school', bedroomSeen: true }), duty, 'validation', 'error.visit.bedroomAtHome');
    // Core group 1 on Tue 5 Jan (T-C7 due Wed 6 Jan); T-C8 runs 6 weeks → Tue 16 Feb.
    const core1 = b.at('2027-01-05T12:00:00Z').do(coreGroup('2027-01-05T10:00:00Z'));
    assert.deepEqual(said(core1), ['CoreGroupHeld', 'stop T-C7 met', 'start T-C8 2027-02-16']);
    // Thu 14 Jan: at home with a parent, bedroom seen → T-C10 met and restarted 4 weeks → Thu 11 Feb; T-C11 met.
    const atHome = b.at('2027-01-14T12:00:00Z').do(visit('2027-01-14T11:00:00Z', { seenAlone: false, bedroomSeen: true }));
    assert.deepEqual(said(atHome), ['StatutoryVisitMade', 'stop T-C10 met', 'start T-C10#2 2027-02-11', 'stop T-C11 met']);
    // The continuing assessment completed on Fri 15 Jan, inside T-C5 (Tue 19 Jan).
    b.at('2027-01-15T12:00:00Z').do({ type: 'complete_continuing_assessment', at: '2027-01-15T11:00:00Z', summary: 'Done' });
    assert.equal(b.display('T-C5'), 'met');
    // Core group 2 on Tue 9 Feb: T-C8 met; T-C8#2 → 6 weeks → Tue 23 Mar.
    const core2 = b.at('2027-02-09T12:00:00Z').do(coreGroup('2027-02-09T10:00:00Z', [SOCIAL_SERVICES, FAMILY]));
    assert.deepEqual(said(core2), ['CoreGroupHeld', 'stop T-C8 met', 'start T-C8#2 2027-03-23']);
    assert.equal(b.state.coreGroups, 2);
    // T-C9#2 was due Mon 18 Jan and nobody saw the child alone: it reads overdue.
    assert.equal(b.display('T-C9#2'), 'overdue');

    // First review on Tue 16 Mar 2027 (T-C12 due Thu 18 Mar): remains registered, category changed.
    // now is 9 Feb
    b.refused(
      conference('rcpc-1', '2027-03-16T10:00:00Z', { outcome: 'remain', categories: ['neglect'] }),
      chair, 'validation', 'error.case.future',
    );
    b.at('2027-03-16T12:00:00Z');
    b.refused(conference('rcpc-1', '2027-03-16T10:00:00Z', register()), chair, 'validation', 'error.conference.decision');
    b.refused(
      conference('rcpc-1', '2027-03-16T10:00:00Z', { outcome: 'do_not_register' }),
      chair, 'validation', 'error.conference.decision',
    );
    b.refused(
      conference('rcpc-1', '2027-03-16T10:00:00Z', { outcome: 'remain', categories: [] }),
      chair, 'validation', 'error.conference.categories',
    );
    const review1 = b.do(conference('rcpc-1', '2027-03-16T10:00:00Z', { outcome: 'remain', categories: ['neglect'] }), chair);
    // T-C6: 5 WD from Tue 16 Mar = 17, 18, 19, 22, 23 → Tue 23 Mar. T-C13 and T-C11#2: 6 months → Thu 16 Sep 2027 (BST).
    assert.deepEqual(said(review1), [
      'ConferenceHeld',
      'start T-C6:rcpc-1 2027-03-23',
      'stop T-C12 met',
      'RegistrationContinued',
      'start T-C13 2027-09-16',
      'start T-C11#2 2027-09-16',
    ]);
    assert.deepEqual(b.state.registration?.categories, ['neglect']);
    assert.equal(b.state.registration?.nextReviewDue, '2027-09-16');
    assert.equal(b.state.registration?.reviews, 1);
    assert.deepEqual(b.due('T-C13'), ['2027-09-16', '2027-09-16T23:00:00.000Z']);

    // Second review on Mon 13 Sep 2027: de-registered with a rationale. The bedroom was not seen
    // in this period, so T-C11#2 is missed; every other registration clock ends.
    b.at('2027-09-13T12:00:00Z');
    b.refused(
      conference('rcpc-2', '2027-09-13T10:00:00Z', { outcome: 'deregister' }, '  '),
      chair, 'validation', 'error.conference.rationale',
    );
    const review2 = b.do(conference('rcpc-2', '2027-09-13T10:00:00Z', { outcome: 'deregister' }, 'Risk reduced; plan outcomes met'), chair);
    assert.deepEqual(said(review2), [
      'ConferenceHeld',
      'start T-C6:rcpc-2 2027-09-20',
      'stop T-C13 met',
      'stop T-C11#2 missed',
      'Deregistered',
      'stop T-C8#2 ended',
      'stop T-C9#2 ended',
      'stop T-C10#2 ended',
      'stop T-C17 ended',
    ]);
    assert.equal(b.state.stage, 'deregistered');
    assert.equal(b.state.registration, null);
    assert.equal(b.state.everRegistered, true);
    b.refused(visit('2027-09-13T11:00:00Z'), duty, 'invalid_state', 'error.case.notRegistered');
    b.refused(
      conference('rcpc-3', '2027-09-13T11:00:00Z', { outcome: 'deregister' }),
      chair, 'invalid_state', 'error.case.noConferenceDue',
    );

    // C20: closure with its rationale; the records of the review are still owed, and end with the case.
    const closed = b.at('2027-09-14T09:00:00Z').do(close('De-registered; no further care and support needs'));
    assert.deepEqual(said(closed), ['CaseClosed', 'stop T-C6:rcpc-1 ended', 'stop T-C6:rcpc-2 ended']);
    assert.deepEqual(closed[0], { type: 'CaseClosed', rationale: 'De-registered; no further care and support needs' });
    assert.equal(b.state.stage, 'closed');
    assert.deepEqual(b.running(), []);
  });

  it('refuses steps that belong to another stage', () => {
    const open = section47Open();
    open.refused(coreGroup(RECEIVED), duty, 'invalid_state', 'error.case.notRegistered');
    open.refused(visit(RECEIVED), duty, 'invalid_state', 'error.case.notRegistered');
    open.refused(move(LA2, '2026-11-17', true), duty, 'invalid_state', 'error.case.notRegistered');
    open.refused(missing(RECEIVED), duty, 'invalid_state', 'error.case.notRegistered');
    open.refused(found(RECEIVED), duty, 'invalid_state', 'error.case.notMissing');
    open.refused(autoDeregister('died', RECEIVED), system, 'invalid_state', 'error.case.notRegistered');
    open.refused(close(), duty, 'invalid_state', 'error.case.cannotClose');
    open.refused(
      { type: 'extend_emergency_protection_order', extendedTo: '2026-11-30', reason: '' },
      duty, 'invalid_state', 'error.case.noOrderToExtend',
    );
    open.refused(
      { type: 'record_birth', childPersonId: 'p', name: 'n', dateOfBirth: '2026-11-16' },
      duty, 'invalid_state', 'error.case.notUnborn',
    );
    open.refused({ type: 'make_move_permanent' }, duty, 'invalid_state', 'error.case.noTemporaryMove');
    registered().refused(close(), duty, 'invalid_state', 'error.case.cannotClose');
    received().refused(strategy('2026-11-16T10:00:00Z'), duty, 'invalid_state', 'error.case.noStrategyDue');
    const nobody = new ChildCase(RECEIVED);
    nobody.refused(decision('part3_assessment'), duty, 'not_found', 'error.notFound');
  });

  it('has no way to register a child except by recording a conference (§10.2 guard 1)', () => {
    const registering = CHILD_CASE_COMMAND_TYPES.filter((t) => /regist/.test(t));
    assert.deepEqual(registering, ['deregister_automatically']);
    // Across every case built here, Registered follows only a ConferenceHeld of the same conference.
    for (const b of built) {
      b.events.forEach((e, i) => {
        if (e.type !== 'Registered') return;
        const held = b.events.slice(0, i).reverse().find((x) => x.type === 'ConferenceHeld');
        assert.ok(held?.type === 'ConferenceHeld' && held.conferenceId === e.conferenceId);
      });
    }
  });
});

describe('immediate protection (C4)', () => {
  it('takes police protection for up to 72 hours before any decision, and starts the strategy clock', () => {
    const b = received();
    const out = b.at('2026-11-16T10:00:00Z').do(protect('police_protection', '2026-11-16T09:30:00Z', 'Child found alone'));
    // 72 elapsed hours from 09:30 UTC Mon → 09:30 UTC Thu 19 Nov. T-C3 from the action: 1 WD → Tue 17 Nov.
    // Protective action is itself the decision on next action, so the decision clock is met.
    assert.deepEqual(said(out), ['ImmediateProtectionTaken', 'start T-PP 2026-11-19', 'stop T-C2 met', 'start T-C3 2026-11-17']);
    assert.deepEqual(b.due('T-PP'), ['2026-11-19', '2026-11-19T09:30:00.000Z']);
    assert.equal(b.state.stage, 'strategy_pending');
    assert.equal(b.state.immediateProtection?.power, 'police_protection');
    b.refused(protect('emergency_protection_order', '2026-11-16T10:00:00Z'), duty, 'invalid_state', 'error.case.protectionActive');
    b.refused(protect('police_protection', '2026-11-16T08:00:00Z'), duty, 'invalid_state', 'error.case.protectionActive');
    b.refused(
      { type: 'extend_emergency_protection_order', extendedTo: '2026-11-25', reason: '' },
      duty, 'invalid_state', 'error.case.noOrderToExtend',
    );
    b.refused(close(), duty, 'invalid_state', 'error.case.protectionActive');
    // The strategy discussion follows as soon as possible, then the enquiry.
    b.at('2026-11-17T12:00:00Z').do(strategy('2026-11-17T10:00:00Z'));
    assert.equal(b.state.stage, 'section47_open');
    assert.equal(b.display('T-C3'), 'met');
    b.refused(endProtection('2026-11-16T09:00:00Z'), duty, 'validation', 'error.case.beforeProtection');
    assert.deepEqual(said(b.at('2026-11-18T10:00:00Z').do(endProtection('2026-11-18T09:00:00Z', 'Returned to grandparent'))), [
      'ImmediateProtectionEnded',
      'stop T-PP met',
    ]);
    assert.equal(b.state.immediateProtection, null);
  });

  it('refuses police protection recorded before the report arrived', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    b.refused(protect('police_protection', '2026-11-16T08:00:00Z'), duty, 'validation', 'error.case.beforeReport');
  });

  it('makes an EPO for 8 days, extends it once to 15 days in all, and refuses more', () => {
    const b = received();
    b.at('2026-11-16T10:00:00Z').do(decision('immediate_protection'));
    assert.equal(b.state.stage, 'strategy_pending');
    // EPO made Mon 16 Nov: 8 calendar days → Tue 24 Nov. T-C3 already runs from the decision, so none is added.
    const made = b.at('2026-11-16T16:00:00Z').do(protect('emergency_protection_order', '2026-11-16T15:00:00Z', 'Order made by the court'));
    assert.deepEqual(said(made), ['ImmediateProtectionTaken', 'start T-EPO 2026-11-24']);
    assert.deepEqual(b.due('T-EPO'), ['2026-11-24', '2026-11-25T00:00:00.000Z']);
    b.at('2026-11-23T10:00:00Z');
    const extend = (extendedTo: IsoDate) =>
      ({ type: 'extend_emergency_protection_order', extendedTo, reason: 'Assessment not complete' }) as const;
    b.refused(extend('2026-11-24'), duty, 'validation', 'error.case.extensionNotLater');
    b.refused(extend('2026-12-02'), duty, 'validation', 'error.case.extensionTooLong'); // 16 days from 16 Nov
    // Up to 15 days from the order: Tue 1 Dec.
    assert.deepEqual(said(b.do(extend('2026-12-01'))), [
      'EmergencyProtectionOrderExtended',
      'stop T-EPO ended',
      'start T-EPO#2 2026-12-01',
    ]);
    assert.deepEqual(b.due('T-EPO#2'), ['2026-12-01', '2026-12-02T00:00:00.000Z']);
    assert.equal(b.clock('T-EPO#2').startedAt, '2026-11-16T15:00:00Z');
    b.refused(extend('2026-11-30'), duty, 'invalid_state', 'error.case.noOrderToExtend');
    assert.deepEqual(said(b.at('2026-11-30T12:00:00Z').do(endProtection('2026-11-30T11:00:00Z', 'Order discharged'))), [
      'ImmediateProtectionEnded',
      'stop T-EPO#2 met',
    ]);
  });
});

describe('moves to another local authority (C17, T-C14–T-C16)', () => {
  it('sends information in three days, makes a temporary move permanent; only the receiving chair holds the transfer-in', () => {
    const b = registered();
    // Temporary move on Fri 8 Jan 2027. T-C14: 3 calendar days from the notification → Mon 11 Jan.
    // T-C16: 12 weeks from the move → Fri 2 Apr 2027, in summer time (ends 23:00 UTC).
    const notified = b.at('2027-01-08T10:00:00Z').do(move(LA2, '2027-01-08', false));
    assert.deepEqual(said(notified), ['TransferOutNotified', 'start T-C14 2027-01-11', 'start T-C16 2027-04-02']);
    assert.deepEqual(b.due('T-C16'), ['2027-04-02', '2027-04-02T23:00:00.000Z']);
    b.refused(move(LA3, '2027-01-08', false), duty, 'invalid_state', 'error.case.transferPending');
    // While the move is temporary, the receiving authority can do nothing here.
    b.refused(schedule('tic-1', 'transfer_in', '2027-03-15T10:00:00Z'), chairLa2, 'not_permitted', 'error.case.role');
    assert.deepEqual(said(b.at('2027-01-10T12:00:00Z').do({ type: 'send_transfer_information', at: '2027-01-10T11:00:00Z' })), [
      'TransferInformationSent',
      'stop T-C14 met',
    ]);
    b.refused(
      { type: 'send_transfer_information', at: '2027-01-10T11:00:00Z' },
      duty, 'invalid_state', 'error.case.noTransferInformationDue',
    );

    // Made permanent on Mon 1 Mar: T-C15 15 WD = 2–5 (4), 8–12 (9), 15–19 (14), 22 → Mon 22 Mar (GMT).
    assert.deepEqual(said(b.at('2027-03-01T10:00:00Z').do({ type: 'make_move_permanent' })), [
      'MoveMadePermanent',
      'stop T-C16 met',
      'start T-C15 2027-03-22',
    ]);
    assert.deepEqual(b.due('T-C15'), ['2027-03-22', '2027-03-23T00:00:00.000Z']);
    assert.equal(nextConferenceKind(b.state, chairLa2), 'transfer_in');
    assert.equal(nextConferenceKind(b.state, chair), 'review');
    assert.equal(nextConferenceKind(b.state, chairLa3), null);

    // The sending authority cannot hold it; a third authority cannot touch the case; the receiving
    // authority's workers may only hold the conference.
    b.refused(schedule('tic-1', 'transfer_in', '2027-03-15T10:00:00Z'), chair, 'validation', 'error.conference.kind');
    b.refused(schedule('tic-1', 'transfer_in', '2027-03-15T10:00:00Z'), chairLa3, 'not_permitted', 'error.case.role');
    b.refused(visit('2027-03-01T09:00:00Z'), dutyLa2, 'not_permitted', 'error.case.role');
    b.do(schedule('tic-1', 'transfer_in', '2027-03-15T10:00:00Z'), chairLa2);
    b.at('2027-03-15T12:00:00Z');
    b.refused(
      conference('tic-1', '2027-03-15T10:00:00Z', { outcome: 'remain', categories: ['neglect'] }),
      chair, 'validation', 'error.conference.unknown',
    );
    b.refused(conference('tic-1', '2027-03-15T10:00:00Z', register()), dutyLa2, 'not_permitted', 'error.case.role');

    const out = b.do(conference('tic-1', '2027-03-15T10:00:00Z', register(['neglect'], 'u-sw-la2')), chairLa2);
    // From Mon 15 Mar 2027: T-C6 5 WD → Mon 22 Mar. T-C7 and T-C9 10 WD = 16–19 (4), 22–25 (8),
    // then Good Friday 26 and Easter Monday 29 Mar are skipped: 30, 31 Mar → Wed 31 Mar, in summer time.
    // T-C10 4 weeks → Mon 12 Apr. T-C12 and T-C11 3 months → Tue 15 Jun. T-C17 unchanged.
    assert.deepEqual(said(out), [
      'ConferenceHeld',
      'start T-C6:tic-1 2027-03-22',
      'stop T-C15 met',
      'stop T-C7 ended',
      'stop T-C9 ended',
      'stop T-C10 ended',
      'stop T-C11 ended',
      'stop T-C12 ended',
      'stop T-C17 ended',
      'ResponsibilityTransferred',
      'Registered',
      'start T-C7#2 2027-03-31',
      'start T-C12#2 2027-06-15',
      'start T-C9#2 2027-03-31',
      'start T-C10#2 2027-04-12',
      'start T-C11#2 2027-06-15',
      'start T-C17#2 2033-06-09',
    ]);
    assert.deepEqual(out.find((e) => e.type === 'ResponsibilityTransferred'), {
      type: 'ResponsibilityTransferred',
      fromLocalAuthorityId: LA,
      toLocalAuthorityId: LA2,
    });
    assert.deepEqual(b.due('T-C7#2'), ['2027-03-31', '2027-03-31T23:00:00.000Z']);
    assert.equal(b.state.localAuthorityId, LA2);
    assert.equal(b.state.transfer, null);
    assert.equal(b.state.allocatedTo, 'u-sw-la2');
    // Responsibility has passed: the sending authority can no longer act, the receiving one can.
    b.refused(visit('2027-03-15T11:00:00Z'), duty, 'not_permitted', 'error.case.role');
    b.refused(conference('rcpc-1', '2027-03-15T11:00:00Z', { outcome: 'deregister' }), chair, 'not_permitted', 'error.case.role');
    b.do(visit('2027-03-15T11:00:00Z'), dutyLa2);
    assert.equal(nextConferenceKind(b.state, chairLa2), 'review');
  });

  it('runs T-C14 and T-C15 together for a permanent move, and de-registers when the receiving conference does not register', () => {
    const b = registered();
    // Notified Thu 24 Dec 2026: T-C14 3 days → Sun 27 Dec; T-C15 15 WD = 29–31 Dec (3), 4–8 Jan (8), 11–15 (13), 18, 19 → Tue 19 Jan.
    const out = b.at('2026-12-24T10:00:00Z').do(move(LA2, '2026-12-23', true));
    assert.deepEqual(said(out), ['TransferOutNotified', 'start T-C14 2026-12-27', 'start T-C15 2027-01-19']);
    b.refused(move(LA, '2026-12-23', true), duty, 'invalid_state', 'error.case.transferPending');
    b.at('2027-01-12T12:00:00Z');
    const notRegistering = conference('tic-1', '2027-01-12T10:00:00Z', { outcome: 'do_not_register' }, 'Risk has reduced since the move');
    const held = b.do(notRegistering, chairLa2);
    assert.ok(said(held).includes('stop T-C14 ended'));
    assert.ok(said(held).includes('stop T-C15 met'));
    const dereg = held.find((e) => e.type === 'Deregistered');
    assert.ok(dereg?.type === 'Deregistered' && dereg.reason === 'transfer_in_conference' && dereg.conferenceId === 'tic-1');
    assert.equal(b.state.stage, 'deregistered');
    assert.equal(b.state.localAuthorityId, LA2);
  });

  it('refuses a move to the authority that already holds the case', () => {
    const b = registered().at('2027-01-08T10:00:00Z');
    b.refused(move(LA, '2027-01-08', true), duty, 'validation', 'error.transfer.sameAuthority');
  });

  it('ends a pending transfer’s clocks when a review de-registers the child', () => {
    const b = registered();
    b.at('2027-03-01T10:00:00Z').do(move(LA2, '2027-03-01', false));
    const rationale = 'Unusual at a first review: the move removed the risk';
    const out = b.at('2027-03-16T12:00:00Z').do(conference('rcpc-1', '2027-03-16T10:00:00Z', { outcome: 'deregister' }, rationale), chair);
    assert.ok(said(out).includes('stop T-C14 ended'));
    assert.ok(said(out).includes('stop T-C16 ended'));
    assert.equal(b.state.transfer, null);
    assert.ok(!b.running().some((k) => /^T-C1[456]/.test(k)), b.running().join());
  });
});

describe('a registered child goes missing (C18)', () => {
  it('alerts the senior manager, pauses the visit clocks and resumes them with the due dates moved on by the days missing', () => {
    const b = registered();
    // T-C9 due Wed 6 Jan 2027, T-C10 due Fri 15 Jan (from the conference on 18 Dec).
    const gone = b.at('2027-01-04T19:00:00Z').do(missing('2027-01-04T18:00:00Z'));
    assert.deepEqual(said(gone), ['ChildReportedMissing', 'SeniorManagerAlerted child_missing', 'pause T-C9', 'pause T-C10']);
    assert.equal(b.state.missingSince, '2027-01-04T18:00:00Z');
    assert.equal(b.display('T-C9'), 'paused');
    b.refused(missing('2027-01-04T18:00:00Z'), duty, 'invalid_state', 'error.case.alreadyMissing');
    b.refused(found('2027-01-04T17:00:00Z'), duty, 'validation', 'error.case.beforeMissing');
    // Found Thu 7 Jan: missing from the London day of 4 Jan to that of 7 Jan, three days.
    // T-C9: 6 Jan + 3 = Sat 9 Jan, which is not a working day → Mon 11 Jan. T-C10: 15 Jan + 3 → Mon 18 Jan.
    const back = b.at('2027-01-07T11:00:00Z').do(found('2027-01-07T10:00:00Z'));
    assert.deepEqual(said(back), [
      'ChildFound',
      'SeniorManagerAlerted registered_child_found',
      'resume T-C9 2027-01-11',
      'resume T-C10 2027-01-18',
    ]);
    assert.deepEqual(b.due('T-C9'), ['2027-01-11', '2027-01-12T00:00:00.000Z']);
    assert.deepEqual(b.due('T-C10'), ['2027-01-18', '2027-01-19T00:00:00.000Z']);
    assert.equal(b.state.missingSince, null);
    assert.equal(b.display('T-C9'), 'due');
  });

  it('keeps resumed deadlines at the end of a London day across the spring clock change', () => {
    const b = registered();
    // Seen alone at home on Thu 11 Mar 2027: T-C9 10 WD = 12 (1), 15–19 (6), 22–25 (10) → Thu 25 Mar, still GMT;
    // T-C10 4 weeks → Thu 8 Apr, in summer time.
    b.at('2027-03-11T12:00:00Z').do(visit('2027-03-11T11:00:00Z', { bedroomSeen: true }));
    assert.deepEqual(b.due('T-C9#2'), ['2027-03-25', '2027-03-26T00:00:00.000Z']);
    // Missing Wed 24 Mar (GMT) to Wed 31 Mar (BST): seven London days.
    b.at('2027-03-24T13:00:00Z').do(missing('2027-03-24T12:00:00Z'));
    const back = b.at('2027-03-31T13:00:00Z').do(found('2027-03-31T12:00:00Z'));
    // T-C9#2: 25 Mar + 7 = Thu 1 Apr, ending at 00:00 BST on 2 Apr = 23:00 UTC on 1 Apr.
    // T-C10#2: 8 Apr + 7 = Thu 15 Apr.
    assert.deepEqual(said(back).slice(2), ['resume T-C9#2 2027-04-01', 'resume T-C10#2 2027-04-15']);
    assert.deepEqual(b.due('T-C9#2'), ['2027-04-01', '2027-04-01T23:00:00.000Z']);
    assert.deepEqual(b.due('T-C10#2'), ['2027-04-15', '2027-04-15T23:00:00.000Z']);
  });

  it('moves nothing for a child missing and found on the same day', () => {
    const b = registered();
    b.at('2027-01-04T09:00:00Z').do(missing('2027-01-04T08:00:00Z'));
    b.at('2027-01-04T12:00:00Z').do(found('2027-01-04T11:00:00Z'));
    assert.deepEqual(b.due('T-C9'), ['2027-01-06', '2027-01-07T00:00:00.000Z']);
    assert.deepEqual(b.due('T-C10'), ['2027-01-15', '2027-01-16T00:00:00.000Z']);
  });
});

describe('pre-birth (C19, T-C19)', () => {
  const unborn = { personId: 'per-unborn', unborn: true, dateOfBirth: null, expectedDueDate: '2027-04-30' } as const;

  it('runs T-C19 to the due date less the setting, registers at a pre-birth conference, and starts visits at the birth', () => {
    const b = section47Open(unborn);
    // Expected Fri 30 Apr 2027, less 10 weeks (70 days) → Fri 19 Feb 2027. No T-C4 for an unborn child.
    assert.deepEqual(said(b.at('2026-11-27T14:00:00Z').do(determination(3))), [
      'Section47Determined',
      'stop T-C5a met',
      'start T-C19 2027-02-19',
    ]);
    assert.deepEqual(b.due('T-C19'), ['2027-02-19', '2027-02-20T00:00:00.000Z']);
    assert.equal(nextConferenceKind(b.state, chair), 'pre_birth');
    b.refused(schedule('pbc-1', 'initial', '2027-02-09T10:00:00Z'), chair, 'validation', 'error.conference.kind');
    b.do(schedule('pbc-1', 'pre_birth', '2027-02-09T10:00:00Z'), chair);
    // A later strategy meeting does not move a pre-birth conference's clock.
    assert.deepEqual(said(b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z'))), ['StrategyDiscussionHeld']);

    const out = b.at('2027-02-09T12:00:00Z').do(conference('pbc-1', '2027-02-09T10:00:00Z', register(['neglect'])), chair);
    // From Tue 9 Feb: T-C6 5 WD → Tue 16 Feb; T-C7 10 WD = 10–12 (3), 15–19 (8), 22, 23 → Tue 23 Feb;
    // T-C12 3 months → Sun 9 May. No visit, bedroom or 18th-birthday clock before the birth.
    assert.deepEqual(said(out), [
      'ConferenceHeld',
      'start T-C6:pbc-1 2027-02-16',
      'stop T-C19 met',
      'Registered',
      'start T-C7 2027-02-23',
      'start T-C12 2027-05-09',
    ]);
    const held = out[0];
    assert.ok(held?.type === 'ConferenceHeld' && held.kind === 'pre_birth');
    assert.equal(b.state.stage, 'registered');
    assert.equal(b.state.unborn, true);
    b.refused(visit('2027-02-09T11:00:00Z'), duty, 'invalid_state', 'error.case.unborn');
    b.refused(missing('2027-02-09T11:00:00Z'), duty, 'invalid_state', 'error.case.unborn');
    b.refused(autoDeregister('turned_18', '2027-02-09T11:00:00Z'), system, 'validation', 'error.deregister.noDateOfBirth');

    // Born Sun 25 Apr, recorded Mon 26 Apr 2027 (summer time). From the recording:
    // T-C9 10 WD = 27–30 Apr (4), 4–7 May (8; 3 May is a holiday), 10, 11 → Tue 11 May. T-C10 4 weeks → Mon 24 May.
    // T-C11 to the review due Sun 9 May. T-C17: 18 on 25 Apr 2045 → due the end of 24 Apr 2045.
    const birth = { type: 'record_birth', childPersonId: 'per-baby', name: 'Baby', dateOfBirth: '2027-04-25' } as const;
    b.at('2027-04-26T09:00:00Z');
    b.refused({ ...birth, dateOfBirth: '2027-04-27' }, duty, 'validation', 'error.case.future');
    assert.deepEqual(said(b.do(birth)), [
      'BirthRecorded',
      'start T-C9 2027-05-11',
      'start T-C10 2027-05-24',
      'start T-C11 2027-05-09',
      'start T-C17 2045-04-24',
    ]);
    assert.deepEqual(b.due('T-C9'), ['2027-05-11', '2027-05-11T23:00:00.000Z']);
    assert.deepEqual(b.due('T-C17'), ['2045-04-24', '2045-04-24T23:00:00.000Z']);
    assert.equal(b.state.unborn, false);
    assert.equal(b.state.dateOfBirth, '2027-04-25');
    b.refused(birth, duty, 'invalid_state', 'error.case.notUnborn');
    assert.deepEqual(said(b.at('2027-04-28T12:00:00Z').do(visit('2027-04-28T11:00:00Z'))), [
      'StatutoryVisitMade',
      'stop T-C9 met',
      'start T-C9#2 2027-05-13',
      'stop T-C10 met',
      'start T-C10#2 2027-05-26',
    ]);
    assert.equal(nextConferenceKind(b.state, chair), 'review');
  });

  it('reads the weeks before the due date from the setting', () => {
    const b = section47Open(unborn, { ...DEFAULT_RULE_SETTINGS, preBirthConferenceWeeksBeforeDue: 8 });
    b.at('2026-11-27T14:00:00Z').do(determination(3));
    assert.deepEqual(b.due('T-C19'), ['2027-03-05', '2027-03-06T00:00:00.000Z']); // 30 Apr − 56 days
  });
});

describe('automatic de-registration (C16, T-C17)', () => {
  it('de-registers at 18 and not a moment before', () => {
    // Born 15 Mar 2009: 18 on Mon 15 Mar 2027, so T-C17 is due the end of Sun 14 Mar (GMT).
    const b = registered({ dateOfBirth: '2009-03-15' });
    assert.deepEqual(b.due('T-C17'), ['2027-03-14', '2027-03-15T00:00:00.000Z']);
    b.at('2027-03-14T23:30:00Z');
    b.refused(autoDeregister('turned_18', '2027-03-14T23:30:00Z'), system, 'validation', 'error.deregister.notYet18');
    b.at('2027-03-15T00:30:00Z');
    b.refused(autoDeregister('turned_18', '2027-03-15T00:30:00Z'), chair, 'not_permitted', 'error.case.role');
    const out = b.do(autoDeregister('turned_18', '2027-03-15T00:30:00Z'), system);
    assert.deepEqual(said(out), [
      'Deregistered',
      'stop T-C17 met',
      'stop T-C7 ended',
      'stop T-C9 ended',
      'stop T-C10 ended',
      'stop T-C11 ended',
      'stop T-C12 ended',
    ]);
    assert.equal(b.state.stage, 'deregistered');
    b.do(close('Turned 18; adult services informed'));
    assert.equal(b.state.stage, 'closed');
  });

  for (const reason of ['died', 'left_uk'] as const) {
    it(`de-registers when the child ${reason === 'died' ? 'dies' : 'permanently leaves the UK'}, ending a pending transfer too`, () => {
      const b = registered();
      b.at('2027-01-08T10:00:00Z').do(move(LA2, '2027-01-08', true));
      const out = b.at('2027-01-11T10:00:00Z').do(autoDeregister(reason, '2027-01-11T09:00:00Z'), duty);
      assert.deepEqual(said(out), [
        'Deregistered',
        'stop T-C17 ended',
        'stop T-C7 ended',
        'stop T-C9 ended',
        'stop T-C10 ended',
        'stop T-C11 ended',
        'stop T-C12 ended',
        'stop T-C14 ended',
        'stop T-C15 ended',
      ]);
      const e = out[0];
      assert.ok(e?.type === 'Deregistered' && e.reason === reason && e.conferenceId === null);
      assert.equal(b.state.transfer, null);
    });
  }
});

describe('events are plain JSON', () => {
  it('folds the same state from a JSON round trip of every event of every case above', () => {
    assert.ok(built.length > 20);
    let count = 0;
    for (const b of built) {
      const copy = JSON.parse(JSON.stringify(b.events)) as ChildCaseEvent[];
      // Same values, and nothing (undefined, Date, class instance) that JSON would change.
      assert.deepEqual(copy, b.events);
      assert.deepEqual(foldChildCase(copy), b.state);
      count += b.events.length;
    }
    assert.ok(count > 300, `${count} events`);
  });
});

describe('lead review follow-ups', () => {
  it('refuses a visit to a child who is missing', () => {
    const b = registered();
    b.at('2027-01-04T19:00:00Z').do(missing('2027-01-04T18:00:00Z'));
    b.refused(visit('2027-01-05T10:00:00Z'), duty, 'invalid_state', 'error.case.missing');
  });

  it('turns a pre-birth conference not yet held into an initial conference, due 15 working days from the birth', () => {
    const b = section47Open({ personId: 'per-unborn', unborn: true, dateOfBirth: null, expectedDueDate: '2027-04-30' });
    b.at('2026-11-27T14:00:00Z').do(determination(3));
    // Born early on Mon 7 Dec 2026 and recorded that day: 15 working days → Mon 28 Dec is a bank holiday,
    // so counting 8–11 (4), 14–18 (9), 21–24 (13), 29, 30 (15) → Wed 30 Dec.
    const out = b.at('2026-12-07T10:00:00Z').do({ type: 'record_birth', childPersonId: 'per-born', name: 'Baby Jones', dateOfBirth: '2026-12-07' });
    assert.deepEqual(said(out), ['BirthRecorded', 'stop T-C19 missed', 'start T-C4 2026-12-30']);
    assert.equal(nextConferenceKind(b.state, chair), 'initial');
  });

  it('refuses a blank reason for a timescale exception and a blank closure rationale', () => {
    const b = registered();
    const overdue = Object.values(b.state.clocks).find((c) => c.stoppedAt === null)!;
    b.at('2027-06-30T10:00:00Z').refused({ type: 'record_timescale_exception', clockKey: overdue.key, reason: '   ' }, senior, 'validation', 'error.reason.required');
  });
});
