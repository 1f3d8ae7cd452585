import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { keep, table, type BenchResult, type BenchRow } from './report.js';
import { loadWithMemory, median, ROOT, round, signIn, smokeMode, startNode, startOnFreePort, tempDir, type HttpAnswer, type ServerProcess } from './http.js';
import { serverEnv, type DatasetDescriptor } from './dataset.js';
import { build, buildIsCurrent, bundleScript } from '../scripts/build.mjs';
import type { LoadResult } from './load.js';

/**
 * Start-up (issue 7): `npm start` to the first page on the embedded database — the time
 * from spawning the command `npm start` runs (read from package.json: `node bin/diogel.js
 * serve`, the compiled JavaScript in dist/) until GET / (which sends a person who is not
 * signed in to /sign-in) is followed to a page that answers 200, polled every 10 ms. npm's
 * own start, a few hundred milliseconds more, is not counted. dist/ is brought up to date
 * first, as `npm ci` leaves it, so no run pays for compiling. (a) On an empty DATA_DIR: the
 * first run creates the database, migrates it and loads the demo data. (b) On one already
 * initialised. Then memory: RSS at rest a second after start, and the peak while autocannon
 * asks for a few pages for about 10 s.
 *
 * The bare cost: a bare Fastify server (bench/bare.ts hello) started the same way, as
 * JavaScript compiled beforehand (into bench/.build/), to its first response. Goal: (b)
 * under 3 s.
 *
 * Settings: BENCH_RUNS (3 of each, the median reported), BENCH_DURATION (10 s of load),
 * BENCH_CONNECTIONS (10); BENCH_SMOKE=1 makes one run of each and 1 s of load at 2
 * connections, whatever the others say. BENCH_CPU_PROF_DIR=<dir> runs Diogel with --cpu-prof.
 */
export interface StartupOptions {
  runs: number;
  duration: number;
  connections: number;
  smoke: boolean;
}

export function startupOptions(given: Partial<StartupOptions> = {}): StartupOptions {
  const smoke = smokeMode(given.smoke);
  const env = process.env;
  return {
    runs: given.runs ?? (smoke ? 1 : Number(env.BENCH_RUNS ?? 3)),
    duration: given.duration ?? (smoke ? 1 : Number(env.BENCH_DURATION ?? 10)),
    connections: given.connections ?? (smoke ? 2 : Number(env.BENCH_CONNECTIONS ?? 10)),
    smoke,
  };
}

export interface StartupDetail {
  options: StartupOptions;
  freshMs: number[];
  initialisedMs: number[];
  bareMs: number[];
  /** CPU seconds each server had used when it first answered */
  cpuSeconds: { fresh: number[]; initialised: number[]; bare: number[] };
  memory: { restMiB: number; peakDuringLoadMiB: number; highWaterMiB: number; serverCpu: number };
  load: LoadResult;
  loadAverage: number[];
}

export async function run(given: Partial<StartupOptions> = {}): Promise<BenchResult & { detail: StartupDetail }> {
  const o = startupOptions(given);
  const loadAverage = os.loadavg().map((n) => round(n, 2));
  const freshMs: number[] = [];
  const initialisedMs: number[] = [];
  const bareMs: number[] = [];
  const cpu = { fresh: [] as number[], initialised: [] as number[], bare: [] as number[] };
  const dirs: string[] = [];
  let memory: StartupDetail['memory'] | undefined;
  let load: LoadResult | undefined;
  const bareScript = await prepare();
  try {
    for (let i = 0; i < o.runs; i++) {
      const dir = tempDir('startup');
      dirs.push(dir);
      const fresh = await startDiogel(dir);
      freshMs.push(fresh.readyMs);
      cpu.fresh.push(fresh.readyCpuSeconds);
      await fresh.stop();
      const again = await startDiogel(dir);
      initialisedMs.push(again.readyMs);
      cpu.initialised.push(again.readyCpuSeconds);
      try {
        // Memory once, on the last initialised start.
        if (i === o.runs - 1) ({ memory, load } = await underLoad(again, o));
      } finally {
        await again.stop();
      }
      const bare = await startOnFreePort((port) => startServer([bareScript, 'hello'], { PORT: String(port) }, { label: 'bare hello server' }));
      bareMs.push(bare.readyMs);
      cpu.bare.push(bare.readyCpuSeconds);
      await bare.stop();
    }
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  const fresh = median(freshMs);
  const initialised = median(initialisedMs);
  const bare = median(bareMs);
  const runs = `median of ${o.runs}`;
  const on = 'embedded (PGlite)';
  const rows: BenchRow[] = [
    {
      benchmark: 'startup', measure: '(b) start to first page, initialised folder', on, value: round(initialised, 0), unit: 'ms', bare: round(bare, 0),
      ratio: round(bare / initialised, 3), goal: '< 3,000 ms', met: initialised < 3000,
      notes:
        `${runs}: ${initialisedMs.map((n) => Math.round(n)).join(', ')} ms; bare Fastify compiled the same way ${bareMs.map((n) => Math.round(n)).join(', ')} ms; ` +
        `CPU to first page ${median(cpu.initialised)} s (bare ${median(cpu.bare)} s); load average before ${loadAverage[0]}`,
    },
    {
      benchmark: 'startup', measure: '(a) start to first page, empty folder (migrate + demo data)', on, value: round(fresh, 0), unit: 'ms', bare: round(bare, 0),
      ratio: round(bare / fresh, 3), goal: 'reported', met: true,
      notes: `${runs}: ${freshMs.map((n) => Math.round(n)).join(', ')} ms; CPU to first page ${median(cpu.fresh)} s`,
    },
    { benchmark: 'startup', measure: `server RSS at rest, ${o.smoke ? 0.2 : 1} s after start`, on, value: memory!.restMiB, unit: 'MiB', goal: 'reported', met: true },
    {
      benchmark: 'startup', measure: `server RSS peak under load (${o.connections} connections, ${o.duration} s)`, on, value: memory!.peakDuringLoadMiB, unit: 'MiB', goal: 'reported', met: true,
      notes: `sign-in page, health, home, work tray and guidance as the duty social worker: ${load!.requestsPerSecond} req/s, non-2xx ${load!.non2xx}, server busy ${memory!.serverCpu} cores; VmHWM since start ${memory!.highWaterMiB} MiB`,
    },
  ];
  return { benchmark: 'startup', rows, detail: { options: o, freshMs, initialisedMs, bareMs, cpuSeconds: cpu, memory: memory!, load: load!, loadAverage } };
}

/** Brings dist/ up to date (as `npm ci` leaves it) and compiles the bare server; returns its path. */
async function prepare(): Promise<string> {
  if (!buildIsCurrent()) await build();
  const bareScript = path.join(ROOT, 'bench', '.build', 'bare.mjs');
  await bundleScript(path.join(ROOT, 'bench', 'bare.ts'), bareScript);
  return bareScript;
}

/** The arguments `npm start` gives node, from package.json. */
function startCommand(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [program, ...args] = scripts.start!.trim().split(/\s+/);
  if (program !== 'node') throw new Error(`npm start runs \`${scripts.start}\`: this benchmark can time only a node command`);
  return args;
}

/** Diogel as `npm start` runs it, on the embedded database in `dataDir`, ready when its first page answers 200. */
async function startDiogel(dataDir: string): Promise<ServerProcess> {
  const profile = process.env.BENCH_CPU_PROF_DIR;
  return startOnFreePort((port) => startServer(startCommand(), serverEnv({ dataDir } as DatasetDescriptor, port), {
    label: 'Diogel', firstPage: true,
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] } : {}),
  }));
}

/** `node <args>` without tsx, polled until it answers GET / (firstPage: followed through its redirect to a 200). */
function startServer(args: string[], env: Record<string, string>, options: { label: string; firstPage?: boolean; nodeArgs?: string[] }): Promise<ServerProcess> {
  return startNode(args, env, {
    port: Number(env.PORT), label: options.label, tsx: false, timeoutMs: 180_000,
    ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    ...(options.firstPage ? { followRedirect: true, ready: (a: HttpAnswer) => a.status === 200 } : {}),
  });
}

async function underLoad(server: ServerProcess, o: StartupOptions): Promise<{ memory: StartupDetail['memory']; load: LoadResult }> {
  await new Promise((r) => setTimeout(r, o.smoke ? 200 : 1000));
  const restMiB = server.memory().rssMiB;
  const session = await signIn(server.url, 'duty@sirfynydd.example');
  const signedIn = { cookie: session.cookie };
  const { load, peakRssMiB, serverCpu } = await loadWithMemory(server, {
    url: server.url, connections: o.connections, duration: o.duration,
    requests: [
      { method: 'GET', path: '/sign-in' },
      { method: 'GET', path: '/health' },
      { method: 'GET', path: '/', headers: signedIn },
      { method: 'GET', path: '/work-tray', headers: signedIn },
      { method: 'GET', path: '/guidance', headers: signedIn },
    ],
  });
  return { memory: { restMiB, peakDuringLoadMiB: peakRssMiB, highWaterMiB: server.memory().peakMiB, serverCpu }, load };
}

/** Prints the figures and keeps them in bench/results/. */
export async function main(given: Partial<StartupOptions> = {}): Promise<BenchResult> {
  const result = await run(given);
  process.stdout.write(`${table(result.rows)}\n  written to ${keep(result)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
