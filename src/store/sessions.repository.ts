import type { Db } from './database.js';
import { reading, type Reading } from './read-together.js';
import { toUser, USER_COLUMNS, type UserAccount } from './users.repository.js';

export interface StoredSession {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  data: Record<string, unknown>;
}

export async function insertSession(db: Db, s: StoredSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt,
      data: JSON.stringify(s.data),
    })
    .execute();
}

export async function findSession(db: Db, tokenHash: string): Promise<StoredSession | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && toSession(row);
}

function toSession(row: { token_hash: string; user_id: string; created_at: Date; last_seen_at: Date; expires_at: Date; data: Record<string, unknown> }): StoredSession {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    data: row.data,
  };
}

export interface SessionWithUser {
  session: StoredSession;
  user: UserAccount;
}

/** A session with its person's account, as one reading (every page starts here, with what it asks about them). */
export function sessionWithUserReading(db: Db, tokenHash: string): Reading<SessionWithUser | undefined> {
  const query = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(USER_COLUMNS)
    .select(['sessions.token_hash', 'sessions.user_id', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.data'])
    .where('sessions.token_hash', '=', tokenHash);
  return reading(query, ([row]) => row && { session: toSession(row), user: toUser(row) }, ['created_at', 'last_seen_at', 'expires_at']);
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function saveSessionData(db: Db, tokenHash: string, data: Record<string, unknown>): Promise<void> {
  await db.updateTable('sessions').set({ data: JSON.stringify(data) }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessionsOf(db: Db, userId: string, idleBefore: Date, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** End every session of a person, but the one they are using (after a password change). */
export async function deleteSessionsOfUser(db: Db, userId: string, exceptTokenHash?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptTokenHash) query = query.where('token_hash', '!=', exceptTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
