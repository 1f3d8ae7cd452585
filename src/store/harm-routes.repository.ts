import type { Db, Tx } from './database.js';
import { reading, readOne } from './read-together.js';

/** Specific harm route tasks (DOMAIN.md §6.2): plain functions over harm_route_tasks. */
export interface HarmRouteTaskRecord {
  id: string;
  organisationId: string;
  concernId: string | null;
  caseId: string | null;
  risk: string;
  taskId: string;
  subjectKind: 'child' | 'adult';
  status: 'open' | 'done';
  dueAt: Date | null;
  createdAt: Date;
  createdBy: string;
  createdByName: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  completedByName: string | null;
  reference: string | null;
  referenceDetail: Record<string, unknown> | null;
  notes: string | null;
}

export interface NewHarmRouteTask {
  id: string;
  organisationId: string;
  concernId: string | null;
  caseId: string | null;
  risk: string;
  taskId: string;
  subjectKind: 'child' | 'adult';
  dueAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

export async function insertHarmRouteTasks(tx: Tx, tasks: readonly NewHarmRouteTask[]): Promise<void> {
  if (tasks.length === 0) return;
  await harmRouteTasksInsert(tx, tasks).execute();
}

/** The insert of new harm-route tasks, to run with the other writes of their concern (writeTogether). */
export function harmRouteTasksInsert(tx: Tx | Db, tasks: readonly NewHarmRouteTask[]) {
  return tx.insertInto('harm_route_tasks').values(
    tasks.map((t) => ({
      id: t.id,
      organisation_id: t.organisationId,
      concern_id: t.concernId,
      case_id: t.caseId,
      risk: t.risk,
      task_id: t.taskId,
      subject_kind: t.subjectKind,
      status: 'open',
      due_at: t.dueAt,
      created_at: t.createdAt,
      created_by: t.createdBy,
    })),
  );
}

function base(db: Db | Tx) {
  return db
    .selectFrom('harm_route_tasks as t')
    .leftJoin('users as cu', 'cu.id', 't.created_by')
    .leftJoin('users as du', 'du.id', 't.completed_by')
    .select([
      't.id', 't.organisation_id', 't.concern_id', 't.case_id', 't.risk', 't.task_id', 't.subject_kind', 't.status', 't.due_at',
      't.created_at', 't.created_by', 't.completed_at', 't.completed_by', 't.reference', 't.reference_detail', 't.notes',
      'cu.name as created_by_name', 'du.name as completed_by_name',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

function fromRow(r: Row): HarmRouteTaskRecord {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    concernId: r.concern_id,
    caseId: r.case_id,
    risk: r.risk,
    taskId: r.task_id,
    subjectKind: r.subject_kind === 'adult' ? 'adult' : 'child',
    status: r.status === 'done' ? 'done' : 'open',
    dueAt: r.due_at ? new Date(r.due_at) : null,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    completedAt: r.completed_at ? new Date(r.completed_at) : null,
    completedBy: r.completed_by,
    completedByName: r.completed_by_name,
    reference: r.reference,
    referenceDetail: r.reference_detail,
    notes: r.notes,
  };
}

/** The tasks raised with a concern, oldest first. */
export async function harmRouteTasksForConcern(db: Db | Tx, concernId: string): Promise<HarmRouteTaskRecord[]> {
  const rows = await base(db).where('t.concern_id', '=', concernId).orderBy('t.created_at').orderBy('t.id').execute();
  return rows.map(fromRow);
}

/**
 * The tasks of a case: those added on the case, and those raised with the concern behind
 * it (case → report → concern) when that concern is about this case's person (or about the
 * unborn child this person was born as). A sibling's case shares the report, not the tasks.
 */
export function harmRouteTasksReading(db: Db | Tx, c: { id: string; reportId: string; personId: string }) {
  const concernBehind = db
    .selectFrom('reports as r')
    .innerJoin('concerns as c', 'c.id', 'r.concern_id')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select('c.id')
    .where('r.id', '=', c.reportId)
    .where((eb) => eb.or([eb('c.person_id', '=', c.personId), eb('p.born_person_id', '=', c.personId)]));
  const query = base(db)
    .where((eb) => eb.or([eb('t.case_id', '=', c.id), eb('t.concern_id', 'in', concernBehind)]))
    .orderBy('t.created_at')
    .orderBy('t.id');
  return reading(query, (rows): HarmRouteTaskRecord[] => rows.map(fromRow));
}

export async function harmRouteTasksForCase(db: Db | Tx, c: { id: string; reportId: string; personId: string }): Promise<HarmRouteTaskRecord[]> {
  return readOne(db, harmRouteTasksReading(db, c));
}

/** Record a task as done, if it is still open: false when someone else completed it meanwhile. */
export async function completeHarmRouteTask(
  tx: Tx,
  id: string,
  done: { at: Date; by: string; reference: string | null; detail: Record<string, unknown>; notes: string | null },
): Promise<boolean> {
  const r = await tx
    .updateTable('harm_route_tasks')
    .set({
      status: 'done',
      completed_at: done.at,
      completed_by: done.by,
      reference: done.reference,
      reference_detail: JSON.stringify(done.detail),
      notes: done.notes,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
