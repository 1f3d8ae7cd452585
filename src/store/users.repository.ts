import { sql } from 'kysely';
import type { Db, Tx } from './database.js';
import { reading, readOne } from './read-together.js';

export interface UserAccount {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: string;
  organisationId: string;
  organisationKind: string;
  organisationNameEn: string;
  organisationNameCy: string;
}

/** The account's columns, with its organisation's (also read where a session or an API token is looked up with its user). */
export const USER_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.password_hash',
  'users.role',
  'users.organisation_id',
  'organisations.kind as organisation_kind',
  'organisations.name_en as organisation_name_en',
  'organisations.name_cy as organisation_name_cy',
] as const;

function userQuery(db: Db) {
  return db.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id').select(USER_COLUMNS);
}

export type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

export function toUser(row: UserRow): UserAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    role: row.role,
    organisationId: row.organisation_id,
    organisationKind: row.organisation_kind,
    organisationNameEn: row.organisation_name_en,
    organisationNameCy: row.organisation_name_cy,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserAccount | undefined> {
  const row = await userQuery(db).where(sql<string>`lower(users.email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: Db, id: string): Promise<UserAccount | undefined> {
  const row = await userQuery(db).where('users.id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function insertUser(
  db: Db,
  user: { id: string; email: string; name: string; passwordHash: string; role: string; organisationId: string },
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role,
      organisation_id: user.organisationId,
    })
    .execute();
}

/** People in an organisation with one of the given roles (for co-ordinator and allocation choices). */
export function staffReading(db: Db | Tx, organisationId: string, roles: readonly string[]) {
  const query = db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', [...roles])
    .orderBy('name');
  return reading(query, (rows) => [...rows]);
}

export async function listStaff(db: Db, organisationId: string, roles: readonly string[]) {
  return readOne(db, staffReading(db, organisationId, roles));
}

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}
