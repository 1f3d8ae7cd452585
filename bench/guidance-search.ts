import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { systemClock } from '../src/platform/clock.js';
import { createGuidanceService } from '../src/services/guidance.service.js';
import type { Caller } from '../src/services/context.js';
import { GUIDANCE_DOCUMENTS } from '../src/domain/guidance/catalogue/index.js';
import { standInText } from '../test/support/guidance-fixture.js';
import { keep, table, type BenchResult } from './report.js';
import { admin, ADMIN_URL } from './dataset.js';

/**
 * Guidance search (issue 6): p95 of a ranked, highlighted search over the whole library —
 * every catalogue entry plus the full text of all five seed documents imported for one
 * organisation — against the bare cost of the same match on the same machine: the
 * indexed `@@` over the summaries and the full texts, with no ranking, join or headline.
 * Goal: p95 under 20 ms. Runs on the embedded database and on PostgreSQL.
 *
 * Settings: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_ROUNDS (30), BENCH_SEEDS (../shared/seeds), BENCH_ENGINES (pglite,postgres).
 */
const env = process.env;
const ROUNDS = Number(env.BENCH_ROUNDS ?? 30);
const SEEDS = env.BENCH_SEEDS ?? path.resolve('../shared/seeds');
const ENGINES = (env.BENCH_ENGINES ?? 'pglite,postgres').split(',');

/** What workers type: single words, phrases, Welsh words, and words that match nothing. */
export const QUERIES = [
  'confidentiality', 'social media', 'duty to report', 'information sharing', 'consent', 'boundaries',
  'safeguarding children', 'record keeping', 'supervision', 'whistleblowing', 'mental capacity', 'advocacy',
  'trafficked', 'forced marriage', 'domestic abuse', 'photos', 'privacy settings', 'conflict of interest',
  'professional conduct', 'equality diversity', 'positive risk', 'endings', 'complaints', 'duty of candour',
  'child protection conference', 'strategy', 'harmful sexual behaviour', 'missing from home', 'radicalisation',
  'gofal cymdeithasol', 'diogelu', 'cyfrinachedd', 'zebra crossing', 'red lines', 'wellbeing practitioners',
  'learning and development', 'delegation', 'interpreters', 'Welsh language active offer', '"golden rules"',
];

export interface EngineResult {
  engine: string;
  entries: number;
  fullTexts: number;
  queries: number;
  searchMs: { p50: number; p95: number; p99: number; max: number };
  bareMs: { p50: number; p95: number; p99: number; max: number };
  /** p95 of the bare match ÷ p95 of the search: 1.0 would mean ranking and highlighting cost nothing */
  ratio: number;
  goalP95Ms: 20;
  met: boolean;
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}
function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: Math.round(s[s.length - 1]! * 100) / 100 };
}

async function withEngine<T>(engine: string, fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-bench-guidance-'));
    const handle = await openDatabase({ dataDir: dir });
    try {
      return await fn(handle);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `diogel_bench_guidance_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    return await fn(handle);
  } finally {
    await handle.close();
    await admin(`DROP DATABASE ${name}`);
  }
}


export async function runEngine(engine: string, rounds = ROUNDS): Promise<EngineResult> {
  return withEngine(engine, async (handle) => {
    const { db } = handle;
    await migrateToLatest(db);
    const organisationId = randomUUID();
    await db.insertInto('organisations').values({ id: organisationId, name_en: 'Bench Council', name_cy: 'Cyngor Mainc', kind: 'local_authority', local_authority_id: null } as never).execute();
    const guidance = createGuidanceService({ db, clock: systemClock });
    await guidance.catalogueReady();
    // The seeds' full texts where they are here; otherwise stand-ins laid out like them.
    const texts = fs.existsSync(SEEDS)
      ? fs.readdirSync(SEEDS).filter((n) => n.endsWith('.txt')).sort().map((f) => ({ name: f, text: fs.readFileSync(path.join(SEEDS, f), 'utf8') }))
      : GUIDANCE_DOCUMENTS.map((d) => ({ name: `${d.id}.txt`, text: standInText(d.id) }));
    let fullTexts = 0;
    for (const { name, text } of texts) {
      const report = await guidance.importText(null, organisationId, { fileName: name, text }, { requestId: 'bench', ip: null });
      fullTexts += report.matched.length;
    }
    const caller = { userId: randomUUID(), role: 'practitioner', organisationId, organisationKind: 'local_authority', name: 'Bench', email: 'bench@example', organisationNameEn: 'Bench', organisationNameCy: 'Mainc' } as Caller;
    const entries = Number((await sql<{ n: number }>`select count(*)::int as n from guidance_entries`.execute(db)).rows[0]!.n);

    // Warm both paths once.
    for (const q of QUERIES) {
      await guidance.search(caller, { text: q, locale: 'en' });
      await bare(handle, q, organisationId);
    }
    const searchSamples: number[] = [];
    const bareSamples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of QUERIES) {
        const locale = r % 2 === 0 ? 'en' : 'cy';
        let t = performance.now();
        await guidance.search(caller, { text: q, locale });
        searchSamples.push(performance.now() - t);
        t = performance.now();
        await bare(handle, q, organisationId);
        bareSamples.push(performance.now() - t);
      }
    }
    const searchMs = summary(searchSamples);
    const bareMs = summary(bareSamples);
    return {
      engine,
      entries,
      fullTexts,
      queries: searchSamples.length,
      searchMs,
      bareMs,
      ratio: Math.round((bareMs.p95 / searchMs.p95) * 100) / 100,
      goalP95Ms: 20,
      met: searchMs.p95 < 20,
    };
  });
}

/** The bare cost: the same indexed match over summaries and full texts, ids only. */
async function bare(handle: DatabaseHandle, q: string, organisationId: string): Promise<void> {
  await sql`
    select id from guidance_entries where search_en @@ websearch_to_tsquery('english', ${q})
    union all
    select entry_id from guidance_texts where organisation_id = ${organisationId} and search @@ websearch_to_tsquery('english', ${q})
  `.execute(handle.db);
}

export async function main(): Promise<BenchResult> {
  const results: EngineResult[] = [];
  for (const engine of ENGINES) results.push(await runEngine(engine));
  const result: BenchResult = {
    benchmark: 'guidance-search',
    rows: results.map((r) => ({
      benchmark: 'guidance-search', measure: 'ranked, highlighted search, p95', on: r.engine === 'postgres' ? 'PostgreSQL' : 'embedded',
      value: r.searchMs.p95, unit: 'ms', bare: r.bareMs.p95, ratio: r.ratio, goal: 'p95 < 20 ms', met: r.met,
      notes: `${r.entries} entries, ${r.fullTexts} full texts, ${r.queries} searches; p50 ${r.searchMs.p50} ms, p99 ${r.searchMs.p99} ms`,
    })),
    detail: results,
  };
  keep(result);
  process.stdout.write(`${table(result.rows)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
