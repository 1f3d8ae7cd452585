import fs from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import { addCalendarMonths, londonDate } from '../src/domain/calendar/working-days.js';
import { DEMO_ORGANISATIONS } from '../src/services/demo.service.js';
import { HARM_CATEGORIES, SPECIFIC_RISKS } from '../src/domain/concern.js';
import { keep, table, type BenchResult, type BenchRow } from './report.js';
import {
  cpuNotes, cpuPer, createApiToken, freshPostgresDatabase, loadWithMemory, openDatasetDatabase, round, signIn, smokeMode, startBare, startDiogel, tempDir,
  type CpuPerRequest, type ServerProcess,
} from './http.js';
import type { LoadResult } from './load.js';

/**
 * Intake of a concern over HTTP (issue 7): a designated safeguarding person raises a concern
 * through the JSON API (validated, stored with its person, audited) and reports it to the
 * local authority (the report is received, a case opens and its receipt clock starts). By
 * default that is one call, as a DSP or a partner agency's system makes it: POST /api/concerns
 * with reportToLocalAuthorityId. With BENCH_INTAKE_CALLS=2 it is the two calls of a concern
 * decided later, POST /api/concerns then POST /api/concerns/:id/report, in turn on each
 * connection. Either way an intake is a completed report. It runs on a fresh database (migrated, with the
 * demo data, by the server itself), on PostgreSQL and on the embedded database, and checks
 * afterwards that the rows really are there.
 *
 * The bare cost: a bare Fastify server in its own process (bench/bare.ts intake), on the
 * same engine with a pool of the same size, whose one route inserts the same JSON as one
 * row in a transaction, under the same connections and duration.
 * Goal: intakes/s ≥ 0.5 × the bare server's requests/s, and ≥ 1,000 intakes/s on PostgreSQL.
 *
 * Settings: BENCH_ENGINES (postgres,pglite), BENCH_CONNECTIONS (10: the server's pool is 10),
 * BENCH_DURATION (20 s), BENCH_WARMUP (5 s), BENCH_INTAKE_CALLS (1 or 2); BENCH_SMOKE=1 runs 1.5 s at 2 connections whatever
 * the others say.
 */
export interface IntakeOptions {
  engines: Array<'postgres' | 'pglite'>;
  connections: number;
  duration: number;
  warmup: number;
  /** 1: raised and reported in one call; 2: raised, then reported */
  calls: 1 | 2;
  smoke: boolean;
}

const DSP = 'dsp@glanymor.example';

export function intakeOptions(given: Partial<IntakeOptions> = {}): IntakeOptions {
  const smoke = smokeMode(given.smoke);
  const env = process.env;
  return {
    engines: given.engines ?? ((env.BENCH_ENGINES?.split(',') as IntakeOptions['engines'] | undefined) ?? ['postgres', 'pglite']),
    connections: given.connections ?? (smoke ? 2 : Number(env.BENCH_CONNECTIONS ?? 10)),
    duration: given.duration ?? (smoke ? 1.5 : Number(env.BENCH_DURATION ?? 20)),
    warmup: given.warmup ?? (smoke ? 0.25 : Number(env.BENCH_WARMUP ?? 5)),
    calls: given.calls ?? (env.BENCH_INTAKE_CALLS === '2' ? 2 : 1),
    smoke,
  };
}

/** What was stored while the load ran, counted in the database afterwards. */
export interface Stored {
  concerns: number;
  reports: number;
  cases: number;
  clocks: number;
  raiseAudits: number;
  reportAudits: number;
}

export interface EngineIntake {
  engine: 'postgres' | 'pglite';
  diogel: LoadResult;
  bare: LoadResult;
  intakesPerSecond: number;
  bareInsertsPerSecond: number;
  /** 2xx answers to each call, warm-up included: what the database should hold */
  answered: { raised: number; reported: number };
  stored: Stored;
  memory: { restMiB: number; peakDuringLoadMiB: number };
  /** Cores the server kept busy during its load (1.0 = one core all the time) */
  serverCpu: { diogel: number; bare: number };
  /** Server CPU time per intake (Diogel: its one or two calls) and per bare insert, ms */
  cpuMsPerIntake: { diogel: number; bare: number };
  /** The machine's CPU per intake and per bare insert: server, database, load generator, all */
  cpu: { diogel: CpuPerRequest; bare: CpuPerRequest };
  /** The machine's load average when the engine's runs ended (other work on it skews figures) */
  loadAverage: number[];
}

export async function run(given: Partial<IntakeOptions> = {}): Promise<BenchResult & { detail: { options: IntakeOptions; engines: EngineIntake[] } }> {
  const o = intakeOptions(given);
  const engines: EngineIntake[] = [];
  for (const engine of o.engines) engines.push(await intakeOn(engine, o));
  const rows: BenchRow[] = engines.flatMap((e) => {
    const ratio = e.intakesPerSecond / e.bareInsertsPerSecond;
    const floor = e.engine === 'postgres' ? 1000 : 0;
    const on = e.engine === 'postgres' ? 'PostgreSQL, fresh database' : 'embedded (PGlite), fresh folder';
    const { diogel: c, bare: b } = e.cpu;
    return [{
      benchmark: 'intake',
      measure: `concern intakes (raise + report${o.calls === 1 ? ', one call' : ', two calls'}) at ${o.connections} connections`,
      on,
      value: round(e.intakesPerSecond),
      unit: 'intakes/s',
      bare: round(e.bareInsertsPerSecond),
      ratio: round(ratio, 3),
      goal: e.engine === 'postgres' ? 'ratio ≥ 0.5 and ≥ 1,000/s' : 'ratio ≥ 0.5',
      met: ratio >= 0.5 && e.intakesPerSecond >= floor,
      notes:
        `${o.duration} s after ${o.warmup} s warm-up; ${e.diogel.steps.map((st, i) => `${STEP_NAMES[o.calls][i]} p50/p95/p99 ${lat(st.latencyMs)} ms`).join(', ')}; ` +
        `bare insert ${lat(e.bare.latencyMs)} ms; non-2xx ${e.diogel.non2xx} (bare ${e.bare.non2xx}); stored ${e.stored.concerns} concerns, ${e.stored.cases} cases, ` +
        `${e.stored.clocks} clocks, ${e.stored.raiseAudits + e.stored.reportAudits} audit events; server CPU ${e.cpuMsPerIntake.diogel} ms an intake (bare ${e.cpuMsPerIntake.bare} ms), busy ${e.serverCpu.diogel} cores (bare ${e.serverCpu.bare}); ` +
        `server RSS ${e.memory.restMiB} MiB at rest, ${e.memory.peakDuringLoadMiB} MiB peak; load average ${e.loadAverage[0]}`,
    }, {
      benchmark: 'intake',
      measure: `machine CPU per intake at ${o.connections} connections (server, database, load generator)`,
      on,
      value: c.machine,
      unit: 'ms',
      bare: b.machine,
      ratio: round(b.machine / c.machine, 3),
      goal: 'reported',
      met: true,
      notes: cpuNotes(c, b, e.engine, 'intakes'),
    }];
  });
  return { benchmark: 'intake', rows, detail: { options: o, engines } };
}

const lat = (l: { p50: number; p95: number; p99: number }) => `${l.p50}/${l.p95}/${l.p99}`;
const STEP_NAMES = { 1: ['raise and report'], 2: ['raise', 'report'] } as const;

async function intakeOn(engine: 'postgres' | 'pglite', o: IntakeOptions): Promise<EngineIntake> {
  const dataDir = tempDir(`intake-${engine}`);
  const database = engine === 'postgres' ? await freshPostgresDatabase('intake') : undefined;
  const where = { dataDir, ...(database ? { databaseUrl: database.url } : {}) };
  try {
    // Diogel: the server migrates the empty database and loads the demo data itself.
    const server = await startDiogel(where);
    let measured: Awaited<ReturnType<typeof loadIntakes>>;
    try {
      measured = await loadIntakes(server, o);
    } finally {
      await server.stop();
    }
    const stored = await countStored(where, measured.since);
    // The bare server, on the same database once Diogel has let go of it.
    const bareServer = await startBare('intake', where, 10);
    let bare: LoadResult;
    let bareCpu: number;
    let bareCpuMs: number;
    let bareCpuShare: CpuPerRequest;
    try {
      ({ load: bare, serverCpu: bareCpu, cpuMsPerRequest: bareCpuMs, cpu: bareCpuShare } =
        await loadWithMemory(bareServer, {
          url: bareServer.url, connections: o.connections, duration: o.duration, warmup: o.warmup,
          headers: { 'content-type': 'application/json' },
          requests: [{ method: 'POST', path: '/intake', body: concernBodies(londonDate(new Date()), o.smoke ? 50 : 2000, 7, o.calls === 1 ? DEMO_ORGANISATIONS.sirFynydd.id : undefined) }],
        }));
    } finally {
      await bareServer.stop();
    }
    const { load } = measured;
    const reported = load.steps.length - 1;
    return {
      engine,
      diogel: load,
      bare,
      intakesPerSecond: load.steps[reported]!.ok / load.seconds,
      bareInsertsPerSecond: bare.steps[0]!.ok / bare.seconds,
      answered: { raised: load.warmup.ok[0]! + load.steps[0]!.ok, reported: load.warmup.ok[reported]! + load.steps[reported]!.ok },
      stored,
      memory: { restMiB: measured.restMiB, peakDuringLoadMiB: measured.peakRssMiB },
      serverCpu: { diogel: measured.serverCpu, bare: bareCpu },
      cpuMsPerIntake: { diogel: round(measured.cpuMsPerRequest * o.calls, 2), bare: bareCpuMs },
      cpu: { diogel: cpuPer(measured.cpu, o.calls), bare: bareCpuShare },
      loadAverage: os.loadavg().map((n) => round(n, 2)),
    };
  } finally {
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function loadIntakes(server: ServerProcess, o: IntakeOptions) {
  const session = await signIn(server.url, DSP);
  // A token per connection, as separate clients would have: every API call records when its
  // token was last used, and one token shared by every connection would queue them all on one row.
  const tokens: string[] = [];
  for (let i = 0; i < o.connections; i++) tokens.push(await createApiToken(server.url, session, `intake benchmark ${i + 1}`));
  const authorise = tokens.map((t) => ({ authorization: `Bearer ${t}` }));
  const la = DEMO_ORGANISATIONS.sirFynydd.id;
  const bodies = concernBodies(londonDate(new Date()), o.smoke ? 50 : 2000, 7, o.calls === 1 ? la : undefined);
  const restMiB = server.memory().rssMiB;
  // Rows made from here on are the load's (the demo data was loaded before the server answered).
  const since = new Date();
  const { load, peakRssMiB, serverCpu, cpuMsPerRequest, cpu } = await loadWithMemory(server, {
    url: server.url,
    connections: o.connections,
    duration: o.duration,
    warmup: o.warmup,
    headers: { 'content-type': 'application/json' },
    requests:
      o.calls === 1
        ? [{ method: 'POST', path: '/api/concerns', body: bodies, headerSets: authorise }]
        : [
            { method: 'POST', path: '/api/concerns', body: bodies, headerSets: authorise, capture: { field: 'id', as: 'concernId' } },
            { method: 'POST', path: '/api/concerns/{concernId}/report', headerSets: authorise, body: JSON.stringify({ localAuthorityId: la, expectedVersion: 0 }) },
          ],
  });
  return { load, peakRssMiB, serverCpu, cpuMsPerRequest, cpu, restMiB, since };
}

async function countStored(where: { dataDir: string; databaseUrl?: string }, since: Date): Promise<Stored> {
  const handle = await openDatasetDatabase(where);
  try {
    const n = async (q: RawBuilder<{ n: string }>) => Number((await q.execute(handle.db)).rows[0]!.n);
    const school = DEMO_ORGANISATIONS.school.id;
    return {
      concerns: await n(sql`select count(*) as n from concerns where organisation_id = ${school} and created_at >= ${since}`),
      reports: await n(sql`select count(*) as n from reports where received_at >= ${since}`),
      cases: await n(sql`select count(*) as n from cases where opened_at >= ${since}`),
      clocks: await n(sql`select count(*) as n from case_clocks where started_at >= ${since}`),
      raiseAudits: await n(sql`select count(*) as n from audit_events where action = 'concern.raise' and occurred_at >= ${since}`),
      reportAudits: await n(sql`select count(*) as n from audit_events where action = 'concern.report_to_local_authority' and occurred_at >= ${since}`),
    };
  } finally {
    await handle.close();
  }
}

// ---- realistic concerns ------------------------------------------------------------------

const FIRST = ['Cai', 'Elin', 'Osian', 'Megan', 'Dylan', 'Ffion', 'Rhys', 'Seren', 'Iwan', 'Lowri', 'Tomos', 'Nia', 'Aled', 'Cerys', 'Jac', 'Mali', 'Harri', 'Alaw', 'Oliver', 'Amelia', 'Noah', 'Isla', 'Mohammed', 'Zara', 'Gwilym', 'Eirlys', 'Dafydd', 'Bethan', 'Gruffudd', 'Sioned'];
const LAST = ['Jones', 'Williams', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Hughes', 'Lewis', 'Morgan', 'Griffiths', 'Price', 'Jenkins', 'Owen', 'Rees', 'Parry', 'Pritchard', 'Bowen', 'Vaughan', 'Ahmed', 'Kowalski', 'ap Rhys', 'Llywelyn'];
const PLACES = ['Caerwen', 'Aberfynydd', 'Llanfair', 'Pen-y-bont', 'Cwm Du', 'Trefor', 'Glan-y-Môr', 'Bryn Haul'];
const STREETS = ['Stryd y Bont', 'Heol y Castell', 'Ffordd yr Orsaf', 'High Street', 'Lôn Las', 'Maes y Dre', 'Church Road'];
const WHERE = ['classroom', 'school yard', 'home visit', 'residential lounge', 'school bus', 'after-school club', 'telephone call', 'medical room'];
const SEEN = [
  'noticed bruising on the upper arm that was explained differently by the child and the parent',
  'disclosed being left alone overnight on several occasions this month',
  'appeared hungry and was taking food from other pupils; clothes unwashed for several days',
  'said an older person online asked for photographs and to keep it secret',
  'told staff a family member shouts and throws things and that they are frightened to go home',
  'has had money taken from their account by a relative who collects their pension',
  'described being pushed and hit by a partner; a cut above the eye was seen',
  'was very withdrawn after contact visits and has started self-harming',
  'was collected by an unknown adult who gave a false name; the child seemed anxious',
  'has missed medication repeatedly and the carer could not explain why',
];
const REASONS = ['telling them may put them at greater risk', 'the person lacks capacity to understand at present', 'the police asked that they are not told yet'];

/** A small seeded generator, so every run sends the same concerns. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` different, valid concerns as JSON: children (some unborn) and adults, names, dates
 * of birth that fit, one or two harm categories, now and then a specific risk, a reporter
 * who saw something in their own words, and sometimes immediate danger or a person not told.
 */
/** `reportTo`: a local authority to report each concern to as it is raised. */
export function concernBodies(today: string, count: number, seed = 7, reportTo?: string): string[] {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const daysBefore = (d: string, days: number) => new Date(Date.parse(`${d}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: count }, () => {
    const child = rnd() < 0.6;
    const unborn = child && rnd() < 0.05;
    const known = rnd() < 0.9;
    const dateOfBirth = child ? daysBefore(today, 30 + Math.floor(rnd() * 17 * 365)) : daysBefore(today, 19 * 365 + Math.floor(rnd() * 75 * 365));
    const harms = [...new Set([pick(HARM_CATEGORIES), ...(rnd() < 0.3 ? [pick(HARM_CATEGORIES)] : [])])];
    const risks = rnd() < 0.25 ? [pick(SPECIFIC_RISKS)] : [];
    const danger = rnd() < 0.05;
    const knows = rnd() < 0.8 ? 'yes' : 'no';
    const name = `${pick(FIRST)} ${rnd() < 0.3 ? `${pick(FIRST)} ` : ''}${pick(LAST)}`;
    const body: Record<string, unknown> = {
      subjectKind: child ? 'child' : 'adult',
      fullName: name,
      birthKnowledge: unborn ? 'unborn' : known ? 'date_of_birth' : 'not_known',
      ...(unborn ? { expectedDueDate: addCalendarMonths(today, 1 + Math.floor(rnd() * 7)) } : known ? { dateOfBirth } : {}),
      address: `${1 + Math.floor(rnd() * 120)} ${pick(STREETS)}, ${pick(PLACES)}`,
      welshPreferred: pick(['yes', 'no', 'not_known'] as const),
      ...(rnd() < 0.3 ? { firstLanguage: pick(['Welsh', 'English', 'Polish', 'Arabic']) } : {}),
      account: `${name.split(' ')[0]} ${pick(SEEN)}. ${rnd() < 0.5 ? `This was during the ${pick(WHERE)}. ` : ''}${rnd() < 0.3 ? 'A colleague was present and has made their own notes.' : ''}`.trim(),
      ...(rnd() < 0.4 ? { ownWords: pick(['I do not want to go home tonight', 'He gets angry when I forget', 'Please do not tell my mum', 'It happens when she has been drinking']) } : {}),
      occurredOn: daysBefore(today, Math.floor(rnd() * 20)),
      ...(rnd() < 0.5 ? { occurredTime: `${String(8 + Math.floor(rnd() * 10)).padStart(2, '0')}:${pick(['00', '15', '30', '45'])}` } : {}),
      location: pick(WHERE),
      harmCategories: harms,
      specificRisks: risks,
      immediateDanger: danger,
      ...(danger ? { toldToCall999: true } : {}),
      personKnows: knows,
      ...(knows === 'no' ? { personNotToldReason: pick(REASONS) } : {}),
      ...(reportTo ? { reportToLocalAuthorityId: reportTo } : {}),
    };
    return JSON.stringify(body);
  });
}

/** Prints the figures and keeps them in bench/results/. */
export async function main(given: Partial<IntakeOptions> = {}): Promise<BenchResult> {
  const result = await run(given);
  process.stdout.write(`${table(result.rows)}\n`);
  for (const e of result.detail.engines) {
    process.stdout.write(`  ${e.engine}: answered ${e.answered.raised} raises and ${e.answered.reported} reports; stored ${JSON.stringify(e.stored)}\n`);
  }
  process.stdout.write(`  written to ${keep(result)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
