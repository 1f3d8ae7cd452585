import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { keep, table, type BenchResult, type BenchRow } from './report.js';
import type { DatasetDescriptor } from './dataset.js';
import { caseIdsOf } from './case-page.js';
import { benchDataset, request, signIn, smokeMode, startDiogel, type HttpAnswer, type Session } from './http.js';

/**
 * Page weight (issue 7): for each of the main pages, signed in as someone who uses it, the
 * bytes the server sends for the HTML and for every stylesheet, script, icon, font and image
 * a browser would fetch to show it on a first visit (a cold cache), asked for with
 * `accept-encoding: gzip, br`. Images and fonts a stylesheet refers to count when the page
 * uses a class of the rule that refers to them. It also says whether the server compressed
 * each response, what gzip would make of it, and whether assets may be cached (so a second
 * visit fetches the HTML alone).
 *
 * The bare figure: the HTML alone. Goal: under 100 kB (100,000 bytes) per page.
 *
 * Settings: BENCH_DATASET (as the case page benchmark), BENCH_SMOKE=1 (three pages).
 */
export interface PageWeightOptions {
  dataset?: DatasetDescriptor;
  smoke: boolean;
}

interface PageSpec {
  name: string;
  /** Who asks for it; null for the sign-in page */
  as: string | null;
  path: string | ((d: DatasetDescriptor, caseId: string) => string);
}

const TEACHER = 'athro@glanymor.example';

const PAGES: PageSpec[] = [
  { name: 'sign-in page', as: null, path: '/sign-in' },
  { name: 'home', as: TEACHER, path: '/' },
  { name: 'concern form (first question)', as: TEACHER, path: '/concerns/new/subject' },
  { name: 'case page', as: 'duty', path: (_d, id) => `/cases/${id}` },
  { name: 'work tray', as: 'duty', path: '/work-tray' },
  { name: 'child protection register', as: 'duty', path: '/register' },
  { name: 'guidance library', as: TEACHER, path: '/guidance' },
  { name: 'guidance search', as: TEACHER, path: '/guidance/search?q=information+sharing' },
];

export interface Fetched {
  url: string;
  kind: 'html' | 'stylesheet' | 'script' | 'icon' | 'image' | 'font';
  status: number;
  /** Bytes of the body as sent */
  bytes: number;
  /** Bytes once decompressed (the same when it was not compressed) */
  uncompressedBytes: number;
  /** What gzip (level 6) would send */
  gzipBytes: number;
  encoding: string | null;
  cacheControl: string | null;
  cacheable: boolean;
}

export interface PageWeight {
  name: string;
  path: string;
  status: number;
  htmlBytes: number;
  totalBytes: number;
  totalUncompressed: number;
  totalIfGzipped: number;
  /** A second visit with the assets still cached: the HTML alone, when every asset may be cached */
  revisitBytes: number;
  resources: Fetched[];
}

export async function run(given: Partial<PageWeightOptions> = {}): Promise<BenchResult & { detail: { dataset: string; compressed: boolean; pages: PageWeight[] } }> {
  const o = { smoke: smokeMode(given.smoke), ...(given.dataset ? { dataset: given.dataset } : {}) };
  const { dataset, label, done } = await benchDataset(o.dataset);
  try {
    const [caseId] = await caseIdsOf(dataset, 1);
    if (!caseId) throw new Error('the dataset has no unrestricted case to weigh');
    const specs = o.smoke ? PAGES.filter((p) => ['sign-in page', 'case page', 'guidance library'].includes(p.name)) : PAGES;
    const server = await startDiogel(dataset);
    const pages: PageWeight[] = [];
    try {
      const sessions = new Map<string, Session>();
      for (const spec of specs) {
        const email = spec.as === 'duty' ? dataset.demo.dutyEmail : spec.as;
        if (email && !sessions.has(email)) sessions.set(email, await signIn(server.url, email));
        const path = typeof spec.path === 'string' ? spec.path : spec.path(dataset, caseId);
        pages.push(await weigh(server.url, spec.name, path, email ? sessions.get(email)!.cookie : undefined));
      }
    } finally {
      await server.stop();
    }
    const compressed = pages.some((p) => p.resources.some((r) => r.encoding));
    const kB = (n: number) => Math.round(n / 100) / 10;
    const rows: BenchRow[] = pages.map((p) => ({
      benchmark: 'page-weight',
      measure: `${p.name} (${p.path.replace(/[0-9a-f-]{36}/, ':id')}), first visit`,
      on: label,
      value: kB(p.totalBytes),
      unit: 'kB',
      bare: kB(p.htmlBytes),
      ratio: Math.round((p.htmlBytes / p.totalBytes) * 1000) / 1000,
      goal: '< 100 kB',
      met: p.totalBytes < 100_000 && p.status === 200,
      notes:
        `${p.resources.length} responses, ${compressed ? 'compressed' : 'not compressed by the server'}; gzip would send ${kB(p.totalIfGzipped)} kB; ` +
        `second visit ${kB(p.revisitBytes)} kB (${p.resources.filter((r) => r.kind !== 'html').every((r) => r.cacheable) ? 'assets cacheable' : 'some assets not cacheable'})`,
    }));
    return { benchmark: 'page-weight', rows, detail: { dataset: label, compressed, pages } };
  } finally {
    await done();
  }
}

async function fetchOne(base: string, path: string, kind: Fetched['kind'], cookie: string | undefined): Promise<{ fetched: Fetched; body: string }> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, br', ...(cookie ? { cookie } : {}) };
  const a = await request(`${base}${path}`, { headers });
  const plain = decode(a);
  const cacheControl = (a.headers['cache-control'] as string | undefined) ?? null;
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl ?? '')?.[1] ?? 0);
  return {
    fetched: {
      url: path, kind, status: a.status, bytes: a.raw.length, uncompressedBytes: plain.length, gzipBytes: zlib.gzipSync(plain, { level: 6 }).length,
      encoding: (a.headers['content-encoding'] as string | undefined) ?? null, cacheControl,
      cacheable: !/no-store|no-cache|private/.test(cacheControl ?? '') && (maxAge > 0 || a.headers.etag !== undefined || a.headers['last-modified'] !== undefined),
    },
    body: plain.toString('utf8'),
  };
}

function decode(a: HttpAnswer): Buffer {
  switch (a.headers['content-encoding']) {
    case 'gzip':
      return zlib.gunzipSync(a.raw);
    case 'br':
      return zlib.brotliDecompressSync(a.raw);
    case 'deflate':
      return zlib.inflateSync(a.raw);
    default:
      return a.raw;
  }
}

/** The page, then what it links to that a browser fetches, then what its stylesheets need for this page. */
export async function weigh(base: string, name: string, path: string, cookie: string | undefined): Promise<PageWeight> {
  const page = await fetchOne(base, path, 'html', cookie);
  const html = page.body;
  const wanted = new Map<string, Fetched['kind']>();
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (!href) continue;
    if (/\bstylesheet\b/.test(rel)) wanted.set(href, 'stylesheet');
    else if (/\bicon\b/.test(rel)) wanted.set(href, 'icon');
    else if (/\bpreload\b/.test(rel)) wanted.set(href, /\bas="font"/.test(tag) ? 'font' : 'script');
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) wanted.set(m[1]!, 'script');
  for (const m of html.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)) if (!m[1]!.startsWith('data:')) wanted.set(m[1]!, 'image');
  const classes = new Set([...html.matchAll(/\bclass="([^"]+)"/g)].flatMap((m) => m[1]!.split(/\s+/)));

  const resources: Fetched[] = [page.fetched];
  const seen = new Set<string>();
  const queue = [...wanted];
  while (queue.length > 0) {
    const [href, kind] = queue.shift()!;
    const url = new URL(href, `${base}${path}`);
    if (url.origin !== base || seen.has(url.pathname + url.search)) continue;
    seen.add(url.pathname + url.search);
    const got = await fetchOne(base, url.pathname + url.search, kind, cookie);
    resources.push(got.fetched);
    // A stylesheet's url()s are relative to the stylesheet, not to the page.
    if (kind === 'stylesheet') for (const [ref, k] of usedByPage(got.body, classes)) queue.push([new URL(ref, url).href, k]);
  }
  const sum = (f: (r: Fetched) => number) => resources.reduce((n, r) => n + f(r), 0);
  const allCacheable = resources.filter((r) => r.kind !== 'html').every((r) => r.cacheable);
  return {
    name,
    path,
    status: page.fetched.status,
    htmlBytes: page.fetched.bytes,
    totalBytes: sum((r) => r.bytes),
    totalUncompressed: sum((r) => r.uncompressedBytes),
    totalIfGzipped: sum((r) => r.gzipBytes),
    revisitBytes: allCacheable ? page.fetched.bytes : sum((r) => (r.kind === 'html' || !r.cacheable ? r.bytes : 0)),
    resources,
  };
}

/**
 * The url()s of a stylesheet that this page would make a browser fetch: @font-face sources
 * (fonts are fetched when text uses them: counted whenever declared) and images of rules
 * whose selectors name a class the page uses.
 */
function usedByPage(css: string, classes: Set<string>): Array<[string, Fetched['kind']]> {
  const out: Array<[string, Fetched['kind']]> = [];
  for (const m of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
    const ref = m[1]!;
    if (ref.startsWith('data:')) continue;
    const open = css.lastIndexOf('{', m.index);
    const selector = css.slice(Math.max(css.lastIndexOf('}', open), css.lastIndexOf(';', open), 0) + 1, open);
    if (/@font-face/.test(selector)) out.push([ref, 'font']);
    else if ([...selector.matchAll(/\.([A-Za-z0-9_-]+)/g)].some((c) => classes.has(c[1]!))) out.push([ref, /\.(woff2?|ttf|otf|eot)$/.test(ref) ? 'font' : 'image']);
  }
  return out;
}

/** Prints the figures and keeps them in bench/results/. */
export async function main(given: Partial<PageWeightOptions> = {}): Promise<BenchResult> {
  const result = await run(given);
  process.stdout.write(`${table(result.rows)}\n`);
  const first = result.detail.pages[0];
  if (first) {
    for (const r of first.resources) process.stdout.write(`  ${r.url}: ${r.bytes} bytes${r.encoding ? ` (${r.encoding})` : ''}, cache-control ${r.cacheControl ?? 'none'}\n`);
  }
  process.stdout.write(`  written to ${keep(result)}\n`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
