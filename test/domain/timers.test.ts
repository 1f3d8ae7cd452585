import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { TIMER_IDS, TIMER_RULES, clockStatus, deadlineFor, durationOf, receiptTimerFor } from '../../src/domain/timers.js';
import { DEFAULT_RULE_SETTINGS, RULE_SETTING_DEFINITIONS } from '../../src/domain/rule-settings.js';
import { decisionStopsReceiptClock, decisionsFor, isDecisionAllowed } from '../../src/domain/decisions.js';

const calendar = createCalendar();

describe('statutory timers as data', () => {
  it('cites a source for every rule', () => {
    for (const rule of Object.values(TIMER_RULES)) assert.match(rule.source, /Wales Safeguarding Procedures/);
  });

  it('cites a section of the procedures (or the Children Act 1989) for every rule, and keys each rule by its own id', () => {
    assert.deepEqual(Object.keys(TIMER_RULES).sort(), [...TIMER_IDS].sort());
    for (const [id, rule] of Object.entries(TIMER_RULES)) {
      assert.equal(rule.id, id);
      // A page reference such as c3pt2-p4, c4-p10, a3pt1-p6 or the older c2.p18, or the Act's section.
      assert.match(rule.source, /\b[ca]\d+(pt\d+)?[-.]p\d+\b|Children Act 1989 s\d+/, `${id} cites a section`);
      assert.ok(rule.startEvent.trim() && rule.stopEvent.trim() && rule.alerts.length > 0, `${id} is complete`);
    }
  });

  it('holds every child timer of DOMAIN.md §10.1 (T-C1 to T-C17, with T-C2b)', () => {
    const catalogue = ['T-C1', 'T-C2', 'T-C2b', ...Array.from({ length: 15 }, (_, i) => `T-C${i + 3}`)];
    assert.equal(catalogue.at(-1), 'T-C17');
    for (const id of catalogue) assert.ok(id in TIMER_RULES, `${id} is in TIMER_RULES`);
    // There is no T-C18 in the catalogue; the extra ids are the GAP settings (T-C5a, T-C19) and the orders.
    assert.ok(!('T-C18' in TIMER_RULES));
    const extra = TIMER_IDS.filter((id) => !catalogue.includes(id));
    assert.deepEqual(extra, ['T-C5a', 'T-C19', 'T-PP', 'T-EPO', 'T-A3']);
  });

  it('runs each child timer for the duration DOMAIN.md §10.1 gives it', () => {
    const expected: Record<string, string> = {
      'T-C1': '1 working_days', 'T-C2': '1 working_days', 'T-C2b': '7 working_days', 'T-C3': '1 working_days',
      'T-C4': '15 working_days', 'T-C5': '42 working_days', 'T-C5a': '10 working_days', 'T-C6': '5 working_days',
      'T-C7': '10 working_days', 'T-C8': '6 weeks', 'T-C9': '10 working_days', 'T-C10': '4 weeks',
      'T-C11': 'event', 'T-C12': '3 months', 'T-C13': '6 months', 'T-C14': '3 calendar_days',
      'T-C15': '15 working_days', 'T-C16': '12 weeks', 'T-C17': 'event', 'T-C19': '10 weeks',
      'T-PP': '72 hours', 'T-EPO': '8 calendar_days', 'T-A3': '7 working_days',
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
