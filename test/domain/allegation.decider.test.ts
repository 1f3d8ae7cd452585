import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar, type IsoDate, type WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { DomainError } from '../../src/domain/errors.js';
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../src/domain/rule-settings.js';
import { clockDisplayStatus } from '../../src/domain/timers.js';
import type { ClockRecord } from '../../src/domain/cases/clocks.js';
import {
  ALLEGATION_COMMAND_TYPES,
  ALLEGATION_OUTCOMES,
  evolveAllegation,
  foldAllegation,
  INITIAL_ALLEGATION_STATE,
  type AllegationAttendee,
  type AllegationCommand,
  type AllegationCommandType,
  type AllegationEvent,
  type AllegationState,
} from '../../src/domain/cases/allegation.model.js';
import { allegationPrecondition, allowedAllegationSteps, decideAllegation, type AllegationActor } from '../../src/domain/cases/allegation.decider.js';

/**
 * Allegations about practitioners ("Section 5"; DOMAIN.md §5 and §10.4), walked through
 * every path one command at a time.
 *
 * Clocks: T-P1 is "within 24 hours" (elapsed hours) of the concern arising in office hours
 * (09:00–17:00 London time on a working day, the default settings), or by the end of the
 * next working day when it arises out of hours; before 09:00 on a working day, that same
 * day is the next working day (timers.ts notificationDeadline). T-P2a (1 working day) and
 * T-P2 (5 working days) are settings; later T-P2 clocks run to the date each meeting sets.
 * Dates were counted by hand with the §9 convention; holidays met: 25 and 28 December 2026,
 * Good Friday 26 and Easter Monday 29 March 2027. BST from 29 March 2026 to 25 October 2026
 * and from 28 March 2027: a deadline ends at 00:00 UTC in winter, 23:00 UTC in summer.
 */

const LA = 'la-caerdydd';

const dos: AllegationActor = { userId: 'u-dos', role: 'allegations_lead', organisationId: LA, lead: true };
const member: AllegationActor = { userId: 'u-member', role: 'team_manager', organisationId: LA, lead: false };

const DOS: AllegationAttendee = { name: 'Designated officer', agency: 'designated_officer' };
const POLICE: AllegationAttendee = { name: 'Detective sergeant', agency: 'police' };
const EMPLOYER: AllegationAttendee = { name: 'HR manager', agency: 'employer' };
const CIW: AllegationAttendee = { name: 'Inspector', agency: 'ciw' };

type Cmd<T extends AllegationCommandType> = Extract<AllegationCommand, { type: T }>;
type ErrorCode = 'validation' | 'invalid_state' | 'not_permitted' | 'not_found';

const built: Allegation[] = [];

class Allegation {
  state: AllegationState = INITIAL_ALLEGATION_STATE;
  readonly events: AllegationEvent[] = [];
  now: Date;

  constructor(
    now: string,
    private readonly settings: RuleSettings = DEFAULT_RULE_SETTINGS,
    private readonly calendar: WorkingDayCalendar = createCalendar(),
  ) {
    this.now = new Date(now);
    built.push(this);
  }

  at(iso: string): this {
    const next = new Date(iso);
    assert.ok(next >= this.now, `time runs forward: ${iso}`);
    this.now = next;
    return this;
  }

  do(command: AllegationCommand, who: AllegationActor = dos): AllegationEvent[] {
    const out = decideAllegation(this.state, command, this.context(who));
    this.events.push(...out);
    this.state = out.reduce(evolveAllegation, this.state);
    return out;
  }

  refused(command: AllegationCommand, who: AllegationActor, code: ErrorCode, key: string): void {
    const before = this.state;
    assert.throws(
      () => decideAllegation(this.state, command, this.context(who)),
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

  running(): string[] {
    return Object.values(this.state.clocks)
      .filter((c) => c.stoppedAt === null)
      .map((c) => c.key)
      .sort();
  }

  private context(who: AllegationActor) {
    return { now: this.now, actor: who, calendar: this.calendar, settings: this.settings };
  }
}

function said(events: readonly AllegationEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'ClockStarted':
        return `start ${e.key} ${e.dueDate}`;
      case 'ClockStopped':
        return `stop ${e.key} ${e.outcome}`;
      default:
        return e.type;
    }
  });
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

/** Tuesday 17 November 2026, 14:00 GMT: in office hours. */
const AROSE = '2026-11-17T14:00:00Z';
const NOTIFIED = '2026-11-17T16:00:00Z';

function open(over: Partial<Cmd<'open_allegation'>> = {}): Cmd<'open_allegation'> {
  return {
    type: 'open_allegation',
    allegationId: 'alg-1',
    localAuthorityId: LA,
    subjectName: 'A. Teacher',
    subjectRole: 'Class teacher',
    employer: 'Ysgol Gynradd',
    employmentType: 'employee',
    subjectUserId: 'u-subject',
    context: 'work',
    criteria: ['harm', 'unsuitable'],
    concernAroseAt: AROSE,
    raisedBy: 'School DSP',
    notifiedAt: NOTIFIED,
    summary: 'Pupil says the teacher grabbed her arm',
    ...over,
  };
}

function discussion(heldAt: string, thresholdMet: boolean, over: Partial<Cmd<'record_strategy_discussion'>> = {}): Cmd<'record_strategy_discussion'> {
  return {
    type: 'record_strategy_discussion',
    heldAt,
    attendees: [DOS, POLICE, EMPLOYER],
    thresholdMet,
    interimSafeguards: 'Not to be alone with pupils',
    sharing: 'The subject is told of the allegation after the police agree',
    employerRecord: thresholdMet ? '' : 'Decision not to proceed recorded on the employee’s file',
    summary: 'Threshold considered',
    ...over,
  };
}

function meeting(heldAt: string, nextMeetingOn: IsoDate | null, over: Partial<Cmd<'record_strategy_meeting'>> = {}): Cmd<'record_strategy_meeting'> {
  return {
    type: 'record_strategy_meeting',
    meetingId: `psm-${heldAt.slice(0, 10)}`,
    heldAt,
    attendees: [DOS, POLICE, EMPLOYER, CIW],
    criminal: 'open',
    disciplinary: 'open',
    protection: 'not_needed',
    nextMeetingOn,
    summary: 'Police and employer investigations under way',
    ...over,
  };
}

const track = (t: Cmd<'update_track'>['track'], status: Cmd<'update_track'>['status'], summary = 'Updated'): Cmd<'update_track'> => ({
  type: 'update_track',
  track: t,
  status,
  summary,
});

function concluding(heldAt: string, outcome: Cmd<'record_concluding_meeting'>['outcome'], over: Partial<Cmd<'record_concluding_meeting'>> = {}): Cmd<'record_concluding_meeting'> {
  return {
    type: 'record_concluding_meeting',
    heldAt,
    attendees: [DOS, POLICE, EMPLOYER],
    outcome,
    consensus: true,
    rationale: 'On the balance of probabilities',
    ...over,
  };
}

function referral(referralId: string, body: Cmd<'add_referral'>['body'], over: Partial<Cmd<'add_referral'>> = {}): Cmd<'add_referral'> {
  return { type: 'add_referral', referralId, body, bodyName: '', responsible: 'employer', reason: 'Dismissed for harm to a child', ...over };
}

const complete = (referralId: string, completedOn: IsoDate, reference = 'REF-1'): Cmd<'complete_referral'> => ({
  type: 'complete_referral',
  referralId,
  completedOn,
  reference,
});

const closeIt = (rationale = 'Outcome recorded and referrals made'): Cmd<'close_allegation'> => ({ type: 'close_allegation', rationale });

// ---------------------------------------------------------------------------
// The main road
// ---------------------------------------------------------------------------

function notified(over: Partial<Cmd<'open_allegation'>> = {}, settings?: RuleSettings): Allegation {
  const b = new Allegation(over.notifiedAt ?? NOTIFIED, settings);
  b.do(open(over));
  return b;
}

/** Threshold met at the discussion on Wed 18 Nov 10:00; T-P2 runs to Wed 25 Nov. */
function meetings(settings?: RuleSettings): Allegation {
  const b = notified({}, settings);
  b.at('2026-11-18T11:00:00Z').do(discussion('2026-11-18T10:00:00Z', true));
  return b;
}

/** A first meeting on Tue 24 Nov with the criminal and disciplinary tracks open, next on Tue 8 Dec; a second then closes both. */
function readyToConclude(): Allegation {
  const b = meetings();
  b.at('2026-11-24T12:00:00Z').do(meeting('2026-11-24T10:00:00Z', '2026-12-08'));
  b.at('2026-12-08T12:00:00Z').do(meeting('2026-12-08T10:00:00Z', null, { criminal: 'concluded', disciplinary: 'concluded' }));
  return b;
}

function concluded(outcome: Cmd<'record_concluding_meeting'>['outcome'] = 'substantiated'): Allegation {
  const b = readyToConclude();
  b.at('2026-12-15T12:00:00Z').do(concluding('2026-12-15T10:00:00Z', outcome));
  return b;
}

/** The T-P1 deadline for a concern arising at `arose` and notified at once. */
function p1Due(arose: string): [IsoDate, string] {
  return notified({ concernAroseAt: arose, notifiedAt: arose }).due('T-P1');
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

describe('notifying the designated officer (P0; T-P1, T-P2a)', () => {
  it('opens with T-P1 due 24 hours after a concern in office hours, stopped at notification, and starts T-P2a', () => {
    const b = new Allegation(NOTIFIED);
    const out = b.do(open());
    // Arose Tue 17 Nov 14:00 → T-P1 due Wed 18 Nov 14:00. Notified at 16:00 the same day: met.
    // T-P2a: 1 working day from Tue 17 Nov → Wed 18 Nov, ending 00:00 GMT on the 19th.
    assert.deepEqual(said(out), ['AllegationOpened', 'start T-P1 2026-11-18', 'stop T-P1 met', 'start T-P2a 2026-11-18']);
    assert.deepEqual(b.due('T-P1'), ['2026-11-18', '2026-11-18T14:00:00.000Z']);
    assert.equal(b.clock('T-P1').startedAt, AROSE);
    assert.equal(b.display('T-P1'), 'met');
    assert.deepEqual(b.due('T-P2a'), ['2026-11-18', '2026-11-19T00:00:00.000Z']);
    assert.equal(b.clock('T-P2a').startedAt, NOTIFIED);
    const e = out[0];
    assert.ok(e?.type === 'AllegationOpened');
    assert.equal(e.outOfHours, false);
    assert.deepEqual(e.criteria, ['harm', 'unsuitable']);
    assert.deepEqual(e.subject, { name: 'A. Teacher', role: 'Class teacher', employer: 'Ysgol Gynradd', employmentType: 'employee', userId: 'u-subject' });
    assert.equal(b.state.stage, 'notified');
    assert.deepEqual(b.running(), ['T-P2a']);
    b.refused(open(), dos, 'invalid_state', 'error.case.exists');
  });

  it('counts 24 elapsed hours in office hours, to the minute, in winter and in summer', () => {
    // 16:59 GMT is still office hours: due 16:59 the next day.
    assert.deepEqual(p1Due('2026-11-17T16:59:00Z'), ['2026-11-18', '2026-11-18T16:59:00.000Z']);
    // 09:30 BST (08:30 UTC) on Tue 7 Jul 2026 is office hours: due 08:30 UTC on Wed 8 Jul.
    assert.deepEqual(p1Due('2026-07-07T08:30:00Z'), ['2026-07-08', '2026-07-08T08:30:00.000Z']);
    // 16:00 on Friday 20 Nov: 24 hours runs into Saturday; the rule is hours, not working days.
    assert.deepEqual(p1Due('2026-11-20T16:00:00Z'), ['2026-11-21', '2026-11-21T16:00:00.000Z']);
  });

  it('gives the end of the next working day for a concern arising out of hours on a working day', () => {
    // 17:00 is out of hours: Tue 17 Nov → end of Wed 18 Nov.
    assert.deepEqual(p1Due('2026-11-17T17:00:00Z'), ['2026-11-18', '2026-11-19T00:00:00.000Z']);
    const evening = notified({ concernAroseAt: '2026-11-17T19:30:00Z', notifiedAt: '2026-11-17T19:45:00Z' });
    const e = evening.events[0];
    assert.ok(e?.type === 'AllegationOpened' && e.outOfHours === true);
    assert.deepEqual(evening.due('T-P1'), ['2026-11-18', '2026-11-19T00:00:00.000Z']);
    // Friday evening, Fri 20 Nov 18:00 → Mon 23 Nov.
    assert.deepEqual(p1Due('2026-11-20T18:00:00Z'), ['2026-11-23', '2026-11-24T00:00:00.000Z']);
    // Christmas Eve evening, Thu 24 Dec 2026: 25 Dec, the weekend and 28 Dec are not working days → Tue 29 Dec.
    assert.deepEqual(p1Due('2026-12-24T18:00:00Z'), ['2026-12-29', '2026-12-30T00:00:00.000Z']);
  });

  it('gives the same day’s end for a concern arising early on a working day, by London time', () => {
    // 07:00 GMT on Tue 17 Nov: the office has not opened, so today is the next working day.
    assert.deepEqual(p1Due('2026-11-17T07:00:00Z'), ['2026-11-17', '2026-11-18T00:00:00.000Z']);
    // 06:00 on Mon 23 Nov, after a weekend: Monday itself.
    assert.deepEqual(p1Due('2026-11-23T06:00:00Z'), ['2026-11-23', '2026-11-24T00:00:00.000Z']);
    // 08:30 BST (07:30 UTC) on Tue 7 Jul 2026: before opening → end of Tue 7 Jul = 23:00 UTC.
    assert.deepEqual(p1Due('2026-07-07T07:30:00Z'), ['2026-07-07', '2026-07-07T23:00:00.000Z']);
    // 23:30 UTC on Mon 6 Jul 2026 is 00:30 BST on Tue 7 Jul: early Tuesday, so Tuesday.
    assert.deepEqual(p1Due('2026-07-06T23:30:00Z'), ['2026-07-07', '2026-07-07T23:00:00.000Z']);
  });

  it(
    'gives the next working day for a concern arising on a weekend or a bank holiday',
    () => {
      // Saturday 21 Nov 11:00 → the next working day is Monday 23 Nov.
      assert.deepEqual(p1Due('2026-11-21T11:00:00Z'), ['2026-11-23', '2026-11-24T00:00:00.000Z']);
      // Sunday 22 Nov 07:00 → Monday 23 Nov.
      assert.deepEqual(p1Due('2026-11-22T07:00:00Z'), ['2026-11-23', '2026-11-24T00:00:00.000Z']);
      // Mon 28 Dec 2026 (substitute Boxing Day) 11:00 → Tue 29 Dec; early that morning, the same.
      assert.deepEqual(p1Due('2026-12-28T11:00:00Z'), ['2026-12-29', '2026-12-30T00:00:00.000Z']);
      assert.deepEqual(p1Due('2026-12-28T07:00:00Z'), ['2026-12-29', '2026-12-30T00:00:00.000Z']);
      // Good Friday 26 Mar 2027 10:00 GMT → Easter Monday is a holiday too → Tue 30 Mar, in BST → 23:00 UTC.
      assert.deepEqual(p1Due('2027-03-26T10:00:00Z'), ['2027-03-30', '2027-03-30T23:00:00.000Z']);
    },
  );

  it('marks every concern on a weekend or bank holiday as out of hours', () => {
    for (const arose of ['2026-11-21T11:00:00Z', '2026-12-28T11:00:00Z', '2027-03-26T10:00:00Z']) {
      const e = notified({ concernAroseAt: arose, notifiedAt: arose }).events[0];
      assert.ok(e?.type === 'AllegationOpened' && e.outOfHours === true, arose);
    }
  });

  it('shows T-P1 late when the designated officer was told after the deadline', () => {
    // Arose Tue 17 Nov 14:00 (due Wed 18 Nov 14:00); notified Wed 18 Nov 15:00.
    const b = notified({ notifiedAt: '2026-11-18T15:00:00Z' });
    assert.equal(b.display('T-P1'), 'late');
    assert.equal(b.clock('T-P1').stoppedAt, '2026-11-18T15:00:00Z');
    assert.ok(b.clock('T-P1').stoppedAt! > b.clock('T-P1').dueAt);
    // T-P2a counts from the notification: Wed 18 → Thu 19 Nov.
    assert.deepEqual(b.due('T-P2a'), ['2026-11-19', '2026-11-20T00:00:00.000Z']);
  });

  it('refuses a notification before the concern, dates in the future, no criteria, and anyone but the lead', () => {
    const b = new Allegation(NOTIFIED);
    b.refused(open({ notifiedAt: '2026-11-17T13:00:00Z' }), dos, 'validation', 'error.allegation.notifiedBeforeConcern');
    b.refused(open({ notifiedAt: '2026-11-17T17:00:00Z' }), dos, 'validation', 'error.case.future');
    b.refused(open({ concernAroseAt: '2026-11-17T17:00:00Z', notifiedAt: '2026-11-17T17:00:00Z' }), dos, 'validation', 'error.case.future');
    b.refused(open({ criteria: [] }), dos, 'validation', 'error.criteria.required');
    b.refused(open(), member, 'not_permitted', 'error.case.role');
    b.refused(discussion('2026-11-17T16:00:00Z', true), dos, 'not_found', 'error.notFound');
  });

  it('reads T-P2a from the setting', () => {
    // 3 working days from Tue 17 Nov: 18, 19, 20 → Fri 20 Nov.
    const b = notified({}, { ...DEFAULT_RULE_SETTINGS, professionalStrategyDiscussionWorkingDays: 3 });
    assert.deepEqual(b.due('T-P2a'), ['2026-11-20', '2026-11-21T00:00:00.000Z']);
    // Notified on Friday 20 Nov: the default 1 working day → Mon 23 Nov.
    assert.deepEqual(notified({ concernAroseAt: '2026-11-20T10:00:00Z', notifiedAt: '2026-11-20T12:00:00Z' }).due('T-P2a'), ['2026-11-23', '2026-11-24T00:00:00.000Z']);
  });
});

describe('professional strategy discussion (P2)', () => {
  it('needs the police and the designated officer, after the notification and not in the future', () => {
    const b = notified().at('2026-11-18T11:00:00Z');
    b.refused(discussion('2026-11-18T10:00:00Z', true, { attendees: [DOS, EMPLOYER] }), dos, 'validation', 'error.allegation.policeAttend');
    b.refused(discussion('2026-11-18T10:00:00Z', true, { attendees: [POLICE, EMPLOYER] }), dos, 'validation', 'error.allegation.officerAttends');
    b.refused(discussion('2026-11-17T15:00:00Z', true), dos, 'validation', 'error.allegation.beforeNotification');
    b.refused(discussion('2026-11-18T12:00:00Z', true), dos, 'validation', 'error.case.future');
    b.refused(discussion('2026-11-18T10:00:00Z', true, { summary: ' ' }), dos, 'validation', 'error.summary.required');
    b.refused(discussion('2026-11-18T10:00:00Z', true), member, 'not_permitted', 'error.case.role');
    b.refused(meeting('2026-11-18T10:00:00Z', '2026-12-01'), dos, 'invalid_state', 'error.allegation.noMeetings');
    b.refused(concluding('2026-11-18T10:00:00Z', 'unfounded'), dos, 'invalid_state', 'error.allegation.noMeetings');
    b.refused(closeIt(), dos, 'invalid_state', 'error.allegation.notConcluded');
    b.refused(referral('r-1', 'dbs'), member, 'invalid_state', 'error.allegation.noReferralNow');
  });

  it('threshold met: meetings, with T-P2 due 5 working days after the discussion', () => {
    const b = notified();
    const out = b.at('2026-11-18T11:00:00Z').do(discussion('2026-11-18T10:00:00Z', true));
    // Wed 18 Nov: 19, 20, 23, 24, 25 → Wed 25 Nov. T-P2a (due the end of 18 Nov) met.
    assert.deepEqual(said(out), ['ProfessionalStrategyDiscussionHeld', 'stop T-P2a met', 'start T-P2 2026-11-25']);
    assert.deepEqual(b.due('T-P2'), ['2026-11-25', '2026-11-26T00:00:00.000Z']);
    assert.equal(b.display('T-P2a'), 'met');
    assert.equal(b.state.stage, 'meetings');
    assert.equal(b.state.thresholdMet, true);
    b.refused(discussion('2026-11-18T10:30:00Z', true), dos, 'invalid_state', 'error.allegation.discussionHeld');
  });

  it('threshold not met: below threshold, the decision recorded against the employee’s record, then closed', () => {
    const b = notified().at('2026-11-18T11:00:00Z');
    b.refused(discussion('2026-11-18T10:00:00Z', false, { employerRecord: ' ' }), dos, 'validation', 'error.employerRecord.required');
    const out = b.do(discussion('2026-11-18T10:00:00Z', false));
    assert.deepEqual(said(out), ['ProfessionalStrategyDiscussionHeld', 'stop T-P2a met']);
    const e = out[0];
    assert.ok(e?.type === 'ProfessionalStrategyDiscussionHeld');
    assert.equal(e.employerRecord, 'Decision not to proceed recorded on the employee’s file');
    assert.equal(b.state.stage, 'below_threshold');
    assert.deepEqual(b.running(), []);
    b.refused(meeting('2026-11-18T10:30:00Z', null), dos, 'invalid_state', 'error.allegation.noMeetings');
    b.refused(referral('r-1', 'dbs'), dos, 'invalid_state', 'error.allegation.noReferralNow');
    b.refused(closeIt(' '), dos, 'validation', 'error.rationale.required');
    b.refused(closeIt(), member, 'not_permitted', 'error.case.role');
    assert.deepEqual(said(b.do(closeIt('Below threshold; employer advised'))), ['AllegationClosed']);
    assert.equal(b.state.stage, 'closed');
  });

  it('shows T-P2a late when the discussion is after the working day, and reads T-P2 from the setting', () => {
    const late = notified();
    late.at('2026-11-19T11:00:00Z').do(discussion('2026-11-19T10:00:00Z', true));
    assert.equal(late.display('T-P2a'), 'late');
    // 10 working days from Wed 18 Nov: 19, 20, 23–27, 30 Nov, 1, 2 Dec → Wed 2 Dec.
    const slower = meetings({ ...DEFAULT_RULE_SETTINGS, professionalStrategyMeetingWorkingDays: 10 });
    assert.deepEqual(slower.due('T-P2'), ['2026-12-02', '2026-12-03T00:00:00.000Z']);
  });
});

describe('professional strategy meetings (P3), with their tracks', () => {
  it('are repeatable; each sets the next meeting date as the new T-P2 deadline', () => {
    const b = meetings().at('2026-11-24T12:00:00Z');
    b.refused(meeting('2026-11-24T10:00:00Z', null), dos, 'validation', 'error.nextMeetingOn.required');
    b.refused(meeting('2026-11-24T10:00:00Z', '2026-11-24'), dos, 'validation', 'error.allegation.nextMeetingAfter');
    b.refused(meeting('2026-11-24T10:00:00Z', '2026-11-23'), dos, 'validation', 'error.allegation.nextMeetingAfter');
    b.refused(meeting('2026-11-18T09:00:00Z', '2026-12-08'), dos, 'validation', 'error.allegation.beforePrevious');
    b.refused(meeting('2026-11-24T10:00:00Z', '2026-12-08', { attendees: [POLICE, EMPLOYER] }), dos, 'validation', 'error.allegation.officerAttends');
    b.refused(meeting('2026-11-24T10:00:00Z', '2026-12-08', { summary: '' }), dos, 'validation', 'error.summary.required');
    b.refused(meeting('2026-11-24T13:00:00Z', '2026-12-08'), dos, 'validation', 'error.case.future');
    // Held Tue 24 Nov, within T-P2 (Wed 25 Nov); next on Tue 8 Dec.
    const first = b.do(meeting('2026-11-24T10:00:00Z', '2026-12-08'));
    assert.deepEqual(said(first), ['ProfessionalStrategyMeetingHeld', 'stop T-P2 met', 'start T-P2#2 2026-12-08']);
    assert.deepEqual(b.due('T-P2#2'), ['2026-12-08', '2026-12-09T00:00:00.000Z']);
    assert.equal(b.display('T-P2'), 'met');
    assert.deepEqual(b.state.tracks, { criminal: 'open', disciplinary: 'open', protection: 'not_needed' });
    assert.equal(b.state.meetings, 1);
    // The second meeting, on Wed 9 Dec, is a day after the date set: late. It sets Tue 12 Jan 2027.
    b.at('2026-12-09T12:00:00Z');
    b.refused(meeting('2026-11-23T10:00:00Z', '2027-01-12'), dos, 'validation', 'error.allegation.beforePrevious');
    const second = b.do(meeting('2026-12-09T10:00:00Z', '2027-01-12', { criminal: 'concluded' }));
    assert.deepEqual(said(second), ['ProfessionalStrategyMeetingHeld', 'stop T-P2#2 met', 'start T-P2#3 2027-01-12']);
    assert.equal(b.display('T-P2#2'), 'late');
    assert.equal(b.state.meetings, 2);
    assert.equal(b.state.lastMeetingAt, '2026-12-09T10:00:00Z');
    // With no track open the next date may be left blank, and then no clock runs.
    b.at('2026-12-16T12:00:00Z');
    assert.deepEqual(said(b.do(meeting('2026-12-16T10:00:00Z', null, { criminal: 'concluded', disciplinary: 'concluded' }))), [
      'ProfessionalStrategyMeetingHeld',
      'stop T-P2#3 met',
    ]);
    assert.deepEqual(b.running(), []);
  });

  it('lets a member (not the lead) keep the tracks up to date, but not hold meetings or decide', () => {
    const b = meetings().at('2026-11-24T12:00:00Z');
    b.do(meeting('2026-11-24T10:00:00Z', '2026-12-08'));
    b.at('2026-12-01T10:00:00Z');
    b.refused(track('criminal', 'open'), member, 'validation', 'error.allegation.trackUnchanged');
    b.refused(track('criminal', 'concluded', ' '), member, 'validation', 'error.summary.required');
    const out = b.do(track('criminal', 'concluded', 'CPS: no further action'), member);
    assert.deepEqual(out, [{ type: 'TrackUpdated', track: 'criminal', status: 'concluded', at: '2026-12-01T10:00:00.000Z', summary: 'CPS: no further action' }]);
    assert.equal(b.state.tracks.criminal, 'concluded');
    for (const c of [
      meeting('2026-12-01T09:00:00Z', '2026-12-08'),
      discussion('2026-12-01T09:00:00Z', true),
      concluding('2026-12-01T09:00:00Z', 'unsubstantiated'),
      closeIt(),
      { type: 'add_member', userId: 'u-x' } as const,
      { type: 'remove_member', userId: 'u-x' } as const,
    ]) {
      b.refused(c, member, 'not_permitted', 'error.case.role');
    }
    // A member may link cases, add referrals and notes.
    b.do({ type: 'link_case', caseId: 'case-1' }, member);
    b.refused({ type: 'link_case', caseId: 'case-1' }, member, 'validation', 'error.allegation.alreadyLinked');
    b.do({ type: 'add_note', noteId: 'n-1', occurredOn: '2026-12-01', summary: 'Called HR' }, member);
    b.refused({ type: 'add_note', noteId: 'n-2', occurredOn: '2026-12-02', summary: 'x' }, member, 'validation', 'error.case.future');
    b.do(referral('r-1', 'social_care_wales'), member);
    assert.deepEqual(b.state.linkedCases, ['case-1']);
    assert.deepEqual(
      allowedAllegationSteps(b.state, member, ALLEGATION_COMMAND_TYPES),
      ['link_case', 'update_track', 'add_referral', 'complete_referral', 'add_note'],
    );
  });

  it('refuses a track update outside the meetings stage', () => {
    notified().at('2026-11-17T17:00:00Z').refused(track('criminal', 'open'), member, 'invalid_state', 'error.allegation.noMeetings');
    concluded().refused(track('criminal', 'open'), member, 'invalid_state', 'error.allegation.noMeetings');
  });
});

describe('concluding meeting and outcome (P4)', () => {
  it('offers exactly the four Welsh outcomes (no "false")', () => {
    assert.deepEqual([...ALLEGATION_OUTCOMES], ['substantiated', 'unsubstantiated', 'unfounded', 'malicious']);
    assert.ok(!(ALLEGATION_OUTCOMES as readonly string[]).includes('false'));
  });

  it('is refused before any meeting and while any track is open', () => {
    const b = meetings().at('2026-11-24T12:00:00Z');
    b.refused(concluding('2026-11-24T10:00:00Z', 'unfounded'), dos, 'invalid_state', 'error.allegation.meetingFirst');
    b.do(meeting('2026-11-24T10:00:00Z', '2026-12-08', { criminal: 'not_needed', disciplinary: 'open' }));
    b.at('2026-12-01T12:00:00Z');
    b.refused(concluding('2026-12-01T10:00:00Z', 'unfounded'), dos, 'invalid_state', 'error.allegation.trackOpen');
    b.do(track('disciplinary', 'concluded'), member);
    b.refused(concluding('2026-11-24T09:00:00Z', 'unfounded'), dos, 'validation', 'error.allegation.beforePrevious');
    b.refused(concluding('2026-12-01T10:00:00Z', 'unfounded', { attendees: [POLICE] }), dos, 'validation', 'error.allegation.officerAttends');
    b.refused(concluding('2026-12-01T10:00:00Z', 'unfounded', { rationale: ' ' }), dos, 'validation', 'error.rationale.required');
    b.refused(concluding('2026-12-01T13:00:00Z', 'unfounded'), dos, 'validation', 'error.case.future');
    // Held Tue 1 Dec, before the review date of Tue 8 Dec: T-P2#2 met.
    assert.deepEqual(said(b.do(concluding('2026-12-01T10:00:00Z', 'unfounded'))), ['ConcludingMeetingHeld', 'stop T-P2#2 met']);
    assert.equal(b.state.stage, 'concluded');
    b.refused(concluding('2026-12-01T11:00:00Z', 'malicious'), dos, 'invalid_state', 'error.allegation.noMeetings');
    b.refused(meeting('2026-12-01T11:00:00Z', null), dos, 'invalid_state', 'error.allegation.noMeetings');
  });

  for (const outcome of ALLEGATION_OUTCOMES) {
    it(`records the outcome "${outcome}" decided by the group`, () => {
      const b = readyToConclude();
      const out = b.at('2026-12-15T12:00:00Z').do(concluding('2026-12-15T10:00:00Z', outcome, { consensus: outcome !== 'malicious' }));
      const e = out[0];
      assert.ok(e?.type === 'ConcludingMeetingHeld' && e.outcome === outcome);
      assert.equal(b.state.outcome, outcome);
      assert.equal(b.state.concludedAt, '2026-12-15T10:00:00Z');
      assert.deepEqual(b.running(), []);
    });
  }
});

describe('referrals (P5) and closure (P6)', () => {
  it('adds and completes referrals, and refuses to close while one is open', () => {
    const b = concluded().at('2026-12-16T10:00:00Z');
    b.refused(referral('r-1', 'other_regulator'), dos, 'validation', 'error.bodyName.required');
    b.refused(referral('r-1', 'dbs', { reason: ' ' }), dos, 'validation', 'error.reason.required');
    b.refused(complete('r-1', '2026-12-16'), dos, 'invalid_state', 'error.allegation.noOpenReferral');
    assert.deepEqual(said(b.do(referral('r-1', 'dbs', { bodyName: 'ignored' }))), ['ReferralAdded']);
    const other = b.do(referral('r-2', 'other_regulator', { bodyName: ' Education Workforce Council ', responsible: 'designated_officer' }), member);
    const e = other[0];
    assert.ok(e?.type === 'ReferralAdded' && e.bodyName === 'Education Workforce Council');
    assert.equal(b.state.referrals['r-1']?.bodyName, '');
    b.refused(closeIt(), dos, 'invalid_state', 'error.allegation.referralsOpen');
    b.refused(complete('r-9', '2026-12-16'), dos, 'validation', 'error.referralId.required');
    b.refused(complete('r-1', '2026-12-17'), dos, 'validation', 'error.case.future');
    b.do(complete('r-1', '2026-12-16', 'DBS-123'), member);
    assert.deepEqual(b.state.referrals['r-1'], { body: 'dbs', bodyName: '', responsible: 'employer', completedOn: '2026-12-16', reference: 'DBS-123' });
    b.refused(complete('r-1', '2026-12-16'), dos, 'validation', 'error.referralId.required');
    b.refused(closeIt(), dos, 'invalid_state', 'error.allegation.referralsOpen');
    b.do(complete('r-2', '2026-12-16', 'EWC-9'));
    assert.deepEqual(said(b.do(closeIt())), ['AllegationClosed']);
    assert.equal(b.state.stage, 'closed');
    b.refused(closeIt(), dos, 'invalid_state', 'error.allegation.notConcluded');
    b.refused({ type: 'add_member', userId: 'u-late' }, dos, 'invalid_state', 'error.case.closed');
    b.refused(referral('r-3', 'ciw'), dos, 'invalid_state', 'error.allegation.noReferralNow');
  });

  it('allows referrals during the meetings, before the outcome', () => {
    const b = meetings().at('2026-11-19T10:00:00Z');
    assert.deepEqual(said(b.do(referral('r-1', 'ciw', { responsible: 'designated_officer', reason: 'Registered service' }))), ['ReferralAdded']);
  });

  it('ends any clock still running when it closes (a stream written under earlier rules may hold one)', () => {
    const b = concluded();
    // A T-P2 clock left running, as an older version of the rules could have left it.
    const stray: AllegationEvent = { type: 'ClockStarted', key: 'T-P2#9', timerId: 'T-P2', startedAt: '2026-12-15T10:00:00Z', dueAt: '2026-12-23T00:00:00.000Z', dueDate: '2026-12-22' };
    b.state = evolveAllegation(b.state, stray);
    b.events.push(stray);
    const out = b.at('2026-12-16T10:00:00Z').do(closeIt());
    assert.deepEqual(said(out), ['AllegationClosed', 'stop T-P2#9 ended']);
    assert.deepEqual(b.running(), []);
  });
});

describe('members of an allegation', () => {
  it('never adds the subject, refuses a member twice, and removes members', () => {
    const b = notified().at('2026-11-17T17:00:00Z');
    b.refused({ type: 'add_member', userId: 'u-subject' }, dos, 'validation', 'error.allegation.subjectCannotBeMember');
    assert.deepEqual(b.do({ type: 'add_member', userId: 'u-member' }), [{ type: 'MemberAdded', userId: 'u-member' }]);
    b.refused({ type: 'add_member', userId: 'u-member' }, dos, 'validation', 'error.allegation.alreadyMember');
    b.do({ type: 'add_member', userId: 'u-hr' });
    assert.deepEqual(b.state.members, ['u-member', 'u-hr']);
    b.refused({ type: 'remove_member', userId: 'u-nobody' }, dos, 'validation', 'error.allegation.notMember');
    assert.deepEqual(b.do({ type: 'remove_member', userId: 'u-member' }), [{ type: 'MemberRemoved', userId: 'u-member' }]);
    assert.deepEqual(b.state.members, ['u-hr']);
    // The subject stays excluded at every stage.
    const later = concluded();
    later.refused({ type: 'add_member', userId: 'u-subject' }, dos, 'validation', 'error.allegation.subjectCannotBeMember');
  });

  it('allows any member when the subject has no account', () => {
    const b = notified({ subjectUserId: null }).at('2026-11-17T17:00:00Z');
    b.do({ type: 'add_member', userId: 'u-subject' });
    assert.deepEqual(b.state.members, ['u-subject']);
  });

  it('keeps the lead-only steps for the lead', () => {
    const s = meetings().state;
    for (const t of ['add_member', 'remove_member', 'record_strategy_discussion', 'record_strategy_meeting', 'record_concluding_meeting', 'close_allegation'] as const) {
      assert.equal(allegationPrecondition(s, t, member), 'error.case.role', t);
    }
  });
});

describe('replaying the events', () => {
  it('folds the same state from the stored events and from a JSON round trip', () => {
    assert.ok(built.length > 30, `${built.length} allegations`);
    for (const b of built) {
      const copy = JSON.parse(JSON.stringify(b.events)) as AllegationEvent[];
      assert.deepEqual(copy, b.events);
      assert.deepEqual(foldAllegation(copy), b.state);
    }
  });
});
