import { londonDate, workingDaysBetween, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { clockDisplayStatus, TIMER_RULES, type TimerId } from '../domain/timers.js';
import type { ClockProjection } from '../store/cases.repository.js';

/** A clock as a timeline shows it: status, working days left, and the rule's source and who is alerted. */
export function clockViews(rows: readonly ClockProjection[], now: Date, calendar: WorkingDayCalendar) {
  const today = londonDate(now);
  return rows.map((c) => {
    const rule = TIMER_RULES[c.timerId as TimerId];
    return {
      ...c,
      status: clockDisplayStatus(c, now),
      workingDaysLeft: c.stoppedAt ? null : workingDaysBetween(today, c.dueDate, calendar),
      source: rule?.source ?? '',
      alerts: rule?.alerts ?? [],
    };
  });
}
export type ClockView = ReturnType<typeof clockViews>[number];
