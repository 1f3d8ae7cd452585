#!/usr/bin/env node
// Compiles src/ into dist/ so that `npm start` runs plain JavaScript: tsx compiling the
// sources cost every start over a second of CPU. One .js file per .ts file in the same
// layout, and every other file (templates, message catalogues, static files, the
// stylesheet's source) copied beside them, so the import.meta.url-relative paths in src/
// find the same files from dist/. Types are not checked here: `npm test` does that.
//
//   node scripts/build.mjs            build
//   node scripts/build.mjs --check    exit 1 if dist/ is missing or does not match src/
//
// bin/diogel.js calls ensureBuild() on every start: a build that matches the sources costs
// a few milliseconds to confirm; one that does not is rebuilt (under a second).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SRC = path.join(ROOT, 'src');
export const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const SELF = fileURLToPath(import.meta.url);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.isFile() ? [p] : [];
  });
}

/** Besides src/, what decides the output: this script, and the settings esbuild reads. */
const SETTINGS = [SELF, path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'package.json')];

/**
 * What the build was made from: every source file's path, size and modification time, and
 * the settings'. Equal times are compared rather than newer ones, so a file restored with
 * an older time, added or deleted also counts as a change.
 */
function signature(files) {
  const hash = createHash('sha256');
  for (const f of [...files, ...SETTINGS]) {
    const s = fs.statSync(f);
    hash.update(`${path.relative(ROOT, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Whether dist/ was built from the sources as they are now. */
export function buildIsCurrent() {
  try {
    return fs.readFileSync(STAMP, 'utf8') === signature(walk(SRC).sort());
  } catch {
    return false;
  }
}

/**
 * Writes a file by renaming a complete copy into place, and only when its contents
 * changed: processes started while another rebuilds (tests run in parallel) read either
 * the old file or the new one, never half of one.
 */
function writeIfChanged(file, contents, mtime) {
  let same = false;
  try {
    same = fs.readFileSync(file).equals(contents);
  } catch {
    /* not there yet */
  }
  if (!same) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, contents);
    fs.renameSync(temp, file);
  }
  // Copies keep their source's time: build-assets compares the stylesheet's source with
  // the compiled CSS by time, and a fresh copy would look newer and recompile it at start.
  if (mtime) fs.utimesSync(file, mtime, mtime);
}

// tsx's own esbuild (tsx depends on it): the JavaScript that runs is transpiled exactly as
// the tests run the sources, and no other compiler needs installing.
function loadEsbuild() {
  return createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild');
}

export async function build() {
  const started = performance.now();
  const sources = walk(SRC).sort();
  const before = signature(sources);
  const esbuild = loadEsbuild();
  const typescript = new Set(sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')));
  const result = await esbuild.build({
    entryPoints: [...typescript],
    outbase: SRC,
    outdir: DIST,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Linked maps: stack traces can be mapped back to src/ (node --enable-source-maps) at no cost otherwise.
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'warning',
  });
  const wanted = new Set();
  for (const out of result.outputFiles) {
    wanted.add(out.path);
    writeIfChanged(out.path, Buffer.from(out.contents));
  }
  for (const file of sources.filter((f) => !typescript.has(f))) {
    const target = path.join(DIST, path.relative(SRC, file));
    wanted.add(target);
    writeIfChanged(target, fs.readFileSync(file), fs.statSync(file).mtime);
  }
  // Files whose source has gone go too (a stale catalogue or template would still be read).
  for (const file of fs.existsSync(DIST) ? walk(DIST) : []) {
    if (!wanted.has(file) && file !== STAMP && !file.endsWith('.tmp')) fs.rmSync(file, { force: true });
  }
  // The stamp last, and made from the sources as they were when the build began: a file
  // changed during the build makes the next start build again.
  writeIfChanged(STAMP, Buffer.from(before));
  return { files: wanted.size, ms: Math.round(performance.now() - started) };
}

/**
 * One TypeScript entry point and the files of this repository it imports, bundled into one
 * JavaScript file (packages stay imports): for scripts that must start as `npm start` does,
 * without tsx (the benchmarks' bare servers).
 */
export async function bundleScript(entry, outfile) {
  await loadEsbuild().build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}

/** Builds dist/ if it does not match the sources; says so on stderr when it does. */
export async function ensureBuild() {
  if (buildIsCurrent()) return;
  const fresh = !fs.existsSync(STAMP);
  process.stderr.write(fresh ? 'Compiling Diogel into dist/ (first start)… ' : 'The sources changed since dist/ was built: compiling again… ');
  try {
    const { ms } = await build();
    process.stderr.write(`done in ${ms} ms.\n`);
  } catch (err) {
    process.stderr.write(`failed.\n${err instanceof Error ? err.message : String(err)}\nRun \`npm run build\` to see why, or \`npm run dev\` to run the sources through tsx.\n`);
    process.exit(1);
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  if (process.argv.includes('--check')) {
    const current = buildIsCurrent();
    process.stdout.write(current ? 'dist/ matches src/.\n' : 'dist/ is missing or does not match src/: run `npm run build`.\n');
    process.exit(current ? 0 : 1);
  }
  const { files, ms } = await build();
  process.stdout.write(`Compiled src/ into dist/ (${files} files, ${ms} ms).\n`);
}
