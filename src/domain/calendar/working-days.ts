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
  // London's date changes only on the hour (midnight, or a clock change at 01:00 UTC), so
  // the answer for one UTC hour holds for all of it: remembered, as formatting is slow.
  const hour = Math.floor(instant.getTime() / 3_600_000);
  let date = londonDateByHour.get(hour);
  if (date === undefined) {
    date = londonDateFormat.format(instant);
    if (londonDateByHour.size >= 200_000) londonDateByHour.clear();
    londonDateByHour.set(hour, date);
  }
  return date;
}
const londonDateByHour = new Map<number, IsoDate>();

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOf(dayNumber(date));
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return isoOfDayNumber(dayNumber(date) + days);
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

// Made once: building an Intl.DateTimeFormat costs far more than using one (it was most of
// the time spent deciding a step, measured by the synthetic-data generator in bench/data).
const londonHourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

function londonOffsetMinutes(instant: Date): number {
  const parts = londonHourFormat.formatToParts(instant);
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
  // Walked as day numbers, asking the calendar only about weekdays: work trays ask this for
  // every clock they show, some due a year or more away.
  const start = dayNumber(from);
  const steps = Math.min(4000, Math.abs(dayNumber(to) - start));
  let count = 0;
  for (let i = 1; i <= steps; i++) {
    const day = start + sign * i;
    if (isWorkingDayNumber(calendar, day)) count += sign;
  }
  return count;
}

function isWorkingDayNumber(calendar: WorkingDayCalendar, day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6 && calendar.isWorkingDay(isoOfDayNumber(day));
}

/**
 * Dates as day numbers (days since 1 January 1970), read and written by hand: parsing and
 * printing ISO text was most of the cost of counting working days.
 */
function dayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** 0 = Sunday … 6 = Saturday; day 0, 1 January 1970, was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day numbers' dates for 1970–2199, written once each when first asked for: printing a date is the slow part. */
const isoOfDay: Array<IsoDate | undefined> = new Array<IsoDate | undefined>(84_000);

function isoOfDayNumber(day: number): IsoDate {
  if (day < 0 || day >= 84_000) return new Date(day * 86_400_000).toISOString().slice(0, 10);
  return (isoOfDay[day] ??= new Date(day * 86_400_000).toISOString().slice(0, 10));
}
