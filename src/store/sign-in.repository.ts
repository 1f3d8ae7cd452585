import { sql } from 'kysely';
import type { Db, Tx } from './database.js';

/** The password step of a sign-in, waiting for its code (or for the app to be set up). */
export interface PendingSignIn {
  userId: string;
  stage: 'code' | 'enrol';
  /** Sealed; only while setting up an authenticator app. */
  enrolmentSecret: string | null;
  expiresAt: Date;
}

export async function insertPendingSignIn(
  tx: Tx,
  p: { bindingHash: string; userId: string; stage: 'code' | 'enrol'; enrolmentSecret: string | null; createdAt: Date; expiresAt: Date },
): Promise<void> {
  // Password steps left behind by anyone are cleared as new ones arrive.
  await tx.deleteFrom('sign_in_pending').where('expires_at', '<=', p.createdAt).execute();
  await tx
    .insertInto('sign_in_pending')
    .values({
      binding_hash: p.bindingHash,
      user_id: p.userId,
      stage: p.stage,
      enrolment_secret: p.enrolmentSecret,
      created_at: p.createdAt,
      expires_at: p.expiresAt,
    })
    .execute();
}

/** The pending sign-in bound to a pre-session, expired or not (the caller decides). */
export async function findPendingSignIn(db: Db | Tx, bindingHash: string): Promise<PendingSignIn | undefined> {
  const row = await db.selectFrom('sign_in_pending').selectAll().where('binding_hash', '=', bindingHash).executeTakeFirst();
  if (!row) return undefined;
  return { userId: row.user_id, stage: row.stage === 'enrol' ? 'enrol' : 'code', enrolmentSecret: row.enrolment_secret, expiresAt: row.expires_at };
}

/** Take a pending sign-in for use: true only for the one request that deletes it. */
export async function takePendingSignIn(tx: Tx, bindingHash: string): Promise<boolean> {
  const result = await tx.deleteFrom('sign_in_pending').where('binding_hash', '=', bindingHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deletePendingSignInsOf(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('sign_in_pending').where('user_id', '=', userId).execute();
}

export interface StoredFailures {
  failures: number;
  lockedUntil: Date | null;
}

export async function findFailures(db: Db | Tx, emailKey: string): Promise<StoredFailures | undefined> {
  const row = await db.selectFrom('sign_in_failures').select(['failures', 'locked_until']).where('email_key', '=', emailKey).executeTakeFirst();
  return row && { failures: row.failures, lockedUntil: row.locked_until };
}

/** The failure count for an address, locked for the rest of the transaction (concurrent failures queue here). */
export async function lockFailures(tx: Tx, emailKey: string, now: Date): Promise<StoredFailures | undefined> {
  await tx
    .insertInto('sign_in_failures')
    .values({ email_key: emailKey, failures: 0, last_failure_at: now, locked_until: null })
    .onConflict((oc) => oc.column('email_key').doNothing())
    .execute();
  const row = await tx
    .selectFrom('sign_in_failures')
    .select(['failures', 'locked_until'])
    .where('email_key', '=', emailKey)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { failures: row.failures, lockedUntil: row.locked_until };
}

export async function saveFailures(tx: Tx, emailKey: string, state: StoredFailures, now: Date): Promise<void> {
  await tx
    .updateTable('sign_in_failures')
    .set({ failures: state.failures, locked_until: state.lockedUntil, last_failure_at: now })
    .where('email_key', '=', emailKey)
    .execute();
}

export async function clearFailures(tx: Tx, emailKey: string): Promise<void> {
  await tx.deleteFrom('sign_in_failures').where('email_key', '=', emailKey).execute();
}

/** Count one attempt from a client address in a window; the count including this one. */
export async function countAttempt(tx: Tx, clientAddress: string, windowStart: Date): Promise<number> {
  const row = await tx
    .insertInto('sign_in_throttle')
    .values({ client_address: clientAddress, window_start: windowStart, attempts: 1 })
    .onConflict((oc) => oc.columns(['client_address', 'window_start']).doUpdateSet({ attempts: sql`sign_in_throttle.attempts + 1` }))
    .returning('attempts')
    .executeTakeFirstOrThrow();
  if (row.attempts === 1) {
    // A new window: windows more than an hour old are of no further use.
    await tx.deleteFrom('sign_in_throttle').where('window_start', '<', new Date(windowStart.getTime() - 3_600_000)).execute();
  }
  return row.attempts;
}
