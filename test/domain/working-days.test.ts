import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addCalendarMonths,
  addWorkingDays,
  createCalendar,
  dayOfWeek,
  londonDate,
  startOfLondonDay,
  workingDaysBetween,
} from '../../src/domain/calendar/working-days.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../src/domain/calendar/bank-holidays-england-wales.js';

const calendar = createCalendar();

/** Easter Sunday (Anonymous Gregorian algorithm). */
function easter(year: number): string {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const iso = (d: Date) => d.toISOString().slice(0, 10);
const shift = (date: string, days: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
function firstMonday(year: number, month: number): string {
  let d = `${year}-${String(month).padStart(2, '0')}-01`;
  while (dayOfWeek(d) !== 1) d = shift(d, 1);
  return d;
}
function lastMonday(year: number, month: number): string {
  let d = shift(iso(new Date(Date.UTC(year, month, 1))), -1);
  while (dayOfWeek(d) !== 1) d = shift(d, -1);
  return d;
}
/** The Banking and Financial Dealings Act 1971 rules with substitute days. */
function ruleBasedHolidays(year: number): string[] {
  const out: string[] = [];
  let newYear = `${year}-01-01`;
  while (dayOfWeek(newYear) === 0 || dayOfWeek(newYear) === 6) newYear = shift(newYear, 1);
  out.push(newYear, shift(easter(year), -2), shift(easter(year), 1), firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8));
  const christmas = `${year}-12-25`;
  const dow = dayOfWeek(christmas);
  if (dow === 6) out.push(`${year}-12-27`, `${year}-12-28`);
  else if (dow === 0) out.push(`${year}-12-26`, `${year}-12-27`);
  else if (dow === 5) out.push(christmas, `${year}-12-28`);
  else out.push(christmas, `${year}-12-26`);
  return out.sort();
}

describe('bank holidays in England and Wales', () => {
  it('holds the years computed from the statutory rules exactly (2024–2030, no one-off days)', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
      const held = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((d) => d.startsWith(`${year}-`)).sort();
      assert.deepEqual(held, ruleBasedHolidays(year), `bank holidays for ${year}`);
    }
  });

  it('matches the published 2025 and 2026 lists in DOMAIN.md §9', () => {
    assert.deepEqual(
      ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((d) => d.startsWith('2026-')),
      ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
    );
    assert.ok(ENGLAND_AND_WALES_BANK_HOLIDAYS.includes('2025-04-18'));
  });

  it('includes the one-off days of 2020, 2022 and 2023 and only weekdays', () => {
    for (const d of ['2020-05-08', '2022-06-03', '2022-09-19', '2023-05-08']) assert.ok(ENGLAND_AND_WALES_BANK_HOLIDAYS.includes(d), d);
    for (const d of ENGLAND_AND_WALES_BANK_HOLIDAYS) assert.ok(dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5, `${d} is a weekday`);
  });

  it('does not treat St David’s Day as a holiday', () => {
    assert.equal(calendar.isWorkingDay('2027-03-01'), true); // a Monday
  });
});

describe('counting working days (DOMAIN.md §9)', () => {
  it('counts the next N working days after the day of the event', () => {
    assert.equal(addWorkingDays('2026-11-17', 1, calendar), '2026-11-18'); // Tue → Wed
    assert.equal(addWorkingDays('2026-11-20', 1, calendar), '2026-11-23'); // Fri → Mon
    assert.equal(addWorkingDays('2026-11-17', 7, calendar), '2026-11-26');
  });

  it('treats an event on a non-working day as happening on the next working day', () => {
    assert.equal(addWorkingDays('2026-11-21', 1, calendar), '2026-11-24'); // Sat → (Mon) → Tue
    assert.equal(addWorkingDays('2026-11-22', 0, calendar), '2026-11-23');
  });

  it('skips bank holidays, including substitute days', () => {
    assert.equal(addWorkingDays('2026-12-24', 1, calendar), '2026-12-29'); // Thu → (25 Fri, 28 Mon substitute) → Tue
    assert.equal(addWorkingDays('2026-04-02', 1, calendar), '2026-04-07'); // Easter
    assert.equal(addWorkingDays('2026-12-23', 15, calendar), '2027-01-18'); // 24, 29, 30, 31 Dec; 4–8, 11–15, 18 Jan
  });

  it('honours an administrator’s local closure', () => {
    const withClosure = createCalendar(['2026-11-18']);
    assert.equal(addWorkingDays('2026-11-17', 1, withClosure), '2026-11-19');
  });

  it('counts working days between two dates in either direction', () => {
    assert.equal(workingDaysBetween('2026-11-17', '2026-11-26', calendar), 7);
    assert.equal(workingDaysBetween('2026-11-26', '2026-11-17', calendar), -7);
    assert.equal(workingDaysBetween('2026-11-20', '2026-11-23', calendar), 1);
  });
});

describe('dates in Europe/London', () => {
  it('finds the London date of an instant across the clock changes', () => {
    assert.equal(londonDate(new Date('2026-06-30T23:30:00Z')), '2026-07-01'); // BST
    assert.equal(londonDate(new Date('2026-12-31T23:30:00Z')), '2026-12-31'); // GMT
  });

  it('starts a London day at 23:00 UTC the day before in summer and at midnight in winter', () => {
    assert.equal(startOfLondonDay('2026-07-01').toISOString(), '2026-06-30T23:00:00.000Z');
    assert.equal(startOfLondonDay('2026-12-01').toISOString(), '2026-12-01T00:00:00.000Z');
    assert.equal(startOfLondonDay('2026-03-29').toISOString(), '2026-03-29T00:00:00.000Z'); // clocks go forward at 01:00
    assert.equal(startOfLondonDay('2026-10-26').toISOString(), '2026-10-26T00:00:00.000Z');
    assert.equal(startOfLondonDay('2026-10-25').toISOString(), '2026-10-24T23:00:00.000Z'); // clocks go back at 02:00 BST
  });

  it('adds calendar months, clamping to the end of the month', () => {
    assert.equal(addCalendarMonths('2027-01-31', 3), '2027-04-30');
    assert.equal(addCalendarMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addCalendarMonths('2026-11-17', -216), '2008-11-17');
  });
});
