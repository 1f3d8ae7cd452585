import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { FixedClock, systemClock } from '../../src/platform/clock.js';
import { loadMfaKey } from '../../src/platform/mfa-key.js';
import { loadAuditSigner } from '../../src/platform/keys.js';
import { createCalendar, londonDate } from '../../src/domain/calendar/working-days.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, loadDemoData } from '../../src/services/demo.service.js';
import { hashPassword } from '../../src/services/auth.service.js';
import { loadRules } from '../../src/services/case-engine.js';
import { sealAuditLog } from '../../src/services/audit-sealer.js';
import { loadRuleInputs } from '../../src/store/rule-settings.repository.js';
import { admin, ADMIN_URL, datasetDir, saveDataset, type DatasetDescriptor, type Scale } from '../dataset.js';
import { COLUMNS, embeddedSink, postgresSink, type CopySink } from './copy.js';
import type { Authority } from './scenarios.js';
import type { Chunk, WorkerInput } from './worker.js';

/**
 * npm run bench:data -- --scale wales|england|small|smoke [--cases N] [--name N] [--engine postgres|pglite]
 *                       [--database-url URL] [--seed N]
 *
 * Makes a fictional national dataset through the domain code (bench/data/scenarios.ts) and
 * loads it with COPY, then seals the whole audit trail with the real sealer, so `diogel
 * audit verify` passes on it. The folder bench/.data/<name> describes it (dataset.json) and
 * holds its keys; it is the DATA_DIR of a server started on it.
 *
 * Scales: wales = 1M cases over 8 years in 22 authorities (80% children), about 20M events
 * and 20M audit events; england = 6.33M children's referrals (633,000 a year for ten years,
 * DOMAIN.md §8.3) in 150 authorities; small = 100,000 cases in one authority, for the
 * embedded database; smoke = a few hundred, for the tests.
 */
interface ScaleSpec {
  cases: number;
  years: number;
  childShare: number;
  authorities: number;
  engine: 'postgres' | 'pglite';
}

export const SCALES: Record<Scale, ScaleSpec> = {
  wales: { cases: 1_000_000, years: 8, childShare: 0.8, authorities: 22, engine: 'postgres' },
  england: { cases: 6_330_000, years: 10, childShare: 1, authorities: 150, engine: 'postgres' },
  small: { cases: 100_000, years: 8, childShare: 0.8, authorities: 1, engine: 'pglite' },
  smoke: { cases: 400, years: 2, childShare: 0.8, authorities: 2, engine: 'pglite' },
};

export interface GenerateOptions {
  scale: Scale;
  name?: string;
  cases?: number;
  engine?: 'postgres' | 'pglite';
  /** PostgreSQL: the database to fill (emptied first); default: a database named after the dataset on BENCH_DATABASE_ADMIN_URL */
  databaseUrl?: string;
  /** Where the dataset folder goes (default bench/.data/<name>) */
  dir?: string;
  seed?: number;
  chunkSize?: number;
  onProgress?: (line: string) => void;
}


/** Fictional authorities after the two of the demo; their sizes vary as Welsh authorities' do. */
const PLACES = [
  'Bro Afon', 'Cwm Glas', 'Sir Dyffryn', 'Glannau Hafren', 'Porth Ceri', 'Bryn Derw', 'Aber Teifion', 'Llyn Cerrig', 'Sir Mynwy Fach', 'Tal-y-Bont',
  'Rhos Helyg', 'Coed Isaf', 'Maes Gwyn', 'Y Gororau', 'Bae Tywod', 'Pen Llŷn Fawr', 'Dyffryn Tawel', 'Caer Wysg', 'Nant Eryr', 'Cefn Cwm',
];


function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export async function generateDataset(options: GenerateOptions): Promise<DatasetDescriptor> {
  const spec = SCALES[options.scale];
  const name = options.name ?? options.scale;
  const engine = options.engine ?? (options.databaseUrl ? 'postgres' : spec.engine);
  const cases = options.cases ?? spec.cases;
  const chunkSize = options.chunkSize ?? Math.min(2_000, Math.max(50, Math.ceil(cases / 20)));
  const say = options.onProgress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = path.resolve(options.dir ?? datasetDir(name));
  const started = performance.now();

  // A fresh folder (keeping no old database or keys) and a fresh database.
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let databaseUrl = options.databaseUrl;
  if (engine === 'postgres' && !databaseUrl) {
    const dbName = `diogel_bench_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  // The keys a server on this folder will use (DEMO=true finds them here).
  const keyConfig = { DEMO: true, DATA_DIR: dir, MFA_ENCRYPTION_KEY: undefined, AUDIT_SIGNING_KEY: undefined, AUDIT_VERIFY_KEY: undefined };
  const mfaKey = loadMfaKey(keyConfig);
  const signer = loadAuditSigner(keyConfig);

  const handle = await openDatabase(engine === 'postgres' ? { databaseUrl, poolSize: 4 } : { dataDir: dir });
  try {
    const { db } = handle;
    await migrateToLatest(db);
    const now = systemClock.now();
    // The demo's people and cases, made through the services: the benchmarks sign in as them.
    await loadDemoData(db, new FixedClock(now), createCalendar(), mfaKey);
    const authorities = await createAuthorities(handle, spec, options.scale);
    say(`${name}: ${authorities.length} local authorities, ${authorities.reduce((s, a) => s + a.workers.length + a.managers.length + a.chairs.length + a.seniors.length, 0)} staff; making ${cases.toLocaleString('en-GB')} cases on ${engine === 'postgres' ? 'PostgreSQL' : 'the embedded database'}`);

    const peopleColumns: string[] = [...COLUMNS.people];
    const hasNhs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'people' AND column_name = 'nhs_number'`.execute(db);
    if ((hasNhs.rows[0]?.n ?? 0) > 0) peopleColumns.push('nhs_number');

    const rules = await loadRules(db);
    const { values, closures } = await loadRuleInputs(db);
    const from = new Date(now.getTime() - spec.years * 365.25 * 86_400_000);
    const input: WorkerInput = {
      seed: options.seed ?? 20_261_122,
      authorities,
      today: now.toISOString(),
      from: from.toISOString(),
      cases,
      chunkSize,
      childShare: spec.childShare,
      ruleset: rules.ruleset,
      ruleValues: values as Record<string, unknown>,
      closures,
      peopleColumns,
    };

    // Secondary indexes are dropped for the load and built again after it: one sort per index
    // instead of a random insert per row (keys and unique constraints stay, and are checked as rows come).
    const indexes = await sql<{ name: string; definition: string }>`
      SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY(${Object.keys(COLUMNS)}::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db);
    for (const i of indexes.rows) await sql.raw(`DROP INDEX ${i.name}`).execute(db);

    const sink: CopySink = engine === 'postgres' ? await postgresSink(databaseUrl!) : embeddedSink(handle.embedded!);
    const counts: Record<string, number> = {};
    let done = 0;
    let lastSaid = 0;
    const loadStarted = performance.now();
    try {
      await new Promise<void>((resolve, reject) => {
        const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: input });
        let chain = Promise.resolve();
        worker.on('message', (message: Chunk | 'done') => {
          chain = chain.then(async () => {
            if (message === 'done') {
              await worker.terminate();
              resolve();
              return;
            }
            await sink.load(message.tables);
            worker.postMessage('loaded');
            done += message.cases;
            for (const [t, n] of Object.entries(message.rows)) counts[t] = (counts[t] ?? 0) + n;
            const t = performance.now();
            if (t - lastSaid > 2_000 || done === cases) {
              lastSaid = t;
              const rate = done / ((t - loadStarted) / 1000);
              say(
                `${name}: ${done.toLocaleString('en-GB')} / ${cases.toLocaleString('en-GB')} cases (${Math.floor((done / cases) * 100)}%), ` +
                  `${(counts.case_events ?? 0).toLocaleString('en-GB')} events, ${(counts.audit_events ?? 0).toLocaleString('en-GB')} audit events; ` +
                  `${Math.round(rate).toLocaleString('en-GB')} cases/s; ${elapsed(t - started)} so far, about ${elapsed(((cases - done) / rate) * 1000)} to go`,
              );
            }
          }).catch((err: unknown) => {
            reject(err);
            void worker.terminate();
          });
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0 && code !== 1) reject(new Error(`the generator's worker stopped with code ${code}`));
        });
      });
    } finally {
      await sink.close();
    }
    say(`${name}: seconds spent loading each table: ${Object.entries(sink.timings).map(([t, ms]) => `${t} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    say(`${name}: loaded in ${elapsed(loadSeconds * 1000)}; building ${indexes.rows.length} indexes, checking every foreign key and rebuilding derived tables`);
    const finishStarted = performance.now();
    await db.connection().execute(async (c) => {
      await sql`SET maintenance_work_mem = '512MB'`.execute(c);
      for (const i of indexes.rows) await sql.raw(i.definition).execute(c);
      await sql`RESET maintenance_work_mem`.execute(c);
    });
    await finishLoad(handle);
    await sql`ANALYZE`.execute(db);
    const finishSeconds = (performance.now() - finishStarted) / 1000;
    say(`${name}: checked and analysed in ${elapsed(finishSeconds * 1000)}`);

    // Seal the whole trail with the real sealer, as a running server would have.
    const sealStarted = performance.now();
    let sealed = 0;
    let checkpoints = 0;
    for (;;) {
      const r = await sealAuditLog(db, signer, systemClock, { maxEvents: 250_000, batchSize: 10_000 });
      if (r.status !== 'sealed') break;
      sealed += r.checkpoint.eventCount;
      checkpoints++;
      say(`${name}: sealed ${sealed.toLocaleString('en-GB')} audit events in ${checkpoints} checkpoints (${elapsed(performance.now() - sealStarted)})`);
      if (!r.more) break;
    }
    const sealSeconds = (performance.now() - sealStarted) / 1000;

    const totals = await tableCounts(handle);
    const descriptor: DatasetDescriptor = {
      name,
      scale: options.scale,
      engine,
      ...(databaseUrl ? { databaseUrl } : {}),
      dataDir: dir,
      generatedAt: now.toISOString(),
      today: londonDate(now),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      counts: { ...totals, loadSeconds: Math.round(loadSeconds), finishSeconds: Math.round(finishSeconds), sealSeconds: Math.round(sealSeconds), checkpoints },
      demo: {
        localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id,
        dutyEmail: 'duty@sirfynydd.example',
        managerEmail: 'manager@sirfynydd.example',
        password: DEMO_PASSWORD,
      },
    };
    saveDataset(descriptor);
    say(`${name}: done in ${elapsed(descriptor.seconds * 1000)}: ${Object.entries(totals).map(([t, n]) => `${t} ${n.toLocaleString('en-GB')}`).join(', ')}`);
    return descriptor;
  } finally {
    await handle.close();
  }
}

/**
 * What a trigger on a loaded table maintains, rebuilt in one statement after the load.
 * A trigger not listed here stops the generator: it would otherwise have been skipped.
 */
const TRIGGER_CATCH_UP: Record<string, string> = {
  people_name_words_insert: 'INSERT INTO person_name_words (word) SELECT DISTINCT unnest(search_words) FROM people ON CONFLICT DO NOTHING',
};

async function finishLoad(handle: DatabaseHandle): Promise<void> {
  const loaded = Object.keys(COLUMNS);
  const triggers = await sql<{ name: string; table: string; insert: boolean }>`
    SELECT t.tgname AS name, c.relname AS "table", (t.tgtype & 4) <> 0 AS insert
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND c.relname = ANY(${loaded}::text[])`.execute(handle.db);
  for (const t of triggers.rows.filter((r) => r.insert)) {
    const catchUp = TRIGGER_CATCH_UP[t.name];
    if (!catchUp) throw new Error(`The trigger ${t.name} on ${t.table} runs on insert, and the generator does not know how to make good what it would have done. Add it to TRIGGER_CATCH_UP in bench/data/generate.ts.`);
    await sql.raw(catchUp).execute(handle.db);
  }
  // Every foreign key of every loaded table, checked over the whole table at once.
  const keys = await sql<{ name: string; child: string; column: string; parent: string; parent_column: string }>`
    SELECT con.conname AS name, c.relname AS child, a.attname AS column, p.relname AS parent, pa.attname AS parent_column
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class p ON p.oid = con.confrelid
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
    JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = con.confkey[1]
    WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1 AND c.relname = ANY(${loaded}::text[])`.execute(handle.db);
  for (const k of keys.rows) {
    const bad = await sql<{ n: string }>`
      SELECT count(*) AS n FROM ${sql.table(k.child)} x
      WHERE x.${sql.ref(k.column)} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${sql.table(k.parent)} y WHERE y.${sql.ref(k.parent_column)} = x.${sql.ref(k.column)})`.execute(handle.db);
    if (Number(bad.rows[0]!.n) > 0) throw new Error(`${bad.rows[0]!.n} rows of ${k.child}.${k.column} refer to no row of ${k.parent} (${k.name})`);
  }
}

async function tableCounts(handle: DatabaseHandle): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['people', 'concerns', 'cases', 'case_events', 'case_clocks', 'audit_events', 'users', 'organisations']) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(handle.db);
    out[t] = Number(r.rows[0]!.n);
  }
  const running = await sql<{ n: string }>`SELECT count(*) AS n FROM case_clocks WHERE stopped_at IS NULL`.execute(handle.db);
  const registered = await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE registered`.execute(handle.db);
  out.running_clocks = Number(running.rows[0]!.n);
  out.registered_children = Number(registered.rows[0]!.n);
  return out;
}

/**
 * The authorities and their staff. The demo's Sir Fynydd is the largest, with a team of 200
 * social workers (the work tray benchmark's team); the demo's own staff join its team.
 */
async function createAuthorities(handle: DatabaseHandle, spec: ScaleSpec, scale: Scale): Promise<Array<Authority & { weight: number }>> {
  const { db } = handle;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demoStaff = await db.selectFrom('users').select(['id', 'role', 'organisation_id']).execute();
  const out: Array<Authority & { weight: number }> = [];
  const orgs: Array<{ id: string; name_en: string; name_cy: string; kind: string; local_authority_id: string | null }> = [];
  const users: Array<{ id: string; email: string; name: string; password_hash: string; organisation_id: string; role: string }> = [];
  const staff = (orgId: string, slug: string, role: string, prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const id = randomUUID();
      users.push({ id, email: `${prefix}.${String(i + 1).padStart(3, '0')}@${slug}.example`, name: `${prefix} ${i + 1}`, password_hash: passwordHash, organisation_id: orgId, role });
      return id;
    });

  for (let k = 0; k < spec.authorities; k++) {
    const demo = k === 0 ? DEMO_ORGANISATIONS.sirFynydd : k === 1 ? DEMO_ORGANISATIONS.caerwen : null;
    const id = demo?.id ?? randomUUID();
    const place = demo ? demo.nameEn.replace(/ (County|City) Council$/, '') : scale === 'england' ? `Authority ${k + 1}` : PLACES[(k - 2) % PLACES.length]!;
    const slug = `${place.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '')}${k}`;
    if (!demo) orgs.push({ id, name_en: `${place} Council`, name_cy: `Cyngor ${place}`, kind: 'local_authority', local_authority_id: null });
    // Sizes fall away from the largest as Welsh authorities' populations do (roughly 1/(k+1)^0.6).
    const weight = 1 / Math.pow(k + 1, 0.6);
    const team = k === 0 ? 200 : Math.max(15, Math.round(200 * weight));
    const agencies: Authority['agencies'] = [];
    for (const [kind, label] of [['school', 'Ysgol'], ['school', 'Ysgol Uwchradd'], ['care_provider', 'Cartref Gofal'], ['care_provider', 'Gofal Cartref']] as const) {
      const agencyId = randomUUID();
      orgs.push({ id: agencyId, name_en: `${label} ${place}`, name_cy: `${label} ${place}`, kind, local_authority_id: id });
      const tag = `${slug}-${agencies.length + 1}`;
      agencies.push({ id: agencyId, kind, practitioners: staff(agencyId, tag, 'practitioner', 'staff', 6), dsps: staff(agencyId, tag, 'designated_safeguarding_person', 'dsp', 1) });
    }
    const own = (role: string) => (demo ? demoStaff.filter((u) => u.organisation_id === demo.id && u.role === role).map((u) => u.id) : []);
    out.push({
      id,
      weight,
      workers: [...own('duty_social_worker'), ...staff(id, slug, 'duty_social_worker', 'sw', team)],
      managers: [...own('team_manager'), ...staff(id, slug, 'team_manager', 'tm', Math.max(2, Math.round(team / 8)))],
      seniors: [...own('senior_manager'), ...staff(id, slug, 'senior_manager', 'sm', 1)],
      chairs: [...own('conference_chair'), ...staff(id, slug, 'conference_chair', 'chair', Math.max(1, Math.round(team / 25)))],
      agencies,
    });
  }
  for (let i = 0; i < orgs.length; i += 500) await db.insertInto('organisations').values(orgs.slice(i, i + 500) as never).execute();
  for (let i = 0; i < users.length; i += 500) await db.insertInto('users').values(users.slice(i, i + 500) as never).execute();
  return out;
}

function parseArgs(argv: string[]): GenerateOptions {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = (get('--scale') ?? 'small') as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const cases = get('--cases');
  const engine = get('--engine');
  if (engine && engine !== 'postgres' && engine !== 'pglite') throw new Error('--engine must be postgres or pglite');
  return {
    scale,
    ...(get('--name') ? { name: get('--name')! } : {}),
    ...(cases ? { cases: Number(cases.replace(/[_,]/g, '')) } : {}),
    ...(engine ? { engine: engine as 'postgres' | 'pglite' } : {}),
    ...(get('--database-url') ? { databaseUrl: get('--database-url')! } : {}),
    ...(get('--seed') ? { seed: Number(get('--seed')) } : {}),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const d = await generateDataset(parseArgs(process.argv.slice(2)));
    process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
