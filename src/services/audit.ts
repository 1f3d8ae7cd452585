import { appendAuditEvent, type AuditOutcome } from '../store/audit.repository.js';
import type { Db, Tx } from '../store/database.js';
import type { Actor } from '../domain/access-policy.js';
import type { RequestContext } from './context.js';

/**
 * The one way services write audit events. It takes the transaction of the change
 * (or of the read) so both commit or neither does; there is no switch to turn it off.
 */
export function audit(
  tx: Tx | Db,
  at: Date,
  actor: Pick<Actor, 'userId' | 'organisationId'> | null,
  ctx: RequestContext,
  action: string,
  record: { type: string; id: string } | null,
  outcome: AuditOutcome,
  detail?: Record<string, unknown>,
): Promise<void> {
  return appendAuditEvent(tx, {
    occurredAt: at,
    actorUserId: actor?.userId ?? null,
    organisationId: actor?.organisationId ?? null,
    action,
    recordType: record?.type ?? null,
    recordId: record?.id ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
    outcome,
    detail,
  });
}
