import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCalendar, type IsoDate, type WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { DomainError } from '../../src/domain/errors.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../src/domain/rule-settings.js';
import { clockDisplayStatus } from '../../src/domain/timers.js';
import type { DecisionActor } from '../../src/domain/cases/child-protection.decider.js';
import type { Attendee } from '../../src/domain/cases/vocabulary.js';
import {
  ADULT_CASE_COMMAND_TYPES,
  apsoInForce,
  evolveAdultCase,
  foldAdultCase,
  INITIAL_ADULT_CASE_STATE,
  type AdultCaseCommand,
  type AdultCaseCommandType,
  type AdultCaseEvent,
  type AdultCaseState,
  type ConsentAndCapacityInput,
} from '../../src/domain/cases/adult-protection.model.js';
import { ADULT_COMMAND_ROLES, adultPrecondition, allowedAdultCommands, decideAdultCase } from '../../src/domain/cases/adult-protection.decider.js';
import { APSO_GROUNDS } from '../../src/domain/cases/adult-vocabulary.js';
import type { ClockRecord } from '../../src/domain/cases/clocks.js';

/**
 * Adults' cases walked through every path of DOMAIN.md §10.3 and the APSO branch of §4,
 * one command at a time.
 *
 * Every expected due date was counted by hand from the England-and-Wales calendar with
 * the §9 convention (the event's London day is day 0, or the next working day when the
 * event falls on a non-working day; count the next N working days; due at the end of
 * that day in Europe/London). Holidays met on the way: Good Friday 3 and Easter Monday
 * 6 April 2026; 25 and 28 December 2026; 1 January 2027; 26 and 29 March 2027 (Easter).
 * British Summer Time: 29 March – 25 October 2026 and from 28 March 2027, so a deadline
 * ends at 00:00 UTC in winter and at 23:00 UTC the day before in summer.
 * "Within 24 hours" (T-A1, T-A2) counts elapsed hours; "6 weeks" (T-A6) is 42 calendar days.
 */

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

const LA = 'la-caerdydd';
const LA2 = 'la-abertawe';

const actor = (userId: string, role: DecisionActor['role'], organisationId = LA): DecisionActor => ({ userId, role, organisationId });
const duty = actor('u-duty', 'duty_social_worker');
const manager = actor('u-tm', 'team_manager');
const senior = actor('u-sm', 'senior_manager');
const chair = actor('u-chair', 'conference_chair');
const system = actor('system', 'system');
const practitioner = actor('u-prac', 'practitioner');
const managerLa2 = actor('u-tm-la2', 'team_manager', LA2);
const dutyLa2 = actor('u-duty-la2', 'duty_social_worker', LA2);

const SOCIAL_SERVICES: Attendee = { name: 'Lead co-ordinator', agency: 'social_services' };
const POLICE: Attendee = { name: 'Detective constable', agency: 'police' };
const HEALTH: Attendee = { name: 'District nurse', agency: 'health' };
const PROVIDER: Attendee = { name: 'Care home manager', agency: 'other' };

// ---------------------------------------------------------------------------
// The builder: folds events and advances `now`
// ---------------------------------------------------------------------------

type Cmd<T extends AdultCaseCommandType> = Extract<AdultCaseCommand, { type: T }>;
type ErrorCode = 'validation' | 'invalid_state' | 'not_permitted' | 'not_found';

/** Every case built in this file, for the replay test at the end. */
const built: AdultCase[] = [];

class AdultCase {
  state: AdultCaseState = INITIAL_ADULT_CASE_STATE;
  readonly events: AdultCaseEvent[] = [];
  /** The number of events and the state after each step, to compare with a replay. */
  readonly snapshots: [number, AdultCaseState][] = [];
  now: Date;

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

  /** Take a step as `who`; the new events are folded in one at a time and returned. */
  do(command: AdultCaseCommand, who: DecisionActor = duty): AdultCaseEvent[] {
    const out = decideAdultCase(this.state, command, this.context(who));
    this.events.push(...out);
    this.state = out.reduce(evolveAdultCase, this.state);
    this.snapshots.push([this.events.length, this.state]);
    return out;
  }

  /** The step is refused with this code and message (or field) key, and nothing changes. */
  refused(command: AdultCaseCommand, who: DecisionActor, code: ErrorCode, key: string): void {
    const before = this.state;
    assert.throws(
      () => decideAdultCase(this.state, command, this.context(who)),
      (e: unknown) => {
        assert.ok(e instanceof DomainError, String(e));
        assert.equal(e.code, code, `${e.code} ${e.message} ${JSON.stringify(e.fields)}`);
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

/** A compact reading of events: clocks with their key and due date, alerts with their reason, the rest by type. */
function said(events: readonly AdultCaseEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'ClockStarted':
        return `start ${e.key} ${e.dueDate}`;
      case 'ClockStopped':
        return `stop ${e.key} ${e.outcome}`;
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

/** Consent given, no capacity assessment. */
const CONSENTS: ConsentAndCapacityInput = {
  consent: 'given',
  capacityAssessed: false,
  capacityDecision: '',
  capacityAssessedBy: '',
  capacityOutcome: null,
  bestInterests: '',
};

/** Assessed as lacking capacity for the decision, with a best-interests decision. */
const LACKS_CAPACITY: ConsentAndCapacityInput = {
  consent: 'lacks_capacity',
  capacityAssessed: true,
  capacityDecision: 'Whether to agree to safeguarding enquiries',
  capacityAssessedBy: 'Approved mental capacity professional',
  capacityOutcome: 'lacks_capacity',
  bestInterests: 'Enquiries are in her best interests; her daughter and GP were consulted',
};

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
    identifiedAt: null,
    ...over,
  };
}

function checks(over: Partial<Cmd<'record_initial_checks'>> = {}): Cmd<'record_initial_checks'> {
  return {
    type: 'record_initial_checks',
    crimeSuspected: false,
    policeInformed: false,
    othersAtRisk: false,
    othersAtRiskDetails: '',
    categories: ['financial'],
    summary: 'Neighbour reports money taken from her account',
    ...CONSENTS,
    ...over,
  };
}

const decision = (d: Cmd<'record_decision'>['decision']): Cmd<'record_decision'> => ({
  type: 'record_decision',
  decision: d,
  rationale: 'Agreed with the team manager',
});

const determine = (d: Cmd<'record_enquiry_determination'>['determination'], rationale = `Determination ${d}`): Cmd<'record_enquiry_determination'> => ({
  type: 'record_enquiry_determination',
  determination: d,
  rationale,
});

function strategy(heldAt: string, over: Partial<Cmd<'record_strategy'>> = {}): Cmd<'record_strategy'> {
  return {
    type: 'record_strategy',
    strategyId: `st-${heldAt.slice(0, 10)}`,
    heldAt,
    format: 'meeting',
    chairId: 'u-duty',
    attendees: [SOCIAL_SERVICES, POLICE, HEALTH],
    outcome: 'investigate',
    criminalInvestigation: true,
    nonCriminalInvestigation: true,
    investigationDueDate: '2027-01-15',
    interimProtection: 'Bank alerted; carers changed',
    leadPractitionerId: 'u-lp',
    summary: 'Reasonable cause to suspect financial abuse by a paid carer',
    ...CONSENTS,
    ...over,
  };
}

const schedule = (conferenceId: string, scheduledFor: string): Cmd<'schedule_conference'> => ({
  type: 'schedule_conference',
  conferenceId,
  scheduledFor,
  invitees: [SOCIAL_SERVICES, POLICE, HEALTH, PROVIDER],
});

const postpone = (conferenceId: string, scheduledFor: string, reason = 'Police report not ready'): Cmd<'postpone_conference'> => ({
  type: 'postpone_conference',
  conferenceId,
  scheduledFor,
  reason,
});

const reports = (conferenceId: string, receivedAt: string): Cmd<'record_agency_reports'> => ({
  type: 'record_agency_reports',
  conferenceId,
  agencies: ['police', 'health'],
  receivedAt,
});

const advocacy = (offeredOn: IsoDate, over: Partial<Cmd<'offer_advocacy'>> = {}): Cmd<'offer_advocacy'> => ({
  type: 'offer_advocacy',
  kind: 'independent_professional',
  offeredOn,
  accepted: true,
  advocate: 'Advocacy Support Cymru',
  ...over,
});

function conference(conferenceId: string, heldAt: string, outcome: Cmd<'record_conference'>['outcome'], over: Partial<Cmd<'record_conference'>> = {}): Cmd<'record_conference'> {
  return {
    type: 'record_conference',
    conferenceId,
    heldAt,
    attendees: [SOCIAL_SERVICES, POLICE, HEALTH],
    apologies: ['other'],
    writtenContributions: ['other'],
    adultAttended: true,
    advocatePresent: true,
    outcome,
    rationale: 'Agreed by the conference',
    ...over,
  };
}

const plan = (over: Partial<Cmd<'record_plan'>> = {}): Cmd<'record_plan'> => ({
  type: 'record_plan',
  outcomes: 'Her money is safe; she chooses her carers',
  contingency: 'Move to the other agency if the carer returns',
  ...CONSENTS,
  ...over,
});

const review = (heldAt: string, outcome: Cmd<'record_plan_review'>['outcome'], over: Partial<Cmd<'record_plan_review'>> = {}): Cmd<'record_plan_review'> => ({
  type: 'record_plan_review',
  heldAt,
  outcome,
  summary: 'Plan reviewed with her and her advocate',
  ...CONSENTS,
  ...over,
});

function close(route: Cmd<'close_case'>['route'], over: Partial<Cmd<'close_case'>> = {}): Cmd<'close_case'> {
  return {
    type: 'close_case',
    route,
    rationale: 'Risk reduced and her wishes met',
    agenciesNotified: ['police', 'health'],
    disengagement: route === 'adult_disengaged' ? 'Declined further visits; told how to get back in touch' : '',
    ...(route === 'adult_disengaged' ? { consent: 'withheld' as const } : {}),
    ...over,
  };
}

const consider = (reason = 'Son refuses access to the house'): Cmd<'consider_apso'> => ({ type: 'consider_apso', reason });

function apply(over: Partial<Cmd<'apply_for_apso'>> = {}): Cmd<'apply_for_apso'> {
  return {
    type: 'apply_for_apso',
    applicationId: 'apso-1',
    authorisedOfficerId: 'u-ao',
    appliedOn: '2026-11-17',
    court: 'Cardiff Magistrates’ Court',
    hearingOn: '2026-11-18',
    premises: '1 Heol y Frenhines, Caerdydd',
    reasons: 'Access refused three times; concern of neglect',
    evidence: 'Visit records; GP letter',
    grounds: [...APSO_GROUNDS],
    ...over,
  };
}

function granted(decidedOn: IsoDate, orderStart: string, orderEnd: string): Cmd<'record_apso_outcome'> {
  return { type: 'record_apso_outcome', outcome: 'granted', decidedOn, orderStart, orderEnd, specifiedPersons: 'A constable', conditions: 'None', reason: '' };
}

function refusedOrder(decidedOn: IsoDate, reason = 'Not satisfied that access is necessary'): Cmd<'record_apso_outcome'> {
  return { type: 'record_apso_outcome', outcome: 'refused', decidedOn, orderStart: null, orderEnd: null, specifiedPersons: '', conditions: '', reason };
}

const apsoVisit = (visitedAt: string): Cmd<'record_apso_visit'> => ({
  type: 'record_apso_visit',
  visitedAt,
  spokeInPrivate: true,
  decisionsMadeFreely: 'no',
  outcome: 'Spoke with her alone; she is frightened of her son',
});

const exception = (clockKey: string, reason = 'Adult in hospital; enquiries could not finish'): Cmd<'record_timescale_exception'> => ({
  type: 'record_timescale_exception',
  clockKey,
  reason,
});

// ---------------------------------------------------------------------------
// The main road (each helper ends at a stage of §10.3)
// ---------------------------------------------------------------------------

function received(over: Partial<Cmd<'open_case'>> = {}, settings?: RuleSettings): AdultCase {
  const b = new AdultCase(over.receivedAt ?? RECEIVED, settings);
  b.do(openCase(over), system);
  return b;
}

/** Initial checks on Mon 16 Nov at 10:00. */
function checked(settings?: RuleSettings): AdultCase {
  const b = received({}, settings);
  b.at('2026-11-16T10:00:00Z').do(checks());
  return b;
}

/** Section 126 enquiries decided on Mon 16 Nov at 11:00; T-A3 runs to Wed 25 Nov. */
function enquiry(settings?: RuleSettings): AdultCase {
  const b = checked(settings);
  b.at('2026-11-16T11:00:00Z').do(decision('section126_enquiries'));
  return b;
}

/** Determination 3 on Wed 25 Nov at 14:00; T-A4 runs to Fri 4 Dec. */
function strategyPending(): AdultCase {
  const b = enquiry();
  b.at('2026-11-25T14:00:00Z').do(determine('3'));
  return b;
}

/** The first strategy meeting, Tue 1 Dec at 10:00, agrees a criminal and a non-criminal investigation due Fri 15 Jan. */
function investigating(over: Partial<Cmd<'record_strategy'>> = {}): AdultCase {
  const b = strategyPending();
  b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', over));
  return b;
}

/** The strategy meeting of Tue 1 Dec goes straight to a conference. */
function conferencePending(): AdultCase {
  const b = strategyPending();
  b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', { outcome: 'conference', criminalInvestigation: false, nonCriminalInvestigation: false, investigationDueDate: null }));
  return b;
}

/** A conference on Mon 14 Dec 2026 (arranged Tue 8 Dec, reports in on Wed 9 Dec) agrees a protection plan. */
function planActive(): AdultCase {
  const b = conferencePending();
  b.at('2026-12-08T15:00:00Z').do(schedule('apc-1', '2026-12-14T10:00:00Z'));
  b.at('2026-12-09T16:00:00Z').do(reports('apc-1', '2026-12-09T15:00:00Z'));
  b.do(advocacy('2026-12-09'));
  b.at('2026-12-14T12:00:00Z').do(conference('apc-1', '2026-12-14T10:00:00Z', 'protection_plan'), chair);
  return b;
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

describe('report and receipt (A0–A2; T-A1, T-A2, T-A3)', () => {
  it('opens the case on receipt with the 7-working-day enquiry clock, and stops T-A1 at receipt when the report came within 24 hours', () => {
    const b = new AdultCase(RECEIVED);
    // Identified Sun 15 Nov 10:00 → T-A1 due 24 hours later, Mon 16 Nov 10:00 UTC; reported at 09:00, so met.
    // T-A3: 7 WD from Mon 16 Nov = 17, 18, 19, 20, 23, 24, 25 → Wed 25 Nov, ending 00:00 GMT on the 26th.
    const out = b.do(openCase({ identifiedAt: '2026-11-15T10:00:00Z' }), system);
    assert.deepEqual(said(out), ['ReportReceived', 'start T-A1 2026-11-16', 'stop T-A1 met', 'start T-A3 2026-11-25']);
    assert.deepEqual(b.due('T-A1'), ['2026-11-16', '2026-11-16T10:00:00.000Z']);
    assert.equal(b.clock('T-A1').startedAt, '2026-11-15T10:00:00Z');
    assert.equal(b.display('T-A1'), 'met');
    assert.deepEqual(b.due('T-A3'), ['2026-11-25', '2026-11-26T00:00:00.000Z']);
    assert.equal(b.state.stage, 'received');
    assert.equal(b.state.localAuthorityId, LA);
    assert.deepEqual(b.running(), ['T-A3']);
    const rr = out[0];
    assert.ok(rr?.type === 'ReportReceived' && rr.channel === 'written');
    b.refused(openCase(), system, 'invalid_state', 'error.case.exists');
  });

  it('shows T-A1 late when the report came more than 24 hours after the concern was identified, and met at exactly 24 hours', () => {
    // Identified Sat 14 Nov 08:00 → due Sun 15 Nov 08:00; reported Mon 16 Nov 09:00.
    const late = received({ identifiedAt: '2026-11-14T08:00:00Z' });
    assert.deepEqual(late.due('T-A1'), ['2026-11-15', '2026-11-15T08:00:00.000Z']);
    assert.equal(late.display('T-A1'), 'late');
    // Identified Sun 15 Nov 09:00: due at the moment of receipt, which is still in time.
    const exact = received({ identifiedAt: '2026-11-15T09:00:00Z' });
    assert.equal(exact.display('T-A1'), 'met');
  });

  it('counts T-A1 in elapsed hours across the spring clock change, and T-A3 from the next working day past Easter 2026', () => {
    // Identified Sat 28 Mar 2026 12:00 GMT; clocks go forward at 01:00 UTC on Sun 29 Mar.
    // 24 elapsed hours → Sun 29 Mar 12:00 UTC (13:00 BST). Reported at 11:30 UTC (12:30 BST): 23½ hours, so met,
    // though a wall clock would show 24½ hours.
    const b = received({ receivedAt: '2026-03-29T11:30:00Z', identifiedAt: '2026-03-28T12:00:00Z' });
    assert.deepEqual(b.due('T-A1'), ['2026-03-29', '2026-03-29T12:00:00.000Z']);
    assert.equal(b.display('T-A1'), 'met');
    // Received on a Sunday: day 0 is Mon 30 Mar. 31 Mar (1), 1 Apr (2), 2 Apr (3), Good Friday 3 Apr and
    // Easter Monday 6 Apr skipped, 7 (4), 8 (5), 9 (6), 10 Apr (7) → Fri 10 Apr, ending 00:00 BST = 23:00 UTC.
    assert.deepEqual(b.due('T-A3'), ['2026-04-10', '2026-04-10T23:00:00.000Z']);
  });

  it('counts T-A3 past Christmas and New Year 2026', () => {
    // Received Mon 21 Dec 2026: 22 (1), 23 (2), 24 (3); 25 Dec, the weekend and 28 Dec skipped; 29 (4), 30 (5), 31 (6);
    // 1 Jan and the weekend skipped; Mon 4 Jan 2027 (7).
    const b = received({ receivedAt: '2026-12-21T10:00:00Z' });
    assert.deepEqual(b.due('T-A3'), ['2027-01-04', '2027-01-05T00:00:00.000Z']);
  });

  it('counts T-A3 across the autumn clock change, and across Easter and the spring change of 2027', () => {
    // Received Thu 22 Oct 2026 10:00 UTC (11:00 BST): 23 (1), 26–30 (6), Mon 2 Nov (7); GMT by then → 00:00 UTC on 3 Nov.
    const autumn = received({ receivedAt: '2026-10-22T10:00:00Z' });
    assert.deepEqual(autumn.due('T-A3'), ['2026-11-02', '2026-11-03T00:00:00.000Z']);
    // Received Wed 24 Mar 2027 (GMT): 25 (1); Good Friday 26, the weekend and Easter Monday 29 skipped; 30 (2), 31 (3),
    // 1 Apr (4), 2 Apr (5), 5 (6), Tue 6 Apr (7); BST from 28 Mar → 23:00 UTC.
    const spring = received({ receivedAt: '2027-03-24T10:00:00Z' });
    assert.deepEqual(spring.due('T-A3'), ['2027-04-06', '2027-04-06T23:00:00.000Z']);
    // Received on Saturday 21 Nov 2026: day 0 is Mon 23 Nov; 24, 25, 26, 27, 30 Nov, 1, 2 Dec → Wed 2 Dec.
    const weekend = received({ receivedAt: '2026-11-21T11:00:00Z' });
    assert.deepEqual(weekend.due('T-A3'), ['2026-12-02', '2026-12-03T00:00:00.000Z']);
  });

  it('has no T-A1 when the concern is said to be identified after the report was received', () => {
    const b = new AdultCase(RECEIVED);
    assert.deepEqual(said(b.do(openCase({ identifiedAt: '2026-11-16T10:00:00Z' }), system)), ['ReportReceived', 'start T-A3 2026-11-25']);
  });

  it('confirms a telephone report in writing within 24 hours (T-A2): met, late, and not run for a written report', () => {
    // Telephoned Sun 15 Nov 12:00 → due Mon 16 Nov 12:00; the written report came at 09:00.
    const onTime = new AdultCase(RECEIVED);
    const out = onTime.do(openCase({ channel: 'telephone', verbalAt: '2026-11-15T12:00:00Z' }), system);
    assert.deepEqual(said(out), ['ReportReceived', 'start T-A2 2026-11-16', 'stop T-A2 met', 'start T-A3 2026-11-25']);
    assert.deepEqual(onTime.due('T-A2'), ['2026-11-16', '2026-11-16T12:00:00.000Z']);
    assert.equal(onTime.display('T-A2'), 'met');
    const rr = out[0];
    assert.ok(rr?.type === 'ReportReceived' && rr.channel === 'telephone');
    // Telephoned Fri 13 Nov 16:00 → due Sat 14 Nov 16:00; written on Monday: late.
    const late = received({ channel: 'telephone', verbalAt: '2026-11-13T16:00:00Z' });
    assert.deepEqual(late.due('T-A2'), ['2026-11-14', '2026-11-14T16:00:00.000Z']);
    assert.equal(late.display('T-A2'), 'late');
    // No telephone time, or a written report: no T-A2.
    assert.ok(!('T-A2' in received({ channel: 'telephone', verbalAt: null }).state.clocks));
    assert.ok(!('T-A2' in received({ channel: 'written', verbalAt: '2026-11-15T12:00:00Z' }).state.clocks));
  });

  it('answers not found for a step on a case that was never opened', () => {
    const b = new AdultCase(RECEIVED);
    b.refused(checks(), duty, 'not_found', 'error.notFound');
  });
});

describe('initial checks (A2): consent, capacity, crime, others at risk', () => {
  it('refuses the decision until the initial checks are recorded', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    b.refused(decision('section126_enquiries'), duty, 'invalid_state', 'error.adult.checksFirst');
    assert.deepEqual(said(b.do(checks())), ['InitialChecksRecorded']);
    assert.equal(b.state.stage, 'initial_checks');
    assert.equal(b.state.initialChecksAt, '2026-11-16T10:00:00.000Z');
    assert.deepEqual(b.state.categories, ['financial']);
    // The checks can be recorded again (more information) until the decision; then not.
    b.do(checks({ categories: ['financial', 'neglect', 'financial'] }));
    assert.deepEqual(b.state.categories, ['financial', 'neglect']);
    b.do(decision('part3_assessment'));
    b.refused(checks(), duty, 'invalid_state', 'error.case.decisionRecorded');
  });

  it('applies the Mental Capacity Act rules to consent and capacity', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    // "Lacks capacity" is the finding of an assessment, so one must be recorded.
    b.refused(checks({ consent: 'lacks_capacity' }), duty, 'validation', 'error.capacity.assessmentNeeded');
    // Assessed as lacking capacity: a best-interests decision is needed.
    b.refused(checks({ ...LACKS_CAPACITY, bestInterests: '  ' }), duty, 'validation', 'error.bestInterests.required');
    // Consent "lacks capacity" contradicts an assessment that she has capacity.
    b.refused(checks({ ...LACKS_CAPACITY, capacityOutcome: 'has_capacity' }), duty, 'validation', 'error.capacity.consentContradicts');
    // An assessment needs its decision, assessor and outcome.
    b.refused(checks({ ...LACKS_CAPACITY, capacityDecision: '' }), duty, 'validation', 'error.capacityDecision.required');
    b.refused(checks({ ...LACKS_CAPACITY, capacityAssessedBy: '' }), duty, 'validation', 'error.capacityAssessedBy.required');
    b.refused(checks({ ...LACKS_CAPACITY, capacityOutcome: null }), duty, 'validation', 'error.capacityOutcome.required');
    const out = b.do(checks(LACKS_CAPACITY));
    const e = out[0];
    assert.ok(e?.type === 'InitialChecksRecorded');
    assert.deepEqual(e.consentCapacity, {
      consent: 'lacks_capacity',
      capacity: {
        decision: LACKS_CAPACITY.capacityDecision,
        assessedBy: LACKS_CAPACITY.capacityAssessedBy,
        outcome: 'lacks_capacity',
        bestInterests: LACKS_CAPACITY.bestInterests,
      },
    });
    assert.equal(b.state.consent, 'lacks_capacity');
    assert.deepEqual(b.state.capacity.map((c) => [c.point, c.on, c.outcome]), [['initial_checks', '2026-11-16', 'lacks_capacity']]);
    // Consent withheld by someone with capacity keeps no best-interests text.
    b.do(checks({ ...LACKS_CAPACITY, consent: 'withheld', capacityOutcome: 'has_capacity' }));
    assert.equal(b.state.capacity.at(-1)?.bestInterests, null);
  });

  it('needs a category, details of others at risk, and a suspected crime before the police can be informed', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    b.refused(checks({ categories: [] }), duty, 'validation', 'error.adultCategories.required');
    b.refused(checks({ othersAtRisk: true, othersAtRiskDetails: ' ' }), duty, 'validation', 'error.othersAtRiskDetails.required');
    b.refused(checks({ policeInformed: true }), duty, 'validation', 'error.policeInformed.noCrime');
  });

  it('opens a task to notify the police when a crime is suspected and they have not been told, until it is completed', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    b.refused({ type: 'complete_task', taskId: 'x', reference: 'x' }, duty, 'invalid_state', 'error.case.noOpenTask');
    const out = b.do(checks({ crimeSuspected: true }));
    assert.deepEqual(said(out), ['InitialChecksRecorded', 'TaskCreated']);
    const task = out[1];
    assert.ok(task?.type === 'TaskCreated');
    assert.equal(task.kind, 'notify_police');
    assert.equal(task.dueAt, '2026-11-16T10:00:00.000Z'); // at once
    // Recording the checks again does not open a second task while the first is open.
    assert.deepEqual(said(b.do(checks({ crimeSuspected: true }))), ['InitialChecksRecorded']);
    b.refused({ type: 'complete_task', taskId: 'no-such-task', reference: 'x' }, duty, 'validation', 'error.case.task');
    b.at('2026-11-16T10:30:00Z');
    assert.deepEqual(said(b.do({ type: 'complete_task', taskId: task.taskId, reference: 'Police ref 55/123' })), ['TaskCompleted']);
    assert.deepEqual(b.state.tasks[task.taskId], { kind: 'notify_police', completedAt: '2026-11-16T10:30:00.000Z', reference: 'Police ref 55/123' });
    b.refused({ type: 'complete_task', taskId: task.taskId, reference: 'again' }, duty, 'invalid_state', 'error.case.noOpenTask');
    // Police already told: no task.
    const told = received().at('2026-11-16T10:00:00Z');
    assert.deepEqual(said(told.do(checks({ crimeSuspected: true, policeInformed: true }))), ['InitialChecksRecorded']);
    assert.equal(told.state.crimeSuspected, true);
  });
});

describe('the initial decision (A3)', () => {
  for (const d of ['nfa_no_abuse', 'nfa_not_abuse_or_neglect', 'nfa_one_off_low_risk'] as const) {
    it(`closes with no further action (${d}) and meets T-A3`, () => {
      const b = checked();
      assert.deepEqual(said(b.at('2026-11-16T11:00:00Z').do(decision(d))), ['DecisionRecorded', 'stop T-A3 met']);
      assert.equal(b.state.stage, 'closed_nfa');
      assert.equal(b.state.decision, d);
      assert.equal(b.display('T-A3'), 'met');
      assert.equal(b.clock('T-A3').stopReason, 'decision_recorded');
      b.refused(decision('part3_assessment'), duty, 'invalid_state', 'error.case.decisionRecorded');
      b.refused(close('aims_met'), duty, 'invalid_state', 'error.case.cannotClose');
      b.refused({ type: 'allocate', workerId: 'u-duty' }, manager, 'invalid_state', 'error.case.closed');
      // The chronology stays open on a closed case.
      assert.deepEqual(said(b.do({ type: 'add_chronology_entry', entryId: 'ch-1', occurredOn: '2026-11-16', summary: 'Letter sent', significant: false })), ['ChronologyEntryAdded']);
    });
  }

  it('goes to a Part 3 care and support assessment, meeting T-A3, and may then close', () => {
    const b = checked();
    assert.deepEqual(said(b.at('2026-11-16T11:00:00Z').do(decision('part3_assessment'))), ['DecisionRecorded', 'stop T-A3 met']);
    assert.equal(b.state.stage, 'part3_assessment');
    b.refused(determine('3'), duty, 'invalid_state', 'error.case.noEnquiry');
    assert.deepEqual(said(b.at('2026-11-20T10:00:00Z').do(close('no_protection_role'))), ['AdultCaseClosed']);
    assert.equal(b.state.stage, 'closed');
    assert.deepEqual(b.state.closure, { route: 'no_protection_role', rationale: 'Risk reduced and her wishes met' });
  });

  it('opens section 126 enquiries with T-A3 still running (it measures the enquiry, not the decision)', () => {
    const b = checked();
    assert.deepEqual(said(b.at('2026-11-16T11:00:00Z').do(decision('section126_enquiries'))), ['DecisionRecorded']);
    assert.equal(b.state.stage, 'section126_enquiry');
    assert.deepEqual(b.running(), ['T-A3']);
  });
});

describe('section 126 enquiry determinations (A4–A6; T-A3, T-A4)', () => {
  it('determination 1: immediate protection, then strategy pending, with T-A4 from the conclusion', () => {
    const b = enquiry();
    // Concluded Wed 18 Nov. T-A4: 7 WD = 19, 20, 23, 24, 25, 26, 27 → Fri 27 Nov.
    const out = b.at('2026-11-18T14:00:00Z').do(determine('1'));
    assert.deepEqual(said(out), ['EnquiryDetermined', 'stop T-A3 met', 'start T-A4 2026-11-27']);
    const e = out[0];
    assert.ok(e?.type === 'EnquiryDetermined' && e.determinedBy === 'u-duty' && e.at === '2026-11-18T14:00:00.000Z');
    assert.equal(b.clock('T-A3').stopReason, 'enquiry_concluded');
    assert.deepEqual(b.due('T-A4'), ['2026-11-27', '2026-11-28T00:00:00.000Z']);
    assert.equal(b.state.stage, 'immediate_protection');
    assert.equal(b.state.enquiryConcludedAt, '2026-11-18T14:00:00.000Z');
    b.at('2026-11-18T15:00:00Z');
    b.refused({ type: 'record_immediate_protection', at: '2026-11-18T13:00:00Z', actions: ' ' }, duty, 'validation', 'error.actions.required');
    b.refused({ type: 'record_immediate_protection', at: '2026-11-16T08:00:00Z', actions: 'Moved' }, duty, 'validation', 'error.case.beforeReport');
    b.refused({ type: 'record_immediate_protection', at: '2026-11-18T16:00:00Z', actions: 'Moved' }, duty, 'validation', 'error.case.future');
    const ip = b.do({ type: 'record_immediate_protection', at: '2026-11-18T13:00:00Z', actions: 'Moved to respite care with her agreement' });
    assert.deepEqual(said(ip), ['ImmediateProtectionRecorded']);
    assert.equal(b.state.stage, 'strategy_pending');
    assert.deepEqual(b.running(), ['T-A4']);
    // Immediate protection can be recorded again in parallel later; the stage does not move.
    b.at('2026-11-19T10:00:00Z').do({ type: 'record_immediate_protection', at: '2026-11-19T09:00:00Z', actions: 'Locks changed' });
    assert.equal(b.state.stage, 'strategy_pending');
    // Strategy on Thu 26 Nov: T-A4 met.
    b.at('2026-11-26T12:00:00Z').do(strategy('2026-11-26T10:00:00Z'));
    assert.equal(b.display('T-A4'), 'met');
  });

  it('determination 2: not an adult at risk, so a Part 3 assessment; no strategy clock', () => {
    const b = enquiry();
    assert.deepEqual(said(b.at('2026-11-20T10:00:00Z').do(determine('2'))), ['EnquiryDetermined', 'stop T-A3 met']);
    assert.equal(b.state.stage, 'part3_assessment');
    assert.deepEqual(b.running(), []);
    b.refused(strategy('2026-11-20T09:00:00Z'), duty, 'invalid_state', 'error.case.noStrategyDue');
  });

  it('determination 3: strategy pending, T-A4 due 7 working days after the conclusion', () => {
    const b = enquiry();
    // Concluded Wed 25 Nov 14:00 (the last day of T-A3): 26, 27, 30 Nov, 1, 2, 3, 4 Dec → Fri 4 Dec.
    assert.deepEqual(said(b.at('2026-11-25T14:00:00Z').do(determine('3'))), ['EnquiryDetermined', 'stop T-A3 met', 'start T-A4 2026-12-04']);
    assert.deepEqual(b.due('T-A4'), ['2026-12-04', '2026-12-05T00:00:00.000Z']);
    assert.equal(b.display('T-A3'), 'met');
    assert.equal(b.state.stage, 'strategy_pending');
    assert.equal(b.state.determination, '3');
  });

  it('no further action after the enquiry closes the case', () => {
    const b = enquiry();
    assert.deepEqual(said(b.at('2026-11-20T10:00:00Z').do(determine('nfa'))), ['EnquiryDetermined', 'stop T-A3 met']);
    assert.equal(b.state.stage, 'closed_nfa');
    b.refused(close('aims_met'), duty, 'invalid_state', 'error.case.cannotClose');
  });

  it('shows T-A3 late when the determination comes after the seventh working day, and takes a senior manager’s exception', () => {
    const b = enquiry();
    b.refused(determine('3', '  '), duty, 'validation', 'error.rationale.required');
    // Due by the end of Wed 25 Nov; determined Thu 26 Nov.
    b.at('2026-11-26T10:00:00Z').do(determine('3'));
    assert.equal(b.display('T-A3'), 'late');
    b.refused(exception('T-A3'), manager, 'not_permitted', 'error.case.role');
    b.refused(exception('T-A3'), duty, 'not_permitted', 'error.case.role');
    b.refused(exception('T-A3', ' '), senior, 'validation', 'error.reason.required');
    b.refused(exception('T-A9'), senior, 'validation', 'error.exception.clock');
    assert.deepEqual(b.do(exception('T-A3'), senior), [
      { type: 'TimescaleExceptionRecorded', clockKey: 'T-A3', reason: 'Adult in hospital; enquiries could not finish', approvedBy: 'u-sm' },
    ]);
    b.refused(exception('T-A3'), senior, 'validation', 'error.exception.clock'); // once only
  });

  it('refuses an exception when no clock is running or late', () => {
    const b = checked();
    b.at('2026-11-16T11:00:00Z').do(decision('nfa_no_abuse'));
    b.refused(exception('T-A3'), senior, 'invalid_state', 'error.case.noClockForException');
  });
});

describe('strategy discussion or meeting (A7; T-A4, T-A8)', () => {
  it('refuses a strategy without social services, before the enquiry ended, before the last one, or in the future', () => {
    const b = strategyPending().at('2026-12-01T12:00:00Z');
    b.refused(strategy('2026-12-01T10:00:00Z', { attendees: [POLICE, HEALTH] }), duty, 'validation', 'error.adult.socialServicesAttend');
    b.refused(strategy('2026-11-25T13:00:00Z'), duty, 'validation', 'error.adult.beforeEnquiry');
    b.refused(strategy('2026-12-01T12:30:00Z'), duty, 'validation', 'error.case.future');
    b.refused(strategy('2026-12-01T10:00:00Z', { criminalInvestigation: false, nonCriminalInvestigation: false }), duty, 'validation', 'error.adult.investigationKind');
    b.refused(strategy('2026-12-01T10:00:00Z', { investigationDueDate: '2026-11-30' }), duty, 'validation', 'error.case.dueInPast');
    b.refused(strategy('2026-12-01T10:00:00Z', { consent: 'lacks_capacity' }), duty, 'validation', 'error.capacity.assessmentNeeded');
    b.refused(strategy('2026-12-01T10:00:00Z'), chair, 'not_permitted', 'error.case.role');
    b.do(strategy('2026-12-01T10:00:00Z'));
    b.refused(strategy('2026-11-30T10:00:00Z', { strategyId: 'st-2' }), duty, 'validation', 'error.case.beforeLastStrategy');
  });

  it('agrees criminal and non-criminal investigations, each with a T-A8 clock to the date set, stopped as each completes', () => {
    const b = strategyPending();
    const out = b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', LACKS_CAPACITY));
    // Held Tue 1 Dec, inside T-A4 (due Fri 4 Dec). The lead practitioner was named, so no alert.
    assert.deepEqual(said(out), [
      'AdultStrategyHeld',
      'stop T-A4 met',
      'start T-A8 2027-01-15',
      'InvestigationStarted',
      'start T-A8#2 2027-01-15',
      'InvestigationStarted',
    ]);
    assert.equal(b.display('T-A4'), 'met');
    assert.equal(b.state.stage, 'investigation');
    assert.equal(b.state.leadPractitionerId, 'u-lp');
    assert.deepEqual(b.state.capacity.map((c) => [c.point, c.on]), [['strategy', '2026-12-01']]);
    assert.deepEqual(b.due('T-A8'), ['2027-01-15', '2027-01-16T00:00:00.000Z']);
    const ids = Object.keys(b.state.investigations).sort();
    assert.deepEqual(ids, ['st-2026-12-01-1', 'st-2026-12-01-2']);
    assert.deepEqual(
      ids.map((id) => [b.state.investigations[id]?.kind, b.state.investigations[id]?.clockKey]),
      [['criminal', 'T-A8'], ['non_criminal', 'T-A8#2']],
    );

    const done = (investigationId: string, completedAt: string, findings = 'Report to the chair'): Cmd<'complete_investigation'> =>
      ({ type: 'complete_investigation', investigationId, completedAt, findings });
    b.at('2026-12-07T12:00:00Z');
    b.refused(done('nope', '2026-12-07T10:00:00Z'), duty, 'validation', 'error.investigationId.required');
    b.refused(done('st-2026-12-01-1', '2026-11-30T10:00:00Z'), duty, 'validation', 'error.adult.beforeInvestigation');
    b.refused(done('st-2026-12-01-1', '2026-12-07T10:00:00Z', ' '), duty, 'validation', 'error.findings.required');
    b.refused(done('st-2026-12-01-1', '2026-12-08T10:00:00Z'), duty, 'validation', 'error.case.future');
    assert.deepEqual(said(b.do(done('st-2026-12-01-1', '2026-12-07T10:00:00Z'))), ['InvestigationCompleted', 'stop T-A8 met']);
    assert.equal(b.state.stage, 'investigation'); // one still open
    b.refused(done('st-2026-12-01-1', '2026-12-07T11:00:00Z'), duty, 'validation', 'error.investigationId.required');
    // The non-criminal investigation reports on Mon 18 Jan 2027, after its date (end of Fri 15 Jan): late.
    b.at('2027-01-18T12:00:00Z');
    assert.deepEqual(said(b.do(done('st-2026-12-01-2', '2027-01-18T10:00:00Z'))), ['InvestigationCompleted', 'stop T-A8#2 met']);
    assert.equal(b.display('T-A8'), 'met');
    assert.equal(b.display('T-A8#2'), 'late');
    assert.equal(b.state.stage, 'conference_pending');
    b.refused(done('st-2026-12-01-2', '2027-01-18T11:00:00Z'), duty, 'invalid_state', 'error.adult.noOpenInvestigation');
  });

  it('starts no investigation clock when no date is set, and only the kind agreed', () => {
    const b = investigating({ nonCriminalInvestigation: false, investigationDueDate: null });
    assert.deepEqual(Object.values(b.state.investigations).map((i) => [i.kind, i.clockKey, i.dueDate]), [['criminal', null, null]]);
    assert.deepEqual(b.running(), []);
  });

  it('alerts the senior manager when no lead practitioner is named at the first strategy meeting, but not at later ones', () => {
    const b = strategyPending();
    const first = b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', { leadPractitionerId: null }));
    assert.ok(said(first).includes('SeniorManagerAlerted no_lead_practitioner'));
    assert.equal(b.state.leadPractitionerId, null);
    const second = b.at('2026-12-10T12:00:00Z').do(strategy('2026-12-10T10:00:00Z', { strategyId: 'st-2', leadPractitionerId: null, outcome: 'conference' }));
    assert.deepEqual(said(second), ['AdultStrategyHeld']);
    assert.equal(b.state.strategies, 2);
    assert.equal(b.state.stage, 'conference_pending');
    // A manager names one afterwards.
    const name = { type: 'name_lead_practitioner', leadPractitionerId: 'u-lp2' } as const;
    b.refused(name, duty, 'not_permitted', 'error.case.role');
    assert.deepEqual(b.do(name, manager), [{ type: 'LeadPractitionerNamed', leadPractitionerId: 'u-lp2' }]);
    assert.equal(b.state.leadPractitionerId, 'u-lp2');
  });

  it('sends no alert when the lead practitioner is named at the first meeting, and refuses naming one before any strategy', () => {
    const b = strategyPending();
    b.refused({ type: 'name_lead_practitioner', leadPractitionerId: 'u-lp' }, manager, 'invalid_state', 'error.adult.noStrategyYet');
    const out = b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z'));
    assert.ok(!said(out).some((s) => s.startsWith('SeniorManagerAlerted')));
  });

  it('goes to a conference, to a protection plan with its 6-week review clock, or to no further action and closure', () => {
    const conf = conferencePending();
    assert.equal(conf.state.stage, 'conference_pending');
    assert.deepEqual(conf.running(), []);

    const planned = strategyPending();
    const out = planned.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', { outcome: 'plan', investigationDueDate: null }));
    // T-A6: 6 weeks = 42 days from Tue 1 Dec → Dec has 30 more days to the 31st, then 12 → Tue 12 Jan 2027.
    assert.deepEqual(said(out), ['AdultStrategyHeld', 'stop T-A4 met', 'ProtectionPlanStarted', 'start T-A6 2027-01-12']);
    assert.deepEqual(planned.due('T-A6'), ['2027-01-12', '2027-01-13T00:00:00.000Z']);
    assert.equal(planned.state.stage, 'plan_active');
    assert.equal(planned.state.planStartedAt, '2026-12-01T10:00:00Z');
    assert.deepEqual(Object.keys(planned.state.investigations), []);

    const nfa = strategyPending();
    nfa.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T10:00:00Z', { outcome: 'no_further_action', investigationDueDate: null }));
    assert.equal(nfa.state.stage, 'strategy_concluded');
    nfa.refused(strategy('2026-12-01T11:00:00Z', { strategyId: 'st-2' }), duty, 'invalid_state', 'error.case.noStrategyDue');
    assert.deepEqual(said(nfa.at('2026-12-02T10:00:00Z').do(close('aims_met'))), ['AdultCaseClosed']);
    assert.equal(nfa.state.stage, 'closed');
  });

  it('shows T-A4 late when the first strategy is after the seventh working day', () => {
    const b = strategyPending();
    // Due the end of Fri 4 Dec; held Mon 7 Dec.
    b.at('2026-12-07T12:00:00Z').do(strategy('2026-12-07T10:00:00Z'));
    assert.equal(b.display('T-A4'), 'late');
  });
});

describe('adult protection conference (A9; T-A5)', () => {
  it('wants agency reports 2 working days before a Monday conference, i.e. by the Thursday; met when they come in time', () => {
    const b = conferencePending();
    b.at('2026-12-08T15:00:00Z');
    b.refused(schedule('apc-1', '2026-12-08T14:00:00Z'), duty, 'validation', 'error.conference.scheduledInPast');
    // Mon 14 Dec: 1 WD before is Fri 11, 2 WD before is Thu 10 Dec.
    assert.deepEqual(said(b.do(schedule('apc-1', '2026-12-14T10:00:00Z'), chair)), ['AdultConferenceScheduled', 'start T-A5 2026-12-10']);
    assert.deepEqual(b.due('T-A5'), ['2026-12-10', '2026-12-11T00:00:00.000Z']);
    b.refused(schedule('apc-2', '2026-12-15T10:00:00Z'), duty, 'invalid_state', 'error.case.conferenceAlreadyScheduled');
    b.at('2026-12-09T16:00:00Z');
    b.refused({ ...reports('apc-1', '2026-12-09T15:00:00Z'), agencies: [] }, duty, 'validation', 'error.agencies.required');
    b.refused(reports('apc-2', '2026-12-09T15:00:00Z'), duty, 'validation', 'error.conference.unknown');
    assert.deepEqual(said(b.do(reports('apc-1', '2026-12-09T15:00:00Z'))), ['AgencyReportsReceived', 'stop T-A5 met']);
    assert.equal(b.display('T-A5'), 'met');
    b.refused(reports('apc-1', '2026-12-09T15:30:00Z'), duty, 'invalid_state', 'error.adult.noReportsDue');
  });

  it('refuses the conference until advocacy has been offered, then agrees a protection plan with T-A6', () => {
    const b = conferencePending();
    b.at('2026-12-08T15:00:00Z').do(schedule('apc-1', '2026-12-14T10:00:00Z'));
    b.at('2026-12-09T16:00:00Z').do(reports('apc-1', '2026-12-09T15:00:00Z'));
    b.at('2026-12-14T12:00:00Z');
    b.refused(conference('apc-1', '2026-12-14T10:00:00Z', 'protection_plan'), chair, 'validation', 'error.adult.advocacyFirst');
    b.refused(advocacy('2026-12-15'), duty, 'validation', 'error.case.future');
    b.refused(advocacy('2026-12-09', { advocate: ' ' }), duty, 'validation', 'error.advocate.required');
    assert.deepEqual(said(b.do(advocacy('2026-12-09', { accepted: false, advocate: '' }))), ['AdvocacyOffered']);
    b.refused(conference('apc-1', '2026-12-14T10:00:00Z', 'protection_plan', { attendees: [POLICE, HEALTH] }), chair, 'validation', 'error.adult.socialServicesAttend');
    b.refused(conference('apc-1', '2026-11-30T10:00:00Z', 'protection_plan'), chair, 'validation', 'error.conference.beforeStrategy');
    b.refused(conference('apc-1', '2026-12-14T10:00:00Z', 'protection_plan', { rationale: '' }), chair, 'validation', 'error.rationale.required');
    b.refused(conference('apc-1', '2026-12-14T10:00:00Z', 'protection_plan'), practitioner, 'not_permitted', 'error.case.role');
    const out = b.do(conference('apc-1', '2026-12-14T10:00:00Z', 'protection_plan'), chair);
    // T-A6 from Mon 14 Dec: 17 days to 31 Dec, then 25 → Mon 25 Jan 2027.
    assert.deepEqual(said(out), ['AdultConferenceHeld', 'ProtectionPlanStarted', 'start T-A6 2027-01-25']);
    assert.deepEqual(b.due('T-A6'), ['2027-01-25', '2027-01-26T00:00:00.000Z']);
    assert.equal(b.state.stage, 'plan_active');
    assert.equal(b.state.conferences['apc-1']?.heldAt, '2026-12-14T10:00:00Z');
    b.refused(conference('apc-1', '2026-12-14T11:00:00Z', 'no_plan'), chair, 'invalid_state', 'error.case.noConferenceScheduled');
  });

  it('shows T-A5 late when the reports come after the second working day before', () => {
    const b = conferencePending();
    b.at('2026-12-08T15:00:00Z').do(schedule('apc-1', '2026-12-14T10:00:00Z'));
    // Due the end of Thu 10 Dec; received Fri 11 Dec.
    b.at('2026-12-11T10:00:00Z').do(reports('apc-1', '2026-12-11T09:00:00Z'));
    assert.equal(b.display('T-A5'), 'late');
  });

  it('marks T-A5 missed when the conference is held without the reports, and closes after "no plan"', () => {
    const b = conferencePending();
    b.at('2026-12-08T15:00:00Z').do(schedule('apc-1', '2026-12-14T10:00:00Z'));
    b.do(advocacy('2026-12-08'));
    const out = b.at('2026-12-14T12:00:00Z').do(conference('apc-1', '2026-12-14T10:00:00Z', 'no_plan'), chair);
    assert.deepEqual(said(out), ['AdultConferenceHeld', 'stop T-A5 missed']);
    assert.equal(b.display('T-A5'), 'missed');
    assert.equal(b.state.stage, 'conference_concluded');
    assert.deepEqual(said(b.at('2026-12-15T10:00:00Z').do(close('risk_reduced'))), ['AdultCaseClosed']);
  });

  it('restarts T-A5 when the conference is postponed, counting back past Christmas and New Year', () => {
    const b = conferencePending();
    // Tue 29 Dec 2026: Mon 28 (substitute holiday), the weekend and Fri 25 skipped; Thu 24 (1), Wed 23 Dec (2).
    b.at('2026-12-16T10:00:00Z');
    assert.deepEqual(said(b.do(schedule('apc-1', '2026-12-29T10:00:00Z'))), ['AdultConferenceScheduled', 'start T-A5 2026-12-23']);
    b.at('2026-12-22T10:00:00Z');
    b.refused(postpone('apc-1', '2026-12-29T10:00:00Z'), duty, 'validation', 'error.conference.postponeLater');
    b.refused(postpone('apc-1', '2027-01-04T10:00:00Z', ' '), duty, 'validation', 'error.reason.required');
    b.refused(postpone('apc-9', '2027-01-04T10:00:00Z'), duty, 'validation', 'error.conference.unknown');
    // Mon 4 Jan 2027: the weekend and Fri 1 Jan skipped; Thu 31 Dec (1), Wed 30 Dec (2).
    assert.deepEqual(said(b.do(postpone('apc-1', '2027-01-04T10:00:00Z'))), ['AdultConferencePostponed', 'stop T-A5 ended', 'start T-A5#2 2026-12-30']);
    assert.equal(b.display('T-A5'), 'ended');
    assert.deepEqual(b.due('T-A5#2'), ['2026-12-30', '2026-12-31T00:00:00.000Z']);
    assert.equal(b.state.conferences['apc-1']?.scheduledFor, '2027-01-04T10:00:00Z');
    // Once the reports are in, a further postponement starts no new clock.
    b.at('2026-12-30T10:00:00Z').do(reports('apc-1', '2026-12-30T09:00:00Z'));
    assert.equal(b.display('T-A5#2'), 'met');
    assert.deepEqual(said(b.do(postpone('apc-1', '2027-01-11T10:00:00Z'))), ['AdultConferencePostponed']);
    assert.deepEqual(b.running(), []);
  });

  it('counts T-A5 back across Easter 2027 and the spring clock change', () => {
    const b = conferencePending();
    // Tue 30 Mar 2027 (BST): Easter Monday 29, the weekend and Good Friday 26 skipped; Thu 25 (1), Wed 24 Mar (2), still GMT.
    b.at('2027-03-15T10:00:00Z').do(schedule('apc-1', '2027-03-30T09:00:00Z'));
    assert.deepEqual(b.due('T-A5'), ['2027-03-24', '2027-03-25T00:00:00.000Z']);
  });

  it('cannot be arranged before the strategy decides on one, or while the plan is active', () => {
    const b = strategyPending().at('2026-12-01T12:00:00Z');
    b.refused(schedule('apc-1', '2026-12-14T10:00:00Z'), duty, 'invalid_state', 'error.case.noConferenceDue');
    b.refused(postpone('apc-1', '2026-12-15T10:00:00Z'), duty, 'invalid_state', 'error.case.noConferenceScheduled');
    b.refused(reports('apc-1', '2026-12-01T10:00:00Z'), duty, 'invalid_state', 'error.adult.noReportsDue');
    const p = planActive().at('2026-12-15T10:00:00Z');
    p.refused(schedule('apc-2', '2027-01-14T10:00:00Z'), duty, 'invalid_state', 'error.case.noConferenceDue');
  });
});

describe('care and support protection plan (A10; T-A6)', () => {
  it('refuses a review before the plan is recorded, records it with consent and capacity, and restarts T-A6 at each review', () => {
    const b = planActive().at('2026-12-14T15:00:00Z');
    b.refused(review('2026-12-14T14:00:00Z', 'continue'), duty, 'validation', 'error.adult.recordPlanFirst');
    b.refused(plan({ consent: 'lacks_capacity' }), duty, 'validation', 'error.capacity.assessmentNeeded');
    b.refused(plan({ outcomes: ' ' }), duty, 'validation', 'error.outcomes.required');
    assert.deepEqual(said(b.do(plan(LACKS_CAPACITY))), ['AdultPlanRecorded']);
    assert.deepEqual(b.state.plan, { outcomes: 'Her money is safe; she chooses her carers', contingency: 'Move to the other agency if the carer returns' });
    assert.deepEqual(b.state.capacity.at(-1)?.point, 'plan');
    // Review on Fri 22 Jan 2027, before T-A6 (Mon 25 Jan). T-A6#2: 42 days from 22 Jan → 9 days to 31 Jan,
    // 28 in February, then 5 → Fri 5 Mar 2027 (GMT).
    b.at('2027-01-22T12:00:00Z');
    b.refused(review('2026-12-14T09:00:00Z', 'continue'), duty, 'validation', 'error.adult.beforeLastReview');
    b.refused(review('2027-01-22T10:00:00Z', 'continue', { summary: '' }), duty, 'validation', 'error.summary.required');
    b.refused(review('2027-01-22T10:00:00Z', 'continue', { ...LACKS_CAPACITY, bestInterests: '' }), duty, 'validation', 'error.bestInterests.required');
    assert.deepEqual(said(b.do(review('2027-01-22T10:00:00Z', 'continue'))), ['PlanReviewed', 'stop T-A6 met', 'start T-A6#2 2027-03-05']);
    assert.deepEqual(b.due('T-A6#2'), ['2027-03-05', '2027-03-06T00:00:00.000Z']);
    assert.equal(b.display('T-A6'), 'met');
    b.refused(review('2027-01-21T10:00:00Z', 'continue'), duty, 'validation', 'error.adult.beforeLastReview');
    // Ended at the review of Thu 4 Mar 2027.
    assert.deepEqual(said(b.at('2027-03-04T12:00:00Z').do(review('2027-03-04T10:00:00Z', 'end_plan'))), ['PlanReviewed', 'stop T-A6#2 met']);
    assert.equal(b.state.stage, 'plan_ended');
    assert.equal(b.state.reviews, 2);
    assert.deepEqual(b.running(), []);
    b.refused(review('2027-03-04T11:00:00Z', 'continue'), duty, 'invalid_state', 'error.adult.noPlan');
    b.refused(plan(), duty, 'invalid_state', 'error.adult.noPlan');
    assert.deepEqual(said(b.at('2027-03-05T10:00:00Z').do(close('aims_met'))), ['AdultCaseClosed']);
    assert.equal(b.state.stage, 'closed');
  });

  it('shows a late review and counts the next six weeks from the review actually held', () => {
    const b = planActive().at('2026-12-14T15:00:00Z');
    b.do(plan());
    // T-A6 due the end of Mon 25 Jan; reviewed Tue 26 Jan. Next: 26 Jan + 42 days = 5 days to 31 Jan, 28, 9 → Tue 9 Mar.
    b.at('2027-01-26T12:00:00Z').do(review('2027-01-26T10:00:00Z', 'continue'));
    assert.equal(b.display('T-A6'), 'late');
    assert.deepEqual(b.due('T-A6#2'), ['2027-03-09', '2027-03-10T00:00:00.000Z']);
  });

  it('keeps plan actions with owners and due dates', () => {
    const b = planActive().at('2026-12-15T10:00:00Z');
    const add = { type: 'add_plan_action', actionId: 'act-1', description: 'Change bank mandate', owner: 'Daughter', dueDate: '2027-01-08' } as const;
    b.refused({ ...add, dueDate: '2026-12-14' }, duty, 'validation', 'error.case.dueInPast');
    b.do(add);
    b.refused({ type: 'complete_plan_action', actionId: 'act-2' }, duty, 'validation', 'error.case.action');
    b.do({ type: 'complete_plan_action', actionId: 'act-1' });
    assert.equal(b.state.actions['act-1']?.completedAt, '2026-12-15T10:00:00.000Z');
    b.refused({ type: 'complete_plan_action', actionId: 'act-1' }, duty, 'invalid_state', 'error.case.noOpenAction');
  });
});

describe('closure (A11)', () => {
  it('closes by the disengagement route from the enquiry, with what was done and her consent, ending every running clock', () => {
    const b = enquiry().at('2026-11-18T10:00:00Z');
    b.refused(close('adult_disengaged', { disengagement: ' ' }), duty, 'validation', 'error.disengagement.required');
    b.refused(close('adult_disengaged', { consent: undefined }), duty, 'validation', 'error.consent.required');
    b.refused(close('adult_disengaged', { rationale: '' }), duty, 'validation', 'error.rationale.required');
    // She has not the capacity to choose to disengage: the route is closed to her.
    b.refused(close('adult_disengaged', LACKS_CAPACITY), duty, 'validation', 'error.closure.lacksCapacity');
    b.refused(close('adult_disengaged', { ...LACKS_CAPACITY, consent: 'withheld' }), duty, 'validation', 'error.closure.lacksCapacity');
    // The other routes are not open during the enquiry.
    b.refused(close('risk_reduced'), duty, 'validation', 'error.closure.notYet');
    b.refused(close('aims_met'), duty, 'validation', 'error.closure.notYet');
    const withCapacity = { ...LACKS_CAPACITY, consent: 'withheld', capacityOutcome: 'has_capacity', capacityDecision: 'Whether to accept support' } as const;
    const out = b.do(close('adult_disengaged', withCapacity));
    assert.deepEqual(said(out), ['AdultCaseClosed', 'stop T-A3 ended']);
    const e = out[0];
    assert.ok(e?.type === 'AdultCaseClosed');
    assert.equal(e.disengagement, 'Declined further visits; told how to get back in touch');
    assert.equal(e.consentCapacity?.capacity?.outcome, 'has_capacity');
    assert.equal(b.state.stage, 'closed');
    assert.deepEqual(b.state.closure?.route, 'adult_disengaged');
    assert.deepEqual(b.state.capacity.at(-1)?.point, 'closure');
    assert.deepEqual(b.running(), []);
    b.refused(close('adult_disengaged'), duty, 'invalid_state', 'error.case.cannotClose');
  });

  it('allows the disengagement route from every stage after the decision', () => {
    const roads: [string, () => AdultCase][] = [
      ['part3_assessment', () => { const b = checked(); b.at('2026-11-16T11:00:00Z').do(decision('part3_assessment')); return b; }],
      ['section126_enquiry', enquiry],
      ['immediate_protection', () => { const b = enquiry(); b.at('2026-11-18T14:00:00Z').do(determine('1')); return b; }],
      ['strategy_pending', strategyPending],
      ['investigation', () => investigating()],
      ['conference_pending', conferencePending],
      ['plan_active', planActive],
    ];
    const runningAtClosure: string[] = [];
    for (const [stage, road] of roads) {
      const b = road();
      assert.equal(b.state.stage, stage);
      const wasRunning = b.running();
      const out = b.at('2027-01-20T10:00:00Z').do(close('adult_disengaged'));
      assert.equal(b.state.stage, 'closed', stage);
      // Every clock that was running is now ended (not met), at the closure.
      assert.equal(said(out)[0], 'AdultCaseClosed', stage);
      assert.deepEqual(said(out).slice(1).sort(), wasRunning.map((k) => `stop ${k} ended`), stage);
      for (const k of wasRunning) assert.equal(b.clock(k).stoppedAt, '2027-01-20T10:00:00.000Z', `${stage} ${k}`);
      assert.deepEqual(b.running(), [], stage);
      runningAtClosure.push(...wasRunning);
    }
    // The roads had T-A3, T-A4, T-A8 and T-A6 running between them.
    assert.deepEqual([...new Set(runningAtClosure)].sort(), ['T-A3', 'T-A4', 'T-A6', 'T-A8', 'T-A8#2']);
  });

  it('ends the investigation clocks when a case under investigation closes', () => {
    const b = investigating().at('2026-12-03T10:00:00Z');
    assert.deepEqual(said(b.do(close('adult_disengaged'))), ['AdultCaseClosed', 'stop T-A8 ended', 'stop T-A8#2 ended']);
    assert.equal(b.display('T-A8'), 'ended');
  });

  it('refuses closure before a decision', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    b.refused(close('adult_disengaged'), duty, 'invalid_state', 'error.case.cannotClose');
    b.do(checks());
    b.refused(close('risk_reduced'), duty, 'invalid_state', 'error.case.cannotClose');
  });

  it('refuses the other routes before a closable stage: strategy pending, investigation, conference pending, plan active', () => {
    for (const road of [strategyPending, () => investigating(), conferencePending, planActive]) {
      const b = road().at('2027-01-20T10:00:00Z');
      for (const route of ['risk_reduced', 'aims_met', 'no_protection_role'] as const) {
        b.refused(close(route), duty, 'validation', 'error.closure.notYet');
      }
    }
  });
});

describe('adult protection and support orders (§4, s127; T-APSO)', () => {
  it('runs consider → apply → granted → visit inside the order, and blocks a visit at or after its end', () => {
    const b = enquiry().at('2026-11-17T10:00:00Z');
    b.refused(apply(), duty, 'invalid_state', 'error.apso.considerFirst');
    b.refused(consider(' '), duty, 'validation', 'error.reason.required');
    assert.deepEqual(said(b.do(consider())), ['ApsoConsidered']);
    b.refused(consider(), duty, 'invalid_state', 'error.apso.notNow');
    // s127(4): every ground is needed.
    for (const g of APSO_GROUNDS) {
      b.refused(apply({ grounds: APSO_GROUNDS.filter((x) => x !== g) }), duty, 'validation', 'error.apso.allGrounds');
    }
    b.refused(apply({ hearingOn: '2026-11-16' }), duty, 'validation', 'error.apso.hearingBeforeApplication');
    b.refused(apply({ appliedOn: '2026-11-18', hearingOn: '2026-11-18' }), duty, 'validation', 'error.case.future');
    b.refused(apply({ premises: ' ' }), duty, 'validation', 'error.premises.required');
    b.refused(apply({ evidence: '' }), duty, 'validation', 'error.evidence.required');
    b.refused(apsoVisit('2026-11-17T09:00:00Z'), duty, 'invalid_state', 'error.apso.noOrder');
    b.refused(granted('2026-11-17', '2026-11-18T09:00:00Z', '2026-11-20T09:00:00Z'), duty, 'invalid_state', 'error.apso.noApplication');
    assert.deepEqual(said(b.do(apply())), ['ApsoApplied']);
    assert.equal(b.state.apso?.status, 'applied');
    b.refused(apply({ applicationId: 'apso-2' }), duty, 'invalid_state', 'error.apso.applicationPending');

    b.at('2026-11-18T15:00:00Z');
    b.refused(granted('2026-11-16', '2026-11-19T09:00:00Z', '2026-11-26T09:00:00Z'), duty, 'validation', 'error.apso.decidedBeforeApplication');
    b.refused(granted('2026-11-19', '2026-11-19T09:00:00Z', '2026-11-26T09:00:00Z'), duty, 'validation', 'error.case.future');
    b.refused(granted('2026-11-18', '2026-11-17T09:00:00Z', '2026-11-20T09:00:00Z'), duty, 'validation', 'error.apso.startBeforeDecision');
    b.refused(granted('2026-11-18', '2026-11-19T09:00:00Z', '2026-11-19T09:00:00Z'), duty, 'validation', 'error.apso.endBeforeStart');
    // Eight days is beyond the 7-day maximum (apsoMaximumDays).
    b.refused(granted('2026-11-18', '2026-11-19T09:00:00Z', '2026-11-27T09:00:00Z'), duty, 'validation', 'error.apso.tooLong');
    b.refused({ ...granted('2026-11-18', '', '2026-11-26T09:00:00Z'), orderStart: null }, duty, 'validation', 'error.orderStart.required');
    b.refused({ ...granted('2026-11-18', '2026-11-19T09:00:00Z', ''), orderEnd: null }, duty, 'validation', 'error.orderEnd.required');
    // Exactly seven days, Thu 19 Nov 09:00 to Thu 26 Nov 09:00 (GMT throughout): T-APSO due when the order ends.
    const out = b.do(granted('2026-11-18', '2026-11-19T09:00:00Z', '2026-11-26T09:00:00Z'));
    assert.deepEqual(said(out), ['ApsoGranted', 'start T-APSO 2026-11-26']);
    assert.deepEqual(b.due('T-APSO'), ['2026-11-26', '2026-11-26T09:00:00.000Z']);
    assert.equal(b.clock('T-APSO').startedAt, '2026-11-19T09:00:00.000Z');
    const g = out[0];
    assert.ok(g?.type === 'ApsoGranted' && g.premises === '1 Heol y Frenhines, Caerdydd');
    assert.equal(b.state.apso?.status, 'granted');
    assert.equal(apsoInForce(b.state, new Date('2026-11-18T15:00:00Z')), true);
    assert.equal(apsoInForce(b.state, new Date('2026-11-26T08:59:59Z')), true);
    assert.equal(apsoInForce(b.state, new Date('2026-11-26T09:00:00Z')), false);

    // Before the order starts: refused.
    b.at('2026-11-19T08:45:00Z').refused(apsoVisit('2026-11-19T08:30:00Z'), duty, 'validation', 'error.apso.beforeOrder');
    // No closure while the order is in force, and no second application that would replace it.
    b.refused(close('adult_disengaged'), duty, 'validation', 'error.closure.orderInForce');
    b.refused(apply({ applicationId: 'apso-2', appliedOn: '2026-11-19', hearingOn: '2026-11-20' }), duty, 'validation', 'error.apso.orderInForce');
    // Inside the order: the visit stops T-APSO as met.
    b.at('2026-11-20T11:00:00Z');
    b.refused({ ...apsoVisit('2026-11-20T10:00:00Z'), outcome: '' }, duty, 'validation', 'error.outcome.required');
    assert.deepEqual(said(b.do(apsoVisit('2026-11-20T10:00:00Z'))), ['ApsoVisitMade', 'stop T-APSO met']);
    assert.equal(b.display('T-APSO'), 'met');
    assert.equal(b.state.apso?.visits, 1);
    // A second visit within the order is allowed; the clock is already stopped.
    assert.deepEqual(said(b.at('2026-11-23T11:00:00Z').do(apsoVisit('2026-11-23T10:00:00Z'))), ['ApsoVisitMade']);
    // At the moment the order ends, it gives no power of entry.
    b.at('2026-11-26T09:00:00Z').refused(apsoVisit('2026-11-26T09:00:00Z'), duty, 'validation', 'error.apso.expired');
    b.at('2026-11-27T10:00:00Z').refused(apsoVisit('2026-11-27T09:00:00Z'), duty, 'validation', 'error.apso.expired');
    // Now the order has expired, the case can close.
    b.do(close('adult_disengaged'));
    assert.equal(b.state.stage, 'closed');
  });

  it('leaves T-APSO overdue when the order expires unused, and ends it at closure', () => {
    const b = enquiry().at('2026-11-17T10:00:00Z');
    b.do(consider());
    b.do(apply());
    b.at('2026-11-18T15:00:00Z').do(granted('2026-11-18', '2026-11-18T16:00:00Z', '2026-11-20T16:00:00Z'));
    b.at('2026-11-21T10:00:00Z');
    assert.equal(b.display('T-APSO'), 'overdue');
    assert.equal(apsoInForce(b.state, b.now), false);
    assert.deepEqual(said(b.do(close('adult_disengaged'))), ['AdultCaseClosed', 'stop T-A3 ended', 'stop T-APSO ended']);
  });

  it('allows a fresh application once the order has expired', () => {
    const b = enquiry().at('2026-11-17T10:00:00Z');
    b.do(consider());
    b.do(apply());
    b.at('2026-11-18T15:00:00Z').do(granted('2026-11-18', '2026-11-18T16:00:00Z', '2026-11-20T16:00:00Z'));
    b.at('2026-11-20T15:00:00Z').refused(apply({ applicationId: 'apso-2', appliedOn: '2026-11-20', hearingOn: '2026-11-23' }), duty, 'validation', 'error.apso.orderInForce');
    b.at('2026-11-20T16:00:00Z');
    assert.deepEqual(said(b.do(apply({ applicationId: 'apso-2', appliedOn: '2026-11-20', hearingOn: '2026-11-23' }))), ['ApsoApplied']);
    assert.equal(b.state.apso?.applicationId, 'apso-2');
  });

  it('reads the maximum period from the setting', () => {
    const b = enquiry({ ...DEFAULT_RULE_SETTINGS, apsoMaximumDays: 3 }).at('2026-11-17T10:00:00Z');
    b.do(consider());
    b.do(apply());
    b.at('2026-11-18T15:00:00Z');
    b.refused(granted('2026-11-18', '2026-11-19T09:00:00Z', '2026-11-23T09:00:00Z'), duty, 'validation', 'error.apso.tooLong');
    b.do(granted('2026-11-18', '2026-11-19T09:00:00Z', '2026-11-22T09:00:00Z'));
    assert.deepEqual(b.due('T-APSO'), ['2026-11-22', '2026-11-22T09:00:00.000Z']);
  });

  it('accepts seven calendar days across the autumn clock change (an extra elapsed hour)', () => {
    const b = received({ receivedAt: '2026-10-19T09:00:00Z' });
    b.at('2026-10-19T10:00:00Z').do(checks());
    b.do(decision('section126_enquiries'));
    b.do(consider());
    b.do(apply({ appliedOn: '2026-10-19', hearingOn: '2026-10-22' }));
    // Fri 23 Oct 10:00 BST (09:00 UTC) to Fri 30 Oct 10:00 GMT (10:00 UTC): 7 days on the calendar, 169 hours.
    b.at('2026-10-22T15:00:00Z').do(granted('2026-10-22', '2026-10-23T09:00:00Z', '2026-10-30T10:00:00Z'));
    assert.deepEqual(b.due('T-APSO'), ['2026-10-30', '2026-10-30T10:00:00.000Z']);
  });

  it('allows a new application after a refusal, and no visit under a refused one', () => {
    const b = enquiry().at('2026-11-17T10:00:00Z');
    b.do(consider());
    b.do(apply());
    b.at('2026-11-18T15:00:00Z');
    b.refused(refusedOrder('2026-11-18', ' '), duty, 'validation', 'error.reason.required');
    assert.deepEqual(said(b.do(refusedOrder('2026-11-18'))), ['ApsoRefused']);
    assert.equal(b.state.apso?.status, 'refused');
    assert.equal(b.state.apso?.refusalReason, 'Not satisfied that access is necessary');
    assert.equal(apsoInForce(b.state, b.now), false);
    b.refused(apsoVisit('2026-11-18T14:00:00Z'), duty, 'invalid_state', 'error.apso.noOrder');
    b.refused(refusedOrder('2026-11-18'), duty, 'invalid_state', 'error.apso.noApplication');
    assert.deepEqual(said(b.do(apply({ applicationId: 'apso-2', appliedOn: '2026-11-18', hearingOn: '2026-11-20' }))), ['ApsoApplied']);
    assert.equal(b.state.apsoApplications, 2);
    assert.equal(b.state.apso?.applicationId, 'apso-2');
    assert.equal(b.state.apso?.status, 'applied');
  });

  it('is open from the enquiry, immediate protection, strategy pending and investigation only', () => {
    const atReceipt = received().at('2026-11-16T10:00:00Z');
    atReceipt.refused(consider(), duty, 'invalid_state', 'error.apso.notNow');
    atReceipt.do(checks());
    atReceipt.refused(consider(), duty, 'invalid_state', 'error.apso.notNow');

    const ip = enquiry();
    ip.at('2026-11-18T14:00:00Z').do(determine('1'));
    assert.deepEqual(said(ip.do(consider())), ['ApsoConsidered']);
    const sp = strategyPending();
    assert.deepEqual(said(sp.do(consider())), ['ApsoConsidered']);
    const inv = investigating();
    assert.deepEqual(said(inv.do(consider())), ['ApsoConsidered']);

    for (const road of [conferencePending, planActive]) {
      road().at('2027-01-05T10:00:00Z').refused(consider(), duty, 'invalid_state', 'error.apso.notNow');
    }
    // Considered during the strategy stage, but the plan is now active: no application.
    const b = strategyPending().at('2026-12-01T10:00:00Z');
    b.do(consider());
    b.at('2026-12-01T12:00:00Z').do(strategy('2026-12-01T11:00:00Z', { outcome: 'plan', investigationDueDate: null }));
    b.refused(apply({ appliedOn: '2026-12-01', hearingOn: '2026-12-02' }), duty, 'invalid_state', 'error.apso.notNow');
  });
});

describe('who may take each step', () => {
  it('lets only managers allocate and name the lead practitioner, and only a senior manager record an exception', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    const allocate = { type: 'allocate', workerId: 'u-duty' } as const;
    b.refused(allocate, duty, 'not_permitted', 'error.case.role');
    b.refused(allocate, chair, 'not_permitted', 'error.case.role');
    assert.deepEqual(b.do(allocate, manager), [{ type: 'CaseAllocated', workerId: 'u-duty' }]);
    b.do({ ...allocate, workerId: 'u-duty2' }, senior);
    assert.equal(b.state.allocatedTo, 'u-duty2');
    assert.deepEqual(ADULT_COMMAND_ROLES.allocate, ['team_manager', 'senior_manager']);
    assert.deepEqual(ADULT_COMMAND_ROLES.name_lead_practitioner, ['team_manager', 'senior_manager']);
    assert.deepEqual(ADULT_COMMAND_ROLES.record_timescale_exception, ['senior_manager']);
  });

  it('refuses another authority’s workers and practitioners, and the system for anything but opening', () => {
    const b = received().at('2026-11-16T10:00:00Z');
    b.refused(checks(), dutyLa2, 'not_permitted', 'error.case.role');
    b.refused({ type: 'allocate', workerId: 'u-tm-la2' }, managerLa2, 'not_permitted', 'error.case.role');
    b.refused(checks(), practitioner, 'not_permitted', 'error.case.role');
    b.refused(checks(), system, 'not_permitted', 'error.case.role');
    b.refused(openCase(), practitioner, 'not_permitted', 'error.case.role');
    // Even a step open to anyone on the case is closed to another authority.
    b.refused({ type: 'add_chronology_entry', entryId: 'c', occurredOn: '2026-11-16', summary: 'x', significant: false }, dutyLa2, 'not_permitted', 'error.case.role');
    for (const type of ADULT_CASE_COMMAND_TYPES) {
      assert.ok(!ADULT_COMMAND_ROLES[type].includes('practitioner'), type);
      assert.ok(!ADULT_COMMAND_ROLES[type].includes('system'), type);
    }
  });

  it('offers the steps the decider would accept', () => {
    const b = received();
    assert.deepEqual(allowedAdultCommands(b.state, duty, ['record_initial_checks', 'record_decision', 'allocate', 'consider_apso', 'close_case']), ['record_initial_checks']);
    assert.deepEqual(allowedAdultCommands(b.state, manager, ['allocate', 'record_decision']), ['allocate']);
    assert.deepEqual(allowedAdultCommands(b.state, dutyLa2, ['record_initial_checks', 'add_chronology_entry']), []);
    const e = enquiry();
    assert.deepEqual(
      allowedAdultCommands(e.state, duty, ['record_enquiry_determination', 'consider_apso', 'close_case', 'record_strategy', 'schedule_conference']),
      ['record_enquiry_determination', 'consider_apso', 'close_case'],
    );
  });
});

describe('replaying the events', () => {
  it('folds the same state from the stored events (and from a JSON round trip) as step-by-step evolution', () => {
    assert.ok(built.length > 40, `${built.length} cases`);
    let events = 0;
    for (const b of built) {
      const copy = JSON.parse(JSON.stringify(b.events)) as AdultCaseEvent[];
      assert.deepEqual(copy, b.events);
      assert.deepEqual(foldAdultCase(copy), b.state);
      // Every intermediate state is the fold of the events up to it, and its version counts them.
      for (const [n, snap] of b.snapshots) {
        assert.deepEqual(foldAdultCase(b.events.slice(0, n)), snap);
        assert.equal(snap.version, n);
      }
      events += b.events.length;
    }
    assert.ok(events > 300, `${events} events`);
  });
});

describe('property: clocks are stopped only while running', () => {
  type Step = (s: AdultCaseState, now: Date, pick: number) => AdultCaseCommand | null;
  const iso = (d: Date, hours = 0) => new Date(d.getTime() + hours * 3_600_000).toISOString();
  const day = (d: Date, days = 0) => iso(d, days * 24).slice(0, 10);
  const of = <T>(xs: readonly T[], pick: number): T => xs[pick % xs.length]!;
  const pendingId = (s: AdultCaseState) => Object.values(s.conferences).find((c) => c.heldAt === null)?.id ?? 'none';

  const steps: Record<string, Step> = {
    checks: (_s, _n, p) => checks({ crimeSuspected: p % 2 === 0 }),
    decision: (_s, _n, p) => decision(of(['nfa_no_abuse', 'part3_assessment', 'section126_enquiries', 'section126_enquiries'] as const, p)),
    determine: (_s, _n, p) => determine(of(['1', '2', '3', '3', 'nfa'] as const, p)),
    protect: (_s, n) => ({ type: 'record_immediate_protection', at: iso(n), actions: 'Moved' }),
    strategy: (_s, n, p) =>
      strategy(iso(n), {
        strategyId: `st-${p}-${n.getTime()}`,
        outcome: of(['investigate', 'conference', 'plan', 'no_further_action'] as const, p),
        criminalInvestigation: p % 3 !== 1,
        nonCriminalInvestigation: p % 3 !== 0,
        investigationDueDate: p % 2 ? day(n, 10) : null,
        leadPractitionerId: p % 4 === 0 ? null : 'u-lp',
      }),
    investigation: (s, n) => {
      const id = Object.entries(s.investigations).find(([, i]) => !i.completedAt)?.[0];
      return id ? { type: 'complete_investigation', investigationId: id, completedAt: iso(n), findings: 'Done' } : null;
    },
    schedule: (_s, n, p) => schedule(`apc-${n.getTime()}`, iso(n, 24 * (1 + (p % 10)))),
    postpone: (s, n, p) => {
      const c = Object.values(s.conferences).find((x) => x.heldAt === null);
      return c ? postpone(c.id, iso(new Date(Math.max(Date.parse(c.scheduledFor), n.getTime())), 24 * (1 + (p % 5)))) : null;
    },
    reports: (s, n) => reports(pendingId(s), iso(n)),
    advocacy: (_s, n) => advocacy(day(n)),
    conference: (s, n, p) => conference(pendingId(s), iso(n), of(['protection_plan', 'no_plan'] as const, p)),
    plan: () => plan(),
    review: (_s, n, p) => review(iso(n), of(['continue', 'continue', 'end_plan'] as const, p)),
    consider: () => consider(),
    apply: (_s, n, p) => apply({ applicationId: `apso-${p}-${n.getTime()}`, appliedOn: day(n), hearingOn: day(n, 1) }),
    outcome: (_s, n, p) => (p % 3 === 0 ? refusedOrder(day(n)) : granted(day(n), iso(n, 1), iso(n, 1 + 24 * (1 + (p % 7))))),
    visit: (_s, n) => apsoVisit(iso(n)),
    close: (_s, _n, p) => close(of(['adult_disengaged', 'risk_reduced', 'aims_met', 'no_protection_role'] as const, p)),
    exception: (s) => {
      const k = Object.values(s.clocks).find((c) => !c.exception && (c.stoppedAt === null || c.stoppedAt > c.dueAt));
      return k ? exception(k.key) : null;
    },
    task: (s) => {
      const id = Object.entries(s.tasks).find(([, t]) => !t.completedAt)?.[0];
      return id ? { type: 'complete_task', taskId: id, reference: 'ref' } : null;
    },
  };
  const names = Object.keys(steps);

  it('never stops a clock that is not running, never starts one twice, and replays to the same state', () => {
    // Which steps were accepted at least once, so the property is known to reach deep into the process.
    const accepted = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(fc.record({ step: fc.nat(1000), hours: fc.integer({ min: 0, max: 96 }), pick: fc.nat(1000) }), { minLength: 10, maxLength: 60, size: 'max' }),
        fc.boolean(),
        (plan, telephone) => {
          let now = new Date(RECEIVED);
          const ctx = () => ({ now, actor: senior, calendar: createCalendar(), settings: DEFAULT_RULE_SETTINGS });
          const opening = decideAdultCase(
            INITIAL_ADULT_CASE_STATE,
            openCase(telephone ? { channel: 'telephone', verbalAt: '2026-11-15T20:00:00Z', identifiedAt: '2026-11-15T19:00:00Z' } : {}),
            { ...ctx(), actor: system },
          );
          let s = foldAdultCase(opening);
          const all: AdultCaseEvent[] = [...opening];
          for (const { step, hours, pick } of plan) {
            now = new Date(now.getTime() + hours * 3_600_000 + 60_000);
            // A random walk along the state machine: choose among the steps open at this stage.
            const open = names.flatMap((n) => {
              const c = steps[n]!(s, now, pick);
              return c && adultPrecondition(s, c.type, senior) === null ? [c] : [];
            });
            if (open.length === 0) continue;
            const command = of(open, step);
            let out: AdultCaseEvent[];
            try {
              out = decideAdultCase(s, command, ctx());
            } catch (e) {
              if (e instanceof DomainError) continue;
              throw e;
            }
            for (const e of out) {
              if (e.type === 'ClockStopped') {
                const c = s.clocks[e.key];
                assert.ok(c, `${command.type} stops ${e.key}, which was never started`);
                assert.equal(c.stoppedAt, null, `${command.type} stops ${e.key}, already stopped`);
              }
              if (e.type === 'ClockStarted') assert.ok(!(e.key in s.clocks), `${command.type} starts ${e.key} twice`);
              s = evolveAdultCase(s, e);
            }
            accepted.add(command.type);
            all.push(...out);
          }
          assert.deepEqual(foldAdultCase(all), s);
        },
      ),
      { numRuns: 300 },
    );
    const missing = ADULT_CASE_COMMAND_TYPES.filter((t) => !accepted.has(t));
    // Not generated: allocation, plan actions, capacity assessments, naming a lead and the chronology touch no clock.
    assert.deepEqual(missing, ['allocate', 'name_lead_practitioner', 'record_capacity_assessment', 'add_plan_action', 'complete_plan_action', 'add_chronology_entry']);
  });
});
