import { sql } from 'kysely';
import type { Db } from './database.js';
import { toUser, USER_COLUMNS, type UserAccount } from './users.repository.js';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function insertApiToken(db: Db, t: ApiToken & { tokenHash: string }): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt })
    .execute();
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/**
 * The account of a live token, marking it used, in one statement (the API's every call
 * starts here). "Last used" is kept to the minute, as sessions' last-seen times are:
 * writing it on every call made every request with one token queue on that token's row
 * (found by the intake benchmark, bench/intake.ts).
 */
export async function useApiToken(db: Db, tokenHash: string, at: Date): Promise<UserAccount | undefined> {
  const row = await db
    .with('live', (q) => q.selectFrom('api_tokens').select(['id', 'user_id', 'last_used_at']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null))
    .with('touched', (q) =>
      q
        .updateTable('api_tokens')
        .set({ last_used_at: at })
        .where('id', 'in', (s) =>
          s.selectFrom('live').select('live.id').where((eb) => eb.or([eb('live.last_used_at', 'is', null), eb('live.last_used_at', '<', sql<Date>`${at}::timestamptz - interval '1 minute'`)])),
        ),
    )
    .selectFrom('live')
    .innerJoin('users', 'users.id', 'live.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(USER_COLUMNS)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function revokeApiToken(db: Db, userId: string, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
