import { sql } from 'kysely';
import type { CaseScopeClause } from '../domain/access-policy.js';
import { caseInScope } from './access-sql.js';
import type { Db, Tx } from './database.js';
import { writeTogether, type Write } from './write-together.js';
import { known, reading, readOne, type Reading } from './read-together.js';

/**
 * Case streams and their projections. Appending takes the transaction of the whole
 * use case: the version check on `cases` locks the row, so two writers to one case
 * are serialised and the second fails the check (a conflict, never a lost update),
 * while writers to different cases never wait for each other.
 */
export interface StoredCaseEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  ruleset: string;
}

export interface CaseProjection {
  id: string;
  kind: 'child' | 'adult';
  localAuthorityId: string;
  transferToLocalAuthorityId: string | null;
  householdId: string;
  reportId: string;
  personId: string;
  stage: string;
  registered: boolean;
  categories: string[];
  registeredAt: Date | null;
  coordinatorId: string | null;
  allocatedTo: string | null;
  nextReviewDue: string | null;
  missingSince: Date | null;
  immediateProtection: string | null;
  openedAt: Date;
  updatedAt: Date;
  version: number;
}

export interface ClockProjection {
  key: string;
  timerId: string;
  startedAt: Date;
  dueAt: Date;
  dueDate: string;
  stoppedAt: Date | null;
  stopReason: string | null;
  outcome: string | null;
  pausedAt: Date | null;
  pauseReason: string | null;
  exceptionReason: string | null;
  exceptionBy: string | null;
}


function toProjection(r: {
  id: string; kind: string; local_authority_id: string; transfer_to_local_authority_id: string | null; household_id: string;
  report_id: string; person_id: string; stage: string; registered: boolean; categories: string[]; registered_at: Date | null;
  coordinator_id: string | null; allocated_to: string | null; next_review_due: string | null; missing_since: Date | null;
  immediate_protection: string | null; opened_at: Date; updated_at: Date; version: number;
}): CaseProjection {
  return {
    id: r.id,
    kind: r.kind === 'adult' ? 'adult' : 'child',
    localAuthorityId: r.local_authority_id,
    transferToLocalAuthorityId: r.transfer_to_local_authority_id,
    householdId: r.household_id,
    reportId: r.report_id,
    personId: r.person_id,
    stage: r.stage,
    registered: r.registered,
    categories: r.categories,
    registeredAt: r.registered_at,
    coordinatorId: r.coordinator_id,
    allocatedTo: r.allocated_to,
    nextReviewDue: r.next_review_due,
    missingSince: r.missing_since,
    immediateProtection: r.immediate_protection,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const scoped = caseInScope;

export async function findCaseInScope(db: Db | Tx, scope: readonly CaseScopeClause[], id: string): Promise<CaseProjection | undefined> {
  const row = await db.selectFrom('cases as k').selectAll('k').where('k.id', '=', id).where(scoped(scope)).executeTakeFirst();
  return row ? toProjection(row) : undefined;
}

export async function findCaseForUpdate(tx: Tx, scope: readonly CaseScopeClause[], id: string): Promise<CaseProjection | undefined> {
  const row = await tx
    .selectFrom('cases as k')
    .selectAll('k')
    .where('k.id', '=', id)
    .where(scoped(scope))
    .forUpdate()
    .executeTakeFirst();
  return row ? toProjection(row) : undefined;
}

/** Whether any case is in this scope: one cheap query, so the Cases area shows only to people on a case. */
export function hasAnyCaseInScope(db: Db | Tx, scope: readonly CaseScopeClause[]): Promise<boolean> {
  return readOne(db, anyCaseInScopeReading(db, scope));
}

/** The same, to read with others: known at once when the scope has no clauses. */
export function anyCaseInScopeReading(db: Db | Tx, scope: readonly CaseScopeClause[]): Reading<boolean> {
  if (scope.length === 0) return known(false);
  return reading(db.selectFrom('cases as k').select('k.id').where(scoped(scope)).limit(1), (rows) => rows.length > 0);
}

/** A case by id with no access scope: only for the system's own sweeps, never on a person's behalf. */
export async function findCaseForSystemUpdate(tx: Tx, id: string): Promise<CaseProjection | undefined> {
  const row = await tx.selectFrom('cases as k').selectAll('k').where('k.id', '=', id).forUpdate().executeTakeFirst();
  return row ? toProjection(row) : undefined;
}

export function householdReading(db: Db | Tx, scope: readonly CaseScopeClause[], householdId: string) {
  const query = db
    .selectFrom('cases as k')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .select(['k.id', 'k.stage', 'k.registered', 'k.categories', 'k.version', 'k.opened_at', 'p.full_name', 'p.date_of_birth', 'p.expected_due_date'])
    .where('k.household_id', '=', householdId)
    .where(scoped(scope))
    .orderBy('k.opened_at')
    .orderBy('p.full_name');
  return reading(query, (rows) =>
    rows.map((r) => ({
      id: r.id,
      stage: r.stage,
      registered: r.registered,
      categories: r.categories,
      version: r.version,
      personName: r.full_name,
      dateOfBirth: r.date_of_birth,
      expectedDueDate: r.expected_due_date,
    })),
  );
}

export async function casesInHousehold(db: Db | Tx, scope: readonly CaseScopeClause[], householdId: string) {
  return readOne(db, householdReading(db, scope, householdId));
}

export async function casesForReport(db: Db | Tx, reportId: string) {
  const rows = await db.selectFrom('cases').select(['id', 'kind', 'stage', 'version']).where('report_id', '=', reportId).orderBy('opened_at').execute();
  return rows;
}

export function eventsReading(db: Db | Tx, caseId: string) {
  // Each actor's name is looked up by key, event by event. As a join, the prepared statement's
  // plan (made once for any case, so expecting hundreds of events) hashed every user instead:
  // at Wales scale 2,218 of them for a case's twenty events, twice the cost of the read.
  const query = db
    .selectFrom('case_events as e')
    .select((eb) => [
      'e.seq', 'e.type', 'e.data', 'e.occurred_at', 'e.actor_user_id',
      eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'e.actor_user_id').as('name'),
      'e.ruleset',
    ])
    .where('e.case_id', '=', caseId)
    .orderBy('e.seq');
  return reading(
    query,
    (rows): StoredCaseEvent[] =>
      rows.map((r) => ({
        seq: r.seq,
        type: r.type,
        data: r.data,
        occurredAt: r.occurred_at,
        actorUserId: r.actor_user_id,
        actorName: r.name,
        ruleset: r.ruleset,
      })),
    ['occurred_at'],
  );
}

export async function loadEvents(db: Db | Tx, caseId: string): Promise<StoredCaseEvent[]> {
  return readOne(db, eventsReading(db, caseId));
}

/** A step's effect on a case: its new events, projection, clocks and alerts. */
export interface CaseChange {
  /** A case opening: its row is inserted, not moved on from `expectedVersion`. */
  isNew: boolean;
  expectedVersion: number;
  projection: CaseProjection;
  fromSeq: number;
  events: readonly { type: string }[];
  meta: { occurredAt: Date; actorUserId: string | null; ruleset: string };
  clocks: readonly ClockProjection[];
  alerts: readonly { caseId: string; seq: number; localAuthorityId: string; reason: string; createdAt: Date }[];
}

/**
 * Saves a step's change in one statement, with any other writes of the same step (its audit
 * record): the events appended, the projection moved on only if nobody else has (false means
 * a conflict, and the caller's transaction is rolled back), the clocks replaced.
 */
export async function saveCaseChange(tx: Db | Tx, c: CaseChange, also: readonly Write[] = []): Promise<boolean> {
  const p = c.projection;
  const row = caseRow(p);
  const counted = c.isNew
    ? tx.insertInto('cases').values(row).returning('id')
    : tx.updateTable('cases').set(row).where('id', '=', p.id).where('version', '=', c.expectedVersion).returning('id');
  const writes: Write[] = [...also];
  if (c.events.length > 0) {
    writes.push(
      tx.insertInto('case_events').values(
        c.events.map((e, i) => ({
          case_id: p.id,
          seq: c.fromSeq + i,
          type: e.type,
          data: JSON.stringify(e),
          occurred_at: c.meta.occurredAt,
          actor_user_id: c.meta.actorUserId,
          ruleset: c.meta.ruleset,
        })),
      ),
    );
  }
  // Clocks: those no longer projected go; the rest are written over (a delete and an insert
  // of the same key cannot share a statement).
  const keys = c.clocks.map((k) => k.key);
  if (!c.isNew) {
    writes.push(
      keys.length === 0
        ? tx.deleteFrom('case_clocks').where('case_id', '=', p.id)
        : tx.deleteFrom('case_clocks').where('case_id', '=', p.id).where('key', 'not in', keys),
    );
  }
  if (c.clocks.length > 0) {
    const rows = c.clocks.map((k) => clockRow(p.id, p.localAuthorityId, k));
    // Every column of the row but its key is written over.
    const columns = Object.keys(rows[0]!).filter((col) => col !== 'case_id' && col !== 'key');
    writes.push(
      tx
        .insertInto('case_clocks')
        .values(rows)
        .onConflict((oc) => oc.columns(['case_id', 'key']).doUpdateSet((eb) => Object.fromEntries(columns.map((col) => [col, eb.ref(`excluded.${col}` as never)])) as never)),
    );
  }
  if (c.alerts.length > 0) {
    writes.push(
      tx
        .insertInto('case_alerts')
        .values(c.alerts.map((a) => ({ case_id: a.caseId, seq: a.seq, local_authority_id: a.localAuthorityId, reason: a.reason, created_at: a.createdAt }))),
    );
  }
  return (await writeTogether(tx, writes, counted)) === 1;
}

/** A projection as its `cases` row (also what the synthetic-data generator loads). */
export function caseRow(p: CaseProjection) {
  return {
    id: p.id,
    kind: p.kind,
    local_authority_id: p.localAuthorityId,
    transfer_to_local_authority_id: p.transferToLocalAuthorityId,
    household_id: p.householdId,
    report_id: p.reportId,
    person_id: p.personId,
    stage: p.stage,
    registered: p.registered,
    categories: p.categories,
    registered_at: p.registeredAt,
    coordinator_id: p.coordinatorId,
    allocated_to: p.allocatedTo,
    next_review_due: p.nextReviewDue,
    missing_since: p.missingSince,
    immediate_protection: p.immediateProtection,
    opened_at: p.openedAt,
    updated_at: p.updatedAt,
    version: p.version,
  };
}

/** A clock as its `case_clocks` row. */
export function clockRow(caseId: string, localAuthorityId: string, c: ClockProjection) {
  return {
    case_id: caseId,
    key: c.key,
    timer_id: c.timerId,
    local_authority_id: localAuthorityId,
    started_at: c.startedAt,
    due_at: c.dueAt,
    due_date: c.dueDate,
    stopped_at: c.stoppedAt,
    stop_reason: c.stopReason,
    outcome: c.outcome,
    paused_at: c.pausedAt,
    pause_reason: c.pauseReason,
    exception_reason: c.exceptionReason,
    exception_by: c.exceptionBy,
  };
}

export function clocksReading(db: Db | Tx, caseId: string) {
  const query = db.selectFrom('case_clocks').selectAll().where('case_id', '=', caseId).orderBy('started_at').orderBy('key');
  return reading(
    query,
    (rows): ClockProjection[] =>
      rows.map((r) => ({
        key: r.key,
        timerId: r.timer_id,
        startedAt: r.started_at,
        dueAt: r.due_at,
        dueDate: r.due_date,
        stoppedAt: r.stopped_at,
        stopReason: r.stop_reason,
        outcome: r.outcome,
        pausedAt: r.paused_at,
        pauseReason: r.pause_reason,
        exceptionReason: r.exception_reason,
        exceptionBy: r.exception_by,
      })),
    ['started_at', 'due_at', 'stopped_at', 'paused_at'],
  );
}

export async function clocksForCase(db: Db | Tx, caseId: string): Promise<ClockProjection[]> {
  return readOne(db, clocksReading(db, caseId));
}

export interface TrayRow {
  caseId: string;
  personName: string;
  welshPreferred: boolean | null;
  stage: string;
  key: string;
  timerId: string;
  dueAt: Date;
  dueDate: string;
  pausedAt: Date | null;
  pauseReason: string | null;
  allocatedTo: string | null;
  allocatedName: string | null;
}

/** Running clocks for an authority's cases due on or before a date, soonest first. */
export async function runningClocksDueBy(
  db: Db | Tx,
  localAuthorityId: string,
  scope: readonly CaseScopeClause[],
  dueBy: string,
  filter: { allocatedTo?: string; limit: number },
): Promise<TrayRow[]> {
  let q = db
    .selectFrom('case_clocks as c')
    .innerJoin('cases as k', 'k.id', 'c.case_id')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .leftJoin('users as u', 'u.id', 'k.allocated_to')
    .select([
      'k.id as case_id', 'p.full_name', 'p.welsh_preferred', 'k.stage', 'c.key', 'c.timer_id', 'c.due_at', 'c.due_date',
      'c.paused_at', 'c.pause_reason', 'k.allocated_to', 'u.name as allocated_name',
    ])
    .where('c.local_authority_id', '=', localAuthorityId)
    .where('c.stopped_at', 'is', null)
    // Paused clocks are listed whatever their due date: someone must act to restart them.
    .where((eb) => eb.or([eb('c.due_date', '<=', dueBy), eb('c.paused_at', 'is not', null)]))
    .where('k.local_authority_id', '=', localAuthorityId)
    .where(scoped(scope));
  if (filter.allocatedTo) q = q.where('k.allocated_to', '=', filter.allocatedTo);
  const rows = await q.orderBy('c.due_at').orderBy('p.full_name').limit(filter.limit).execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    personName: r.full_name,
    welshPreferred: r.welsh_preferred,
    stage: r.stage,
    key: r.key,
    timerId: r.timer_id,
    dueAt: r.due_at,
    dueDate: r.due_date,
    pausedAt: r.paused_at,
    pauseReason: r.pause_reason,
    allocatedTo: r.allocated_to,
    allocatedName: r.allocated_name,
  }));
}

export async function alertsForAuthority(db: Db | Tx, localAuthorityId: string, scope: readonly CaseScopeClause[], since: Date, limit: number) {
  const rows = await db
    .selectFrom('case_alerts as a')
    .innerJoin('cases as k', 'k.id', 'a.case_id')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .select(['a.case_id', 'a.reason', 'a.created_at', 'p.full_name'])
    .where('a.local_authority_id', '=', localAuthorityId)
    .where(scoped(scope))
    .where('a.created_at', '>=', since)
    .orderBy('a.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ caseId: r.case_id, reason: r.reason, createdAt: r.created_at, personName: r.full_name }));
}

export interface RegisterRow {
  caseId: string;
  personName: string;
  dateOfBirth: string | null;
  expectedDueDate: string | null;
  welshPreferred: boolean | null;
  categories: string[];
  registeredAt: Date | null;
  coordinatorName: string | null;
  nextReviewDue: string | null;
  missingSince: Date | null;
  transferring: boolean;
}

/** The Child Protection Register of one authority (c3pt2-p10). */
export async function childProtectionRegister(db: Db | Tx, localAuthorityId: string, scope: readonly CaseScopeClause[]): Promise<RegisterRow[]> {
  const rows = await db
    .selectFrom('cases as k')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .leftJoin('users as u', 'u.id', 'k.coordinator_id')
    .select([
      'k.id', 'p.full_name', 'p.date_of_birth', 'p.expected_due_date', 'p.welsh_preferred', 'k.categories', 'k.registered_at',
      'u.name as coordinator_name', 'k.next_review_due', 'k.missing_since', 'k.transfer_to_local_authority_id',
    ])
    .where('k.local_authority_id', '=', localAuthorityId)
    .where(scoped(scope))
    .where('k.registered', '=', true)
    .orderBy('p.full_name')
    .execute();
  return rows.map((r) => ({
    caseId: r.id,
    personName: r.full_name,
    dateOfBirth: r.date_of_birth,
    expectedDueDate: r.expected_due_date,
    welshPreferred: r.welsh_preferred,
    categories: r.categories,
    registeredAt: r.registered_at,
    coordinatorName: r.coordinator_name,
    nextReviewDue: r.next_review_due,
    missingSince: r.missing_since,
    transferring: r.transfer_to_local_authority_id !== null,
  }));
}

/** Registered children whose 18th birthday has passed (T-C17): the sweep de-registers them. */
export async function registeredCasesTurned18(db: Db | Tx, today: string) {
  return db
    .selectFrom('cases as k')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .select(['k.id', 'k.local_authority_id'])
    .where('k.registered', '=', true)
    .where(sql<boolean>`p.date_of_birth + interval '18 years' <= ${today}::date`)
    .execute();
}

export async function listCases(db: Db | Tx, scope: readonly CaseScopeClause[], limit: number) {
  const rows = await db
    .selectFrom('cases as k')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .select(['k.id', 'k.kind', 'k.stage', 'k.registered', 'k.updated_at', 'p.full_name', 'p.welsh_preferred'])
    .where(scoped(scope))
    .orderBy('k.updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    stage: r.stage,
    registered: r.registered,
    updatedAt: r.updated_at,
    personName: r.full_name,
    welshPreferred: r.welsh_preferred,
  }));
}
