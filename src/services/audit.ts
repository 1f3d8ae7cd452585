import { appendAuditEvent, type AuditEvent, type AuditOutcome } from '../store/audit.repository.js';
import { DomainError, type DomainErrorCode } from '../domain/errors.js';
import type { Db, Tx } from '../store/database.js';
import type { Actor } from '../domain/access-policy.js';
import type { RequestContext } from './context.js';

/**
 * The one way services write audit events. It takes the transaction of the change
 * (or of the read) so both commit or neither does; there is no switch to turn it off.
 */
export function audit(tx: Tx | Db, ...event: Parameters<typeof auditEvent>): Promise<void> {
  return appendAuditEvent(tx, auditEvent(...event));
}

/**
 * An audit event to be written with the change it records, in the same statement (the case
 * engine's `also`, or writeTogether): the same record `audit` writes.
 */
export function auditEvent(
  at: Date,
  actor: Pick<Actor, 'userId' | 'organisationId'> | null,
  ctx: RequestContext,
  action: string,
  record: { type: string; id: string } | null,
  outcome: AuditOutcome,
  detail?: Record<string, unknown>,
  purpose?: string,
): AuditEvent {
  return {
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
    purpose: purpose ?? null,
  };
}

/**
 * A refusal (a record out of scope, a step not permitted) is audited even though the
 * transaction it happened in is rolled back: the service throws a `Refused` carrying the
 * event, and `transact` writes it once the rollback is done.
 */
export class Refused extends DomainError {
  constructor(
    code: DomainErrorCode,
    message: string,
    readonly event: AuditEvent,
  ) {
    super(code, message);
  }
}

export function refused(
  at: Date,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  ctx: RequestContext,
  action: string,
  record: { type: string; id: string } | null,
  outcome: 'not_found' | 'denied',
  detail?: Record<string, unknown>,
  error: { code: DomainErrorCode; message: string } = { code: 'not_found', message: 'error.notFound' },
  purpose?: string,
): Refused {
  return new Refused(error.code, error.message, auditEvent(at, actor, ctx, action, record, outcome, detail, purpose));
}

/** A service transaction: commits or rolls back, and a refusal thrown inside it is still audited. */
export async function transact<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(fn);
  } catch (e) {
    if (e instanceof Refused) await appendAuditEvent(db, e.event);
    throw e;
  }
}

/**
 * A read whose only write is its own audit record: run on the pool, without a transaction,
 * so its statements can go side by side (in READ COMMITTED each would take its own snapshot
 * inside a transaction too). The audit insert is one statement, so it is whole or absent,
 * and the caller awaits it: nothing is shown unless the read was recorded. A refusal thrown
 * inside is audited as in `transact`.
 */
export async function auditedRead<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  try {
    return await fn(db);
  } catch (e) {
    if (e instanceof Refused) await appendAuditEvent(db, e.event);
    throw e;
  }
}
