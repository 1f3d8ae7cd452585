import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { openDatabase, type DatabaseHandle } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { systemClock } from '../src/platform/clock.js';
import { checkpointSigner } from '../src/platform/audit-crypto.js';
import { audit } from '../src/services/audit.js';
import { sealAllFinal, startAuditSealer } from '../src/services/audit-sealer.js';
import { verifyStoredAuditLog } from '../src/services/audit-verifier.js';
import { keep, table, type BenchResult } from './report.js';
import { admin, ADMIN_URL } from './dataset.js';

/**
 * Audit-event intake with and without the sealer running. Many writers on PostgreSQL each
 * commit transactions of one typical row (a person) plus its audit event through the real
 * audit(); the sealer, when on, seals every 200 ms. Short phases alternate in pairs
 * (off-on, on-off, …) so neither the table growing nor other load on the machine favours
 * either side.
 *
 * Settings: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_WRITERS (16), BENCH_PAIRS (8), BENCH_PHASE_SECONDS (2), BENCH_SEAL_INTERVAL_MS (200).
 */
export interface AuditIntakeResult {
  benchmark: 'audit-intake';
  at: string;
  writers: number;
  pairs: number;
  phaseSeconds: number;
  sealIntervalMs: number;
  phases: Array<{ sealer: 'off' | 'on'; transactions: number; seconds: number; perSecond: number; checkpoints?: number }>;
  sealerOffPerSecond: number;
  sealerOnPerSecond: number;
  /** on ÷ off: 1.0 means the sealer costs writers nothing */
  ratio: number;
  /** The median of on ÷ off within each back-to-back pair */
  medianPairRatio: number;
  /** Sealing a backlog at once: the sealer's cost per event */
  seal: { events: number; seconds: number; eventsPerSecond: number };
  verify: { events: number; checkpoints: number; seconds: number; eventsPerSecond: number; ok: boolean };
}

const env = process.env;
const WRITERS = Number(env.BENCH_WRITERS ?? 16);
const PAIRS = Number(env.BENCH_PAIRS ?? 8);
const PHASE_SECONDS = Number(env.BENCH_PHASE_SECONDS ?? 2);
const SEAL_INTERVAL_MS = Number(env.BENCH_SEAL_INTERVAL_MS ?? 200);

export async function run(): Promise<AuditIntakeResult> {
  const name = `diogel_bench_audit_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // One connection more than there are writers, so the sealer never waits for the pool.
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: WRITERS + 1 });
  try {
    await migrateToLatest(handle.db);
    return await measure(handle);
  } finally {
    await handle.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function measure(handle: DatabaseHandle): Promise<AuditIntakeResult> {
  const { db } = handle;
  const organisationId = randomUUID();
  await db.insertInto('organisations').values({ id: organisationId, name_en: 'Bench school', name_cy: 'Ysgol meincnod', kind: 'school', local_authority_id: null }).execute();
  const signer = checkpointSigner(generateKeyPairSync('ed25519').privateKey);
  const actor = { userId: randomUUID(), organisationId };

  /** One typical write: a row and its audit event, committed together. */
  const write = () =>
    db.transaction().execute(async (tx) => {
      const id = randomUUID();
      const now = systemClock.now();
      await tx
        .insertInto('people')
        .values({
          id, kind: 'child', full_name: 'Cai Rhys Ellis', date_of_birth: '2015-03-09', expected_due_date: null, address: '3 Stryd y Bont, Caerwen',
          first_language: 'Welsh', welsh_preferred: true, communication_needs: null, organisation_id: organisationId, created_at: now,
        })
        .execute();
      await audit(tx, now, actor, { requestId: randomUUID(), ip: '10.0.0.7' }, 'person.create', { type: 'person', id }, 'success', { source: 'bench' });
    });

  const phase = async (length: number, sealer: boolean) => {
    let checkpoints = 0;
    const running = sealer
      ? startAuditSealer({ db, signer, clock: systemClock, intervalMs: SEAL_INTERVAL_MS, onSealed: (made) => (checkpoints += made.length), onError: (err) => console.error(err) })
      : undefined;
    const deadline = performance.now() + length * 1000;
    let transactions = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (performance.now() < deadline) {
          await write();
          transactions++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await running?.stop();
    return { transactions, seconds, checkpoints };
  };

  process.stdout.write(`audit intake: ${WRITERS} writers, ${PAIRS} pairs of ${PHASE_SECONDS} s phases, sealer every ${SEAL_INTERVAL_MS} ms when on\n`);
  await phase(2, false); // warm-up: connections, plans, the first pages of each index
  await sealAllFinal(db, signer, systemClock);
  const phases: AuditIntakeResult['phases'] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    for (const sealer of pair % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const p = await phase(PHASE_SECONDS, sealer === 'on');
      // Seal what an 'off' phase wrote between phases, untimed: the sealer in the next
      // 'on' phase should pay only for the events written while it runs.
      if (sealer === 'off') await sealAllFinal(db, signer, systemClock);
      const row = { sealer, transactions: p.transactions, seconds: round(p.seconds), perSecond: round(p.transactions / p.seconds) };
      phases.push(sealer === 'on' ? { ...row, checkpoints: p.checkpoints } : row);
    }
  }
  const mean = (s: 'off' | 'on') => {
    const xs = phases.filter((p) => p.sealer === s);
    return xs.reduce((n, p) => n + p.transactions, 0) / xs.reduce((n, p) => n + p.seconds, 0);
  };
  // Each pair ran back to back under much the same outside load: the middle of their ratios resists drift.
  const pairRatios = Array.from({ length: PAIRS }, (_, i) => {
    const [a, b] = [phases[2 * i]!, phases[2 * i + 1]!];
    return a.sealer === 'on' ? a.perSecond / b.perSecond : b.perSecond / a.perSecond;
  }).sort((x, y) => x - y);
  const medianPairRatio = (pairRatios[Math.floor((PAIRS - 1) / 2)]! + pairRatios[Math.ceil((PAIRS - 1) / 2)]!) / 2;
  const checkpointsMade = phases.reduce((n, p) => n + (p.checkpoints ?? 0), 0);
  process.stdout.write(`  ${phases.map((p) => `${p.sealer} ${Math.round(p.perSecond)}`).join(', ')} transactions/s; ${checkpointsMade} checkpoints while on\n`);

  // The sealer's own cost: a backlog written with it off, then sealed in one go.
  await sealAllFinal(db, signer, systemClock);
  const backlog = await phase(PHASE_SECONDS, false);
  const s0 = performance.now();
  const sealedNow = (await sealAllFinal(db, signer, systemClock)).reduce((n, c) => n + c.eventCount, 0);
  const sealSeconds = (performance.now() - s0) / 1000;
  process.stdout.write(`  sealing a backlog of ${backlog.transactions.toLocaleString('en-GB')}: ${round(sealSeconds)} s (${Math.round(sealedNow / sealSeconds).toLocaleString('en-GB')} events/s)\n`);

  // Then check the whole log, timing the check.
  const t = performance.now();
  const report = await verifyStoredAuditLog(db, signer);
  const seconds = (performance.now() - t) / 1000;

  const off = mean('off');
  const on = mean('on');
  return {
    benchmark: 'audit-intake',
    at: new Date().toISOString(),
    writers: WRITERS,
    pairs: PAIRS,
    phaseSeconds: PHASE_SECONDS,
    sealIntervalMs: SEAL_INTERVAL_MS,
    phases,
    sealerOffPerSecond: round(off),
    sealerOnPerSecond: round(on),
    ratio: Math.round((on / off) * 1000) / 1000,
    medianPairRatio: Math.round(medianPairRatio * 1000) / 1000,
    seal: { events: sealedNow, seconds: round(sealSeconds), eventsPerSecond: round(sealedNow / sealSeconds) },
    verify: { events: report.eventsChecked, checkpoints: report.checkpointsChecked, seconds: round(seconds), eventsPerSecond: round(report.eventsChecked / seconds), ok: report.ok },
  };
}


function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Prints the figures and keeps them in bench/results/. */
export async function main(): Promise<BenchResult> {
  const r = await run();
  const result: BenchResult = {
    benchmark: 'audit-intake',
    rows: [
      {
        benchmark: 'audit-intake', measure: `writes a second with the sealer on, ${r.writers} writers`, on: 'PostgreSQL', value: r.sealerOnPerSecond,
        unit: '/s', bare: r.sealerOffPerSecond, ratio: r.medianPairRatio, goal: 'sealing costs writers ≤ 10%', met: r.medianPairRatio >= 0.9,
        notes: `${r.pairs} pairs of ${r.phaseSeconds} s phases; median of on ÷ off in each pair; backlog sealed at ${r.seal.eventsPerSecond.toLocaleString('en-GB')} events/s; verified ${r.verify.events.toLocaleString('en-GB')} events: ${r.verify.ok ? 'intact' : 'NOT INTACT'}`,
      },
    ],
    detail: r,
  };
  keep(result);
  process.stdout.write(`${table(result.rows)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
