import { londonDate, type IsoDate } from '../calendar/working-days.js';
import { DomainError } from '../errors.js';
import { endOfDay, isOutOfHours, notificationDeadline } from '../timers.js';
import { clockWriter, running } from './clocks.js';
import {
  ALLEGATION_TRACKS,
  type AllegationCommand,
  type AllegationCommandType,
  type AllegationEvent,
  type AllegationState,
} from './allegation.model.js';
import type { DecisionActor, DecisionContext } from './child-protection.decider.js';

/**
 * The Section 5 decider (DOMAIN.md §5, §10.4): (state, command, context) → events, or a
 * DomainError. Who may open an allegation at all is the access policy's question; here
 * the designated officer (the allegations lead) leads, and the people they add may
 * keep the tracks, referrals and notes up to date.
 */
export type AllegationActor = DecisionActor & { lead: boolean };

const LEAD_ONLY: ReadonlySet<AllegationCommandType> = new Set([
  'open_allegation',
  'add_member',
  'remove_member',
  'record_strategy_discussion',
  'record_strategy_meeting',
  'record_concluding_meeting',
  'close_allegation',
]);

function invalid(field: string, key: string): never {
  throw new DomainError('validation', 'error.validation', { [field]: key });
}

export function allegationPrecondition(s: AllegationState, type: AllegationCommandType, actor: AllegationActor): string | null {
  if (LEAD_ONLY.has(type) && !actor.lead) return 'error.case.role';
  if (type === 'open_allegation') return s.stage === null ? null : 'error.case.exists';
  if (s.stage === null) return 'error.notFound';
  const closed = s.stage === 'closed';
  switch (type) {
    case 'add_note':
      return null;
    case 'add_member':
    case 'link_case':
      return closed ? 'error.case.closed' : null;
    case 'remove_member':
      if (closed) return 'error.case.closed';
      return s.members.length > 0 ? null : 'error.allegation.noMembers';
    case 'record_strategy_discussion':
      return s.stage === 'notified' ? null : 'error.allegation.discussionHeld';
    case 'record_strategy_meeting':
    case 'update_track':
      return s.stage === 'meetings' ? null : 'error.allegation.noMeetings';
    case 'record_concluding_meeting':
      if (s.stage !== 'meetings') return 'error.allegation.noMeetings';
      if (s.meetings === 0) return 'error.allegation.meetingFirst';
      return ALLEGATION_TRACKS.some((t) => s.tracks[t] === 'open') ? 'error.allegation.trackOpen' : null;
    case 'add_referral':
      return s.stage === 'meetings' || s.stage === 'concluded' ? null : 'error.allegation.noReferralNow';
    case 'complete_referral':
      return Object.values(s.referrals).some((r) => !r.completedOn) ? null : 'error.allegation.noOpenReferral';
    case 'close_allegation':
      if (s.stage !== 'concluded' && s.stage !== 'below_threshold') return 'error.allegation.notConcluded';
      return Object.values(s.referrals).some((r) => !r.completedOn) ? 'error.allegation.referralsOpen' : null;
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

export function decideAllegation(s: AllegationState, c: AllegationCommand, ctx: Omit<DecisionContext, 'actor'> & { actor: AllegationActor }): AllegationEvent[] {
  const blocked = allegationPrecondition(s, c.type, ctx.actor);
  if (blocked === 'error.notFound') throw new DomainError('not_found', blocked);
  if (blocked === 'error.case.role') throw new DomainError('not_permitted', blocked);
  if (blocked) throw new DomainError('invalid_state', blocked);

  const { now, calendar, settings } = ctx;
  const nowIso = now.toISOString();
  const today = londonDate(now);
  const out: AllegationEvent[] = [];
  const clocks = clockWriter<AllegationEvent>(s, out, calendar, settings);
  const notFuture = (field: string, iso: string) => {
    if (Date.parse(iso) > now.getTime() + 60_000) invalid(field, 'error.case.future');
  };
  const notFutureDate = (field: string, d: IsoDate) => {
    if (d > today) invalid(field, 'error.case.future');
  };
  const notBefore = (field: string, iso: string, earliest: string | null, key: string) => {
    if (earliest && Date.parse(iso) < Date.parse(earliest)) invalid(field, key);
  };
  const text = (field: string, v: string) => {
    if (!v.trim()) invalid(field, `error.${field}.required`);
  };

  switch (c.type) {
    case 'open_allegation': {
      notFuture('concernAroseAt', c.concernAroseAt);
      notFuture('notifiedAt', c.notifiedAt);
      notBefore('notifiedAt', c.notifiedAt, c.concernAroseAt, 'error.allegation.notifiedBeforeConcern');
      if (c.criteria.length === 0) invalid('criteria', 'error.criteria.required');
      const arose = new Date(c.concernAroseAt);
      out.push({
        type: 'AllegationOpened',
        allegationId: c.allegationId,
        localAuthorityId: c.localAuthorityId,
        subject: { name: c.subjectName, role: c.subjectRole, employer: c.employer, employmentType: c.employmentType, userId: c.subjectUserId },
        context: c.context,
        criteria: [...new Set(c.criteria)],
        concernAroseAt: c.concernAroseAt,
        outOfHours: isOutOfHours(arose, calendar, settings),
        raisedBy: c.raisedBy,
        notifiedAt: c.notifiedAt,
        summary: c.summary,
      });
      // T-P1: the designated officer is told within 24 hours, or the next working day out of hours.
      clocks.startAt('T-P1', c.concernAroseAt, notificationDeadline(arose, calendar, settings));
      out.push({ type: 'ClockStopped', key: 'T-P1', at: c.notifiedAt, reason: 'designated_officer_notified', outcome: 'met' });
      clocks.start('T-P2a', c.notifiedAt);
      break;
    }
    case 'add_member':
      if (c.userId === s.subject?.userId) invalid('userId', 'error.allegation.subjectCannotBeMember');
      if (s.members.includes(c.userId)) invalid('userId', 'error.allegation.alreadyMember');
      out.push({ type: 'MemberAdded', userId: c.userId });
      break;
    case 'remove_member':
      if (!s.members.includes(c.userId)) invalid('userId', 'error.allegation.notMember');
      out.push({ type: 'MemberRemoved', userId: c.userId });
      break;
    case 'link_case':
      if (s.linkedCases.includes(c.caseId)) invalid('caseId', 'error.allegation.alreadyLinked');
      out.push({ type: 'CaseLinked', caseId: c.caseId });
      break;
    case 'record_strategy_discussion': {
      notFuture('heldAt', c.heldAt);
      notBefore('heldAt', c.heldAt, s.notifiedAt, 'error.allegation.beforeNotification');
      // The police are always part of the professional strategy discussion (c5-p4).
      if (!c.attendees.some((a) => a.agency === 'police')) invalid('attendees', 'error.allegation.policeAttend');
      if (!c.attendees.some((a) => a.agency === 'designated_officer')) invalid('attendees', 'error.allegation.officerAttends');
      // A decision not to go ahead is recorded against the employee's record too (s5-i-4).
      if (!c.thresholdMet) text('employerRecord', c.employerRecord);
      text('summary', c.summary);
      out.push({
        type: 'ProfessionalStrategyDiscussionHeld',
        heldAt: c.heldAt,
        attendees: c.attendees,
        thresholdMet: c.thresholdMet,
        interimSafeguards: c.interimSafeguards,
        sharing: c.sharing,
        employerRecord: c.employerRecord,
        summary: c.summary,
      });
      clocks.stop('T-P2a', c.heldAt, 'discussion_held');
      if (c.thresholdMet) clocks.start('T-P2', c.heldAt);
      break;
    }
    case 'record_strategy_meeting': {
      notFuture('heldAt', c.heldAt);
      notBefore('heldAt', c.heldAt, s.lastMeetingAt ?? s.discussionAt, 'error.allegation.beforePrevious');
      if (!c.attendees.some((a) => a.agency === 'designated_officer')) invalid('attendees', 'error.allegation.officerAttends');
      const held = londonDate(new Date(c.heldAt));
      if (c.nextMeetingOn && c.nextMeetingOn <= held) invalid('nextMeetingOn', 'error.allegation.nextMeetingAfter');
      if (!c.nextMeetingOn && [c.criminal, c.disciplinary, c.protection].includes('open')) invalid('nextMeetingOn', 'error.nextMeetingOn.required');
      text('summary', c.summary);
      out.push({
        type: 'ProfessionalStrategyMeetingHeld',
        meetingId: c.meetingId,
        heldAt: c.heldAt,
        attendees: c.attendees,
        tracks: { criminal: c.criminal, disciplinary: c.disciplinary, protection: c.protection },
        nextMeetingOn: c.nextMeetingOn,
        summary: c.summary,
      });
      // Review dates are set at each meeting (c5-p5): the next one is the new T-P2 deadline.
      clocks.stop('T-P2', c.heldAt, 'meeting_held');
      if (c.nextMeetingOn) clocks.startAt('T-P2', c.heldAt, endOfDay(c.nextMeetingOn));
      break;
    }
    case 'update_track':
      text('summary', c.summary);
      if (s.tracks[c.track] === c.status) invalid('status', 'error.allegation.trackUnchanged');
      out.push({ type: 'TrackUpdated', track: c.track, status: c.status, at: nowIso, summary: c.summary });
      break;
    case 'record_concluding_meeting':
      notFuture('heldAt', c.heldAt);
      notBefore('heldAt', c.heldAt, s.lastMeetingAt, 'error.allegation.beforePrevious');
      if (!c.attendees.some((a) => a.agency === 'designated_officer')) invalid('attendees', 'error.allegation.officerAttends');
      text('rationale', c.rationale);
      out.push({ type: 'ConcludingMeetingHeld', heldAt: c.heldAt, attendees: c.attendees, outcome: c.outcome, consensus: c.consensus, rationale: c.rationale });
      clocks.stop('T-P2', c.heldAt, 'concluding_meeting_held');
      break;
    case 'add_referral':
      if (c.body === 'other_regulator') text('bodyName', c.bodyName);
      text('reason', c.reason);
      out.push({ type: 'ReferralAdded', referralId: c.referralId, body: c.body, bodyName: c.body === 'other_regulator' ? c.bodyName.trim() : '', responsible: c.responsible, reason: c.reason });
      break;
    case 'complete_referral': {
      const r = s.referrals[c.referralId];
      if (!r || r.completedOn) invalid('referralId', 'error.referralId.required');
      notFutureDate('completedOn', c.completedOn);
      out.push({ type: 'ReferralCompleted', referralId: c.referralId, completedOn: c.completedOn, reference: c.reference });
      break;
    }
    case 'close_allegation':
      text('rationale', c.rationale);
      out.push({ type: 'AllegationClosed', at: nowIso, rationale: c.rationale });
      for (const k of running(s)) out.push({ type: 'ClockStopped', key: k.key, at: nowIso, reason: 'closed', outcome: 'ended' });
      break;
    case 'add_note':
      notFutureDate('occurredOn', c.occurredOn);
      text('summary', c.summary);
      out.push({ type: 'AllegationNoteAdded', noteId: c.noteId, occurredOn: c.occurredOn, summary: c.summary });
      break;
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
  return out;
}

export function allowedAllegationSteps<T extends AllegationCommandType>(s: AllegationState, actor: AllegationActor, candidates: readonly T[]): T[] {
  return candidates.filter((t) => allegationPrecondition(s, t, actor) === null);
}
