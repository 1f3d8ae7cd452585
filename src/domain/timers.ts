import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  londonDate,
  nextWorkingDayOnOrAfter,
  startOfLondonDay,
  type IsoDate,
  type WorkingDayCalendar,
} from './calendar/working-days.js';
import type { SubjectKind } from './concern.js';
import type { RuleSettingKey, RuleSettings } from './rule-settings.js';

/**
 * Every statutory clock Diogel runs, as data (DOMAIN.md §10.1). Each cites its source.
 * A duration is fixed, read from a setting (values the procedures leave to regions),
 * or set by the event itself (an 18th birthday, the next review conference).
 */
export type DurationUnit = 'working_days' | 'hours' | 'calendar_days' | 'weeks' | 'months';

export type TimerDuration =
  | { amount: number; unit: DurationUnit }
  | { setting: RuleSettingKey; unit: DurationUnit }
  | { fixedBy: 'event' };

export type Alerted =
  | 'reporter_dsp'
  | 'reporter'
  | 'team_manager'
  | 'senior_manager'
  | 'conference_chair'
  | 'coordinator'
  | 'conference_administration'
  | 'receiving_local_authority'
  | 'allocated_worker'
  | 'designated_officer';

/** The process a clock belongs to: a child's case, an adult's case, or an allegation about a practitioner. */
export type TimerProcess = SubjectKind | 'allegation';

export interface TimerRule {
  id: TimerId;
  appliesTo: TimerProcess;
  startEvent: string;
  duration: TimerDuration;
  stopEvent: string;
  alerts: readonly Alerted[];
  source: string;
}

export const TIMER_IDS = [
  'T-C1', 'T-C2', 'T-C2b', 'T-C3', 'T-C4', 'T-C5', 'T-C5a', 'T-C6', 'T-C7', 'T-C8', 'T-C9', 'T-C10',
  'T-C11', 'T-C12', 'T-C13', 'T-C14', 'T-C15', 'T-C16', 'T-C17', 'T-C19', 'T-PP', 'T-EPO',
  'T-A1', 'T-A2', 'T-A3', 'T-A4', 'T-A5', 'T-A6', 'T-A8', 'T-APSO', 'T-P1', 'T-P2a', 'T-P2',
] as const;
export type TimerId = (typeof TIMER_IDS)[number];

const WSP = 'Wales Safeguarding Procedures';

export const TIMER_RULES: Readonly<Record<TimerId, TimerRule>> = {
  'T-C1': {
    id: 'T-C1', appliesTo: 'child',
    startEvent: 'report made by telephone',
    duration: { amount: 1, unit: 'working_days' },
    stopEvent: 'written confirmation received',
    alerts: ['reporter_dsp'],
    source: `${WSP}, children, section 2 (c2-p17): confirm a telephone report in writing within 1 working day`,
  },
  'T-C2': {
    id: 'T-C2', appliesTo: 'child',
    startEvent: 'report received by the local authority',
    duration: { amount: 1, unit: 'working_days' },
    stopEvent: 'decision on next action recorded',
    alerts: ['team_manager', 'senior_manager'],
    source: `${WSP}, children, section 3 part 1 (c3pt1-p4): decide and record within 1 working day of receipt`,
  },
  'T-C2b': {
    id: 'T-C2b', appliesTo: 'child',
    startEvent: 'report sent to the local authority',
    duration: { amount: 7, unit: 'working_days' },
    stopEvent: 'local authority acknowledges the report to the reporter',
    alerts: ['reporter'],
    source: `${WSP}, children, section 2, older text (c2.p18): contact social services again if not acknowledged within 7 working days`,
  },
  'T-C3': {
    id: 'T-C3', appliesTo: 'child',
    startEvent: 'decision to hold a strategy discussion (or immediate protection)',
    duration: { setting: 'strategyDiscussionWorkingDays', unit: 'working_days' },
    stopEvent: 'strategy discussion held',
    alerts: ['team_manager', 'senior_manager'],
    source: `${WSP}, children, section 3 part 1 (c3pt1-p8): no national timescale (GAP, a setting); exceptions need the senior manager`,
  },
  'T-C4': {
    id: 'T-C4', appliesTo: 'child',
    startEvent: 'last strategy discussion or meeting (when determination 3 is made)',
    duration: { amount: 15, unit: 'working_days' },
    stopEvent: 'initial child protection conference held',
    alerts: ['conference_chair', 'team_manager'],
    source: `${WSP}, children, section 3 part 2 (c3pt2-p4): initial conference within 15 working days of the last strategy discussion`,
  },
  'T-C5': {
    id: 'T-C5', appliesTo: 'child',
    startEvent: 'section 47 enquiries start',
    duration: { amount: 42, unit: 'working_days' },
    stopEvent: 'continuing assessment completed',
    alerts: ['team_manager'],
    source: `${WSP}, children, section 3 part 2 (c3pt2-p13): continuing assessment within 42 working days of the start of section 47 enquiries`,
  },
  'T-C5a': {
    id: 'T-C5a', appliesTo: 'child',
    startEvent: 'section 47 enquiries start',
    duration: { setting: 'section47ConclusionWorkingDays', unit: 'working_days' },
    stopEvent: 'section 47 determination recorded',
    alerts: ['team_manager'],
    source: `${WSP}, children, section 3 part 2 (c3pt2-p2): no national figure for concluding enquiries (GAP, a setting; Powys 10)`,
  },
  'T-C6': {
    id: 'T-C6', appliesTo: 'child',
    startEvent: 'conference held',
    duration: { amount: 5, unit: 'working_days' },
    stopEvent: 'outline plan and decisions circulated',
    alerts: ['conference_administration'],
    source: `${WSP}, children, section 3 part 2 (c3pt2-p11): outline plan and summary of decisions within 5 working days`,
  },
  'T-C7': {
    id: 'T-C7', appliesTo: 'child',
    startEvent: 'registration at the initial conference',
    duration: { amount: 10, unit: 'working_days' },
    stopEvent: 'first core group held',
    alerts: ['coordinator', 'team_manager'],
    source: `${WSP}, children, section 4 (c4-p4): first core group within 10 working days of the initial conference`,
  },
  'T-C8': {
    id: 'T-C8', appliesTo: 'child',
    startEvent: 'previous core group',
    duration: { amount: 6, unit: 'weeks' },
    stopEvent: 'next core group held',
    alerts: ['coordinator'],
    source: `${WSP}, children, section 4 (c4-p5) and c3pt2-p13: monthly, and no more than 6 weeks apart`,
  },
  'T-C9': {
    id: 'T-C9', appliesTo: 'child',
    startEvent: 'registration, then the previous visit where the child was seen alone',
    duration: { amount: 10, unit: 'working_days' },
    stopEvent: 'visit where the child is seen alone',
    alerts: ['coordinator', 'team_manager'],
    source: `${WSP}, children, section 4 (c4-p3): the co-ordinator sees the child alone at least every 10 working days`,
  },
  'T-C10': {
    id: 'T-C10', appliesTo: 'child',
    startEvent: 'registration, then the previous visit at home',
    duration: { amount: 4, unit: 'weeks' },
    stopEvent: 'visit at the child’s home',
    alerts: ['coordinator', 'team_manager'],
    source: `${WSP}, children, section 4 (c4-p3): the child is seen at home at least every 4 weeks`,
  },
  'T-C11': {
    id: 'T-C11', appliesTo: 'child',
    startEvent: 'conference at which the child is registered or stays registered',
    duration: { fixedBy: 'event' },
    stopEvent: 'visit where the child’s bedroom is seen (before the next review conference)',
    alerts: ['coordinator'],
    source: `${WSP}, children, section 4 (c4-p3): the child’s bedroom is seen at least once between reviews`,
  },
  'T-C12': {
    id: 'T-C12', appliesTo: 'child',
    startEvent: 'initial conference (registration)',
    duration: { amount: 3, unit: 'months' },
    stopEvent: 'first review conference held',
    alerts: ['conference_chair'],
    source: `${WSP}, children, section 4 (c4-p8): first review conference within 3 months of the initial conference`,
  },
  'T-C13': {
    id: 'T-C13', appliesTo: 'child',
    startEvent: 'previous review conference',
    duration: { amount: 6, unit: 'months' },
    stopEvent: 'next review conference held',
    alerts: ['conference_chair'],
    source: `${WSP}, children, section 4 (c4-p8): then review conferences at least every 6 months`,
  },
  'T-C14': {
    id: 'T-C14', appliesTo: 'child',
    startEvent: 'notification that a registered child has moved',
    duration: { setting: 'transferInformationDays', unit: 'calendar_days' },
    stopEvent: 'written information sent to the receiving authority',
    alerts: ['coordinator', 'team_manager'],
    source: `${WSP}, children, section 4 (c4-p10): written information to the receiving authority within three days`,
  },
  'T-C15': {
    id: 'T-C15', appliesTo: 'child',
    startEvent: 'notification or agreement that the move is permanent',
    duration: { amount: 15, unit: 'working_days' },
    stopEvent: 'transfer-in conference held by the receiving authority',
    alerts: ['receiving_local_authority'],
    source: `${WSP}, children, section 4 (c4-p10): transfer-in conference within 15 working days`,
  },
  'T-C16': {
    id: 'T-C16', appliesTo: 'child',
    startEvent: 'start of a temporary move',
    duration: { amount: 12, unit: 'weeks' },
    stopEvent: 'move made permanent (transfer-in requested) or child returns',
    alerts: ['coordinator'],
    source: `${WSP}, children, section 4 (c4-p10): request a transfer-in conference if a move lasts more than 12 weeks`,
  },
  'T-C17': {
    id: 'T-C17', appliesTo: 'child',
    startEvent: 'registration of a child with a known date of birth',
    duration: { fixedBy: 'event' },
    stopEvent: 'de-registration (automatic at 18, on death or on leaving the UK)',
    alerts: ['coordinator'],
    source: `${WSP}, children, section 4 (c4-p9): automatic de-registration at 18, on death or on permanently leaving the UK`,
  },
  'T-C19': {
    id: 'T-C19', appliesTo: 'child',
    startEvent: 'decision to hold a pre-birth conference',
    duration: { setting: 'preBirthConferenceWeeksBeforeDue', unit: 'weeks' },
    stopEvent: 'pre-birth conference held',
    alerts: ['conference_chair', 'team_manager'],
    source: `${WSP}, children, section 3 part 2 (c3pt2-p1): pre-birth conferences; timing is regional (GAP, weeks before the due date)`,
  },
  'T-PP': {
    id: 'T-PP', appliesTo: 'child',
    startEvent: 'child taken into police protection',
    duration: { amount: 72, unit: 'hours' },
    stopEvent: 'police protection ends',
    alerts: ['allocated_worker', 'team_manager'],
    source: 'Children Act 1989 s46; Wales Safeguarding Procedures c3pt1-p7: police protection lasts up to 72 hours',
  },
  'T-EPO': {
    id: 'T-EPO', appliesTo: 'child',
    startEvent: 'emergency protection order made',
    duration: { amount: 8, unit: 'calendar_days' },
    stopEvent: 'order ends (it can be extended once, to 15 days in all)',
    alerts: ['allocated_worker', 'team_manager'],
    source: 'Children Act 1989 s44–45; Wales Safeguarding Procedures c3pt1-p7: an EPO lasts at most 8 days, extendable to 15',
  },
  'T-A1': {
    id: 'T-A1', appliesTo: 'adult',
    startEvent: 'concern about an adult identified',
    duration: { amount: 24, unit: 'hours' },
    stopEvent: 'report made to the local authority',
    alerts: ['reporter_dsp'],
    source: `${WSP}, adults, section 2 (a2-p14): report as soon as possible and within 24 hours of identifying the concern`,
  },
  'T-A2': {
    id: 'T-A2', appliesTo: 'adult',
    startEvent: 'report made by telephone',
    duration: { amount: 24, unit: 'hours' },
    stopEvent: 'written report received',
    alerts: ['reporter_dsp'],
    source: `${WSP}, adults, section 2 (a2-p14): a telephone report is confirmed in writing within 24 hours`,
  },
  'T-A3': {
    id: 'T-A3', appliesTo: 'adult',
    startEvent: 'report received by the local authority',
    duration: { amount: 7, unit: 'working_days' },
    stopEvent: 'section 126 enquiries concluded (or no enquiry needed)',
    alerts: ['team_manager'],
    source: `${WSP}, adults, section 3 part 1 (a3pt1-p6): enquiries normally within 7 working days of receipt`,
  },
  'T-A4': {
    id: 'T-A4', appliesTo: 'adult',
    startEvent: 'section 126 enquiries concluded (determination 1 or 3)',
    duration: { amount: 7, unit: 'working_days' },
    stopEvent: 'strategy discussion or meeting held',
    alerts: ['team_manager'],
    source: `${WSP}, adults, section 3 part 1 (a3pt1-p14): strategy discussion or meeting within 7 working days of the end of the enquiries`,
  },
  'T-A5': {
    id: 'T-A5', appliesTo: 'adult',
    startEvent: 'adult protection conference arranged',
    duration: { fixedBy: 'event' },
    stopEvent: 'agencies’ reports received by the chair, 2 working days before the conference',
    alerts: ['conference_chair'],
    source: `${WSP}, adults, section 3 part 2 (a3pt2-p4): agency reports reach the chair 2 working days before the conference`,
  },
  'T-A6': {
    id: 'T-A6', appliesTo: 'adult',
    startEvent: 'care and support protection plan agreed, then the previous review',
    duration: { amount: 6, unit: 'weeks' },
    stopEvent: 'plan review held',
    alerts: ['allocated_worker', 'team_manager'],
    source: `${WSP}, adults, section 4 (a4-p6): the plan is reviewed at intervals of no more than 6 weeks`,
  },
  'T-A8': {
    id: 'T-A8', appliesTo: 'adult',
    startEvent: 'investigation agreed at the strategy discussion or meeting',
    duration: { fixedBy: 'event' },
    stopEvent: 'investigation report completed',
    alerts: ['allocated_worker'],
    source: `${WSP}, adults, section 3 part 1 (a3pt1-p19): timescales for investigations are set by the strategy meeting (GAP nationally)`,
  },
  'T-APSO': {
    id: 'T-APSO', appliesTo: 'adult',
    startEvent: 'adult protection and support order comes into force',
    duration: { fixedBy: 'event' },
    stopEvent: 'order used (entry made); it cannot be used after it expires',
    alerts: ['allocated_worker', 'team_manager'],
    source: 'Social Services and Well-being (Wales) Act 2014 s127(5)(c): the order states the period it is in force (maximum a setting, UNVERIFIED 7 days)',
  },
  'T-P1': {
    id: 'T-P1', appliesTo: 'allegation',
    startEvent: 'concern about a practitioner arises',
    duration: { fixedBy: 'event' },
    stopEvent: 'designated officer for safeguarding notified',
    alerts: ['reporter_dsp'],
    source: `${WSP}, section 5 (s5-i-7) and adults a5-p3: tell the designated officer within 24 hours, or the next working day if it arises out of hours`,
  },
  'T-P2a': {
    id: 'T-P2a', appliesTo: 'allegation',
    startEvent: 'designated officer notified',
    duration: { setting: 'professionalStrategyDiscussionWorkingDays', unit: 'working_days' },
    stopEvent: 'professional strategy discussion held',
    alerts: ['designated_officer'],
    source: `${WSP}, section 5 (c5-p4): professional strategy discussion as soon as possible (GAP: no figure, a setting)`,
  },
  'T-P2': {
    id: 'T-P2', appliesTo: 'allegation',
    startEvent: 'threshold met at the strategy discussion, then the review date set at each meeting',
    duration: { setting: 'professionalStrategyMeetingWorkingDays', unit: 'working_days' },
    stopEvent: 'professional strategy meeting held',
    alerts: ['designated_officer'],
    source: `${WSP}, section 5 (c5-p5, c5-p6): meetings convened by the designated officer, review dates set at each (GAP: first meeting a setting)`,
  },
};

/** The clock a newly received report starts. */
export function receiptTimerFor(kind: SubjectKind): TimerRule {
  return kind === 'child' ? TIMER_RULES['T-C2'] : TIMER_RULES['T-A3'];
}

export interface Deadline {
  /** The last day on which the work is on time (Europe/London). */
  dueDate: IsoDate;
  /** The instant after which the work is late. */
  dueAt: Date;
}

/** The amount and unit a rule runs for, under the settings in force. */
export function durationOf(rule: TimerRule, settings: RuleSettings): { amount: number; unit: DurationUnit } | null {
  const d = rule.duration;
  if ('fixedBy' in d) return null;
  if ('setting' in d) return { amount: Number(settings[d.setting]), unit: d.unit };
  return d;
}

export function deadlineFor(
  rule: TimerRule,
  start: Date,
  calendar: WorkingDayCalendar,
  settings?: RuleSettings,
): Deadline {
  const duration = durationOf(rule, settings ?? ({} as RuleSettings));
  if (!duration || Number.isNaN(duration.amount)) throw new Error(`${rule.id} has no fixed duration`);
  return deadlineAfter(start, duration.amount, duration.unit, calendar);
}

export function deadlineAfter(start: Date, amount: number, unit: DurationUnit, calendar: WorkingDayCalendar): Deadline {
  if (unit === 'hours') {
    const dueAt = new Date(start.getTime() + amount * 3_600_000);
    return { dueAt, dueDate: londonDate(new Date(dueAt.getTime() - 1)) };
  }
  const startDate = londonDate(start);
  const dueDate =
    unit === 'working_days'
      ? addWorkingDays(startDate, amount, calendar)
      : unit === 'calendar_days'
        ? addCalendarDays(startDate, amount)
        : unit === 'weeks'
          ? addCalendarDays(startDate, amount * 7)
          : addCalendarMonths(startDate, amount);
  return endOfDay(dueDate);
}

/** Due by the end of a London calendar day. */
export function endOfDay(dueDate: IsoDate): Deadline {
  return { dueDate, dueAt: startOfLondonDay(addCalendarDays(dueDate, 1)) };
}

export type ClockStatus = 'stopped' | 'due' | 'due_today' | 'overdue';

export interface ClockState {
  dueAt: Date;
  dueDate: string;
  stoppedAt: Date | null;
}

export function clockStatus(clock: ClockState, now: Date): ClockStatus {
  if (clock.stoppedAt) return 'stopped';
  if (now.getTime() >= clock.dueAt.getTime()) return 'overdue';
  return londonDate(now) === clock.dueDate ? 'due_today' : 'due';
}

/** How a case clock reads on a timeline (DOMAIN.md §10.1; issue 3: due, overdue, met, paused with reason). */
export type ClockDisplayStatus = 'due' | 'due_today' | 'overdue' | 'paused' | 'met' | 'late' | 'missed' | 'ended';

export function clockDisplayStatus(
  c: { dueAt: Date; dueDate: string; stoppedAt: Date | null; outcome: string | null; pausedAt: Date | null },
  now: Date,
): ClockDisplayStatus {
  if (c.stoppedAt) {
    if (c.outcome === 'ended') return 'ended';
    if (c.outcome === 'missed') return 'missed';
    return c.stoppedAt.getTime() <= c.dueAt.getTime() ? 'met' : 'late';
  }
  if (c.pausedAt) return 'paused';
  const s = clockStatus({ dueAt: c.dueAt, dueDate: c.dueDate, stoppedAt: null }, now);
  return s === 'stopped' ? 'met' : s;
}

const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** Whether an instant falls outside office hours on a working day (DOMAIN.md P0; office hours are settings). */
export function isOutOfHours(at: Date, calendar: WorkingDayCalendar, settings: RuleSettings): boolean {
  if (!calendar.isWorkingDay(londonDate(at))) return true;
  const hour = Number(LONDON_HOUR.format(at));
  return hour < settings.officeHoursStart || hour >= settings.officeHoursEnd;
}

/**
 * T-P1: the designated officer is told within 24 hours of a concern arising, or by the
 * end of the next working day when it arises out of hours (s5-i-7). Before opening on a
 * working day, that day is the next working day.
 */
export function notificationDeadline(arose: Date, calendar: WorkingDayCalendar, settings: RuleSettings): Deadline {
  if (!isOutOfHours(arose, calendar, settings)) return deadlineAfter(arose, 24, 'hours', calendar);
  const day = londonDate(arose);
  const hour = Number(LONDON_HOUR.format(arose));
  const sameDay = calendar.isWorkingDay(day) && hour < settings.officeHoursStart;
  return endOfDay(sameDay ? day : nextWorkingDayOnOrAfter(addCalendarDays(day, 1), calendar));
}

/** The working day `n` working days before a date (T-A5: reports 2 working days before the conference). */
export function workingDaysBefore(date: IsoDate, n: number, calendar: WorkingDayCalendar): IsoDate {
  let d = date;
  let counted = 0;
  while (counted < n) {
    d = addCalendarDays(d, -1);
    if (calendar.isWorkingDay(d)) counted++;
  }
  return d;
}
