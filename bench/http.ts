import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/store/database.js';
import { totp, totpStep, TOTP_STEP_SECONDS } from '../src/platform/totp.js';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, demoTotpSecret } from '../src/services/demo.service.js';
import { londonDate } from '../src/domain/calendar/working-days.js';
import { admin, ADMIN_URL, loadDataset, saveDataset, serverEnv, type DatasetDescriptor } from './dataset.js';
import type { LoadOptions, LoadResult } from './load.js';
export { ADMIN_URL };

/**
 * What the HTTP benchmarks share: a real Diogel server (or a bare one) in a child process
 * on a free loopback port, its memory read from /proc, demo users signed in over HTTP as a
 * person would be, and autocannon run in a process of its own (bench/load.ts), so the
 * load generator never shares an event loop with the server it measures.
 *
 * Settings: BENCH_SMOKE=1 makes every benchmark tiny (a second or two of load, few
 * connections); BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * is where fresh PostgreSQL databases are made; BENCH_CPU_PROF_DIR=<dir> runs every Diogel
 * server with --cpu-prof, to see where its time goes.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Smoke mode: the benchmarks only show that they work, in a few seconds each. */
export function smokeMode(explicit?: boolean): boolean {
  return explicit ?? (process.env.BENCH_SMOKE === '1' || process.env.BENCH_SMOKE === 'true');
}

/**
 * A loopback port nothing listens on just now. Only just now: another process may take it
 * before the server it is for binds it, so start servers with `startOnFreePort`.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---- plain HTTP ------------------------------------------------------------------------

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as sent: still compressed if the server compressed it */
  raw: Buffer;
  /** The body as text (only meaningful when it was not compressed) */
  text: string;
}

/** One request with node:http: nothing is decompressed or followed, so sizes are the bytes sent. */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: options.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: raw.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${url}`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

// ---- child processes -------------------------------------------------------------------

export interface Memory {
  /** Resident set size now, MiB */
  rssMiB: number;
  /** The most it has been since it started (VmHWM), MiB */
  peakMiB: number;
}

/** A process's memory from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: Math.round((kib('VmRSS') / 1024) * 10) / 10, peakMiB: Math.round((kib('VmHWM') / 1024) * 10) / 10 };
}

/**
 * Whether process `pid` holds the socket listening on TCP `port` (Linux: the LISTEN sockets
 * of /proc/net/tcp and tcp6 by inode, against the sockets among the process's open files).
 * An answer on a port proves only that something listens there.
 */
export function listensOn(pid: number, port: number): boolean {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue;
      if (parseInt(f[1]!.slice(f[1]!.lastIndexOf(':') + 1), 16) === port) inodes.add(f[9]!);
    }
  }
  if (inodes.size === 0) return false;
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone
  }
  return fds.some((fd) => {
    try {
      return inodes.has(/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? '');
    } catch {
      return false; // closed meanwhile
    }
  });
}

/** CPU seconds a process has used so far (user + system), from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  return cpuSecondsIn(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** The CPU seconds in the text of a /proc/<pid>/stat. */
function cpuSecondsIn(stat: string): number {
  // Fields after the command name (which may hold spaces) start at state; utime and stime are the 12th and 13th of those.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The busy CPU seconds of the whole machine so far, every core together (user, nice, system,
 * irq and softirq time; not idle, I/O wait or time stolen by a hypervisor), from /proc/stat.
 */
export function machineCpuSeconds(): number {
  const first = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  if (!first.startsWith('cpu ')) throw new Error('/proc/stat does not start with the machine\'s cpu line');
  const [user, nice, system, , , irq, softirq] = first.slice(4).trim().split(/\s+/).map(Number) as number[];
  return (user! + nice! + system! + irq! + softirq!) / 100;
}

/**
 * CPU seconds used so far by each PostgreSQL server process on the machine (every process
 * named postgres: the connections' backends, and the WAL writer, checkpointer and the rest),
 * by pid. A process gone by the time it is read is left out.
 */
export function postgresCpuSeconds(): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres') found.set(Number(entry), cpuSecondsIn(stat));
  }
  return found;
}

/** CPU seconds the PostgreSQL processes used between two readings (a process started in between counts from zero). */
function postgresCpuSince(before: Map<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of postgresCpuSeconds()) used += seconds - (before.get(pid) ?? 0);
  return used;
}

/**
 * Where the machine's CPU went, in ms per answered request: the server's own process,
 * PostgreSQL's processes (nothing on the embedded database, which runs inside the server),
 * the load generator, and the whole machine, those three and anything else on it. `ceiling`
 * is the requests a second the machine's cores could answer at that cost were every one of
 * them busy; `ceilingWithoutServer`, the same if the server's own work cost nothing, which
 * no change to the server can go past.
 */
export interface CpuPerRequest {
  server: number;
  database: number;
  load: number;
  machine: number;
  cores: number;
  ceiling: number;
  ceilingWithoutServer: number;
}

/** The same costs for `per` requests each (an intake of two calls), ceilings in those units. */
export function cpuPer(cpu: CpuPerRequest, per: number): CpuPerRequest {
  const ms = (n: number) => round(n * per, 2);
  return { ...cpu, server: ms(cpu.server), database: ms(cpu.database), load: ms(cpu.load), machine: ms(cpu.machine), ceiling: round(cpu.ceiling / per), ceilingWithoutServer: round(cpu.ceilingWithoutServer / per) };
}

/**
 * The notes of a "machine CPU per …" row: where Diogel's and the bare server's CPU went, and
 * the most the machine could do at Diogel's cost and the bare one's, in `units` a second.
 * `engine` says where the database ran: PostgreSQL's own processes, or inside the server.
 */
export function cpuNotes(diogel: CpuPerRequest, bare: CpuPerRequest, engine: 'postgres' | 'pglite', units: string): string {
  const database = engine === 'postgres' ? 'PostgreSQL' : 'database (inside the server)';
  const words = (c: CpuPerRequest) =>
    `server ${c.server}, ${database} ${c.database}, load generator ${c.load}, other ${Math.max(0, round(c.machine - c.server - c.database - c.load, 2))} ms`;
  return (
    `${words(diogel)} (bare: ${words(bare)}); at this cost the machine's ${diogel.cores} cores could do at most ${diogel.ceiling} ${units} a second ` +
    `(bare ${bare.ceiling}), and ${diogel.ceilingWithoutServer} if the server's own work cost nothing (bare ${bare.ceilingWithoutServer})`
  );
}

/** Samples a process's RSS until stopped: the peak while something ran, not since the process began. */
export function sampleMemory(pid: number, everyMs = 100): { stop(): { peakRssMiB: number; samples: number } } {
  let peak = 0;
  let samples = 0;
  const take = () => {
    try {
      peak = Math.max(peak, memoryOf(pid).rssMiB);
      samples += 1;
    } catch {
      /* the process has gone; its last sample stands */
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakRssMiB: peak, samples };
    },
  };
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn to the first answer */
  readyMs: number;
  /** CPU seconds it had used by then: what other work on the machine changes least */
  readyCpuSeconds: number;
  memory(): Memory;
  /** What it wrote to stderr so far (warnings and errors: servers here log at warn) */
  stderr(): string;
  /** SIGTERM, then wait for it to finish (SIGKILL if it has not after 15 s) */
  stop(): Promise<void>;
}

/** Everything from this process's environment except Diogel's own settings, which the caller gives. */
function baseEnv(): Record<string, string> {
  const diogel = /^(PORT|HOST|DATABASE_URL|DATA_DIR|LOG_LEVEL|SESSION_SECRET|COOKIE_SECURE|DEMO|SESSION_IDLE_MINUTES|SESSION_ABSOLUTE_HOURS|MFA_ENCRYPTION_KEY|SIGN_IN_ATTEMPTS_PER_MINUTE|AUDIT_SIGNING_KEY|AUDIT_VERIFY_KEY|NODE_TEST_CONTEXT)$/;
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !diogel.test(e[0])));
}

/** Child processes still running, stopped if this process is interrupted. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
}

/** Servers and load generators started from here that have not finished yet. */
export function childProcessesRunning(): number {
  return running.size;
}

/**
 * Starts `node --import tsx <args>` in the repository with `env` (`tsx: false`: plain
 * `node <args>`, as `npm start` runs the compiled code), and waits until GET `readyPath` is
 * answered (any status, unless `ready` says which) by a socket the process itself listens on:
 * the process is serving. A process that finds its port taken stops with `PortTaken`.
 */
export async function startNode(
  args: string[],
  env: Record<string, string>,
  options: { port: number; readyPath?: string; timeoutMs?: number; label?: string; pollMs?: number; followRedirect?: boolean; ready?: (answer: HttpAnswer) => boolean; nodeArgs?: string[]; tsx?: boolean },
): Promise<ServerProcess> {
  const started = performance.now();
  const loader = options.tsx === false ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, ...args], { cwd: ROOT, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-20_000);
  });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = started + (options.timeoutMs ?? 120_000);
  const label = options.label ?? args.join(' ');
  for (;;) {
    if (gone) {
      if (/EADDRINUSE/.test(stderr)) throw new PortTaken(`${label}: port ${options.port} was taken before it could listen`);
      throw new Error(`${label} stopped before it answered:\n${stderr.slice(-4000)}`);
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${label} did not answer within ${options.timeoutMs ?? 120_000} ms:\n${stderr.slice(-4000)}`);
    }
    let answer = await request(`${url}${options.readyPath ?? '/'}`, { timeoutMs: 5000 }).catch(() => undefined);
    // As a browser would: a redirect (GET / sends someone not signed in to /sign-in) is followed once.
    const location = answer && answer.status >= 300 && answer.status < 400 ? answer.headers.location : undefined;
    if (options.followRedirect && location?.startsWith('/')) answer = await request(`${url}${location}`, { timeoutMs: 5000 }).catch(() => undefined);
    // Something else may have taken the port since it was free: only the child's own answer counts.
    if (answer && (options.ready?.(answer) ?? true) && listensOn(child.pid!, options.port)) break;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 10));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid!;
  const readyCpuSeconds = cpuSecondsOf(pid);
  return {
    url,
    port: options.port,
    pid,
    readyMs,
    readyCpuSeconds,
    memory: () => memoryOf(pid),
    stderr: () => stderr,
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A server that stopped because the port chosen for it was taken by then. */
export class PortTaken extends Error {}

/**
 * Starts a server on a port that was free a moment ago, and on another if some other process
 * takes that one first (two test files run at once, each starting servers).
 */
export async function startOnFreePort(start: (port: number) => Promise<ServerProcess>, tries = 5): Promise<ServerProcess> {
  for (let i = 1; ; i++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (!(err instanceof PortTaken) || i >= tries) throw err;
    }
  }
}

/** A real Diogel server (`npm start`'s command) on a dataset's folder and database. */
export async function startDiogel(
  dataset: Pick<DatasetDescriptor, 'dataDir' | 'databaseUrl'>,
  options: { env?: Record<string, string>; timeoutMs?: number; firstPage?: boolean } = {},
): Promise<ServerProcess> {
  // BENCH_CPU_PROF_DIR: profile every Diogel server started (a .cpuprofile each, written when it stops).
  const profile = process.env.BENCH_CPU_PROF_DIR;
  return startOnFreePort((port) => startNode(['src/cli/main.ts', 'serve'], { ...serverEnv(dataset as DatasetDescriptor, port), ...options.env }, {
    port, timeoutMs: options.timeoutMs ?? 180_000, label: 'Diogel',
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] } : {}),
    // firstPage: not just listening, but GET / followed to a page that answers 200.
    ...(options.firstPage ? { followRedirect: true, ready: (a: HttpAnswer) => a.status === 200 } : {}),
  }));
}

/** A bare server (bench/bare.ts) of one kind, on the same database as Diogel when it needs one. */
export async function startBare(kind: 'hello' | 'intake' | 'case-page', database: { databaseUrl?: string | undefined; dataDir?: string } = {}, poolSize = 10): Promise<ServerProcess> {
  const env: Record<string, string> = { BARE_POOL_SIZE: String(poolSize) };
  if (database.databaseUrl) env.BARE_DATABASE_URL = database.databaseUrl;
  else if (database.dataDir) env.BARE_DATA_DIR = database.dataDir;
  // BENCH_CPU_PROF_DIR profiles the bare servers too (in a bare/ folder of it), to compare where the time goes.
  const profile = process.env.BENCH_CPU_PROF_DIR;
  return startOnFreePort((port) => startNode(['bench/bare.ts', kind], { ...env, PORT: String(port) }, {
    port,
    label: `bare ${kind} server`,
    ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile, 'bare')}`] } : {}),
  }));
}

// ---- signing in ------------------------------------------------------------------------

export interface Session {
  /** The Cookie header value that carries the signed-in session */
  cookie: string;
  /** The CSRF token of the session's pages (for form POSTs) */
  csrf: string;
}

function cookiesFrom(answer: HttpAnswer, jar: Map<string, string>): void {
  const set = answer.headers['set-cookie'] ?? [];
  for (const c of set) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1);
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
    else jar.set(name, value);
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/**
 * The last authenticator step each demo account used on each server from this process.
 * Diogel refuses a code from a step the account has already used (RFC 6238 §5.2) and
 * accepts one step ahead, so a second sign-in within the same half-minute uses the next
 * step's code and a third waits for the step to change. A refused code counts towards the
 * lock-out until the next success clears it, so this guesses as little as it can; a new
 * server on a database an account signed in to moments ago costs one refusal.
 */
const lastStepUsed = new Map<string, number>();

/** Signs a demo user in over HTTP as a person does: password, then the code their app shows. */
export async function signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const jar = new Map<string, string>();
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = async (p: string, fields: Record<string, string>) => {
    const a = await request(`${baseUrl}${p}`, { method: 'POST', headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
    cookiesFrom(a, jar);
    return a;
  };
  const get = async (p: string) => {
    const a = await request(`${baseUrl}${p}`, { headers: { cookie: cookieHeader(jar) } });
    cookiesFrom(a, jar);
    return a;
  };
  const page = await get('/sign-in');
  const csrf = csrfIn(page.text);
  if (page.status !== 200 || !csrf) throw new Error(`the sign-in page answered ${page.status}${csrf ? '' : ', without a form to sign in with'}`);
  const first = await post('/sign-in', { _csrf: csrf, email, password });
  if (first.status !== 303 || first.headers.location !== '/sign-in/code') throw new Error(`signing ${email} in: the password step answered ${first.status} ${first.headers.location ?? ''}`);
  // The password step starts a new pre-session (no fixation across it): read the code page's own token.
  const codePage = await get('/sign-in/code');
  const codeCsrf = csrfIn(codePage.text);
  if (codePage.status !== 200 || !codeCsrf) throw new Error(`the sign-in code page answered ${codePage.status}`);
  const secret = demoTotpSecret(email);
  const account = `${baseUrl} ${email}`;
  for (let round = 0; round < 3; round++) {
    const now = totpStep(new Date());
    for (const step of [now, now + 1]) {
      if (step <= (lastStepUsed.get(account) ?? -1)) continue;
      const code = totp(secret, new Date(step * TOTP_STEP_SECONDS * 1000));
      const answer = await post('/sign-in/code', { _csrf: codeCsrf, code });
      if (answer.status === 303) {
        lastStepUsed.set(account, step);
        const home = await get('/');
        const token = csrfIn(home.text);
        if (home.status !== 200 || !token) throw new Error(`signed ${email} in, but the home page answered ${home.status}`);
        return { cookie: cookieHeader(jar), csrf: token };
      }
      if (answer.status !== 400) throw new Error(`signing ${email} in: the code step answered ${answer.status}`);
      lastStepUsed.set(account, step); // refused: used already
    }
    // Both codes this half-minute are used: wait for the next step.
    const msLeft = (now + 1) * TOTP_STEP_SECONDS * 1000 - Date.now();
    await new Promise((r) => setTimeout(r, Math.max(0, msLeft) + 50));
  }
  throw new Error(`could not sign ${email} in: every code was refused`);
}

/** A personal API token, made on the API tokens page as its owner would. */
export async function createApiToken(baseUrl: string, session: Session, name = 'benchmark'): Promise<string> {
  const answer = await request(`${baseUrl}/account/api-tokens`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrf, name }).toString(),
  });
  const token = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(answer.text)?.[1];
  if (answer.status !== 201 || !token) throw new Error(`creating an API token answered ${answer.status}`);
  return token;
}

// ---- load ------------------------------------------------------------------------------

/**
 * Runs bench/load.ts (autocannon) in a process of its own against `options.url` and
 * returns its figures. The run is bounded by its duration; the process is killed if it
 * overruns that by a minute.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/load.ts')], { cwd: ROOT, env: baseEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  track(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-10_000)));
  child.stdin!.end(JSON.stringify(options));
  const limit = ((options.warmup ?? 0) + options.duration + 60) * 1000;
  const timer = setTimeout(() => child.kill('SIGKILL'), limit);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the load generator failed (exit ${code}):\n${err}`);
  return JSON.parse(out) as LoadResult;
}

/**
 * Runs the load while watching the server: its peak RSS during the load; how busy it was
 * (CPU seconds used ÷ seconds of load, warm-up included: 1.0 is one core all the time); and
 * its CPU time per answered request, which other work on the machine changes far less than
 * it changes throughput or latency; and the machine's CPU per request, server, database and
 * load generator apart (CpuPerRequest), which shows what the machine could do at best.
 */
export async function loadWithMemory(
  server: { pid: number },
  options: LoadOptions,
): Promise<{ load: LoadResult; peakRssMiB: number; serverCpu: number; cpuMsPerRequest: number; cpu: CpuPerRequest }> {
  const sampler = sampleMemory(server.pid);
  const database0 = postgresCpuSeconds();
  const machine0 = machineCpuSeconds();
  const cpu0 = cpuSecondsOf(server.pid);
  const t0 = performance.now();
  try {
    const load = await runLoad(options);
    const cpu = cpuSecondsOf(server.pid) - cpu0;
    const machine = machineCpuSeconds() - machine0;
    const database = postgresCpuSince(database0);
    const answered = Math.max(1, load.requests + load.warmup.ok.reduce((a, b) => a + b, 0));
    const ms = (seconds: number) => round((seconds * 1000) / answered, 2);
    const cores = os.cpus().length;
    const machineMs = (machine * 1000) / answered;
    return {
      load,
      peakRssMiB: sampler.stop().peakRssMiB,
      serverCpu: round(cpu / ((performance.now() - t0) / 1000), 2),
      cpuMsPerRequest: ms(cpu),
      cpu: {
        server: ms(cpu),
        database: ms(database),
        load: ms(load.cpuSeconds),
        machine: round(machineMs, 2),
        cores,
        ceiling: round((cores * 1000) / machineMs),
        ceilingWithoutServer: round((cores * 1000) / Math.max(0.001, machineMs - (cpu * 1000) / answered)),
      },
    };
  } finally {
    sampler.stop();
  }
}

// ---- databases and datasets ------------------------------------------------------------


/** A new, empty PostgreSQL database; drop() removes it (and any connections to it). */
export async function freshPostgresDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `diogel_bench_${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `diogel-bench-${prefix}-`));
}

/** Opens a dataset's database from this process (on the embedded one, only while no server holds it). */
export function openDatasetDatabase(d: Pick<DatasetDescriptor, 'dataDir' | 'databaseUrl'>): Promise<DatabaseHandle> {
  return d.databaseUrl ? openDatabase({ databaseUrl: d.databaseUrl, poolSize: 2 }) : openDatabase({ dataDir: d.dataDir });
}

/**
 * A small dataset made the way a person trying Diogel makes one: the server started with
 * DEMO=true on an empty folder (and, for PostgreSQL, an empty database) loads the demo
 * organisations, users and cases. For benchmarks that need a dataset when none has been
 * generated, and for the smoke test.
 */
export async function makeDemoDataset(dataDir: string, engine: 'pglite' | 'postgres', databaseUrl?: string): Promise<DatasetDescriptor> {
  if (engine === 'postgres' && !databaseUrl) throw new Error('a PostgreSQL dataset needs a database');
  fs.mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  const server = await startDiogel({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  await server.stop();
  const seconds = (performance.now() - started) / 1000;
  const handle = await openDatasetDatabase({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  let counts: Record<string, number>;
  try {
    const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db)).rows[0]!.n);
    counts = { cases: await count('cases'), people: await count('people'), concerns: await count('concerns'), audit_events: await count('audit_events') };
  } finally {
    await handle.close();
  }
  const descriptor: DatasetDescriptor = {
    name: path.basename(dataDir),
    scale: 'smoke',
    engine,
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir,
    generatedAt: new Date().toISOString(),
    today: londonDate(new Date()),
    seconds: Math.round(seconds * 10) / 10,
    counts,
    demo: { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, dutyEmail: 'duty@sirfynydd.example', managerEmail: 'manager@sirfynydd.example', password: DEMO_PASSWORD },
  };
  saveDataset(descriptor);
  return descriptor;
}

/**
 * The dataset a read benchmark runs on: the one it was given, else loadDataset()
 * (BENCH_DATASET, which must exist, or bench/.data/small), else a throwaway demo dataset on
 * the embedded database, removed by done().
 */
export async function benchDataset(given?: DatasetDescriptor): Promise<{ dataset: DatasetDescriptor; label: string; done(): Promise<void> }> {
  const label = (d: DatasetDescriptor) => `${d.engine === 'postgres' ? 'PostgreSQL' : 'embedded (PGlite)'}, ${d.scale}${d.counts.cases !== undefined ? ` (${d.counts.cases.toLocaleString('en-GB')} cases)` : ''}`;
  const found = given ?? loadDataset();
  if (found) return { dataset: found, label: label(found), done: async () => {} };
  // Asked for by name, it must be there: figures from the demo data instead would mislead.
  if (process.env.BENCH_DATASET) throw new Error(`BENCH_DATASET=${process.env.BENCH_DATASET}: no dataset.json there (not generated, or being generated)`);
  const dir = tempDir('demo-dataset');
  const made = await makeDemoDataset(dir, 'pglite');
  return { dataset: made, label: `${label(made)}, demo data: no dataset generated`, done: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// ---- small helpers ---------------------------------------------------------------------

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export function round(n: number, places = 1): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

export function shuffle<T>(xs: readonly T[], seed = 1): T[] {
  // A small deterministic generator (mulberry32), so two runs ask for the same records in the same order.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
