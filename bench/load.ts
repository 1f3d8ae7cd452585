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
  /** autocannon's own latency percentiles (2xx only, warm-up included), as a cross-check; for a paced load, the measured samples' */
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
  latency: { p50: number; p97_5: number; p99: number; max: number };
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
}
type Autocannon = (options: Record<string, unknown>, done: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

// autocannon ships CommonJS without types; it is used only through the few fields above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** The p-th percentile (0 to 100) of samples sorted in ascending order, to 0.01 ms; NaN when there are none. */
function percentile(sorted: readonly number[], p: number): number {
  const value = sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return Math.round(value * 100) / 100;
}

function summary(samples: number[]): LatencySummary {
  const s = samples.sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: percentile(s, 100), mean: Math.round((s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) * 100) / 100 };
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

interface PhaseCounts {
  all: number[];
  stepSamples: number[][];
  stepOk: number[];
  statusCodeStats: Record<string, { count: number }>;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytes: number;
}

function phaseCounts(steps: number): PhaseCounts {
  return { all: [], stepSamples: Array.from({ length: steps }, () => []), stepOk: Array(steps).fill(0), statusCodeStats: {}, non2xx: 0, errors: 0, timeouts: 0, bytes: 0 };
}

interface RunOutcome {
  /** Seconds the measured part really ran */
  seconds: number;
  measured: PhaseCounts;
  warmup: { seconds: number; counts: PhaseCounts };
  /** autocannon's own percentiles over warm-up and measured load together (2xx only); for the paced load, the measured samples' */
  latency: { p50: number; p97_5: number; p99: number; max: number };
}

/**
 * The closed load: one bounded autocannon run of warm-up then measured load, over the same
 * connections. Responses before the warm-up ends are counted apart and not measured.
 *
 * One run, not two: a second autocannon run would open its connections all at once at the
 * start of the measured load, and a busy Node server accepts one new connection per turn of
 * its event loop (libuv, since 2022). On the embedded database a turn can take a few hundred
 * ms, so the last of 50 new connections waited up to 9 s for its first answer, and that
 * queue, not the pages, was the measured p99 (2,029 ms where a steady load gave 779 ms).
 */
function closed(o: LoadOptions, warmupSeconds: number, seconds: number): Promise<RunOutcome> {
  const counters = o.requests.map(() => 0);
  const lastStep = { index: 0 };
  const warm = phaseCounts(o.requests.length);
  const measured = phaseCounts(o.requests.length);
  let phase = warmupSeconds > 0 ? warm : measured;
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
        phase.stepOk[i]! += 1;
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
  return new Promise<RunOutcome>((resolve, reject) => {
    const started = performance.now();
    let measuredFrom = started;
    const timer = warmupSeconds > 0
      ? setTimeout(() => {
          phase = measured;
          measuredFrom = performance.now();
        }, warmupSeconds * 1000)
      : undefined;
    const instance = autocannon(
      { url: o.url, connections: o.connections, duration: warmupSeconds + seconds, timeout: o.timeout ?? 10, requests, pipelining: 1,
        // autocannon stops at its next sample after the duration: every 100 ms, not every second.
        sampleInt: 100 },
      (err, result) => {
        clearTimeout(timer);
        if (err) return reject(err);
        const ended = performance.now();
        resolve({
          seconds: Math.round((ended - measuredFrom) / 100) / 10,
          measured,
          warmup: { seconds: Math.round((measuredFrom - started) / 100) / 10, counts: warm },
          latency: result.latency,
        });
      },
    );
    // onResponse of the step runs just before this, for the same response: see autocannon's httpClient.
    instance.on('response', (_client, status, bytes, ms) => {
      const p = phase;
      p.all.push(ms);
      p.stepSamples[lastStep.index]!.push(ms);
      p.statusCodeStats[status] = { count: (p.statusCodeStats[status]?.count ?? 0) + 1 };
      if (status < 200 || status >= 300) p.non2xx += 1;
      p.bytes += bytes;
    });
    instance.on('reqError', (error) => {
      phase.errors += 1;
      if (error.message === 'request timed out') phase.timeouts += 1;
    });
  });
}

/**
 * One bounded open-loop run at `o.rate` requests a second (see LoadOptions.rate), on `agent`'s
 * kept-alive connections: the warm-up and the measured load share one agent, so the measured
 * load does not start by opening connections.
 */
async function paced(o: LoadOptions, agent: http.Agent, seconds: number): Promise<{ seconds: number; counts: PhaseCounts }> {
  if (o.requests.some((r) => r.capture)) throw new Error('a paced load sends independent requests: no captures');
  const counters = o.requests.map(() => 0);
  const pick = (list: string | string[], i: number) => (typeof list === 'string' ? list : list[counters[i]! % list.length]!);
  const c = phaseCounts(o.requests.length);
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
        res.on('data', (chunk: Buffer) => (c.bytes += chunk.length));
        res.on('end', () => {
          const ms = performance.now() - due;
          const code = res.statusCode ?? 0;
          c.statusCodeStats[code] = { count: (c.statusCodeStats[code]?.count ?? 0) + 1 };
          c.all.push(ms);
          c.stepSamples[i]!.push(ms);
          if (code >= 200 && code < 300) c.stepOk[i]! += 1;
          else c.non2xx += 1;
          resolve();
        });
      });
      req.on('timeout', () => {
        c.timeouts += 1;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        c.errors += 1;
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
  return { seconds: Math.round((performance.now() - started) / 100) / 10, counts: c };
}

async function pacedWithWarmup(o: LoadOptions, warmupSeconds: number, seconds: number): Promise<RunOutcome> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  try {
    const warm = warmupSeconds > 0 ? await paced(o, agent, warmupSeconds) : { seconds: 0, counts: phaseCounts(o.requests.length) };
    const measured = await paced(o, agent, seconds);
    const sorted = [...measured.counts.all].sort((a, b) => a - b);
    return {
      seconds: measured.seconds,
      measured: measured.counts,
      warmup: warm,
      latency: { p50: percentile(sorted, 50), p97_5: percentile(sorted, 97.5), p99: percentile(sorted, 99), max: percentile(sorted, 100) },
    };
  } finally {
    agent.destroy();
  }
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  validate(o);
  const cpu0 = process.cpuUsage();
  const warmup = Math.min(o.warmup && o.warmup > 0 ? o.warmup : 0, MAX_DURATION_SECONDS);
  const { seconds, measured: m, warmup: warm, latency } = o.rate ? await pacedWithWarmup(o, warmup, o.duration) : await closed(o, warmup, o.duration);
  const cpu = process.cpuUsage(cpu0);
  const statusCodes = Object.fromEntries(Object.entries(m.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    connections: o.connections,
    seconds,
    requests: m.all.length,
    requestsPerSecond: Math.round((m.all.length / seconds) * 10) / 10,
    latencyMs: summary(m.all),
    non2xx: m.non2xx,
    errors: m.errors,
    timeouts: m.timeouts,
    statusCodes,
    bytes: m.bytes,
    steps: o.requests.map((r, i) => ({
      method: r.method ?? 'GET',
      path: typeof r.path === 'string' ? r.path : `${r.path[0]} (1 of ${r.path.length})`,
      responses: m.stepSamples[i]!.length,
      ok: m.stepOk[i]!,
      perSecond: Math.round((m.stepOk[i]! / seconds) * 10) / 10,
      latencyMs: summary(m.stepSamples[i]!),
    })),
    warmup: { seconds: warm.seconds, ok: warm.counts.stepOk },
    autocannon: { p50: latency.p50, p97_5: latency.p97_5, p99: latency.p99, max: latency.max },
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
