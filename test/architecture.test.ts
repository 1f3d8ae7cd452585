import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/** Layers point one way (STYLE.md rule 1): the domain has no I/O and no clock of its own. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('architecture', () => {
  it('keeps src/domain pure: no database, HTTP, environment or wall clock', () => {
    for (const file of sources('src/domain')) {
      const text = fs.readFileSync(file, 'utf8');
      for (const spec of imports(file)) {
        assert.ok(spec.startsWith('./') || spec.startsWith('../') ? !/\/(store|services|web|api|platform|cli)\//.test(path.resolve(path.dirname(file), spec)) : false,
          `${file} imports ${spec}`);
      }
      assert.doesNotMatch(text, /process\.env|Date\.now\(|new Date\(\)/, file);
    }
  });

  it('lets only the store talk to the database driver', () => {
    for (const file of sources('src').filter((f) => !f.startsWith(path.join('src', 'store')))) {
      for (const spec of imports(file)) assert.ok(!['pg', '@electric-sql/pglite'].includes(spec), `${file} imports ${spec}`);
    }
  });

  it('keeps SQL and the store out of the web and API layers', () => {
    for (const file of [...sources('src/web'), ...sources('src/api')]) {
      for (const spec of imports(file)) {
        const target = path.resolve(path.dirname(file), spec);
        assert.ok(!target.includes(`${path.sep}store${path.sep}`), `${file} imports ${spec}`);
        assert.notEqual(spec, 'kysely', file);
      }
    }
  });

  it('reads the environment only in config', () => {
    for (const file of sources('src')) {
      if (file.endsWith(path.join('platform', 'config.ts'))) continue;
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /process\.env/, file);
    }
  });
});
