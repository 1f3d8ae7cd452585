import type { Db, Tx } from './database.js';

export interface NewReport {
  id: string;
  concernId: string;
  localAuthorityId: string;
  subjectKind: string;
  receivedAt: Date;
  reportedBy: string;
}

/** The insert of a new report, to run with the case it opens (the case engine's `also`). */
export function reportInsert(tx: Tx | Db, r: NewReport) {
  return tx.insertInto('reports').values({
    id: r.id,
    concern_id: r.concernId,
    local_authority_id: r.localAuthorityId,
    subject_kind: r.subjectKind,
    received_at: r.receivedAt,
    reported_by: r.reportedBy,
    status: 'received',
  });
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
    // The first child's case (or the adult's) carries the report's id; its receipt clock is the report's.
    .leftJoin('case_clocks as k', (j) => j.onRef('k.case_id', '=', 'r.id').on('k.key', 'in', ['T-C2', 'T-A3']))
    .select([
      'r.id as report_id', 'c.id as concern_id', 'c.reference', 'r.subject_kind', 'p.full_name', 'p.welsh_preferred',
      'o.name_en', 'o.name_cy', 'r.received_at', 'r.status', 'r.decision',
      'k.timer_id', 'k.due_at', 'k.stopped_at',
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
    clock: r.timer_id && r.due_at ? { ruleId: r.timer_id, dueAt: r.due_at, stoppedAt: r.stopped_at } : null,
  }));
}

export async function clocksForReport(db: Db | Tx, reportId: string) {
  const rows = await db.selectFrom('case_clocks').selectAll().where('case_id', '=', reportId).orderBy('started_at').orderBy('key').execute();
  return rows.map((r) => ({ ruleId: r.timer_id, dueAt: r.due_at, stoppedAt: r.stopped_at }));
}

/** The report's decision as recorded on the first child's (or the adult's) case, for the reporter's view. */
export async function markReportDecided(
  tx: Tx,
  id: string,
  d: { decision: string; rationale: string; decidedBy: string; decidedAt: Date },
): Promise<void> {
  await tx
    .updateTable('reports')
    .set((eb) => ({
      status: 'decided',
      decision: d.decision,
      decision_rationale: d.rationale,
      decided_by: d.decidedBy,
      decided_at: d.decidedAt,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'received')
    .execute();
}
