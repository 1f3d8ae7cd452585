import type { Db, Tx } from './database.js';

export type AuditOutcome = 'success' | 'denied' | 'not_found' | 'failure';

export interface AuditEvent {
  occurredAt: Date;
  actorUserId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  organisationId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown> | undefined;
  /** Why the person looked or acted, where they said (an emergency-access reason, a subject access request). */
  purpose?: string | null | undefined;
}

/** Append one audit event. Callers pass the transaction of the change it records. */
export async function appendAuditEvent(tx: Tx | Db, e: AuditEvent): Promise<void> {
  await auditInsert(tx, [e]).execute();
}

/** The insert of audit events, to run with other writes of the same change (writeTogether). */
export function auditInsert(tx: Tx | Db, events: readonly AuditEvent[]) {
  return tx.insertInto('audit_events').values(
    events.map((e) => ({
      occurred_at: e.occurredAt,
      actor_user_id: e.actorUserId,
      action: e.action,
      record_type: e.recordType,
      record_id: e.recordId,
      organisation_id: e.organisationId,
      request_id: e.requestId,
      ip: e.ip,
      outcome: e.outcome,
      detail: e.detail ? JSON.stringify(e.detail) : null,
      purpose: e.purpose ?? null,
    })),
  );
}

export interface AuditEntry {
  occurredAt: Date;
  actorName: string | null;
  actorRole: string | null;
  actorOrganisationEn: string | null;
  actorOrganisationCy: string | null;
  action: string;
  outcome: string;
  requestId: string | null;
}

/** Everything recorded about one record, newest first. */
export async function listAuditForRecord(db: Db | Tx, recordType: string, recordIds: string[], limit: number): Promise<AuditEntry[]> {
  if (recordIds.length === 0) return [];
  const rows = await db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['a.occurred_at', 'u.name', 'u.role', 'o.name_en', 'o.name_cy', 'a.action', 'a.outcome', 'a.request_id', 'a.id'])
    .where('a.record_type', '=', recordType)
    .where('a.record_id', 'in', recordIds)
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    occurredAt: r.occurred_at,
    actorName: r.name,
    actorRole: r.role,
    actorOrganisationEn: r.name_en,
    actorOrganisationCy: r.name_cy,
    action: r.action,
    outcome: r.outcome,
    requestId: r.request_id,
  }));
}
