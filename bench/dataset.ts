import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * A generated dataset lives in a folder (bench/.data/<name>/ unless BENCH_DATASET names
 * another): `dataset.json` describes it, and the folder is the server's DATA_DIR, so the
 * keys the generator used — `mfa-key` (seals the demo users' authenticator secrets) and
 * `audit-signing-key.pem` (signs the audit checkpoints) — are the ones a server started on
 * it finds. On the embedded database the folder also holds the database (`pgdata`); on
 * PostgreSQL, `databaseUrl` says where the data is.
 */
export type Scale = 'wales' | 'england' | 'small' | 'smoke';

export interface DatasetDescriptor {
  name: string;
  scale: Scale;
  engine: 'postgres' | 'pglite';
  /** PostgreSQL only */
  databaseUrl?: string;
  /** Absolute path of the folder: the server's DATA_DIR */
  dataDir: string;
  generatedAt: string;
  /** The generator's "today" (Europe/London): clocks due on or before it are overdue */
  today: string;
  seconds: number;
  counts: Record<string, number>;
  /** The demo local authority (Sir Fynydd), where the demo users work: the one the benchmarks sign in to */
  demo: { localAuthorityId: string; dutyEmail: string; managerEmail: string; password: string };
}

export const DATA_ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '.data');

export function datasetDir(name: string): string {
  return path.resolve(DATA_ROOT, name);
}

/** The dataset in BENCH_DATASET (a folder or a name under bench/.data), else `fallback` under bench/.data; null when not generated. */
export function loadDataset(fallback = 'small'): DatasetDescriptor | null {
  const chosen = process.env.BENCH_DATASET ?? fallback;
  const dir = chosen.includes('/') ? path.resolve(chosen) : datasetDir(chosen);
  const file = path.join(dir, 'dataset.json');
  if (!fs.existsSync(file)) return null;
  return { ...(JSON.parse(fs.readFileSync(file, 'utf8')) as DatasetDescriptor), dataDir: dir };
}

export function saveDataset(d: DatasetDescriptor): void {
  fs.mkdirSync(d.dataDir, { recursive: true });
  fs.writeFileSync(path.join(d.dataDir, 'dataset.json'), `${JSON.stringify(d, null, 2)}\n`);
}

/** Environment for a Diogel server (`src/cli/main.ts serve`) running on the dataset. */
export function serverEnv(d: DatasetDescriptor, port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: d.dataDir,
    ...(d.databaseUrl ? { DATABASE_URL: d.databaseUrl } : {}),
    // The dataset already has its organisations, so no demo data is loaded; DEMO=true lets
    // the server find the keys in DATA_DIR as the generator left them.
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'bench-session-secret-not-for-production-use-0000',
    // Benchmarks sign many sessions in from one address.
    SIGN_IN_ATTEMPTS_PER_MINUTE: '100000',
  };
}

/** The PostgreSQL server where benchmarks make and drop their databases. */
export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One statement on the admin connection (CREATE or DROP DATABASE). */
export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
