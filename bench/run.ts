import { keep, table, type BenchResult, type BenchRow } from './report.js';

/**
 * npm run bench [name …]: runs the named benchmarks (all of them by default), one after
 * another so they do not compete for the machine. Add a benchmark by adding a line here
 * for a module whose main() prints its figures and writes them to bench/results/. A main()
 * that returns its BenchResult also has its rows in the table printed at the end, which is
 * kept as bench/results/all-<time>.json.
 */
const benchmarks: Record<string, () => Promise<{ main(): Promise<BenchResult | void> }>> = {
  'audit-intake': () => import('./audit-intake.js'),
  'guidance-search': () => import('./guidance-search.js'),
  intake: () => import('./intake.js'),
  'case-page': () => import('./case-page.js'),
  startup: () => import('./startup.js'),
  'page-weight': () => import('./page-weight.js'),
  // On the generated dataset (BENCH_DATASET, else bench/.data/small): npm run bench:data first.
  'work-tray': () => import('./at-scale.js').then((m) => m.lists_),
  'person-search': () => import('./at-scale.js').then((m) => m.personSearch_),
  'audit-verify': () => import('./at-scale.js').then((m) => m.auditVerify_),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}\n`);
  process.exit(2);
}
const rows: BenchRow[] = [];
const results: BenchResult[] = [];
for (const name of requested.length > 0 ? requested : Object.keys(benchmarks)) {
  process.stdout.write(`\n${name}\n`);
  const result = await (await benchmarks[name]!()).main();
  if (result && Array.isArray(result.rows)) {
    rows.push(...result.rows);
    results.push(result);
  }
}
if (rows.length > 0) {
  process.stdout.write(`\nAll figures\n${table(rows)}\n`);
  process.stdout.write(`  written to ${keep({ benchmark: 'all', rows, results })}\n`);
}
