import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What every benchmark reports: one row per measured figure, with the bare cost of the same
 * work measured on the same machine in the same run, the ratio between them and the goal.
 * `npm run bench` prints these rows as one table and keeps them as JSON in bench/results/.
 */
export interface BenchRow {
  benchmark: string;
  /** What was measured, e.g. "case page p99 at 50 users" */
  measure: string;
  /** The dataset or engine it ran on, e.g. "PostgreSQL, wales" */
  on: string;
  value: number;
  unit: string;
  /** The bare cost of the same work (same unit), when there is one */
  bare?: number;
  /** Diogel as a share of the bare figure: throughput ÷ bare throughput, or bare time ÷ time. 1.0 = no overhead. */
  ratio?: number;
  /** The goal in words, e.g. "p99 < 50 ms, ratio ≥ 0.5" */
  goal: string;
  met: boolean;
  /** Anything a reader needs to trust the figure: sample sizes, durations */
  notes?: string;
}

export interface BenchResult {
  benchmark: string;
  rows: BenchRow[];
  /** Raw figures behind the rows, kept in the JSON */
  detail?: unknown;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(samples: readonly number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

export const RESULTS_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');

export function machine() {
  return { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

/** Writes one benchmark's result to bench/results/<name>-<time>.json and returns the file. */
export function keep(result: BenchResult | { benchmark: string; [k: string]: unknown }): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(RESULTS_DIR, `${result.benchmark}-${at.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ at, machine: machine(), ...result }, null, 2)}\n`);
  return file;
}

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-GB');
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** The rows as a plain-text table (also valid Markdown). */
export function table(rows: readonly BenchRow[]): string {
  const head = ['Benchmark', 'Measure', 'On', 'Value', 'Bare', 'Ratio', 'Goal', 'Met'];
  const body = rows.map((r) => [
    r.benchmark, r.measure, r.on, `${fmt(r.value)} ${r.unit}`, r.bare === undefined ? '' : `${fmt(r.bare)} ${r.unit}`,
    r.ratio === undefined ? '' : r.ratio.toFixed(2), r.goal, r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
