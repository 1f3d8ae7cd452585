import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { TIMER_RULES, clockStatus, deadlineFor, receiptTimerFor } from '../../src/domain/timers.js';
import { decisionStopsReceiptClock, decisionsFor, isDecisionAllowed } from '../../src/domain/decisions.js';

const calendar = createCalendar();

describe('statutory timers as data', () => {
  it('cites a source for every rule', () => {
    for (const rule of Object.values(TIMER_RULES)) assert.match(rule.source, /Wales Safeguarding Procedures/);
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
