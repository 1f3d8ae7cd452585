import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  londonDate,
  startOfLondonDay,
  type WorkingDayCalendar,
} from './calendar/working-days.js';
import type { SubjectKind } from './concern.js';

/**
 * Every statutory clock Diogel runs, as data (DOMAIN.md §10.1). Each cites its source.
 * Later stages add rows here; the clock engine below needs no change.
 */
export type DurationUnit = 'working_days' | 'hours' | 'calendar_days' | 'weeks' | 'months';

export interface TimerRule {
  id: TimerId;
  appliesTo: SubjectKind;
  startEvent: string;
  duration: { amount: number; unit: DurationUnit };
  stopEvent: string;
  alerts: string;
  source: string;
}

export type TimerId = 'T-C2' | 'T-A3';

export const TIMER_RULES: Readonly<Record<TimerId, TimerRule>> = {
  'T-C2': {
    id: 'T-C2',
    appliesTo: 'child',
    startEvent: 'report received by the local authority',
    duration: { amount: 1, unit: 'working_days' },
    stopEvent: 'decision on next action recorded',
    alerts: 'team manager; an exception needs a senior manager and a reason',
    source: 'Wales Safeguarding Procedures, children, section 3 part 1 (c3pt1-p4): decide and record within 1 working day of receipt',
  },
  'T-A3': {
    id: 'T-A3',
    appliesTo: 'adult',
    startEvent: 'report received by the local authority',
    duration: { amount: 7, unit: 'working_days' },
    stopEvent: 'section 126 enquiries concluded (or no enquiry needed)',
    alerts: 'team manager; statutory performance measure',
    source: 'Wales Safeguarding Procedures, adults, section 3 part 1 (a3pt1-p6): enquiries normally within 7 working days of receipt',
  },
};

/** The clock a newly received report starts. */
export function receiptTimerFor(kind: SubjectKind): TimerRule {
  return kind === 'child' ? TIMER_RULES['T-C2'] : TIMER_RULES['T-A3'];
}

export interface Deadline {
  /** The last day on which the work is on time (Europe/London). */
  dueDate: string;
  /** The instant after which the work is late. */
  dueAt: Date;
}

export function deadlineFor(rule: TimerRule, start: Date, calendar: WorkingDayCalendar): Deadline {
  const { amount, unit } = rule.duration;
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
  // Due by the end of the due day in Europe/London.
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
