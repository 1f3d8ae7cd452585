import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import {
  TIMER_IDS,
  TIMER_RULES,
  clockStatus,
  deadlineFor,
  durationOf,
  isOutOfHours,
  receiptTimerFor,
  workingDaysBefore,
} from '../../src/domain/timers.js';
import { DEFAULT_RULE_SETTINGS, RULE_SETTING_DEFINITIONS } from '../../src/domain/rule-settings.js';
import { decisionStopsReceiptClock, decisionsFor, isDecisionAllowed } from '../../src/domain/decisions.js';

const calendar = createCalendar();

describe('statutory timers as data', () => {
  it('cites a source for every rule: the procedures, or for the order the Act itself', () => {
    for (const rule of Object.values(TIMER_RULES)) {
      assert.match(rule.source, /Wales Safeguarding Procedures|Social Services and Well-being \(Wales\) Act 2014 s127/, rule.id);
    }
    // An adult protection and support order is made under s127 of the Act, not under the procedures.
    assert.match(TIMER_RULES['T-APSO'].source, /Social Services and Well-being \(Wales\) Act 2014 s127/);
  });

  it('cites a section of the procedures (or of an Act) for every rule, and keys each rule by its own id', () => {
    assert.deepEqual(Object.keys(TIMER_RULES).sort(), [...TIMER_IDS].sort());
    for (const [id, rule] of Object.entries(TIMER_RULES)) {
      assert.equal(rule.id, id);
      // A page reference such as c3pt2-p4, c4-p10, a3pt1-p6, c5-p4 or the older c2.p18; a Section 5 page
      // such as s5-i-7; or the Act's section.
      assert.match(
        rule.source,
        /\b[ca]\d+(pt\d+)?[-.]p\d+\b|\bs5-i-\d+\b|Children Act 1989 s\d+|Social Services and Well-being \(Wales\) Act 2014 s\d+/,
        `${id} cites a section`,
      );
      assert.ok(rule.startEvent.trim() && rule.stopEvent.trim() && rule.alerts.length > 0, `${id} is complete`);
    }
    // Section 5: the notification rule is s5-i-7; the discussion and meetings are c5-p4 to c5-p6.
    assert.match(TIMER_RULES['T-P1'].source, /\bs5-i-7\b/);
    assert.match(TIMER_RULES['T-P2a'].source, /\bc5-p4\b/);
    assert.match(TIMER_RULES['T-P2'].source, /\bc5-p5\b/);
    assert.match(TIMER_RULES['T-A3'].source, /\ba3pt1-p6\b/);
    assert.match(TIMER_RULES['T-A5'].source, /\ba3pt2-p4\b/);
    assert.match(TIMER_RULES['T-A6'].source, /\ba4-p6\b/);
  });

  it('holds every child timer of DOMAIN.md §10.1 (T-C1 to T-C17, with T-C2b)', () => {
    const catalogue = ['T-C1', 'T-C2', 'T-C2b', ...Array.from({ length: 15 }, (_, i) => `T-C${i + 3}`)];
    assert.equal(catalogue.at(-1), 'T-C17');
    for (const id of catalogue) assert.ok(id in TIMER_RULES, `${id} is in TIMER_RULES`);
    // There is no T-C18 in the catalogue; the extra ids are the GAP settings (T-C5a, T-C19), the orders,
    // and the adult and Section 5 timers.
    assert.ok(!('T-C18' in TIMER_RULES));
    const extra = TIMER_IDS.filter((id) => !catalogue.includes(id));
    assert.deepEqual(extra, [
      'T-C5a', 'T-C19', 'T-PP', 'T-EPO',
      'T-A1', 'T-A2', 'T-A3', 'T-A4', 'T-A5', 'T-A6', 'T-A8', 'T-APSO', 'T-P1', 'T-P2a', 'T-P2',
    ]);
  });

  it('holds every adult and Section 5 timer of DOMAIN.md §10.1 (T-A1 to T-A6, T-APSO, T-P1, T-P2), for its process', () => {
    for (const id of ['T-A1', 'T-A2', 'T-A3', 'T-A4', 'T-A5', 'T-A6', 'T-APSO'] as const) {
      assert.equal(TIMER_RULES[id].appliesTo, 'adult', id);
    }
    // T-A8 (investigations) is ours: the strategy meeting sets the date (GAP nationally).
    assert.equal(TIMER_RULES['T-A8'].appliesTo, 'adult');
    assert.match(TIMER_RULES['T-A8'].source, /GAP/);
    for (const id of ['T-P1', 'T-P2a', 'T-P2'] as const) assert.equal(TIMER_RULES[id].appliesTo, 'allegation', id);
    for (const id of TIMER_IDS.filter((i) => i.startsWith('T-C') || i === 'T-PP' || i === 'T-EPO')) {
      assert.equal(TIMER_RULES[id].appliesTo, 'child', id);
    }
  });

  it('runs each timer (child, adult, Section 5) for the duration DOMAIN.md §10.1 gives it', () => {
    const expected: Record<string, string> = {
      'T-C1': '1 working_days', 'T-C2': '1 working_days', 'T-C2b': '7 working_days', 'T-C3': '1 working_days',
      'T-C4': '15 working_days', 'T-C5': '42 working_days', 'T-C5a': '10 working_days', 'T-C6': '5 working_days',
      'T-C7': '10 working_days', 'T-C8': '6 weeks', 'T-C9': '10 working_days', 'T-C10': '4 weeks',
      'T-C11': 'event', 'T-C12': '3 months', 'T-C13': '6 months', 'T-C14': '3 calendar_days',
      'T-C15': '15 working_days', 'T-C16': '12 weeks', 'T-C17': 'event', 'T-C19': '10 weeks',
      'T-PP': '72 hours', 'T-EPO': '8 calendar_days',
      // Adults: 24 elapsed hours to report and to confirm a telephone report; 7 WD for the enquiry and for
      // the strategy; reports 2 WD before a conference whose date sets the clock; reviews within 6 weeks;
      // investigations and orders run to the date the strategy or the court sets.
      'T-A1': '24 hours', 'T-A2': '24 hours', 'T-A3': '7 working_days', 'T-A4': '7 working_days', 'T-A5': 'event',
      'T-A6': '6 weeks', 'T-A8': 'event', 'T-APSO': 'event',
      // Section 5: 24 hours or the next working day (computed from the time of day), then the two GAP settings.
      'T-P1': 'event', 'T-P2a': '1 working_days', 'T-P2': '5 working_days',
    };
    for (const rule of Object.values(TIMER_RULES)) {
      const d = durationOf(rule, DEFAULT_RULE_SETTINGS);
      assert.equal(d ? `${d.amount} ${d.unit}` : 'event', expected[rule.id], rule.id);
    }
  });

  it('reads a GAP duration only from a documented setting', () => {
    const keys = RULE_SETTING_DEFINITIONS.map((d) => d.key);
    for (const rule of Object.values(TIMER_RULES)) {
      if ('setting' in rule.duration) {
        assert.ok(keys.includes(rule.duration.setting), rule.id);
        assert.match(rule.source, /GAP|unit as written|three days/, `${rule.id} says why it is a setting`);
      }
    }
  });

  it('gives a child report 1 working day and an adult report 7 working days from receipt', () => {
    assert.equal(receiptTimerFor('child').id, 'T-C2');
    assert.equal(receiptTimerFor('adult').id, 'T-A3');
    const received = new Date('2026-11-20T15:00:00Z'); // Friday afternoon
    assert.equal(deadlineFor(TIMER_RULES['T-C2'], received, calendar).dueDate, '2026-11-23');
    assert.equal(deadlineFor(TIMER_RULES['T-A3'], received, calendar).dueDate, '2026-12-01');
  });

  it('is due by the end of the due day in London, in summer time too', () => {
    const summer = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-07-07T08:00:00Z'), calendar);
    assert.equal(summer.dueDate, '2026-07-08');
    assert.equal(summer.dueAt.toISOString(), '2026-07-08T23:00:00.000Z');
    const winter = deadlineFor(TIMER_RULES['T-C2'], new Date('2026-11-17T10:00:00Z'), calendar);
    assert.equal(winter.dueAt.toISOString(), '2026-11-19T00:00:00.000Z');
  });

  it('counts T-A5 back from the conference date in working days', () => {
    // A Monday conference: Friday is 1 working day before, Thursday 2.
    assert.equal(workingDaysBefore('2026-12-14', 2, calendar), '2026-12-10');
    // Tue 29 Dec 2026: Mon 28 (holiday), the weekend and Fri 25 (holiday) skipped → Thu 24 (1), Wed 23 (2).
    assert.equal(workingDaysBefore('2026-12-29', 2, calendar), '2026-12-23');
    // Tue 30 Mar 2027: Easter Monday 29 and Good Friday 26 skipped → 25 (1), 24 (2).
    assert.equal(workingDaysBefore('2027-03-30', 2, calendar), '2027-03-24');
    assert.equal(workingDaysBefore('2026-12-14', 0, calendar), '2026-12-14');
  });

  it('knows office hours in London time on working days (T-P1)', () => {
    const s = DEFAULT_RULE_SETTINGS;
    assert.equal(isOutOfHours(new Date('2026-11-17T09:00:00Z'), calendar, s), false); // Tue 09:00 GMT
    assert.equal(isOutOfHours(new Date('2026-11-17T08:59:00Z'), calendar, s), true);
    assert.equal(isOutOfHours(new Date('2026-11-17T16:59:00Z'), calendar, s), false);
    assert.equal(isOutOfHours(new Date('2026-11-17T17:00:00Z'), calendar, s), true);
    assert.equal(isOutOfHours(new Date('2026-07-07T08:00:00Z'), calendar, s), false); // 09:00 BST
    assert.equal(isOutOfHours(new Date('2026-07-07T16:00:00Z'), calendar, s), true); // 17:00 BST
    assert.equal(isOutOfHours(new Date('2026-11-21T12:00:00Z'), calendar, s), true); // Saturday
    assert.equal(isOutOfHours(new Date('2026-12-28T12:00:00Z'), calendar, s), true); // bank holiday
    assert.equal(isOutOfHours(new Date('2026-11-17T08:30:00Z'), calendar, { ...s, officeHoursStart: 8 }), false);
  });

  it('counts a report received late on Christmas Eve past the holidays', () => {
    assert.equal(deadlineFor(TIMER_RULES['T-C2'], new Date('2026-12-24T23:30:00Z'), calendar).dueDate, '2026-12-29');
  });

  it('reports due, due today, overdue and stopped', () => {
    const clock = { dueAt: new Date('2026-11-19T00:00:00Z'), dueDate: '2026-11-18', stoppedAt: null };
    assert.equal(clockStatus(clock, new Date('2026-11-17T12:00:00Z')), 'due');
    assert.equal(clockStatus(clock, new Date('2026-11-18T23:59:59Z')), 'due_today');
    assert.equal(clockStatus(clock, new Date('2026-11-19T00:00:00Z')), 'overdue');
    assert.equal(clockStatus({ ...clock, stoppedAt: new Date('2026-11-20T00:00:00Z') }, new Date('2026-11-21T00:00:00Z')), 'stopped');
  });
});

describe('decisions on a report', () => {
  it('offers the options of the procedures for children and for adults', () => {
    assert.ok(isDecisionAllowed('child', 'strategy_discussion'));
    assert.ok(!isDecisionAllowed('child', 'section126_enquiries'));
    assert.ok(isDecisionAllowed('adult', 'nfa_one_off_low_risk'));
    assert.ok(!isDecisionAllowed('adult', 'strategy_discussion'));
    assert.equal(decisionsFor('adult').filter((d) => d.startsWith('nfa_')).length, 3);
  });

  it('keeps the adult enquiry clock running when the decision is to make enquiries', () => {
    assert.equal(decisionStopsReceiptClock('section126_enquiries'), false);
    assert.equal(decisionStopsReceiptClock('nfa_no_abuse'), true);
    assert.equal(decisionStopsReceiptClock('strategy_discussion'), true);
  });
});
