#!/usr/bin/env node
// Node 20's test runner does not glob: list the test files and hand them over.
// Usage: node scripts/run-tests.mjs [folder-or-file ...]   (default: test/)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).sort().flatMap((name) => collect(join(path, name)));
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = (roots.length ? roots : ['test']).flatMap(collect);
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
// Two files at a time (TEST_CONCURRENCY to change it): most tests wait on PostgreSQL or a
// browser, and each file has a database of its own, so two overlap well even on two cores
// (the whole suite: 1,241 s one at a time, 931 s two at a time).
const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
