import { londonDate, type IsoDate, type WorkingDayCalendar } from '../calendar/working-days.js';
import type { RuleSettings } from '../rule-settings.js';
import { deadlineAfter, durationOf, TIMER_RULES, type Deadline, type TimerId } from '../timers.js';
import type { ClockRecord } from './child-protection.state.js';

export type { ClockRecord };
export type ClockOutcome = 'met' | 'missed' | 'ended';

/** The clock events every process shares (child, adult and allegation streams). */
export type ClockEvent =
  | { type: 'ClockStarted'; key: string; timerId: TimerId; startedAt: string; dueAt: string; dueDate: IsoDate }
  | { type: 'ClockStopped'; key: string; at: string; reason: string; outcome: ClockOutcome }
  | { type: 'TimescaleExceptionRecorded'; clockKey: string; reason: string; approvedBy: string };

export interface ClockBook {
  clocks: Record<string, ClockRecord>;
  /** How many clocks of each timer have been started (for cyclical keys such as T-A6#3). */
  clockCounts: Partial<Record<TimerId, number>>;
}

export const EMPTY_CLOCK_BOOK: ClockBook = Object.freeze({ clocks: {}, clockCounts: {} }) as ClockBook;

/** Move a clock book on by one clock event. */
export function evolveClocks(b: ClockBook, e: ClockEvent): ClockBook {
  switch (e.type) {
    case 'ClockStarted':
      return {
        clocks: {
          ...b.clocks,
          [e.key]: {
            key: e.key,
            timerId: e.timerId,
            startedAt: e.startedAt,
            dueAt: e.dueAt,
            dueDate: e.dueDate,
            stoppedAt: null,
            stopReason: null,
            outcome: null,
            pausedAt: null,
            pauseReason: null,
            exception: null,
          },
        },
        clockCounts: { ...b.clockCounts, [e.timerId]: (b.clockCounts[e.timerId] ?? 0) + 1 },
      };
    case 'ClockStopped': {
      const c = b.clocks[e.key];
      if (!c) return b;
      return { ...b, clocks: { ...b.clocks, [e.key]: { ...c, stoppedAt: e.at, stopReason: e.reason, outcome: e.outcome, pausedAt: null } } };
    }
    case 'TimescaleExceptionRecorded': {
      const c = b.clocks[e.clockKey];
      if (!c) return b;
      return { ...b, clocks: { ...b.clocks, [e.clockKey]: { ...c, exception: { reason: e.reason, approvedBy: e.approvedBy } } } };
    }
  }
}

export function isClockEvent(e: { type: string }): e is ClockEvent {
  return e.type === 'ClockStarted' || e.type === 'ClockStopped' || e.type === 'TimescaleExceptionRecorded';
}

export function running(b: ClockBook, timerId?: TimerId): ClockRecord[] {
  return Object.values(b.clocks).filter((c) => c.stoppedAt === null && (!timerId || c.timerId === timerId));
}

/** A clock that may take a timescale exception: still running past due, or stopped late, and not already excepted. */
export function mayTakeException(c: ClockRecord): boolean {
  if (c.exception) return false;
  return c.stoppedAt === null || c.stoppedAt > c.dueAt;
}

/**
 * Writes clock events for one decision: keys are `T-X`, then `T-X#2`, … for a timer that
 * runs again; a clock is stopped at most once even when two rules of one step stop it.
 */
export function clockWriter<E extends { type: string }>(
  book: ClockBook,
  out: (E | ClockEvent)[],
  calendar: WorkingDayCalendar,
  settings: RuleSettings,
) {
  const counts: Partial<Record<TimerId, number>> = { ...book.clockCounts };
  const stoppedNow = () => new Set(out.flatMap((e) => (e.type === 'ClockStopped' ? [(e as ClockEvent & { key: string }).key] : [])));
  const startAt = (timerId: TimerId, startedAt: string, deadline: Deadline): string => {
    const n = (counts[timerId] ?? 0) + 1;
    counts[timerId] = n;
    const key = n === 1 ? timerId : `${timerId}#${n}`;
    out.push({ type: 'ClockStarted', key, timerId, startedAt, dueAt: deadline.dueAt.toISOString(), dueDate: deadline.dueDate });
    return key;
  };
  return {
    startAt,
    /** Start a timer whose duration is fixed or a setting; returns its key. */
    start(timerId: TimerId, startedAt: string): string {
      const d = durationOf(TIMER_RULES[timerId], settings);
      if (!d) throw new Error(`${timerId} needs an explicit deadline`);
      return startAt(timerId, startedAt, deadlineAfter(new Date(startedAt), d.amount, d.unit, calendar));
    },
    /** Stop every running clock of a timer. */
    stop(timerId: TimerId, at: string, reason: string, outcome: ClockOutcome = 'met'): void {
      const done = stoppedNow();
      for (const c of running(book, timerId)) {
        if (!done.has(c.key)) out.push({ type: 'ClockStopped', key: c.key, at, reason, outcome });
      }
    },
    stopKey(key: string, at: string, reason: string, outcome: ClockOutcome = 'met'): void {
      const c = book.clocks[key];
      if (c && c.stoppedAt === null && !stoppedNow().has(key)) out.push({ type: 'ClockStopped', key, at, reason, outcome });
    },
  };
}

/** Due at an instant (an order's expiry): the due date is the London day it falls in. */
export function dueAtInstant(at: Date): Deadline {
  return { dueAt: at, dueDate: londonDate(new Date(at.getTime() - 1)) };
}
