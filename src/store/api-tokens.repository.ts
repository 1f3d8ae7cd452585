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

/** The user id of a live token, marking it used. */
export async function useApiToken(db: Db, tokenHash: string, at: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
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
