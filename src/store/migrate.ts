import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-case-streams.js';
import * as m003 from './migrations/003-allegations.js';
import * as m004 from './migrations/004-audit-chain.js';
import * as m005 from './migrations/005-sign-in.js';
import * as m006 from './migrations/006-access.js';
import * as m007 from './migrations/007-guidance.js';
import * as m008 from './migrations/008-harm-routes.js';
import * as m009 from './migrations/009-person-search.js';
import * as m010 from './migrations/010-write-guard.js';

// Migrations are listed here, in order, so that they are bundled with the code
// and never discovered from the file system at run time.
const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-case-streams': m002,
  '003-allegations': m003,
  '004-audit-chain': m004,
  '005-sign-in': m005,
  '006-access': m006,
  '007-guidance': m007,
  '008-harm-routes': m008,
  '009-person-search': m009,
  '010-write-guard': m010,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  // A database already up to date is the usual case at start: two small reads say so, where
  // the migrator takes its lock and reads every table's definition (over 100 ms embedded).
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider, migrationTableName: 'diogel_migrations', migrationLockTableName: 'diogel_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrate up to and including one named migration (tests of data carried across a migration). */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'diogel_migrations', migrationLockTableName: 'diogel_migrations_lock' });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

async function upToDate(db: Db): Promise<boolean> {
  const table = await sql<{ found: string | null }>`SELECT to_regclass('diogel_migrations')::text AS found`.execute(db);
  if (!table.rows[0]?.found) return false;
  const applied = await sql<{ name: string }>`SELECT name FROM diogel_migrations`.execute(db);
  const done = new Set(applied.rows.map((r) => r.name));
  // Exactly the ones this code knows: one it does not (a newer version's) is for the migrator to refuse.
  return done.size === Object.keys(migrations).length && Object.keys(migrations).every((name) => done.has(name));
}
