import { sql } from 'kysely';
import type { AllegationScope } from '../domain/access-policy.js';
import type { Db, Tx } from './database.js';
import { known, reading, readOne, type Reading } from './read-together.js';
import type { ClockProjection } from './cases.repository.js';

/** Allegations about practitioners: stream, projection, members, links and clocks, always read through the scope. */
export interface AllegationProjection {
  id: string;
  localAuthorityId: string;
  stage: string;
  subjectName: string;
  subjectUserId: string | null;
  employer: string;
  outcome: string | null;
  notifiedAt: Date;
  openedBy: string;
  openedAt: Date;
  updatedAt: Date;
  version: number;
}

export interface StoredAllegationEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  ruleset: string;
}

type Row = {
  id: string;
  local_authority_id: string;
  stage: string;
  subject_name: string;
  subject_user_id: string | null;
  employer: string;
  outcome: string | null;
  notified_at: Date;
  opened_by: string;
  opened_at: Date;
  updated_at: Date;
  version: number;
};

function fromRow(r: Row): AllegationProjection {
  return {
    id: r.id,
    localAuthorityId: r.local_authority_id,
    stage: r.stage,
    subjectName: r.subject_name,
    subjectUserId: r.subject_user_id,
    employer: r.employer,
    outcome: r.outcome,
    notifiedAt: new Date(r.notified_at),
    openedBy: r.opened_by,
    openedAt: new Date(r.opened_at),
    updatedAt: new Date(r.updated_at),
    version: r.version,
  };
}

/** The scope as one SQL condition on `a` (allegations). */
function visible(scope: AllegationScope) {
  const lead = scope.leadOfLocalAuthorityId;
  return sql<boolean>`(a.subject_user_id IS DISTINCT FROM ${scope.userId}::uuid AND (${
    lead ? sql`a.local_authority_id = ${lead}::uuid OR ` : sql``
  }EXISTS (SELECT 1 FROM allegation_members m WHERE m.allegation_id = a.id AND m.user_id = ${scope.userId}::uuid)))`;
}

export async function findAllegationInScope(db: Db | Tx, scope: AllegationScope, id: string, forUpdate = false): Promise<AllegationProjection | undefined> {
  let q = db.selectFrom('allegations as a').selectAll('a').where('a.id', '=', id).where(visible(scope));
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? fromRow(r as unknown as Row) : undefined;
}

export async function listAllegations(db: Db | Tx, scope: AllegationScope, limit: number) {
  const rows = await db
    .selectFrom('allegations as a')
    .selectAll('a')
    .select((eb) => [
      eb
        .selectFrom('allegation_clocks as k')
        .select(sql<Date>`min(k.due_at)`.as('d'))
        .whereRef('k.allegation_id', '=', 'a.id')
        .where('k.stopped_at', 'is', null)
        .as('next_due_at'),
    ])
    .where(visible(scope))
    .orderBy('a.updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...fromRow(r as unknown as Row), nextDueAt: r.next_due_at ? new Date(r.next_due_at) : null }));
}

/** Whether this person can see any allegation at all (the area exists for them). */
export function hasAnyAllegationAccess(db: Db | Tx, scope: AllegationScope): Promise<boolean> {
  return readOne(db, anyAllegationAccessReading(db, scope));
}

/** The same, to read with others: known at once for a lead, who sees their authority's allegations whether or not there are any yet. */
export function anyAllegationAccessReading(db: Db | Tx, scope: AllegationScope): Reading<boolean> {
  if (scope.leadOfLocalAuthorityId) return known(true);
  return reading(db.selectFrom('allegations as a').select('a.id').where(visible(scope)).limit(1), (rows) => rows.length > 0);
}

/** Allegations linked to a case that this person may see (for the case page). */
export function linkedAllegationsReading(db: Db | Tx, scope: AllegationScope, caseId: string) {
  const query = db
    .selectFrom('allegations as a')
    .innerJoin('allegation_case_links as l', 'l.allegation_id', 'a.id')
    .select(['a.id', 'a.subject_name', 'a.stage'])
    .where('l.case_id', '=', caseId)
    .where(visible(scope))
    .orderBy('a.opened_at');
  return reading(query, (rows) => rows.map((r) => ({ id: r.id, subjectName: r.subject_name, stage: r.stage })));
}

export async function allegationsLinkedToCase(db: Db | Tx, scope: AllegationScope, caseId: string) {
  return readOne(db, linkedAllegationsReading(db, scope, caseId));
}

export async function loadAllegationEvents(db: Db | Tx, id: string): Promise<StoredAllegationEvent[]> {
  const rows = await db
    .selectFrom('allegation_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.seq', 'e.type', 'e.data', 'e.occurred_at', 'e.actor_user_id', 'u.name', 'e.ruleset'])
    .where('e.allegation_id', '=', id)
    .orderBy('e.seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type,
    data: r.data,
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorName: r.name,
    ruleset: r.ruleset,
  }));
}

function toRow(p: AllegationProjection) {
  return {
    id: p.id,
    local_authority_id: p.localAuthorityId,
    stage: p.stage,
    subject_name: p.subjectName,
    subject_user_id: p.subjectUserId,
    employer: p.employer,
    outcome: p.outcome,
    notified_at: p.notifiedAt,
    opened_by: p.openedBy,
    opened_at: p.openedAt,
    updated_at: p.updatedAt,
    version: p.version,
  };
}

export async function insertAllegation(tx: Tx, p: AllegationProjection): Promise<void> {
  await tx.insertInto('allegations').values(toRow(p)).execute();
}

/** Moves the projection on only if nobody else has: false means a conflict. */
export async function updateAllegation(tx: Tx, expectedVersion: number, p: AllegationProjection): Promise<boolean> {
  const r = await tx.updateTable('allegations').set(toRow(p)).where('id', '=', p.id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function appendAllegationEvents(
  tx: Tx,
  id: string,
  fromSeq: number,
  events: readonly { type: string }[],
  meta: { occurredAt: Date; actorUserId: string | null; ruleset: string },
): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insertInto('allegation_events')
    .values(
      events.map((e, i) => ({
        allegation_id: id,
        seq: fromSeq + i,
        type: e.type,
        data: JSON.stringify(e),
        occurred_at: meta.occurredAt,
        actor_user_id: meta.actorUserId,
        ruleset: meta.ruleset,
      })),
    )
    .execute();
}

/** Members, links and clocks are projections of the stream: replaced together with it. */
export async function replaceAllegationProjections(
  tx: Tx,
  id: string,
  localAuthorityId: string,
  p: { members: readonly string[]; linkedCases: readonly string[]; clocks: readonly ClockProjection[] },
): Promise<void> {
  await tx.deleteFrom('allegation_members').where('allegation_id', '=', id).execute();
  if (p.members.length) await tx.insertInto('allegation_members').values(p.members.map((user_id) => ({ allegation_id: id, user_id }))).execute();
  await tx.deleteFrom('allegation_case_links').where('allegation_id', '=', id).execute();
  if (p.linkedCases.length) {
    await tx.insertInto('allegation_case_links').values(p.linkedCases.map((case_id) => ({ allegation_id: id, case_id }))).execute();
  }
  await tx.deleteFrom('allegation_clocks').where('allegation_id', '=', id).execute();
  if (p.clocks.length) {
    await tx
      .insertInto('allegation_clocks')
      .values(
        p.clocks.map((c) => ({
          allegation_id: id,
          key: c.key,
          timer_id: c.timerId,
          local_authority_id: localAuthorityId,
          started_at: c.startedAt,
          due_at: c.dueAt,
          due_date: c.dueDate,
          stopped_at: c.stoppedAt,
          stop_reason: c.stopReason,
          outcome: c.outcome,
          exception_reason: c.exceptionReason,
          exception_by: c.exceptionBy,
        })),
      )
      .execute();
  }
}

export async function allegationClocks(db: Db | Tx, id: string): Promise<ClockProjection[]> {
  const rows = await db.selectFrom('allegation_clocks').selectAll().where('allegation_id', '=', id).orderBy('started_at').orderBy('key').execute();
  return rows.map((r) => ({
    key: r.key,
    timerId: r.timer_id,
    startedAt: new Date(r.started_at),
    dueAt: new Date(r.due_at),
    dueDate: String(r.due_date).slice(0, 10),
    stoppedAt: r.stopped_at ? new Date(r.stopped_at) : null,
    stopReason: r.stop_reason,
    outcome: r.outcome as ClockProjection['outcome'],
    pausedAt: null,
    pauseReason: null,
    exceptionReason: r.exception_reason,
    exceptionBy: r.exception_by,
  }));
}
