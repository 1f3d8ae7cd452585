import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays-england-wales.js';

/**
 * The working-day calendar, in Europe/London.
 *
 * A working day is any day other than Saturday, Sunday or a bank holiday in England
 * and Wales (the usual statutory definition; DOMAIN.md §9), less any local closures
 * an administrator adds.
 *
 * Counting convention (DOMAIN.md §9, confirm with the Regional Safeguarding Board):
 * "within N working days of event E" — E's own day is day 0 and the next N working
 * days are counted; the deadline is the end of the Nth working day in Europe/London.
 * When E falls on a non-working day it is treated as happening on the next working
 * day, so a report received on Saturday with a 1-working-day clock is due by the
 * end of Tuesday.
 */

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  /** The range of years the calendar holds holidays for. */
  readonly coverage: { first: number; last: number };
}

export function createCalendar(
  extraClosures: readonly IsoDate[] = [],
  options: { christmasEveClosed?: boolean } = {},
): WorkingDayCalendar {
  const closed = new Set<IsoDate>([...ENGLAND_AND_WALES_BANK_HOLIDAYS, ...extraClosures]);
  const christmasEve = options.christmasEveClosed === true;
  return {
    coverage: BANK_HOLIDAY_YEARS,
    isWorkingDay(date) {
      const day = dayOfWeek(date);
      if (christmasEve && date.endsWith('-12-24')) return false;
      return day !== 0 && day !== 6 && !closed.has(date);
    },
  };
}

const londonDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/London at an instant. */
export function londonDate(instant: Date): IsoDate {
  return londonDateFormat.format(instant);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar months, clamped to the end of the month: 31 Jan + 1 month = 28/29 Feb. */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const targetMonthIndex = m - 1 + months;
  const year = y + Math.floor(targetMonthIndex / 12);
  const month = ((targetMonthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The instant at which a London calendar date begins. */
export function startOfLondonDay(date: IsoDate): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  // London is UTC+0 or UTC+1; clocks change at 01:00 UTC, never at midnight.
  const offsetMinutes = londonOffsetMinutes(new Date(guess));
  const candidate = new Date(guess - offsetMinutes * 60_000);
  return londonDate(candidate) === date ? candidate : new Date(guess);
}

function londonOffsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  return ((hour - instant.getUTCHours() + 24) % 24) * 60;
}

export function nextWorkingDayOnOrAfter(date: IsoDate, calendar: WorkingDayCalendar): IsoDate {
  let d = date;
  for (let i = 0; i < 366 && !calendar.isWorkingDay(d); i++) d = addCalendarDays(d, 1);
  return d;
}

/** The Nth working day after the day of `start` (see the counting convention above). */
export function addWorkingDays(start: IsoDate, n: number, calendar: WorkingDayCalendar): IsoDate {
  let d = nextWorkingDayOnOrAfter(start, calendar);
  let counted = 0;
  while (counted < n) {
    d = addCalendarDays(d, 1);
    if (calendar.isWorkingDay(d)) counted++;
  }
  return d;
}

/** Working days from one date to another (positive when `to` is later), skipping closures. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: WorkingDayCalendar): number {
  if (from === to) return 0;
  const sign = from < to ? 1 : -1;
  let d = from;
  let count = 0;
  for (let i = 0; i < 4000 && d !== to; i++) {
    d = addCalendarDays(d, sign);
    if (calendar.isWorkingDay(d)) count += sign;
  }
  return count;
}
