import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addCalendarDays,
  addWorkingDays,
  createCalendar,
  dayOfWeek,
  londonDate,
  nextWorkingDayOnOrAfter,
  startOfLondonDay,
  workingDaysBetween,
  type IsoDate,
} from '../../src/domain/calendar/working-days.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../src/domain/calendar/bank-holidays-england-wales.js';
import { deadlineAfter, TIMER_RULES, deadlineFor } from '../../src/domain/timers.js';
import { DEFAULT_RULE_SETTINGS } from '../../src/domain/rule-settings.js';

/**
 * Properties of the working-day arithmetic every statutory clock rests on
 * (DOMAIN.md §9: "within N working days of E" = E is day 0, count the next N
 * working days, due at the end of the Nth in Europe/London).
 */

const calendar = createCalendar();
const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);
const RUNS = { numRuns: 400 };

// Dates from 1 Jan 2020 to 30 Sep 2030: 60 working days later is still inside the
// years the bank-holiday table covers, so "never a holiday" is a real check.
const FIRST = Date.UTC(2020, 0, 1);
const LAST = Date.UTC(2030, 8, 30);
const DAY = 86_400_000;
const isoDate: fc.Arbitrary<IsoDate> = fc
  .integer({ min: 0, max: (LAST - FIRST) / DAY })
  .map((n) => new Date(FIRST + n * DAY).toISOString().slice(0, 10));
const n60 = fc.integer({ min: 0, max: 60 });
const closures = fc.uniqueArray(isoDate, { maxLength: 25 });
/** Any instant in the covered years, to the millisecond. */
const instant = fc.integer({ min: FIRST, max: LAST + DAY - 1 }).map((ms) => new Date(ms));

const isWeekend = (d: IsoDate) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;

describe('addWorkingDays, for any date 2020–2030 and N in 0..60', () => {
  it('never lands on a weekend, a bank holiday or a local closure', () => {
    fc.assert(
      fc.property(isoDate, n60, closures, (d, n, closed) => {
        const cal = createCalendar(closed);
        const due = addWorkingDays(d, n, cal);
        // N = 0 also lands on a working day: an event on a non-working day moves to the next one.
        assert.ok(!isWeekend(due), `${due} is a weekend`);
        assert.ok(!holidays.has(due), `${due} is a bank holiday`);
        assert.ok(!closed.includes(due), `${due} is a closure`);
      }),
      RUNS,
    );
  });

  it('is strictly later than the start for N ≥ 1, and is the start itself for N = 0 on a working day', () => {
    fc.assert(
      fc.property(isoDate, n60, (d, n) => {
        const due = addWorkingDays(d, n, calendar);
        if (n >= 1) assert.ok(due > d);
        else assert.equal(due, nextWorkingDayOnOrAfter(d, calendar));
      }),
      RUNS,
    );
  });

  it('is monotonic in the start date', () => {
    fc.assert(
      fc.property(isoDate, isoDate, n60, closures, (x, y, n, closed) => {
        const cal = createCalendar(closed);
        const [a, b] = x <= y ? [x, y] : [y, x];
        assert.ok(addWorkingDays(a, n, cal) <= addWorkingDays(b, n, cal));
      }),
      RUNS,
    );
  });

  it('is strictly monotonic in N', () => {
    fc.assert(
      fc.property(isoDate, n60, n60, closures, (d, x, y, closed) => {
        fc.pre(x !== y);
        const cal = createCalendar(closed);
        const [n, m] = x < y ? [x, y] : [y, x];
        assert.ok(addWorkingDays(d, n, cal) < addWorkingDays(d, m, cal));
      }),
      RUNS,
    );
  });

  it('is undone by workingDaysBetween from a working day (and counts the moved start day from a non-working one)', () => {
    fc.assert(
      fc.property(isoDate, n60, closures, (d, n, closed) => {
        const cal = createCalendar(closed);
        const due = addWorkingDays(d, n, cal);
        // From a working day the count is exactly N. From a non-working day the event is
        // treated as happening on the next working day, which is itself counted.
        assert.equal(workingDaysBetween(d, due, cal), cal.isWorkingDay(d) ? n : n + 1);
        // Between two working days the count is antisymmetric.
        if (cal.isWorkingDay(d)) assert.equal(workingDaysBetween(due, d, cal) + n, 0);
      }),
      RUNS,
    );
  });

  it('counts a span of up to three years as the sum of its parts', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 900 }), closures, fc.boolean(), (d, n, closed, christmasEve) => {
        const cal = createCalendar(closed, { christmasEveClosed: christmasEve });
        const to = addWorkingDays(d, n, cal);
        let walked = 0;
        let at = d;
        while (at !== to) {
          const next = addCalendarDays(at, 20) < to ? addCalendarDays(at, 20) : to;
          walked += workingDaysBetween(at, next, cal);
          at = next;
        }
        assert.equal(workingDaysBetween(d, to, cal), walked);
        assert.equal(walked, cal.isWorkingDay(d) ? n : n + 1);
      }),
      RUNS,
    );
  });

  it('adds in two steps exactly as it adds at once', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), closures, (d, n, m, closed) => {
        const cal = createCalendar(closed);
        const from = nextWorkingDayOnOrAfter(d, cal);
        assert.equal(addWorkingDays(addWorkingDays(from, n, cal), m, cal), addWorkingDays(from, n + m, cal));
        // Because the first step always lands on a working day, this holds from any day.
        assert.equal(addWorkingDays(addWorkingDays(d, n, cal), m, cal), addWorkingDays(d, n + m, cal));
      }),
      RUNS,
    );
  });

  it('only ever moves a deadline later when closures are added, and not at all when none falls in the period', () => {
    fc.assert(
      fc.property(isoDate, n60, closures, (d, n, closed) => {
        const plain = addWorkingDays(d, n, calendar);
        const withClosures = addWorkingDays(d, n, createCalendar(closed));
        assert.ok(withClosures >= plain);
        if (!closed.some((c) => c >= d && c <= plain)) assert.equal(withClosures, plain);
        // Each closed working day in the period costs at most one extra working day.
        const cost = closed.filter((c) => c >= d && c <= withClosures && calendar.isWorkingDay(c)).length;
        assert.ok(workingDaysBetween(plain, withClosures, calendar) <= cost);
      }),
      RUNS,
    );
  });

  it('treats Christmas Eve as closed only when the setting says so', () => {
    const closedEve = createCalendar([], { christmasEveClosed: true });
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2030 }), (year) => {
        const eve = `${year}-12-24`;
        assert.equal(closedEve.isWorkingDay(eve), false);
        assert.equal(calendar.isWorkingDay(eve), !isWeekend(eve));
      }),
    );
    fc.assert(
      fc.property(isoDate, n60, (d, n) => {
        const plain = addWorkingDays(d, n, calendar);
        const withEve = addWorkingDays(d, n, closedEve);
        assert.ok(withEve >= plain);
        assert.ok(!withEve.endsWith('-12-24'));
        const evesInPeriod = [d.slice(0, 4), plain.slice(0, 4)].some((y) => `${y}-12-24` >= d && `${y}-12-24` <= plain);
        if (!evesInPeriod) assert.equal(withEve, plain);
      }),
      RUNS,
    );
  });
});

describe('deadlines in working days end at the end of the London day, for any instant 2020–2030', () => {
  it('is due at the first instant of the next London day, which is midnight UTC in winter and 23:00 UTC in summer', () => {
    fc.assert(
      fc.property(instant, n60, (start, n) => {
        const { dueDate, dueAt } = deadlineAfter(start, n, 'working_days', calendar);
        assert.equal(dueDate, addWorkingDays(londonDate(start), n, calendar));
        assert.equal(londonDate(dueAt), addCalendarDays(dueDate, 1));
        assert.equal(londonDate(new Date(dueAt.getTime() - 1)), dueDate);
        assert.equal(dueAt.getTime(), startOfLondonDay(addCalendarDays(dueDate, 1)).getTime());
        assert.ok(/T(00|23):00:00\.000Z$/.test(dueAt.toISOString()), dueAt.toISOString());
        assert.ok(dueAt.getTime() > start.getTime());
      }),
      RUNS,
    );
  });

  it('counts hours as elapsed time, whatever the clocks do', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 96 }), (start, h) => {
        const { dueAt, dueDate } = deadlineAfter(start, h, 'hours', calendar);
        assert.equal(dueAt.getTime() - start.getTime(), h * 3_600_000);
        assert.equal(dueDate, londonDate(new Date(dueAt.getTime() - 1)));
      }),
      RUNS,
    );
  });
});

describe('fixed dates across holidays and clock changes', () => {
  const closedEve = createCalendar([], { christmasEveClosed: true });

  it('crosses Christmas and New Year 2026–27 (25 and 28 December 2026, 1 January 2027 are holidays)', () => {
    // Thu 24 Dec is a working day by default; Fri 25, Mon 28 (Boxing Day substitute) and Fri 1 Jan are not.
    assert.equal(addWorkingDays('2026-12-23', 1, calendar), '2026-12-24');
    assert.equal(addWorkingDays('2026-12-24', 1, calendar), '2026-12-29');
    assert.equal(addWorkingDays('2026-12-25', 1, calendar), '2026-12-30'); // day 0 moves to Tue 29
    assert.equal(addWorkingDays('2026-12-31', 1, calendar), '2027-01-04');
    assert.equal(addWorkingDays('2027-01-01', 0, calendar), '2027-01-04');
    // 5 WD from Wed 23 Dec: 24, 29, 30, 31 Dec, 4 Jan.
    assert.equal(addWorkingDays('2026-12-23', 5, calendar), '2027-01-04');
    // 15 WD from Fri 18 Dec: 21, 22, 23, 24, 29, 30, 31 Dec (7), 4–8 Jan (12), 11, 12, 13 Jan (15).
    assert.equal(addWorkingDays('2026-12-18', 15, calendar), '2027-01-13');
    assert.equal(workingDaysBetween('2026-12-18', '2027-01-13', calendar), 15);
  });

  it('closes Christmas Eve 2026 only under the Welsh SI variant', () => {
    assert.equal(addWorkingDays('2026-12-23', 1, closedEve), '2026-12-29');
    // 15 WD from Fri 18 Dec without 24 Dec: one day later, Thu 14 Jan.
    assert.equal(addWorkingDays('2026-12-18', 15, closedEve), '2027-01-14');
    // 24 Dec 2027 is a Friday, and 27–28 Dec 2027 are the substitute days.
    assert.equal(addWorkingDays('2027-12-23', 1, calendar), '2027-12-24');
    assert.equal(addWorkingDays('2027-12-23', 1, closedEve), '2027-12-29');
  });

  it('crosses Easter 2027 (Good Friday 26 March, Easter Monday 29 March)', () => {
    assert.equal(addWorkingDays('2027-03-25', 1, calendar), '2027-03-30');
    assert.equal(addWorkingDays('2027-03-26', 0, calendar), '2027-03-30');
    // 10 WD from Mon 22 Mar: 23, 24, 25, 30, 31 Mar, 1, 2, 5, 6, 7 Apr.
    assert.equal(addWorkingDays('2027-03-22', 10, calendar), '2027-04-07');
    assert.equal(workingDaysBetween('2027-03-25', '2027-03-30', calendar), 1);
  });

  it('ends a working-day deadline at London midnight across the spring clock change (29 March 2026)', () => {
    // Fri 27 Mar 10:00 GMT + 1 WD = Mon 30 Mar, which ends at 00:00 BST on 31 Mar = 23:00 UTC on 30 Mar.
    const spring = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-03-27T10:00:00Z'), calendar);
    assert.deepEqual([spring.dueDate, spring.dueAt.toISOString()], ['2026-03-30', '2026-03-30T23:00:00.000Z']);
    // Thu 26 Mar + 1 WD = Fri 27 Mar, still GMT: the day ends at midnight UTC.
    const before = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-03-26T10:00:00Z'), calendar);
    assert.deepEqual([before.dueDate, before.dueAt.toISOString()], ['2026-03-27', '2026-03-28T00:00:00.000Z']);
    // 00:30 BST on Mon 30 Mar is still 29 Mar in UTC: the London date (Monday) is day 0.
    const afterMidnight = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-03-29T23:30:00Z'), calendar);
    assert.deepEqual([afterMidnight.dueDate, afterMidnight.dueAt.toISOString()], ['2026-03-31', '2026-03-31T23:00:00.000Z']);
    // Three calendar days from Thu 26 Mar end on Sun 29 Mar, the day the clocks go forward.
    const transfer = deadlineFor(TIMER_RULES['T-C14'], new Date('2026-03-26T10:00:00Z'), calendar, DEFAULT_RULE_SETTINGS);
    assert.deepEqual([transfer.dueDate, transfer.dueAt.toISOString()], ['2026-03-29', '2026-03-29T23:00:00.000Z']);
    // Police protection counts 72 elapsed hours: 12:00 GMT Sat 28 Mar → 13:00 BST Tue 31 Mar.
    const pp = deadlineFor(TIMER_RULES['T-PP'], new Date('2026-03-28T12:00:00Z'), calendar);
    assert.deepEqual([pp.dueDate, pp.dueAt.toISOString()], ['2026-03-31', '2026-03-31T12:00:00.000Z']);
  });

  it('ends a working-day deadline at London midnight across the autumn clock change (25 October 2026)', () => {
    // Fri 23 Oct 10:00 BST + 1 WD = Mon 26 Oct, now GMT: the day ends at midnight UTC.
    const autumn = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-10-23T09:00:00Z'), calendar);
    assert.deepEqual([autumn.dueDate, autumn.dueAt.toISOString()], ['2026-10-26', '2026-10-27T00:00:00.000Z']);
    // 00:30 BST on Fri 23 Oct is Thu 22 Oct in UTC: day 0 is the London Friday, not Thursday.
    const lateNight = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-10-22T23:30:00Z'), calendar);
    assert.deepEqual([lateNight.dueDate, lateNight.dueAt.toISOString()], ['2026-10-26', '2026-10-27T00:00:00.000Z']);
    // Thu 22 Oct + 1 WD = Fri 23 Oct, still BST: the day ends at 23:00 UTC.
    const before = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-10-22T09:00:00Z'), calendar);
    assert.deepEqual([before.dueDate, before.dueAt.toISOString()], ['2026-10-23', '2026-10-23T23:00:00.000Z']);
    // Sun 25 Oct is 25 hours long: a deadline on that day ends at 00:00 GMT on the 26th.
    const transfer = deadlineFor(TIMER_RULES['T-C14'], new Date('2026-10-22T09:00:00Z'), calendar, DEFAULT_RULE_SETTINGS);
    assert.deepEqual([transfer.dueDate, transfer.dueAt.toISOString()], ['2026-10-25', '2026-10-26T00:00:00.000Z']);
    // 72 elapsed hours from 13:00 BST Sat 24 Oct is 12:00 GMT Tue 27 Oct.
    const pp = deadlineFor(TIMER_RULES['T-PP'], new Date('2026-10-24T12:00:00Z'), calendar);
    assert.deepEqual([pp.dueDate, pp.dueAt.toISOString()], ['2026-10-27', '2026-10-27T12:00:00.000Z']);
  });
});
