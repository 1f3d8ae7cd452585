/**
 * npm run bench [name …]: runs the named benchmarks (all of them by default), one after
 * another so they do not compete for the machine. Add a benchmark by adding a line here
 * for a module whose main() prints its figures and writes them to bench/results/.
 */
const benchmarks: Record<string, () => Promise<{ main(): Promise<void> }>> = {
  'audit-intake': () => import('./audit-intake.js'),
  'guidance-search': () => import('./guidance-search.js'),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}\n`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(benchmarks)) {
  process.stdout.write(`\n${name}\n`);
  await (await benchmarks[name]!()).main();
}
