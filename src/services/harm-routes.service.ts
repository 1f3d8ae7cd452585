import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../platform/clock.js';
import type { Db, Tx } from '../store/database.js';
import * as cases from '../store/cases.repository.js';
import * as tasks from '../store/harm-routes.repository.js';
import { caseAccessFacts } from '../store/case-access.repository.js';
import { findConcernInScope } from '../store/concerns.repository.js';
import { caseAccess, caseScope, concernScope } from '../domain/access-policy.js';
import type { SpecificRisk, SubjectKind } from '../domain/concern.js';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { londonDate, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import {
  dueStatus,
  HARM_ROUTES,
  isRoutedRisk,
  ROUTED_RISKS,
  tasksFor,
  TASK_IDS,
  validateCompletion,
  type CompletionInput,
  type DueStatus,
  type HarmRouteTask,
  type RoutedRisk,
} from '../domain/harm-routes.js';
import { audit, auditEvent, refused, transact } from './audit.js';
import type { AuditEvent } from '../store/audit.repository.js';
import type { Caller, RequestContext } from './context.js';
import { fieldErrors } from './concern.input.js';

/** A task as pages and the API show it: the stored facts with the route table's wording. */
export interface HarmRouteTaskView {
  id: string;
  risk: RoutedRisk;
  taskId: string;
  subjectKind: SubjectKind;
  /** Raised with the concern behind the case, or added on the case. */
  origin: 'concern' | 'case';
  who: string;
  what: string;
  deadline: HarmRouteTask['deadline']['kind'];
  sources: readonly string[];
  dueAt: Date | null;
  /** The last day on which the task is on time (Europe/London); null without a dated deadline. */
  dueDate: string | null;
  dueStatus: DueStatus;
  referenceKind: HarmRouteTask['reference']['kind'];
  referenceLabel: string;
  status: 'open' | 'done';
  createdAt: Date;
  createdByName: string | null;
  completedAt: Date | null;
  completedByName: string | null;
  reference: string | null;
  detail: { referenceKind?: string; consent?: string; category?: number; level?: number };
  notes: string | null;
}

export const addRoutesSchema = z.object({
  risks: z
    .array(z.string({ error: 'error.harmRouteRisks.invalid' }), { error: 'error.harmRouteRisks.required' })
    .min(1, 'error.harmRouteRisks.required')
    .max(ROUTED_RISKS.length, 'error.harmRouteRisks.invalid')
    .refine((rs) => rs.every(isRoutedRisk), 'error.harmRouteRisks.invalid'),
});

/** The route table's entry for a stored task (a task the table no longer has is shown by its ids). */
function definitionOf(r: tasks.HarmRouteTaskRecord): HarmRouteTask | undefined {
  if (!isRoutedRisk(r.risk)) return undefined;
  return HARM_ROUTES[r.risk][r.subjectKind].find((t) => t.id === r.taskId);
}

export function taskView(r: tasks.HarmRouteTaskRecord, now: Date): HarmRouteTaskView | undefined {
  const def = definitionOf(r);
  if (!def || !isRoutedRisk(r.risk)) return undefined;
  const detail = (r.referenceDetail ?? {}) as HarmRouteTaskView['detail'];
  return {
    id: r.id,
    risk: r.risk,
    taskId: r.taskId,
    subjectKind: r.subjectKind,
    origin: r.caseId ? 'case' : 'concern',
    who: def.who,
    what: def.what,
    deadline: def.deadline.kind,
    sources: def.sources,
    dueAt: r.dueAt,
    dueDate: r.dueAt && def.deadline.kind !== 'immediately' ? londonDate(new Date(r.dueAt.getTime() - 1)) : null,
    dueStatus: dueStatus(def, r.dueAt, r.completedAt, now),
    referenceKind: def.reference.kind,
    referenceLabel: def.reference.label,
    status: r.status,
    createdAt: r.createdAt,
    createdByName: r.createdByName,
    completedAt: r.completedAt,
    completedByName: r.completedByName,
    reference: r.reference,
    detail,
    notes: r.notes,
  };
}

/**
 * Tasks in the order they were raised and, among those raised together, in the route
 * table's order (police before the return home interview), never by their random ids.
 */
/** Tasks (as harmRouteTasksReading answers them) as a case page shows them, in the order they were set. */
export function harmRouteViews(rows: tasks.HarmRouteTaskRecord[], now: Date): HarmRouteTaskView[] {
  const order = (r: tasks.HarmRouteTaskRecord) => (TASK_IDS as readonly string[]).indexOf(r.taskId);
  return [...rows]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || order(a) - order(b))
    .map((r) => taskView(r, now))
    .filter((v): v is HarmRouteTaskView => v !== undefined);
}

/**
 * The tasks of a case, read inside the caller's own transaction once access to the case
 * is settled (the case page reads them with the case, under its audited read).
 */
export async function harmRoutesOnCase(tx: Db | Tx, found: cases.CaseProjection, now: Date): Promise<HarmRouteTaskView[]> {
  return harmRouteViews(await tasks.harmRouteTasksForCase(tx, found), now);
}

/**
 * A concern raised with specific risks that have a route: the tasks to create with the
 * concern, in its own statement, and their audit record (DOMAIN.md §6.2: the routes fire in
 * parallel). Null when no risk has a route.
 */
export function concernHarmRoutes(
  calendar: WorkingDayCalendar,
  concern: { id: string; organisationId: string; subjectKind: SubjectKind; specificRisks: readonly SpecificRisk[]; createdAt: Date },
  caller: Caller,
  ctx: RequestContext,
): { tasks: tasks.NewHarmRouteTask[]; audit: AuditEvent } | null {
  const planned = [...new Set(concern.specificRisks)].flatMap((risk) => tasksFor(risk, concern.subjectKind, concern.createdAt, calendar));
  if (planned.length === 0) return null;
  const rows = planned.map((p) => ({
    id: randomUUID(),
    organisationId: concern.organisationId,
    concernId: concern.id,
    caseId: null,
    risk: p.risk,
    taskId: p.task.id,
    subjectKind: p.subjectKind,
    dueAt: p.dueAt,
    createdAt: concern.createdAt,
    createdBy: caller.userId,
  }));
  return {
    tasks: rows,
    audit: auditEvent(concern.createdAt, caller, ctx, 'concern.harm_route.create', { type: 'concern', id: concern.id }, 'success', {
      risks: [...new Set(planned.map((p) => p.risk))],
      tasks: rows.map((r) => ({ id: r.id, task: r.taskId })),
    }),
  };
}

/**
 * Specific harm routes on a case (DOMAIN.md §6.2): add them, complete their tasks with
 * the reference each needs, list them. Access is the case's: out of scope reads exactly
 * like a missing case, and changes need a working relationship (read-only → 403).
 */
export function createHarmRouteService(deps: { db: Db; clock: Clock; calendar: WorkingDayCalendar }) {
  const { db, clock, calendar } = deps;

  async function locate(tx: Tx, caller: Caller, id: string, ctx: RequestContext, action: string, forUpdate: boolean) {
    const now = clock.now();
    const scope = caseScope(caller, now);
    const found = isUuid(id) ? await (forUpdate ? cases.findCaseForUpdate(tx, scope, id) : cases.findCaseInScope(tx, scope, id)) : undefined;
    if (!found) throw refused(now, caller, ctx, action, null, 'not_found', { caseId: id.slice(0, 64) });
    const level = caseAccess(caller, await caseAccessFacts(tx, found), now);
    return { found, level };
  }

  /** Adding and completing need a working relationship to the case; a reader is refused (and it is audited). */
  function requireWork(caller: Caller, found: cases.CaseProjection, level: string, ctx: RequestContext, action: string) {
    if (level === 'work') return;
    throw refused(clock.now(), caller, ctx, action, { type: 'case', id: found.id }, 'denied', { reason: 'read_only' }, { code: 'not_permitted', message: 'error.case.readOnly' });
  }

  return {
    /** The tasks of a case, open and done (the read is audited). */
    async forCase(caller: Caller, caseId: string, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const { found, level } = await locate(tx, caller, caseId, ctx, 'case.harm_route.read', false);
        const now = clock.now();
        const all = await harmRoutesOnCase(tx, found, now);
        await audit(tx, now, caller, ctx, 'case.harm_route.read', { type: 'case', id: found.id }, 'success');
        return {
          caseId: found.id,
          kind: found.kind,
          access: level,
          open: all.filter((t) => t.status === 'open'),
          done: all.filter((t) => t.status === 'done'),
        };
      });
    },

    /**
     * Add routes to a case: each chosen risk creates its tasks, unless that risk already has
     * an open task on the case (it is not duplicated). Access first, then the answers.
     */
    async addRoutes(caller: Caller, caseId: string, raw: unknown, ctx: RequestContext): Promise<{ created: number; skipped: RoutedRisk[] }> {
      return transact(db, async (tx) => {
        // The case row is locked: two people adding the same route at once do not both add it.
        const { found, level } = await locate(tx, caller, caseId, ctx, 'case.harm_route.add', true);
        requireWork(caller, found, level, ctx, 'case.harm_route.add');
        const parsed = addRoutesSchema.safeParse(raw ?? {});
        if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
        const risks = [...new Set(parsed.data.risks)].filter(isRoutedRisk);
        const now = clock.now();
        const open = new Set((await tasks.harmRouteTasksForCase(tx, found)).filter((t) => t.status === 'open').map((t) => t.risk));
        const skipped = risks.filter((r) => open.has(r));
        const planned = risks
          .filter((r) => !open.has(r))
          .flatMap((r) => tasksFor(r, found.kind, now, calendar, { registered: found.registered }));
        const rows = planned.map((p) => ({
          id: randomUUID(),
          organisationId: found.localAuthorityId,
          concernId: null,
          caseId: found.id,
          risk: p.risk,
          taskId: p.task.id,
          subjectKind: p.subjectKind,
          dueAt: p.dueAt,
          createdAt: now,
          createdBy: caller.userId,
        }));
        await tasks.insertHarmRouteTasks(tx, rows);
        await audit(tx, now, caller, ctx, 'case.harm_route.add', { type: 'case', id: found.id }, 'success', {
          risks,
          skipped,
          tasks: rows.map((r) => ({ id: r.id, task: r.taskId })),
        });
        return { created: rows.length, skipped };
      });
    },

    /**
     * Complete a task with its reference. The audit names the task and the kind of reference
     * recorded (and an adult's consent, which decides NRM or MS1), not the reference itself:
     * the reference is case content, held on the task with who recorded it and when, and read
     * under the case's access rules; the audit trail is read more widely (who has seen,
     * integrity checks) and is never erased, so it carries no content it does not need.
     */
    async complete(caller: Caller, caseId: string, taskId: string, raw: unknown, ctx: RequestContext): Promise<HarmRouteTaskView> {
      return transact(db, async (tx) => {
        const { found, level } = await locate(tx, caller, caseId, ctx, 'case.harm_route.complete', true);
        requireWork(caller, found, level, ctx, 'case.harm_route.complete');
        const now = clock.now();
        const row = (await tasks.harmRouteTasksForCase(tx, found)).find((t) => t.id === taskId);
        const def = row && definitionOf(row);
        if (!row || !def) {
          throw refused(now, caller, ctx, 'case.harm_route.complete', { type: 'case', id: found.id }, 'not_found', { taskId: taskId.slice(0, 64) });
        }
        if (row.status === 'done') throw new DomainError('invalid_state', 'error.harmRoute.alreadyDone');
        const checked = validateCompletion(def, (raw ?? {}) as CompletionInput);
        if (!checked.ok) throw new DomainError('validation', 'error.validation', checked.errors);
        const { reference, detail, notes } = checked.value;
        if (!(await tasks.completeHarmRouteTask(tx, row.id, { at: now, by: caller.userId, reference, detail, notes }))) {
          throw new DomainError('conflict', 'error.conflict');
        }
        await audit(tx, now, caller, ctx, 'case.harm_route.complete', { type: 'case', id: found.id }, 'success', {
          taskId: row.id,
          task: row.taskId,
          risk: row.risk,
          referenceKind: detail.referenceKind,
          ...(detail.consent ? { consent: detail.consent } : {}),
        });
        const done = (await tasks.harmRouteTasksForCase(tx, found)).find((t) => t.id === row.id)!;
        return taskView(done, now)!;
      });
    },

    /** The tasks raised with a concern, for the concern's own page (read-only; audited). */
    async forConcern(caller: Caller, concernId: string, ctx: RequestContext): Promise<HarmRouteTaskView[]> {
      return transact(db, async (tx) => {
        const now = clock.now();
        const found = isUuid(concernId) ? await findConcernInScope(tx, concernScope(caller), concernId, caller.userId) : undefined;
        if (!found) throw refused(now, caller, ctx, 'concern.harm_route.read', isUuid(concernId) ? { type: 'concern', id: concernId } : null, 'not_found');
        const rows = await tasks.harmRouteTasksForConcern(tx, found.id);
        if (rows.length > 0) await audit(tx, now, caller, ctx, 'concern.harm_route.read', { type: 'concern', id: found.id }, 'success');
        return harmRouteViews(rows, now);
      });
    },
  };
}

export type HarmRouteService = ReturnType<typeof createHarmRouteService>;
