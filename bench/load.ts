import http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The load generator, run in a process of its own (bench/http.ts `runLoad` starts it) so
 * that the server it measures does not share an event loop with it: it reads its options
 * as JSON on stdin, drives autocannon, and prints one JSON result on stdout.
 *
 * Every connection goes through `requests` in order and starts again at the first when it
 * has done the last (autocannon's request sequence). A step whose `path` or `body` is a
 * list takes the next entry each time any connection issues it, so connections spread over
 * many records instead of asking for the same one together. A step may `capture` a field of
 * its JSON answer; later steps of the same round use it as `{name}` in their path or body,
 * and a round whose capture failed goes back to the first step.
 */
export interface LoadRequest {
  method?: 'GET' | 'POST';
  path: string | string[];
  headers?: Record<string, string>;
  /** Extra headers taken in turn, like a list of paths: e.g. one of several people's tokens each time */
  headerSets?: Array<Record<string, string>>;
  body?: string | string[];
  capture?: { field: string; as: string };
}

export interface LoadOptions {
  /** The server's origin, e.g. http://127.0.0.1:3000 */
  url: string;
  connections: number;
  /** Seconds of measured load: bounded, never open-ended */
  duration: number;
  /** Seconds of unmeasured load first (JIT, connection pools, caches) */
  warmup?: number;
  headers?: Record<string, string>;
  requests: LoadRequest[];
  /** Seconds a request may take before it counts as a timeout */
  timeout?: number;
  /**
   * An open load of this many requests per second in all, evenly spaced (one every 1/rate s),
   * over at most `connections` kept-alive connections; each request's time runs from when it
   * was due to be sent, so time spent waiting for a free connection counts. (autocannon's own
   * rate sends a second's requests together at the start of each second: 50 a second from 50
   * connections would be 50 users all clicking at once.) Unset, each connection sends its
   * next request as soon as the last is answered, so at N connections latency is N ÷ throughput.
   */
  rate?: number;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  connections: number;
  /** Seconds the measured load really ran */
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Every response's time in ms, from its own samples (autocannon's histogram has no p95) */
  latencyMs: LatencySummary;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  bytes: number;
  /** Per step of the sequence: how many were answered, how many with 2xx, and how fast */
  steps: Array<{ method: string; path: string; responses: number; ok: number; perSecond: number; latencyMs: LatencySummary }>;
  /** The unmeasured warm-up: how long, and how many 2xx answers each step had (they change data too) */
  warmup: { seconds: number; ok: number[] };
  /** autocannon's own latency percentiles (2xx only), as a cross-check */
  autocannon: { p50: number; p97_5: number; p99: number; max: number };
  /** CPU seconds this load generator used over the warm-up and the measured load: its share of the machine */
  cpuSeconds: number;
}

/** The longest a measured run may last: load here is always bounded. */
export const MAX_DURATION_SECONDS = 300;

interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest(req: AutocannonRequest, context: Record<string, string>): AutocannonRequest | null;
  onResponse(status: number, body: string, context: Record<string, string>): void;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p97_5: number; p99: number; max: number };
  throughput: { total: number };
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (options: Record<string, unknown>, done: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

// autocannon ships CommonJS without types; it is used only through the few fields above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function summary(samples: number[]): LatencySummary {
  const s = samples.sort((a, b) => a - b);
  const at = (p: number) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { n: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(s[s.length - 1] ?? NaN), mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) };
}

function fill(template: string, context: Record<string, string>): string | null {
  let missing = false;
  const out = template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = context[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? null : out;
}

function validate(o: LoadOptions): void {
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(o.url)) throw new Error(`load goes to this machine's loopback only, not ${o.url}`);
  if (!(o.duration > 0 && o.duration <= MAX_DURATION_SECONDS)) throw new Error(`duration must be between 0 and ${MAX_DURATION_SECONDS} seconds`);
  if (!(Number.isInteger(o.connections) && o.connections >= 1 && o.connections <= 1000)) throw new Error('connections must be 1 to 1000');
  if (o.requests.length === 0) throw new Error('no requests');
}

/** One bounded autocannon run; `measured` decides whether its responses are kept. */
function once(o: LoadOptions, seconds: number, measured: boolean) {
  const counters = o.requests.map(() => 0);
  const lastStep = { index: 0 };
  const stepSamples = o.requests.map(() => [] as number[]);
  const stepOk = o.requests.map(() => 0);
  const all: number[] = [];
  const pick = (list: string | string[], i: number): string => {
    if (typeof list === 'string') return list;
    const value = list[counters[i]! % list.length]!;
    return value;
  };
  const requests: AutocannonRequest[] = o.requests.map((r, i) => ({
    method: r.method ?? 'GET',
    path: typeof r.path === 'string' ? r.path : r.path[0]!,
    headers: { ...o.headers, ...r.headers },
    setupRequest(req, context) {
      const path = fill(pick(r.path, i), context);
      const body = r.body === undefined ? undefined : fill(pick(r.body, i), context);
      const extra = r.headerSets?.[counters[i]! % r.headerSets.length];
      counters[i]! += 1;
      if (path === null || body === null) return null;
      const headers = extra ? { ...req.headers, ...extra } : req.headers;
      return body === undefined ? { ...req, path, headers } : { ...req, path, headers, body };
    },
    onResponse(status, body, context) {
      lastStep.index = i;
      if (status >= 200 && status < 300) {
        stepOk[i]! += 1;
        if (r.capture) {
          try {
            const value = (JSON.parse(body) as Record<string, unknown>)[r.capture.field];
            if (typeof value === 'string' || typeof value === 'number') context[r.capture.as] = String(value);
          } catch {
            /* not JSON: the next step finds nothing to use and the round starts again */
          }
        }
      }
    },
  }));
  return new Promise<{ result: AutocannonResult; all: number[]; stepSamples: number[][]; stepOk: number[] }>((resolve, reject) => {
    const instance = autocannon(
      { url: o.url, connections: o.connections, duration: seconds, timeout: o.timeout ?? 10, requests, pipelining: 1, ...(o.rate ? { overallRate: o.rate } : {}) },
      (err, result) => (err ? reject(err) : resolve({ result, all, stepSamples, stepOk })),
    );
    // onResponse of the step runs just before this, for the same response: see autocannon's httpClient.
    if (measured) {
      instance.on('response', (_client, _status, _bytes, ms) => {
        all.push(ms);
        stepSamples[lastStep.index]!.push(ms);
      });
    }
  });
}

/** One bounded open-loop run at `o.rate` requests a second (see LoadOptions.rate). */
async function paced(o: LoadOptions, seconds: number): Promise<{ result: AutocannonResult; all: number[]; stepSamples: number[][]; stepOk: number[] }> {
  if (o.requests.some((r) => r.capture)) throw new Error('a paced load sends independent requests: no captures');
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const counters = o.requests.map(() => 0);
  const pick = (list: string | string[], i: number) => (typeof list === 'string' ? list : list[counters[i]! % list.length]!);
  const all: number[] = [];
  const stepSamples = o.requests.map(() => [] as number[]);
  const stepOk = o.requests.map(() => 0);
  const statusCodeStats: Record<string, { count: number }> = {};
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let bytes = 0;
  const total = Math.max(1, Math.round(seconds * o.rate!));
  const started = performance.now();
  const send = (k: number, due: number) =>
    new Promise<void>((resolve) => {
      const i = k % o.requests.length;
      const r = o.requests[i]!;
      const path = pick(r.path, i);
      const body = r.body === undefined ? undefined : pick(r.body, i);
      const extra = r.headerSets?.[counters[i]! % r.headerSets.length];
      counters[i]! += 1;
      const req = http.request(`${o.url}${path}`, { method: r.method ?? 'GET', agent, headers: { ...o.headers, ...r.headers, ...extra }, timeout: (o.timeout ?? 10) * 1000 }, (res) => {
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          const ms = performance.now() - due;
          const code = res.statusCode ?? 0;
          statusCodeStats[code] = { count: (statusCodeStats[code]?.count ?? 0) + 1 };
          all.push(ms);
          stepSamples[i]!.push(ms);
          if (code >= 200 && code < 300) stepOk[i]! += 1;
          else non2xx += 1;
          resolve();
        });
      });
      req.on('timeout', () => {
        timeouts += 1;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = started + (k * 1000) / o.rate!;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(k, due));
  }
  await Promise.all(inFlight);
  agent.destroy();
  const duration = Math.round((performance.now() - started) / 100) / 10;
  const sorted = [...all].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN) * 100) / 100;
  return {
    // The same fields autocannon reports, from this run's own samples.
    result: { duration, non2xx, errors, timeouts, statusCodeStats, throughput: { total: bytes }, latency: { p50: at(0.5), p97_5: at(0.975), p99: at(0.99), max: at(1) } },
    all,
    stepSamples,
    stepOk,
  };
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  validate(o);
  const cpu0 = process.cpuUsage();
  const run = (seconds: number, measured: boolean) => (o.rate ? paced(o, seconds) : once(o, seconds, measured));
  const warm = o.warmup && o.warmup > 0 ? await run(Math.min(o.warmup, MAX_DURATION_SECONDS), false) : undefined;
  const { result, all, stepSamples, stepOk } = await run(o.duration, true);
  const seconds = result.duration;
  const cpu = process.cpuUsage(cpu0);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    connections: o.connections,
    seconds,
    requests: all.length,
    requestsPerSecond: Math.round((all.length / seconds) * 10) / 10,
    latencyMs: summary(all),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    bytes: result.throughput.total,
    steps: o.requests.map((r, i) => ({
      method: r.method ?? 'GET',
      path: typeof r.path === 'string' ? r.path : `${r.path[0]} (1 of ${r.path.length})`,
      responses: stepSamples[i]!.length,
      ok: stepOk[i]!,
      perSecond: Math.round((stepOk[i]! / seconds) * 10) / 10,
      latencyMs: summary(stepSamples[i]!),
    })),
    warmup: { seconds: warm?.result.duration ?? 0, ok: warm?.stepOk ?? o.requests.map(() => 0) },
    autocannon: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = JSON.parse(process.argv[2] ?? (await readStdin())) as LoadOptions;
  const result = await load(options);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
