import type { IsoDate } from '../calendar/working-days.js';
import { EMPTY_CLOCK_BOOK, evolveClocks, isClockEvent, type ClockBook, type ClockEvent } from './clocks.js';

/**
 * Allegations and concerns about practitioners and people in positions of trust
 * ("Section 5"; DOMAIN.md §5 and §10.4): vocabulary, events, commands and state.
 * The decider (allegation.decider.ts) holds every rule.
 */

/** Who the concern is about (s5 scope: paid, agency, students, volunteers, self-employed, personal assistants). */
export const EMPLOYMENT_TYPES = ['employee', 'agency', 'student', 'volunteer', 'self_employed', 'personal_assistant'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** The three threshold criteria (s5-i-3, s5-i-4): any one is enough. */
export const THRESHOLD_CRITERIA = ['harm', 'offence', 'unsuitable'] as const;
export type ThresholdCriterion = (typeof THRESHOLD_CRITERIA)[number];

/** Conduct at work, or in private life where it suggests a risk at work (a5-p3). */
export const ALLEGATION_CONTEXTS = ['work', 'private_life'] as const;
export type AllegationContext = (typeof ALLEGATION_CONTEXTS)[number];

export const ALLEGATION_AGENCIES = [
  'designated_officer',
  'police',
  'social_services',
  'employer',
  'health',
  'education',
  'legal',
  'ciw',
  'hiw',
  'social_care_wales',
  'other',
] as const;
export type AllegationAgency = (typeof ALLEGATION_AGENCIES)[number];

export interface AllegationAttendee {
  name: string;
  agency: AllegationAgency;
}

/** The parallel tracks a professional strategy meeting co-ordinates (c5-p5). */
export const ALLEGATION_TRACKS = ['criminal', 'disciplinary', 'protection'] as const;
export type AllegationTrack = (typeof ALLEGATION_TRACKS)[number];
export const TRACK_STATUSES = ['not_started', 'open', 'concluded', 'not_needed'] as const;
export type TrackStatus = (typeof TRACK_STATUSES)[number];

/** Outcomes on the balance of probabilities (s5-i-14). England's "false" is not in the Welsh list. */
export const ALLEGATION_OUTCOMES = ['substantiated', 'unsubstantiated', 'unfounded', 'malicious'] as const;
export type AllegationOutcome = (typeof ALLEGATION_OUTCOMES)[number];

export const REFERRAL_BODIES = ['dbs', 'social_care_wales', 'ciw', 'hiw', 'other_regulator'] as const;
export type ReferralBody = (typeof REFERRAL_BODIES)[number];
export const REFERRAL_RESPONSIBLE = ['employer', 'designated_officer', 'other'] as const;
export type ReferralResponsible = (typeof REFERRAL_RESPONSIBLE)[number];

export const ALLEGATION_STAGES = ['notified', 'below_threshold', 'meetings', 'concluded', 'closed'] as const;
export type AllegationStage = (typeof ALLEGATION_STAGES)[number];

export interface AllegationSubject {
  name: string;
  role: string;
  employer: string;
  employmentType: EmploymentType;
  /** The subject's own account, when they use Diogel: they can never be added to their own allegation. */
  userId: string | null;
}

export type AllegationEvent =
  | ClockEvent
  | {
      type: 'AllegationOpened';
      allegationId: string;
      localAuthorityId: string;
      subject: AllegationSubject;
      context: AllegationContext;
      criteria: ThresholdCriterion[];
      concernAroseAt: string;
      outOfHours: boolean;
      raisedBy: string;
      notifiedAt: string;
      summary: string;
    }
  | { type: 'MemberAdded'; userId: string }
  | { type: 'MemberRemoved'; userId: string }
  | { type: 'CaseLinked'; caseId: string }
  | {
      type: 'ProfessionalStrategyDiscussionHeld';
      heldAt: string;
      attendees: AllegationAttendee[];
      thresholdMet: boolean;
      interimSafeguards: string;
      sharing: string;
      employerRecord: string;
      summary: string;
    }
  | {
      type: 'ProfessionalStrategyMeetingHeld';
      meetingId: string;
      heldAt: string;
      attendees: AllegationAttendee[];
      tracks: Record<AllegationTrack, TrackStatus>;
      nextMeetingOn: IsoDate | null;
      summary: string;
    }
  | { type: 'TrackUpdated'; track: AllegationTrack; status: TrackStatus; at: string; summary: string }
  | {
      type: 'ConcludingMeetingHeld';
      heldAt: string;
      attendees: AllegationAttendee[];
      outcome: AllegationOutcome;
      consensus: boolean;
      rationale: string;
    }
  | { type: 'ReferralAdded'; referralId: string; body: ReferralBody; bodyName: string; responsible: ReferralResponsible; reason: string }
  | { type: 'ReferralCompleted'; referralId: string; completedOn: IsoDate; reference: string }
  | { type: 'AllegationClosed'; at: string; rationale: string }
  | { type: 'AllegationNoteAdded'; noteId: string; occurredOn: IsoDate; summary: string };

export type AllegationCommand =
  | {
      type: 'open_allegation';
      allegationId: string;
      localAuthorityId: string;
      subjectName: string;
      subjectRole: string;
      employer: string;
      employmentType: EmploymentType;
      subjectUserId: string | null;
      context: AllegationContext;
      criteria: ThresholdCriterion[];
      concernAroseAt: string;
      raisedBy: string;
      notifiedAt: string;
      summary: string;
    }
  | { type: 'add_member'; userId: string }
  | { type: 'remove_member'; userId: string }
  | { type: 'link_case'; caseId: string }
  | {
      type: 'record_strategy_discussion';
      heldAt: string;
      attendees: AllegationAttendee[];
      thresholdMet: boolean;
      interimSafeguards: string;
      sharing: string;
      employerRecord: string;
      summary: string;
    }
  | {
      type: 'record_strategy_meeting';
      meetingId: string;
      heldAt: string;
      attendees: AllegationAttendee[];
      criminal: TrackStatus;
      disciplinary: TrackStatus;
      protection: TrackStatus;
      nextMeetingOn: IsoDate | null;
      summary: string;
    }
  | { type: 'update_track'; track: AllegationTrack; status: TrackStatus; summary: string }
  | {
      type: 'record_concluding_meeting';
      heldAt: string;
      attendees: AllegationAttendee[];
      outcome: AllegationOutcome;
      consensus: boolean;
      rationale: string;
    }
  | { type: 'add_referral'; referralId: string; body: ReferralBody; bodyName: string; responsible: ReferralResponsible; reason: string }
  | { type: 'complete_referral'; referralId: string; completedOn: IsoDate; reference: string }
  | { type: 'close_allegation'; rationale: string }
  | { type: 'add_note'; noteId: string; occurredOn: IsoDate; summary: string };

export type AllegationCommandType = AllegationCommand['type'];

/** Steps people choose from an allegation's page (open_allegation is the notification form). */
export const ALLEGATION_COMMAND_TYPES = [
  'add_member',
  'remove_member',
  'link_case',
  'record_strategy_discussion',
  'record_strategy_meeting',
  'update_track',
  'record_concluding_meeting',
  'add_referral',
  'complete_referral',
  'close_allegation',
  'add_note',
] as const satisfies readonly AllegationCommandType[];
export type AllegationStepType = (typeof ALLEGATION_COMMAND_TYPES)[number];

export interface AllegationState extends ClockBook {
  version: number;
  stage: AllegationStage | null;
  localAuthorityId: string | null;
  subject: AllegationSubject | null;
  notifiedAt: string | null;
  members: string[];
  linkedCases: string[];
  discussionAt: string | null;
  thresholdMet: boolean | null;
  meetings: number;
  lastMeetingAt: string | null;
  tracks: Record<AllegationTrack, TrackStatus>;
  outcome: AllegationOutcome | null;
  concludedAt: string | null;
  referrals: Record<string, { body: ReferralBody; bodyName: string; responsible: ReferralResponsible; completedOn: IsoDate | null; reference: string | null }>;
}

export const INITIAL_ALLEGATION_STATE: AllegationState = Object.freeze({
  ...EMPTY_CLOCK_BOOK,
  version: 0,
  stage: null,
  localAuthorityId: null,
  subject: null,
  notifiedAt: null,
  members: [],
  linkedCases: [],
  discussionAt: null,
  thresholdMet: null,
  meetings: 0,
  lastMeetingAt: null,
  tracks: { criminal: 'not_started', disciplinary: 'not_started', protection: 'not_started' },
  outcome: null,
  concludedAt: null,
  referrals: {},
}) as AllegationState;

export function evolveAllegation(s: AllegationState, e: AllegationEvent): AllegationState {
  const next = { ...s, version: s.version + 1 };
  if (isClockEvent(e)) {
    const book = evolveClocks(s, e);
    return { ...next, clocks: book.clocks, clockCounts: book.clockCounts };
  }
  switch (e.type) {
    case 'AllegationOpened':
      return { ...next, stage: 'notified', localAuthorityId: e.localAuthorityId, subject: e.subject, notifiedAt: e.notifiedAt };
    case 'MemberAdded':
      return { ...next, members: [...s.members.filter((m) => m !== e.userId), e.userId] };
    case 'MemberRemoved':
      return { ...next, members: s.members.filter((m) => m !== e.userId) };
    case 'CaseLinked':
      return { ...next, linkedCases: [...s.linkedCases.filter((c) => c !== e.caseId), e.caseId] };
    case 'ProfessionalStrategyDiscussionHeld':
      return { ...next, discussionAt: e.heldAt, thresholdMet: e.thresholdMet, stage: e.thresholdMet ? 'meetings' : 'below_threshold' };
    case 'ProfessionalStrategyMeetingHeld':
      return { ...next, meetings: s.meetings + 1, lastMeetingAt: e.heldAt, tracks: e.tracks };
    case 'TrackUpdated':
      return { ...next, tracks: { ...s.tracks, [e.track]: e.status } };
    case 'ConcludingMeetingHeld':
      return { ...next, stage: 'concluded', outcome: e.outcome, concludedAt: e.heldAt, lastMeetingAt: e.heldAt };
    case 'ReferralAdded':
      return {
        ...next,
        referrals: { ...s.referrals, [e.referralId]: { body: e.body, bodyName: e.bodyName, responsible: e.responsible, completedOn: null, reference: null } },
      };
    case 'ReferralCompleted': {
      const r = s.referrals[e.referralId];
      return r ? { ...next, referrals: { ...s.referrals, [e.referralId]: { ...r, completedOn: e.completedOn, reference: e.reference } } } : next;
    }
    case 'AllegationClosed':
      return { ...next, stage: 'closed' };
    case 'AllegationNoteAdded':
      return next;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

export function foldAllegation(events: readonly AllegationEvent[]): AllegationState {
  return events.reduce(evolveAllegation, INITIAL_ALLEGATION_STATE);
}
