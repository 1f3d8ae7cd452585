import type { Db, Tx } from './database.js';

export interface NewReport {
  id: string;
  concernId: string;
  localAuthorityId: string;
  subjectKind: string;
  receivedAt: Date;
  reportedBy: string;
}

export async function insertReport(tx: Tx, r: NewReport): Promise<void> {
  await tx
    .insertInto('reports')
    .values({
      id: r.id,
      concern_id: r.concernId,
      local_authority_id: r.localAuthorityId,
      subject_kind: r.subjectKind,
      received_at: r.receivedAt,
      reported_by: r.reportedBy,
      status: 'received',
    })
    .execute();
}

export async function recordReportDecision(
  tx: Tx,
  id: string,
  expectedVersion: number,
  d: { decision: string; rationale: string; decidedBy: string; decidedAt: Date },
): Promise<boolean> {
  const result = await tx
    .updateTable('reports')
    .set({
      status: 'decided',
      decision: d.decision,
      decision_rationale: d.rationale,
      decided_by: d.decidedBy,
      decided_at: d.decidedAt,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'received')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface IncomingReport {
  reportId: string;
  concernId: string;
  reference: string;
  subjectKind: string;
  personName: string;
  welshPreferred: boolean | null;
  organisationNameEn: string;
  organisationNameCy: string;
  receivedAt: Date;
  status: string;
  decision: string | null;
  clock: { ruleId: string; dueAt: Date; stoppedAt: Date | null } | null;
}

/** The local authority's incoming reports, those still running a clock first, soonest due first. */
export async function listReportsForLocalAuthority(
  db: Db,
  localAuthorityId: string,
  filter: { status?: 'received' | 'decided'; limit: number },
): Promise<IncomingReport[]> {
  let q = db
    .selectFrom('reports as r')
    .innerJoin('concerns as c', 'c.id', 'r.concern_id')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .leftJoin('clocks as k', (j) => j.onRef('k.report_id', '=', 'r.id'))
    .select([
      'r.id as report_id', 'c.id as concern_id', 'c.reference', 'r.subject_kind', 'p.full_name', 'p.welsh_preferred',
      'o.name_en', 'o.name_cy', 'r.received_at', 'r.status', 'r.decision',
      'k.rule_id', 'k.due_at', 'k.stopped_at',
    ])
    .where('r.local_authority_id', '=', localAuthorityId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  const rows = await q
    .orderBy((eb) => eb.case().when('k.stopped_at', 'is', null).then(0).else(1).end())
    .orderBy('k.due_at', 'asc')
    .orderBy('r.received_at', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({
    reportId: r.report_id,
    concernId: r.concern_id,
    reference: r.reference,
    subjectKind: r.subject_kind,
    personName: r.full_name,
    welshPreferred: r.welsh_preferred,
    organisationNameEn: r.name_en,
    organisationNameCy: r.name_cy,
    receivedAt: r.received_at,
    status: r.status,
    decision: r.decision,
    clock: r.rule_id && r.due_at ? { ruleId: r.rule_id, dueAt: r.due_at, stoppedAt: r.stopped_at } : null,
  }));
}

export interface StoredClock {
  id: string;
  localAuthorityId: string;
  reportId: string;
  ruleId: string;
  startedAt: Date;
  dueAt: Date;
  stoppedAt: Date | null;
  stopReason: string | null;
}

export async function insertClock(tx: Tx, c: Omit<StoredClock, 'stoppedAt' | 'stopReason'>): Promise<void> {
  await tx
    .insertInto('clocks')
    .values({
      id: c.id,
      local_authority_id: c.localAuthorityId,
      report_id: c.reportId,
      rule_id: c.ruleId,
      started_at: c.startedAt,
      due_at: c.dueAt,
    })
    .execute();
}

export async function stopClock(tx: Tx, reportId: string, ruleId: string, at: Date, reason: string): Promise<void> {
  await tx
    .updateTable('clocks')
    .set({ stopped_at: at, stop_reason: reason })
    .where('report_id', '=', reportId)
    .where('rule_id', '=', ruleId)
    .where('stopped_at', 'is', null)
    .execute();
}

export async function clocksForReport(db: Db | Tx, reportId: string): Promise<StoredClock[]> {
  const rows = await db.selectFrom('clocks').selectAll().where('report_id', '=', reportId).orderBy('started_at').execute();
  return rows.map((r) => ({
    id: r.id,
    localAuthorityId: r.local_authority_id,
    reportId: r.report_id,
    ruleId: r.rule_id,
    startedAt: r.started_at,
    dueAt: r.due_at,
    stoppedAt: r.stopped_at,
    stopReason: r.stop_reason,
  }));
}
