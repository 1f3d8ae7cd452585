import { deadlineFor, receiptTimerFor } from '../timers.js';
import { DomainError } from '../errors.js';
import { decisionStopsReceiptClock, type AdultDecision } from '../decisions.js';
import type { DecisionContext } from './child-protection.decider.js';
import type { IsoDate } from '../calendar/working-days.js';
import { londonDate } from '../calendar/working-days.js';

/**
 * Adults at risk (DOMAIN.md §3, §10.3): receipt and the initial decision, with the
 * 7-working-day section 126 clock (T-A3). Issue 4 extends this decider with enquiries,
 * strategy, conferences and plans; the engine around it is shared with children.
 */
export type AdultCaseEvent =
  | {
      type: 'ReportReceived';
      reportId: string;
      concernId: string;
      personId: string;
      householdId: string;
      localAuthorityId: string;
      receivedAt: string;
    }
  | { type: 'DecisionRecorded'; decision: AdultDecision; rationale: string }
  | { type: 'ChronologyEntryAdded'; entryId: string; occurredOn: IsoDate; summary: string; significant: boolean }
  | { type: 'ClockStarted'; key: string; timerId: 'T-A3'; startedAt: string; dueAt: string; dueDate: IsoDate }
  | { type: 'ClockStopped'; key: string; at: string; reason: string; outcome: 'met' | 'missed' | 'ended' };

export type AdultCaseCommand =
  | {
      type: 'open_case';
      reportId: string;
      concernId: string;
      personId: string;
      householdId: string;
      localAuthorityId: string;
      receivedAt: string;
    }
  | { type: 'record_decision'; decision: AdultDecision; rationale: string }
  | { type: 'add_chronology_entry'; entryId: string; occurredOn: IsoDate; summary: string; significant: boolean };

export type AdultStage = 'received' | 'closed_nfa' | 'part3_assessment' | 'section126_enquiry';

export interface AdultCaseState {
  version: number;
  stage: AdultStage | null;
  localAuthorityId: string | null;
  t3Running: boolean;
}

export const INITIAL_ADULT_CASE_STATE: AdultCaseState = Object.freeze({
  version: 0,
  stage: null,
  localAuthorityId: null,
  t3Running: false,
}) as AdultCaseState;

export function evolveAdultCase(s: AdultCaseState, e: AdultCaseEvent): AdultCaseState {
  const next = { ...s, version: s.version + 1 };
  switch (e.type) {
    case 'ReportReceived':
      return { ...next, stage: 'received', localAuthorityId: e.localAuthorityId };
    case 'DecisionRecorded':
      return {
        ...next,
        stage:
          e.decision === 'section126_enquiries'
            ? 'section126_enquiry'
            : e.decision === 'part3_assessment'
              ? 'part3_assessment'
              : 'closed_nfa',
      };
    case 'ClockStarted':
      return { ...next, t3Running: true };
    case 'ClockStopped':
      return { ...next, t3Running: false };
    case 'ChronologyEntryAdded':
      return next;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

export function decideAdultCase(s: AdultCaseState, c: AdultCaseCommand, ctx: DecisionContext): AdultCaseEvent[] {
  const now = ctx.now.toISOString();
  switch (c.type) {
    case 'open_case': {
      if (s.stage !== null) throw new DomainError('invalid_state', 'error.case.exists');
      const d = deadlineFor(receiptTimerFor('adult'), new Date(c.receivedAt), ctx.calendar, ctx.settings);
      return [
        {
          type: 'ReportReceived',
          reportId: c.reportId,
          concernId: c.concernId,
          personId: c.personId,
          householdId: c.householdId,
          localAuthorityId: c.localAuthorityId,
          receivedAt: c.receivedAt,
        },
        { type: 'ClockStarted', key: 'T-A3', timerId: 'T-A3', startedAt: c.receivedAt, dueAt: d.dueAt.toISOString(), dueDate: d.dueDate },
      ];
    }
    case 'record_decision': {
      if (s.stage !== 'received') throw new DomainError('invalid_state', 'error.case.decisionRecorded');
      const events: AdultCaseEvent[] = [{ type: 'DecisionRecorded', decision: c.decision, rationale: c.rationale }];
      if (decisionStopsReceiptClock(c.decision) && s.t3Running) {
        events.push({ type: 'ClockStopped', key: 'T-A3', at: now, reason: 'decision_recorded', outcome: 'met' });
      }
      return events;
    }
    case 'add_chronology_entry':
      if (c.occurredOn > londonDate(ctx.now)) {
        throw new DomainError('validation', 'error.validation', { occurredOn: 'error.case.future' });
      }
      return [
        { type: 'ChronologyEntryAdded', entryId: c.entryId, occurredOn: c.occurredOn, summary: c.summary, significant: c.significant },
      ];
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}
