import {
  addCalendarDays,
  addCalendarMonths,
  londonDate,
  nextWorkingDayOnOrAfter,
  type IsoDate,
  type WorkingDayCalendar,
} from '../calendar/working-days.js';
import { DomainError } from '../errors.js';
import type { Role } from '../access-policy.js';
import type { RuleSettings } from '../rule-settings.js';
import { deadlineAfter, durationOf, endOfDay, TIMER_RULES, type Deadline, type TimerId } from '../timers.js';
import type { ChildCaseCommand, ChildCaseCommandType, ConferenceDecision } from './child-protection.commands.js';
import type { ChildCaseEvent, ClockOutcome } from './child-protection.events.js';
import { isBeforeStrategy, isClosed, runningClocks, type ChildCaseState } from './child-protection.state.js';
import { REGISTRATION_CATEGORIES, type ConferenceKind } from './vocabulary.js';

/**
 * The child protection decider: (state, command, context) → events, or a DomainError.
 * Every guard of DOMAIN.md §10.2 is enforced here and nowhere else, so the pages,
 * the API and the scenario tests all meet the same rules.
 */
export interface DecisionActor {
  userId: string;
  role: Role | 'system';
  organisationId: string;
}

export interface DecisionContext {
  now: Date;
  actor: DecisionActor;
  calendar: WorkingDayCalendar;
  settings: RuleSettings;
}

type RoleSet = readonly (Role | 'system')[];
const WORKERS: RoleSet = ['duty_social_worker', 'team_manager', 'senior_manager'];
const MANAGERS: RoleSet = ['team_manager', 'senior_manager'];
const CHAIR: RoleSet = ['conference_chair'];
const SENIOR: RoleSet = ['senior_manager'];

/** Who may ask for each step (coarse; the record-level decision is made by the access policy). */
export const COMMAND_ROLES: Readonly<Record<ChildCaseCommandType, RoleSet>> = {
  open_case: ['system', ...WORKERS],
  note_sibling_added: WORKERS,
  acknowledge_reporter: WORKERS,
  allocate: MANAGERS,
  record_decision: WORKERS,
  complete_task: WORKERS,
  take_immediate_protection: WORKERS,
  extend_emergency_protection_order: WORKERS,
  end_immediate_protection: WORKERS,
  record_strategy_discussion: WORKERS,
  complete_continuing_assessment: WORKERS,
  record_section47_determination: WORKERS,
  // A manager ratifies determination 1 (c3pt2-p3).
  ratify_determination: MANAGERS,
  return_determination: MANAGERS,
  schedule_conference: [...WORKERS, ...CHAIR],
  // The chair may postpone an initial conference in exceptional circumstances (c3pt2-p4).
  postpone_conference: CHAIR,
  record_conference: CHAIR,
  circulate_conference_records: [...CHAIR, ...WORKERS],
  name_coordinator: [...MANAGERS, ...CHAIR],
  record_core_group: WORKERS,
  record_plan: WORKERS,
  add_plan_action: WORKERS,
  complete_plan_action: WORKERS,
  record_visit: WORKERS,
  notify_transfer: WORKERS,
  make_move_permanent: WORKERS,
  send_transfer_information: WORKERS,
  report_missing: WORKERS,
  record_found: WORKERS,
  record_birth: WORKERS,
  deregister_automatically: ['system', ...WORKERS],
  close_case: WORKERS,
  // Any exception to a timescale is decided and recorded by the senior manager (c3pt1-p8).
  record_timescale_exception: SENIOR,
  add_chronology_entry: [...WORKERS, ...CHAIR],
};

const REGISTRATION_CLOCKS: readonly TimerId[] = ['T-C7', 'T-C8', 'T-C9', 'T-C10', 'T-C11', 'T-C12', 'T-C13', 'T-C17'];

function fail(code: 'invalid_state' | 'not_permitted', key: string): never {
  throw new DomainError(code, key);
}
function invalid(field: string, key: string): never {
  throw new DomainError('validation', 'error.validation', { [field]: key });
}

/** The kind of conference this actor would hold next for this child, if any. */
export function nextConferenceKind(s: ChildCaseState, actor: DecisionActor): ConferenceKind | null {
  if (s.stage === 'conference_pending') return s.unborn ? 'pre_birth' : 'initial';
  if (s.stage !== 'registered') return null;
  if (s.transfer?.permanent && actor.organisationId === s.transfer.toLocalAuthorityId) return 'transfer_in';
  if (actor.organisationId !== s.localAuthorityId) return null;
  return 'review';
}

function pendingConference(s: ChildCaseState) {
  return Object.values(s.conferences).find((c) => c.heldAt === null) ?? null;
}

/**
 * Whether the step may be taken now, by this person, at this stage: the message key of
 * the reason it may not, or null. The case page lists the steps for which this is null.
 */
export function precondition(s: ChildCaseState, type: ChildCaseCommandType, actor: DecisionActor): string | null {
  if (!COMMAND_ROLES[type].includes(actor.role)) return 'error.case.role';
  if (type === 'open_case') return s.stage === null ? null : 'error.case.exists';
  if (s.stage === null) return 'error.notFound';
  // The receiving authority of a transfer may only hold the transfer-in conference.
  const ownAuthority = actor.role === 'system' || actor.organisationId === s.localAuthorityId;
  if (!ownAuthority) {
    const receiving = s.transfer?.permanent && actor.organisationId === s.transfer.toLocalAuthorityId;
    if (!receiving || (type !== 'schedule_conference' && type !== 'record_conference')) return 'error.case.role';
  }
  const closed = isClosed(s.stage);
  const registered = s.stage === 'registered';
  switch (type) {
    case 'acknowledge_reporter':
      return s.acknowledgedAt ? 'error.case.alreadyAcknowledged' : null;
    case 'add_chronology_entry':
      return null;
    case 'note_sibling_added':
      return closed ? 'error.case.closed' : null;
    case 'allocate':
      return closed ? 'error.case.closed' : null;
    case 'record_decision':
      return s.stage === 'received' ? null : 'error.case.decisionRecorded';
    case 'complete_task':
      return Object.values(s.tasks).some((t) => !t.completedAt) ? null : 'error.case.noOpenTask';
    case 'take_immediate_protection':
      if (closed) return 'error.case.closed';
      return s.immediateProtection ? 'error.case.protectionActive' : null;
    case 'extend_emergency_protection_order':
      return s.immediateProtection?.power === 'emergency_protection_order' && !s.immediateProtection.extended
        ? null
        : 'error.case.noOrderToExtend';
    case 'end_immediate_protection':
      return s.immediateProtection ? null : 'error.case.noProtection';
    case 'record_strategy_discussion':
      return s.stage === 'strategy_pending' || s.stage === 'section47_open' || s.stage === 'conference_pending'
        ? null
        : 'error.case.noStrategyDue';
    case 'complete_continuing_assessment':
      return s.section47 && !s.continuingAssessmentCompletedAt && !closed ? null : 'error.case.noAssessment';
    case 'record_section47_determination':
      return s.stage === 'section47_open' ? null : 'error.case.noEnquiry';
    case 'ratify_determination':
    case 'return_determination':
      return s.stage === 'awaiting_ratification' ? null : 'error.case.nothingToRatify';
    case 'schedule_conference': {
      if (!nextConferenceKind(s, actor)) return 'error.case.noConferenceDue';
      return pendingConference(s) ? 'error.case.conferenceAlreadyScheduled' : null;
    }
    case 'postpone_conference':
      return pendingConference(s) ? null : 'error.case.noConferenceScheduled';
    case 'record_conference':
      return nextConferenceKind(s, actor) ? null : 'error.case.noConferenceDue';
    case 'circulate_conference_records':
      return Object.values(s.conferences).some((c) => c.heldAt && !c.recordsCirculatedAt) ? null : 'error.case.noRecordsDue';
    case 'name_coordinator':
    case 'record_core_group':
    case 'record_plan':
    case 'add_plan_action':
      return registered ? null : 'error.case.notRegistered';
    case 'complete_plan_action':
      return registered && Object.values(s.actions).some((a) => !a.completedAt) ? null : 'error.case.noOpenAction';
    case 'record_visit':
      if (!registered) return 'error.case.notRegistered';
      if (s.missingSince) return 'error.case.missing';
      return s.unborn ? 'error.case.unborn' : null;
    case 'notify_transfer':
      if (!registered) return 'error.case.notRegistered';
      return s.transfer ? 'error.case.transferPending' : null;
    case 'make_move_permanent':
      return s.transfer && !s.transfer.permanent ? null : 'error.case.noTemporaryMove';
    case 'send_transfer_information':
      return s.transfer && !s.transfer.informationSentAt ? null : 'error.case.noTransferInformationDue';
    case 'report_missing':
      if (!registered) return 'error.case.notRegistered';
      if (s.unborn) return 'error.case.unborn';
      return s.missingSince ? 'error.case.alreadyMissing' : null;
    case 'record_found':
      return s.missingSince ? null : 'error.case.notMissing';
    case 'record_birth':
      return s.unborn && !closed ? null : 'error.case.notUnborn';
    case 'deregister_automatically':
      return registered ? null : 'error.case.notRegistered';
    case 'close_case':
      if (s.immediateProtection) return 'error.case.protectionActive';
      return s.stage === 'part3_assessment' ||
        s.stage === 'information_and_advice' ||
        s.stage === 'referred_to_other_services' ||
        s.stage === 'deregistered'
        ? null
        : 'error.case.cannotClose';
    case 'record_timescale_exception':
      return Object.values(s.clocks).some((c) => !c.exception && (c.stoppedAt === null || c.stoppedAt > c.dueAt))
        ? null
        : 'error.case.noClockForException';
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** Steps this person may take now (the "what you can do next" list). */
export function allowedCommands<T extends ChildCaseCommandType>(
  s: ChildCaseState,
  actor: DecisionActor,
  candidates: readonly T[],
): T[] {
  return candidates.filter((t) => precondition(s, t, actor) === null);
}

export function decideChildCase(s: ChildCaseState, command: ChildCaseCommand, ctx: DecisionContext): ChildCaseEvent[] {
  const blocked = precondition(s, command.type, ctx.actor);
  if (blocked === 'error.notFound') throw new DomainError('not_found', blocked);
  if (blocked === 'error.case.role') fail('not_permitted', blocked);
  if (blocked) fail('invalid_state', blocked);

  const { now, calendar, settings } = ctx;
  const nowIso = now.toISOString();
  const out: ChildCaseEvent[] = [];
  const counts: Partial<Record<TimerId, number>> = { ...s.clockCounts };

  const notFuture = (field: string, iso: string) => {
    if (Date.parse(iso) > now.getTime() + 60_000) invalid(field, 'error.case.future');
  };
  const notBefore = (field: string, iso: string, earliest: string | null, key: string) => {
    if (earliest && Date.parse(iso) < Date.parse(earliest)) invalid(field, key);
  };
  const startAt = (timerId: TimerId, startedAt: string, deadline: Deadline, key?: string) => {
    const n = (counts[timerId] ?? 0) + 1;
    counts[timerId] = n;
    out.push({
      type: 'ClockStarted',
      key: key ?? (n === 1 ? timerId : `${timerId}#${n}`),
      timerId,
      startedAt,
      dueAt: deadline.dueAt.toISOString(),
      dueDate: deadline.dueDate,
    });
  };
  const start = (timerId: TimerId, startedAt: string, key?: string) => {
    const d = durationOf(TIMER_RULES[timerId], settings);
    if (!d) throw new Error(`${timerId} needs an explicit deadline`);
    startAt(timerId, startedAt, deadlineAfter(new Date(startedAt), d.amount, d.unit, calendar), key);
  };
  // A clock is stopped at most once, even when two rules of one step would both stop it.
  const stoppedNow = () => new Set(out.flatMap((e) => (e.type === 'ClockStopped' ? [e.key] : [])));
  const stop = (timerId: TimerId, at: string, reason: string, outcome: ClockOutcome = 'met') => {
    const done = stoppedNow();
    for (const c of runningClocks(s, timerId)) {
      if (!done.has(c.key)) out.push({ type: 'ClockStopped', key: c.key, at, reason, outcome });
    }
  };
  const stopKey = (key: string, at: string, reason: string, outcome: ClockOutcome = 'met') => {
    const c = s.clocks[key];
    if (c && c.stoppedAt === null && !stoppedNow().has(key)) out.push({ type: 'ClockStopped', key, at, reason, outcome });
  };
  /** Clocks that run while a child is registered and born: visits, bedroom, 18th birthday. */
  const startChildClocks = (from: string, nextReviewDue: IsoDate, dateOfBirth: IsoDate | null) => {
    start('T-C9', from);
    start('T-C10', from);
    startAt('T-C11', from, endOfDay(nextReviewDue));
    if (dateOfBirth) startAt('T-C17', from, endOfDay(addCalendarDays(addCalendarMonths(dateOfBirth, 18 * 12), -1)));
  };
  const endRegistrationClocks = (at: string, reason: string, except: TimerId[] = []) => {
    for (const t of REGISTRATION_CLOCKS) if (!except.includes(t)) stop(t, at, reason, 'ended');
  };

  switch (command.type) {
    case 'open_case': {
      out.push({
        type: 'ReportReceived',
        reportId: command.reportId,
        concernId: command.concernId,
        personId: command.personId,
        householdId: command.householdId,
        localAuthorityId: command.localAuthorityId,
        receivedAt: command.receivedAt,
        channel: command.channel,
        unborn: command.unborn,
        dateOfBirth: command.dateOfBirth,
        expectedDueDate: command.expectedDueDate,
      });
      if (command.channel === 'telephone' && command.verbalAt) {
        // The written report confirms the telephone one: T-C1 is met or late at receipt.
        start('T-C1', command.verbalAt);
        out.push({ type: 'ClockStopped', key: 'T-C1', at: command.receivedAt, reason: 'written_confirmation', outcome: 'met' });
      }
      start('T-C2', command.receivedAt);
      start('T-C2b', command.receivedAt);
      break;
    }
    case 'note_sibling_added':
      out.push({ type: 'SiblingAdded', siblingCaseId: command.siblingCaseId, personId: command.personId, name: command.name });
      break;
    case 'acknowledge_reporter':
      out.push({ type: 'ReporterAcknowledged', at: nowIso });
      stop('T-C2b', nowIso, 'acknowledged');
      break;
    case 'allocate':
      out.push({ type: 'CaseAllocated', workerId: command.workerId });
      break;
    case 'record_decision': {
      out.push({
        type: 'DecisionRecorded',
        decision: command.decision,
        rationale: command.rationale,
        crimeSuspected: command.crimeSuspected,
      });
      stop('T-C2', nowIso, 'decision_recorded');
      if (command.decision === 'strategy_discussion' || command.decision === 'immediate_protection') start('T-C3', nowIso);
      // A suspected crime is discussed with the police immediately (c3pt1-p4; §10.2 guard 5).
      if (command.crimeSuspected) out.push({ type: 'TaskCreated', taskId: `police-${s.version + 1}`, kind: 'notify_police', dueAt: nowIso });
      break;
    }
    case 'complete_task': {
      const task = s.tasks[command.taskId];
      if (!task || task.completedAt) invalid('taskId', 'error.case.task');
      out.push({ type: 'TaskCompleted', taskId: command.taskId, reference: command.reference, at: nowIso });
      break;
    }
    case 'take_immediate_protection': {
      notFuture('startedAt', command.startedAt);
      notBefore('startedAt', command.startedAt, s.receivedAt, 'error.case.beforeReport');
      out.push({ type: 'ImmediateProtectionTaken', power: command.power, startedAt: command.startedAt, details: command.details });
      start(command.power === 'police_protection' ? 'T-PP' : 'T-EPO', command.startedAt);
      // Protective action before a decision is itself the next action on the report (c3pt1-p4).
      if (s.stage === 'received') stop('T-C2', command.startedAt, 'immediate_protection');
      // Single-agency action first: a strategy discussion follows as soon as possible (c3pt1-p7).
      if (s.lastStrategyAt === null && isBeforeStrategy(s.stage) && runningClocks(s, 'T-C3').length === 0) {
        start('T-C3', command.startedAt);
      }
      break;
    }
    case 'extend_emergency_protection_order': {
      const ip = s.immediateProtection;
      const current = runningClocks(s, 'T-EPO')[0];
      if (!ip || !current) return fail('invalid_state', 'error.case.noOrderToExtend');
      // Extendable once, to 15 days in all (Children Act 1989 s45).
      const latest = addCalendarDays(londonDate(new Date(ip.startedAt)), 15);
      if (command.extendedTo <= current.dueDate) invalid('extendedTo', 'error.case.extensionNotLater');
      if (command.extendedTo > latest) invalid('extendedTo', 'error.case.extensionTooLong');
      out.push({ type: 'EmergencyProtectionOrderExtended', extendedTo: command.extendedTo, reason: command.reason });
      stopKey(current.key, nowIso, 'order_extended', 'ended');
      startAt('T-EPO', ip.startedAt, endOfDay(command.extendedTo));
      break;
    }
    case 'end_immediate_protection': {
      notFuture('endedAt', command.endedAt);
      notBefore('endedAt', command.endedAt, s.immediateProtection?.startedAt ?? null, 'error.case.beforeProtection');
      out.push({ type: 'ImmediateProtectionEnded', endedAt: command.endedAt, details: command.details });
      stop('T-PP', command.endedAt, 'protection_ended');
      stop('T-EPO', command.endedAt, 'protection_ended');
      break;
    }
    case 'record_strategy_discussion': {
      notFuture('heldAt', command.heldAt);
      notBefore('heldAt', command.heldAt, s.receivedAt, 'error.case.beforeReport');
      notBefore('heldAt', command.heldAt, s.lastStrategyAt, 'error.case.beforeLastStrategy');
      // Police and social services must both take part (c3pt1-p8; §10.2).
      const agencies = new Set(command.attendees.map((a) => a.agency));
      if (!agencies.has('police') || !agencies.has('social_services')) invalid('attendees', 'error.strategy.policeAndSocialServices');
      const deciding = s.stage === 'strategy_pending';
      if (deciding && command.outcome === 'section47' && !command.enquiry) invalid('enquiry', 'error.strategy.enquiry');
      if (deciding && command.outcome === 'no_section47' && !command.nextStep) invalid('nextStep', 'error.strategy.nextStep');
      out.push({
        type: 'StrategyDiscussionHeld',
        strategyId: command.strategyId,
        heldAt: command.heldAt,
        format: command.format,
        attendees: command.attendees,
        outcome: deciding ? command.outcome : 'section47',
        enquiry: deciding && command.outcome === 'section47' ? command.enquiry : null,
        nextStep: deciding && command.outcome === 'no_section47' ? command.nextStep : null,
        summary: command.summary,
      });
      stop('T-C3', command.heldAt, 'strategy_held');
      if (deciding && command.outcome === 'section47' && command.enquiry) {
        out.push({ type: 'Section47EnquiryStarted', enquiry: command.enquiry, startedAt: command.heldAt });
        start('T-C5', command.heldAt);
        start('T-C5a', command.heldAt);
      }
      // The initial conference runs from the LAST strategy discussion or meeting (c3pt2-p4).
      if (s.stage === 'conference_pending' && !s.unborn) {
        stop('T-C4', command.heldAt, 'later_strategy_meeting', 'ended');
        start('T-C4', command.heldAt);
      }
      break;
    }
    case 'complete_continuing_assessment':
      notFuture('at', command.at);
      notBefore('at', command.at, s.section47?.startedAt ?? null, 'error.case.beforeEnquiry');
      out.push({ type: 'ContinuingAssessmentCompleted', at: command.at, summary: command.summary });
      stop('T-C5', command.at, 'assessment_completed');
      break;
    case 'record_section47_determination': {
      out.push({
        type: 'Section47Determined',
        determination: command.determination,
        rationale: command.rationale,
        determinedBy: ctx.actor.userId,
      });
      stop('T-C5a', nowIso, 'determined');
      if (command.determination === 3) {
        if (s.unborn && s.expectedDueDate) {
          const weeks = settings.preBirthConferenceWeeksBeforeDue;
          startAt('T-C19', nowIso, endOfDay(addCalendarDays(s.expectedDueDate, -7 * weeks)));
        } else {
          start('T-C4', s.lastStrategyAt ?? nowIso);
        }
      }
      // Determination 1 concludes the enquiry only once ratified (it may be returned for more work).
      if (command.determination === 2) stop('T-C5', nowIso, 'enquiry_concluded', 'ended');
      break;
    }
    case 'ratify_determination':
      // Not the person who made the determination: ratification is a second pair of eyes.
      if (s.determinedBy === ctx.actor.userId) fail('not_permitted', 'error.case.ratifyOwn');
      out.push({ type: 'DeterminationRatified', ratifiedBy: ctx.actor.userId });
      stop('T-C5', nowIso, 'enquiry_concluded', 'ended');
      break;
    case 'return_determination':
      if (s.determinedBy === ctx.actor.userId) fail('not_permitted', 'error.case.ratifyOwn');
      out.push({ type: 'DeterminationReturned', reason: command.reason });
      break;
    case 'schedule_conference': {
      const kind = nextConferenceKind(s, ctx.actor);
      if (!kind) return fail('invalid_state', 'error.case.noConferenceDue');
      if (command.kind !== kind) invalid('kind', 'error.conference.kind');
      if (kind === 'initial' || kind === 'pre_birth') {
        notBefore('scheduledFor', command.scheduledFor, s.lastStrategyAt, 'error.conference.beforeStrategy');
      }
      notBefore('scheduledFor', command.scheduledFor, s.receivedAt, 'error.case.beforeReport');
      out.push({
        type: 'ConferenceScheduled',
        conferenceId: command.conferenceId,
        kind,
        scheduledFor: command.scheduledFor,
        invitees: command.invitees,
        householdCaseIds: command.householdCaseIds,
      });
      break;
    }
    case 'postpone_conference': {
      const c = pendingConference(s);
      if (!c || c.id !== command.conferenceId) invalid('conferenceId', 'error.conference.unknown');
      if (command.scheduledFor <= c.scheduledFor) invalid('scheduledFor', 'error.conference.postponeLater');
      out.push({ type: 'ConferencePostponed', conferenceId: c.id, scheduledFor: command.scheduledFor, reason: command.reason });
      break;
    }
    case 'record_conference':
      recordConference(s, command, ctx, out, { start, startAt, stop, notFuture, notBefore, startChildClocks, endRegistrationClocks });
      break;
    case 'circulate_conference_records': {
      const c = s.conferences[command.conferenceId];
      if (!c || !c.heldAt || c.recordsCirculatedAt) invalid('conferenceId', 'error.conference.unknown');
      notFuture('at', command.at);
      notBefore('at', command.at, c.heldAt, 'error.conference.beforeHeld');
      out.push({ type: 'ConferenceRecordsCirculated', conferenceId: c.id, at: command.at });
      stopKey(`T-C6:${c.id}`, command.at, 'records_circulated');
      break;
    }
    case 'name_coordinator':
      out.push({ type: 'CoordinatorNamed', coordinatorId: command.coordinatorId });
      break;
    case 'record_core_group': {
      notFuture('heldAt', command.heldAt);
      notBefore('heldAt', command.heldAt, s.registration?.registeredAt ?? null, 'error.case.beforeRegistration');
      out.push({ type: 'CoreGroupHeld', heldAt: command.heldAt, attendees: command.attendees, summary: command.summary });
      stop('T-C7', command.heldAt, 'core_group_held');
      stop('T-C8', command.heldAt, 'core_group_held');
      start('T-C8', command.heldAt);
      break;
    }
    case 'record_plan':
      out.push({ type: 'ProtectionPlanRecorded', outcomes: command.outcomes, contingency: command.contingency });
      break;
    case 'add_plan_action':
      if (command.dueDate < londonDate(now)) invalid('dueDate', 'error.case.dueInPast');
      out.push({
        type: 'PlanActionAdded',
        actionId: command.actionId,
        description: command.description,
        owner: command.owner,
        dueDate: command.dueDate,
      });
      break;
    case 'complete_plan_action': {
      const a = s.actions[command.actionId];
      if (!a || a.completedAt) invalid('actionId', 'error.case.action');
      out.push({ type: 'PlanActionCompleted', actionId: command.actionId, at: nowIso });
      break;
    }
    case 'record_visit': {
      notFuture('visitedAt', command.visitedAt);
      notBefore('visitedAt', command.visitedAt, s.registration?.registeredAt ?? null, 'error.case.beforeRegistration');
      if (command.bedroomSeen && command.location !== 'home') invalid('bedroomSeen', 'error.visit.bedroomAtHome');
      out.push({
        type: 'StatutoryVisitMade',
        visitedAt: command.visitedAt,
        seenAlone: command.seenAlone,
        location: command.location,
        bedroomSeen: command.bedroomSeen,
        summary: command.summary,
      });
      if (command.seenAlone) {
        stop('T-C9', command.visitedAt, 'seen_alone');
        start('T-C9', command.visitedAt);
      }
      if (command.location === 'home') {
        stop('T-C10', command.visitedAt, 'seen_at_home');
        start('T-C10', command.visitedAt);
      }
      if (command.bedroomSeen) stop('T-C11', command.visitedAt, 'bedroom_seen');
      break;
    }
    case 'notify_transfer': {
      if (command.toLocalAuthorityId === s.localAuthorityId) invalid('toLocalAuthorityId', 'error.transfer.sameAuthority');
      out.push({
        type: 'TransferOutNotified',
        toLocalAuthorityId: command.toLocalAuthorityId,
        movedOn: command.movedOn,
        permanent: command.permanent,
      });
      start('T-C14', nowIso);
      if (command.permanent) start('T-C15', nowIso);
      else start('T-C16', new Date(`${command.movedOn}T12:00:00Z`).toISOString());
      break;
    }
    case 'make_move_permanent':
      out.push({ type: 'MoveMadePermanent', at: nowIso });
      stop('T-C16', nowIso, 'made_permanent');
      start('T-C15', nowIso);
      break;
    case 'send_transfer_information':
      notFuture('at', command.at);
      out.push({ type: 'TransferInformationSent', at: command.at });
      stop('T-C14', command.at, 'information_sent');
      break;
    case 'report_missing': {
      notFuture('at', command.at);
      out.push({ type: 'ChildReportedMissing', at: command.at, circumstances: command.circumstances });
      // Tell the senior manager immediately (c4-p11); visits cannot be made while the child is missing.
      out.push({ type: 'SeniorManagerAlerted', reason: 'child_missing' });
      for (const c of [...runningClocks(s, 'T-C9'), ...runningClocks(s, 'T-C10')]) {
        out.push({ type: 'ClockPaused', key: c.key, at: command.at, reason: 'child_missing' });
      }
      break;
    }
    case 'record_found': {
      notFuture('at', command.at);
      notBefore('at', command.at, s.missingSince, 'error.case.beforeMissing');
      out.push({ type: 'ChildFound', at: command.at, circumstances: command.circumstances });
      out.push({ type: 'SeniorManagerAlerted', reason: 'registered_child_found' });
      // The due date moves on by the London days the child was missing and stays the end of a
      // London day (DOMAIN.md §9), across clock changes too; a working-day clock lands on a working day.
      const foundOn = Date.parse(londonDate(new Date(command.at)));
      for (const c of Object.values(s.clocks)) {
        if (c.stoppedAt !== null || c.pausedAt === null) continue;
        const daysPaused = Math.round((foundOn - Date.parse(londonDate(new Date(c.pausedAt)))) / 86_400_000);
        const moved = addCalendarDays(c.dueDate, daysPaused);
        const workingDays = durationOf(TIMER_RULES[c.timerId], settings)?.unit === 'working_days';
        const due = endOfDay(workingDays ? nextWorkingDayOnOrAfter(moved, calendar) : moved);
        out.push({ type: 'ClockResumed', key: c.key, at: command.at, dueAt: due.dueAt.toISOString(), dueDate: due.dueDate });
      }
      break;
    }
    case 'record_birth': {
      if (command.dateOfBirth > londonDate(now)) invalid('dateOfBirth', 'error.case.future');
      out.push({ type: 'BirthRecorded', childPersonId: command.childPersonId, name: command.name, dateOfBirth: command.dateOfBirth });
      if (s.stage === 'registered' && s.registration) {
        startChildClocks(nowIso, s.registration.nextReviewDue, command.dateOfBirth);
      }
      // Born before the pre-birth conference: it becomes an initial conference, due 15 working
      // days from the birth being recorded (INFERRED; the procedures leave pre-birth timing to regions).
      if (s.stage === 'conference_pending') {
        stop('T-C19', nowIso, 'born_before_conference', 'missed');
        start('T-C4', nowIso);
      }
      break;
    }
    case 'deregister_automatically': {
      notFuture('at', command.at);
      if (command.reason === 'turned_18') {
        if (!s.dateOfBirth) invalid('reason', 'error.deregister.noDateOfBirth');
        const eighteenth = addCalendarMonths(s.dateOfBirth, 18 * 12);
        if (londonDate(new Date(command.at)) < eighteenth) invalid('reason', 'error.deregister.notYet18');
      }
      out.push({ type: 'Deregistered', at: command.at, reason: command.reason, rationale: command.rationale, conferenceId: null });
      stop('T-C17', command.at, command.reason, command.reason === 'turned_18' ? 'met' : 'ended');
      endRegistrationClocks(command.at, command.reason, ['T-C17']);
      stop('T-C14', command.at, command.reason, 'ended');
      stop('T-C15', command.at, command.reason, 'ended');
      stop('T-C16', command.at, command.reason, 'ended');
      break;
    }
    case 'close_case': {
      if (!command.rationale.trim()) invalid('rationale', 'error.rationale.required');
      out.push({ type: 'CaseClosed', rationale: command.rationale });
      for (const c of runningClocks(s)) {
        // The reporter is still owed an acknowledgement; every other clock ends with the case.
        if (c.timerId !== 'T-C2b') out.push({ type: 'ClockStopped', key: c.key, at: nowIso, reason: 'case_closed', outcome: 'ended' });
      }
      break;
    }
    case 'record_timescale_exception': {
      const c = s.clocks[command.clockKey];
      if (!c || c.exception || (c.stoppedAt !== null && c.stoppedAt <= c.dueAt)) invalid('clockKey', 'error.exception.clock');
      if (!command.reason.trim()) invalid('reason', 'error.reason.required');
      out.push({ type: 'TimescaleExceptionRecorded', clockKey: c.key, reason: command.reason, approvedBy: ctx.actor.userId });
      break;
    }
    case 'add_chronology_entry':
      if (command.occurredOn > londonDate(now)) invalid('occurredOn', 'error.case.future');
      out.push({
        type: 'ChronologyEntryAdded',
        entryId: command.entryId,
        occurredOn: command.occurredOn,
        summary: command.summary,
        significant: command.significant,
      });
      break;
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
  return out;
}

interface Helpers {
  start: (t: TimerId, at: string, key?: string) => void;
  startAt: (t: TimerId, at: string, d: Deadline, key?: string) => void;
  stop: (t: TimerId, at: string, reason: string, outcome?: ClockOutcome) => void;
  notFuture: (field: string, iso: string) => void;
  notBefore: (field: string, iso: string, earliest: string | null, key: string) => void;
  startChildClocks: (from: string, nextReviewDue: IsoDate, dob: IsoDate | null) => void;
  endRegistrationClocks: (at: string, reason: string, except?: TimerId[]) => void;
}

/** C8–C16: a conference's decision for one child. Only a conference registers; only a review de-registers. */
function recordConference(
  s: ChildCaseState,
  command: Extract<ChildCaseCommand, { type: 'record_conference' }>,
  ctx: DecisionContext,
  out: ChildCaseEvent[],
  h: Helpers,
): void {
  const kind = nextConferenceKind(s, ctx.actor);
  if (!kind) return fail('invalid_state', 'error.case.noConferenceDue');
  const scheduled = s.conferences[command.conferenceId];
  if (scheduled && (scheduled.heldAt || scheduled.kind !== kind)) invalid('conferenceId', 'error.conference.unknown');
  h.notFuture('heldAt', command.heldAt);
  if (kind === 'initial' || kind === 'pre_birth') {
    h.notBefore('heldAt', command.heldAt, s.lastStrategyAt, 'error.conference.beforeStrategy');
  } else {
    h.notBefore('heldAt', command.heldAt, s.lastConferenceAt, 'error.conference.beforePrevious');
  }
  checkDecisionFits(kind, command.decision);

  const others = new Set(command.attendees.map((a) => a.agency).filter((a) => a !== 'social_services' && a !== 'family'));
  out.push({
    type: 'ConferenceHeld',
    conferenceId: command.conferenceId,
    kind,
    heldAt: command.heldAt,
    attendees: command.attendees,
    apologies: command.apologies,
    reportsReceived: command.reportsReceived,
    quorate: command.attendees.some((a) => a.agency === 'social_services') && others.size >= ctx.settings.conferenceQuorumOtherAgencies,
    householdCaseIds: command.householdCaseIds,
    rationale: command.rationale,
  });
  const heldDate = londonDate(new Date(command.heldAt));
  h.start('T-C6', command.heldAt, `T-C6:${command.conferenceId}`);
  const d = command.decision;

  if (kind === 'initial' || kind === 'pre_birth' || kind === 'transfer_in') {
    if (kind === 'initial') h.stop('T-C4', command.heldAt, 'conference_held');
    if (kind === 'pre_birth') h.stop('T-C19', command.heldAt, 'conference_held');
    if (kind === 'transfer_in') {
      h.stop('T-C15', command.heldAt, 'conference_held');
      h.stop('T-C14', command.heldAt, 'conference_held', 'ended');
      h.endRegistrationClocks(command.heldAt, 'transferred');
      out.push({
        type: 'ResponsibilityTransferred',
        fromLocalAuthorityId: s.localAuthorityId ?? '',
        toLocalAuthorityId: ctx.actor.organisationId,
      });
    }
    if (d.outcome === 'register') {
      const nextReviewDue = addCalendarMonths(heldDate, 3);
      out.push({
        type: 'Registered',
        conferenceId: command.conferenceId,
        categories: d.categories,
        registeredAt: command.heldAt,
        coordinatorId: d.coordinatorId,
        coreGroup: d.coreGroup,
        nextReviewDue,
      });
      // No co-ordinator named: the senior manager is told immediately (c4-p3; §10.2 guard 3).
      if (!d.coordinatorId) out.push({ type: 'SeniorManagerAlerted', reason: 'no_coordinator' });
      h.start('T-C7', command.heldAt);
      h.start('T-C12', command.heldAt);
      if (!s.unborn) h.startChildClocks(command.heldAt, nextReviewDue, s.dateOfBirth);
    } else if (kind === 'transfer_in') {
      out.push({ type: 'Deregistered', at: command.heldAt, reason: 'transfer_in_conference', rationale: command.rationale, conferenceId: command.conferenceId });
    } else {
      out.push({ type: 'NotRegistered', conferenceId: command.conferenceId });
    }
    return;
  }

  // Review conference.
  h.stop('T-C12', command.heldAt, 'review_held');
  h.stop('T-C13', command.heldAt, 'review_held');
  h.stop('T-C11', command.heldAt, 'review_held_bedroom_not_seen', 'missed');
  if (d.outcome === 'remain') {
    const nextReviewDue = addCalendarMonths(heldDate, 6);
    out.push({ type: 'RegistrationContinued', conferenceId: command.conferenceId, categories: d.categories, nextReviewDue });
    h.start('T-C13', command.heldAt);
    if (!s.unborn) h.startAt('T-C11', command.heldAt, endOfDay(nextReviewDue));
  } else {
    if (!command.rationale.trim()) invalid('rationale', 'error.conference.rationale');
    out.push({ type: 'Deregistered', at: command.heldAt, reason: 'review_conference', rationale: command.rationale, conferenceId: command.conferenceId });
    h.endRegistrationClocks(command.heldAt, 'deregistered');
    // A pending move ends with the registration (the fold clears it), so its clocks end too.
    for (const t of ['T-C14', 'T-C15', 'T-C16'] as const) h.stop(t, command.heldAt, 'deregistered', 'ended');
  }
}

function checkDecisionFits(kind: ConferenceKind, d: ConferenceDecision): void {
  const review = kind === 'review';
  const ok = review ? d.outcome === 'remain' || d.outcome === 'deregister' : d.outcome === 'register' || d.outcome === 'do_not_register';
  if (!ok) invalid('decision', 'error.conference.decision');
  if (d.outcome === 'register' || d.outcome === 'remain') {
    if (d.categories.length === 0) invalid('categories', 'error.conference.categories');
    for (const c of d.categories) {
      if (!(REGISTRATION_CATEGORIES as readonly string[]).includes(c)) invalid('categories', 'error.conference.categoryUnknown');
    }
  }
}
