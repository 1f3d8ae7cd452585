import type { Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import * as concerns from '../store/concerns.repository.js';
import * as reports from '../store/reports.repository.js';
import { can, canDecideReport, canSeeWhoHasSeen, caseScope, concernScope } from '../domain/access-policy.js';
import * as cases from '../store/cases.repository.js';
import { loadRules } from './case-engine.js';
import { createCaseService } from './case.service.js';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { decisionsFor, isDecisionAllowed, type ChildDecision, type ReportDecision } from '../domain/decisions.js';
import { clockStatus, TIMER_RULES, type ClockStatus, type TimerId } from '../domain/timers.js';
import { londonDate, workingDaysBetween, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { audit, refused, transact } from './audit.js';
import type { Caller, RequestContext } from './context.js';
import { decisionSchema, fieldErrors } from './concern.input.js';
import { factsOf } from './concern.service.js';

export interface ClockView {
  ruleId: string;
  dueAt: Date;
  dueDate: string;
  status: ClockStatus;
  /** Working days until the due date (negative when overdue). */
  workingDaysLeft: number;
  stoppedAt: Date | null;
  durationAmount: number;
  durationUnit: string;
}

export function createReportService(deps: { db: Db; clock: Clock; calendar: WorkingDayCalendar }) {
  const { db, clock, calendar } = deps;
  const caseService = createCaseService({ db, clock });

  function clockView(c: { ruleId: string; dueAt: Date; stoppedAt: Date | null }, now: Date): ClockView {
    const dueDate = londonDate(new Date(c.dueAt.getTime() - 1));
    const rule = TIMER_RULES[c.ruleId as TimerId];
    const duration = rule && 'amount' in rule.duration ? rule.duration : null;
    return {
      ruleId: c.ruleId,
      dueAt: c.dueAt,
      dueDate,
      stoppedAt: c.stoppedAt,
      status: clockStatus({ dueAt: c.dueAt, dueDate, stoppedAt: c.stoppedAt }, now),
      workingDaysLeft: workingDaysBetween(londonDate(now), dueDate, calendar),
      durationAmount: duration?.amount ?? 0,
      durationUnit: duration?.unit ?? 'working_days',
    };
  }

  return {
    /** Reports received by the caller's local authority, with their statutory clocks. */
    async incoming(caller: Caller, ctx: RequestContext, status: 'received' | 'decided' = 'received') {
      if (!can(caller, 'report.receive')) throw new DomainError('forbidden', 'error.notFound');
      return transact(db, async (tx) => {
        const now = clock.now();
        const rows = await reports.listReportsForLocalAuthority(tx, caller.organisationId, { status, limit: 500 });
        await audit(tx, now, caller, ctx, 'report.list', null, 'success', { ids: rows.map((r) => r.concernId) });
        return rows.map((r) => ({ ...r, clock: r.clock ? clockView(r.clock, now) : null }));
      });
    },

    /** One report with its concern and clocks; the read is audited. */
    async get(caller: Caller, reportId: string, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const now = clock.now();
        const found =
          can(caller, 'report.receive') && isUuid(reportId)
            ? await concerns.findConcernByReportInScope(tx, concernScope(caller), reportId, caller.userId)
            : undefined;
        if (!found || !found.report || !canDecideReport(caller, factsOf(found))) {
          throw refused(now, caller, ctx, 'report.read', null, 'not_found', { reportId: reportId.slice(0, 64) });
        }
        await audit(tx, now, caller, ctx, 'report.read', { type: 'concern', id: found.id }, 'success', { reportId });
        const clocks = (await reports.clocksForReport(tx, reportId)).map((c) => clockView(c, now));
        const kind = found.subjectKind === 'adult' ? 'adult' : 'child';
        return {
          concern: found,
          report: found.report,
          clocks,
          decisionOptions: decisionsFor(kind),
          permissions: {
            // An adult's decision follows the initial checks, both recorded on the case (a3pt1-p4, a3pt1-p5).
            decide: found.report.status === 'received' && kind === 'child',
            caseId: reportId,
            whoHasSeen: canSeeWhoHasSeen(caller, factsOf(found)),
          },
        };
      });
    },

    /** The duty social worker records the decision on next action, with a rationale. */
    async recordDecision(caller: Caller, reportId: string, rawInput: unknown, ctx: RequestContext): Promise<void> {
      await transact(db, async (tx) => {
        const now = clock.now();
        const found =
          can(caller, 'report.receive') && isUuid(reportId)
            ? await concerns.findConcernByReportInScope(tx, concernScope(caller), reportId, caller.userId)
            : undefined;
        if (!found || !found.report || !canDecideReport(caller, factsOf(found))) {
          throw refused(now, caller, ctx, 'report.decide', null, 'not_found', { reportId: reportId.slice(0, 64) });
        }
        const parsed = decisionSchema.safeParse(rawInput);
        if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
        const kind = found.subjectKind === 'adult' ? 'adult' : 'child';
        if (!isDecisionAllowed(kind, parsed.data.decision)) {
          throw new DomainError('validation', 'error.validation', { decision: 'error.decision.required' });
        }
        const decision: ReportDecision = parsed.data.decision;
        if (found.report.version !== parsed.data.expectedVersion || found.report.status !== 'received') {
          throw new DomainError('conflict', 'error.conflict');
        }
        // The decision is a step in the case: the engine stops the receipt clock and starts what follows.
        const rules = await loadRules(tx);
        const theCase = await cases.findCaseForUpdate(tx, caseScope(caller, clock.now()), reportId);
        if (!theCase) throw new DomainError('not_found', 'error.notFound');
        if (kind === 'adult') {
          await caseService.decideAdult(tx, rules, caller, theCase, { decision, rationale: parsed.data.rationale });
        } else {
          await caseService.runChild(tx, rules, caller, theCase, {
            type: 'record_decision',
            decision: decision as ChildDecision,
            rationale: parsed.data.rationale,
            crimeSuspected: parsed.data.crimeSuspected,
          });
        }
        await reports.markReportDecided(tx, reportId, { decision, rationale: parsed.data.rationale, decidedBy: caller.userId, decidedAt: now });
        await audit(tx, now, caller, ctx, 'report.decide', { type: 'concern', id: found.id }, 'success', { reportId, decision });
      });
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
