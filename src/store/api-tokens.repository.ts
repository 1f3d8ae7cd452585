import { sql } from 'kysely';
import type { Db } from './database.js';

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
 * The user id of a live token, marking it used. "Last used" is kept to the minute, as
 * sessions' last-seen times are: writing it on every call made every request with one
 * token queue on that token's row (found by the intake benchmark, bench/intake.ts).
 */
export async function useApiToken(db: Db, tokenHash: string, at: Date): Promise<string | undefined> {
  const { rows } = await sql<{ user_id: string }>`
    WITH live AS (SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ${tokenHash} AND revoked_at IS NULL),
    touched AS (
      UPDATE api_tokens SET last_used_at = ${at}
      WHERE id IN (SELECT id FROM live WHERE last_used_at IS NULL OR last_used_at < ${at}::timestamptz - interval '1 minute')
    )
    SELECT user_id FROM live`.execute(db);
  return rows[0]?.user_id;
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
