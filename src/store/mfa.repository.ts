import { sql } from 'kysely';
import type { Db, Tx } from './database.js';

/** A person's authenticator app (its secret still sealed) and the last time step used. */
export interface StoredMfa {
  sealedSecret: string;
  lastUsedStep: number | null;
}

export async function findMfa(db: Db | Tx, userId: string): Promise<StoredMfa | undefined> {
  const row = await db.selectFrom('user_mfa').select(['totp_secret', 'last_used_step']).where('user_id', '=', userId).executeTakeFirst();
  return row && { sealedSecret: row.totp_secret, lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step) };
}

/** Of the accounts with these e-mail addresses, those with no authenticator set up (one query). */
export async function usersWithoutMfa(db: Db, emails: readonly string[]): Promise<{ id: string; email: string }[]> {
  if (emails.length === 0) return [];
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.email'])
    .where(sql<string>`lower(u.email)`, 'in', emails.map((e) => e.trim().toLowerCase()))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('user_mfa as m').select('m.user_id').whereRef('m.user_id', '=', 'u.id'))))
    .execute();
}

export async function insertMfa(tx: Tx | Db, m: { userId: string; sealedSecret: string; enrolledAt: Date; lastUsedStep: number | null }): Promise<void> {
  await tx
    .insertInto('user_mfa')
    .values({ user_id: m.userId, totp_secret: m.sealedSecret, enrolled_at: m.enrolledAt, last_used_step: m.lastUsedStep })
    .execute();
}

/**
 * Claim a time step for this account. Only a step after the last one used is taken, in one
 * statement, so two requests racing with the same code cannot both succeed.
 */
export async function claimTotpStep(tx: Tx, userId: string, step: number): Promise<boolean> {
  const result = await tx
    .updateTable('user_mfa')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new set of recovery codes replaces every earlier one, used or not. */
export async function replaceRecoveryCodes(tx: Tx, userId: string, codeHashes: readonly string[], at: Date): Promise<void> {
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await tx
    .insertInto('recovery_codes')
    .values(codeHashes.map((h) => ({ user_id: userId, code_hash: h, created_at: at, used_at: null })))
    .execute();
}

/** Use a recovery code once: true only for an unused code of this person. */
export async function useRecoveryCode(tx: Tx, userId: string, codeHash: string, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db | Tx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
