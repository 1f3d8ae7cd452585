import { sql } from 'kysely';
import type { Db, Tx } from './database.js';

export interface SubjectAccessEntry {
  occurredAt: Date;
  role: string | null;
  organisationEn: string | null;
  organisationCy: string | null;
  action: string;
  recordType: string;
  outcome: string;
  purpose: string | null;
}

/**
 * Every audited read or change of one person's records (their cases, the concerns about
 * them and the reports of those concerns), newest first: for a subject access request.
 * Staff are given by role and organisation, as a person asking is entitled to know who
 * has seen their information without the names of individual staff.
 */
export async function subjectAccessEntries(db: Db | Tx, personId: string, limit: number): Promise<SubjectAccessEntry[]> {
  const result = await sql<{
    occurred_at: Date;
    role: string | null;
    name_en: string | null;
    name_cy: string | null;
    action: string;
    record_type: string;
    outcome: string;
    purpose: string | null;
  }>`
    WITH records AS (
      SELECT 'case'::text AS record_type, k.id AS record_id FROM cases k WHERE k.person_id = ${personId}
      UNION ALL SELECT 'concern', c.id FROM concerns c WHERE c.person_id = ${personId}
      UNION ALL SELECT 'report', r.id FROM reports r JOIN concerns c ON c.id = r.concern_id WHERE c.person_id = ${personId}
    )
    SELECT a.occurred_at, u.role, o.name_en, o.name_cy, a.action, a.record_type, a.outcome, a.purpose
    FROM audit_events a
    JOIN records rec ON rec.record_type = a.record_type AND rec.record_id = a.record_id
    LEFT JOIN users u ON u.id = a.actor_user_id
    LEFT JOIN organisations o ON o.id = u.organisation_id
    ORDER BY a.id DESC
    LIMIT ${limit}
  `.execute(db);
  return result.rows.map((r) => ({
    occurredAt: r.occurred_at,
    role: r.role,
    organisationEn: r.name_en,
    organisationCy: r.name_cy,
    action: r.action,
    recordType: r.record_type,
    outcome: r.outcome,
    purpose: r.purpose,
  }));
}
