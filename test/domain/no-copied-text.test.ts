import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GUIDANCE_DOCUMENTS, GUIDANCE_RESOURCES } from '../../src/domain/guidance/catalogue/index.js';
import { SEEDS_DIR } from '../support/guidance-fixture.js';

/**
 * The documents' own sentences never enter the project (titles, numbers and names of Acts
 * are facts and may). Every source, message, template and document here is compared with
 * the seed documents: no run of eight words may appear in both, unless it lies within a
 * title the catalogue records.
 */
const SEEDS = SEEDS_DIR;
const RUN = 8;

/** Names of Acts are facts: each counts as one word. */
const ACTS = [/social services and well being wales act 2014/g, /regulation and inspection of social care wales act 2016/g];

function words(s: string): string[] {
  let text = s
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
  for (const act of ACTS) text = text.replace(act, 'an_act');
  return text.split(/\s+/).filter(Boolean);
}
function runs(s: string): Set<string> {
  const w = words(s);
  const out = new Set<string>();
  for (let i = 0; i + RUN <= w.length; i++) out.add(w.slice(i, i + RUN).join(' '));
  return out;
}
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(ts|json|njk|md|scss)$/.test(e.name) ? [p] : [];
  });
}

describe('no copied source text', { skip: !fs.existsSync(SEEDS) && 'no seeds here' }, () => {
  it('shares no run of eight words with the seed documents, titles apart', () => {
    const seed = new Set<string>();
    for (const f of fs.readdirSync(SEEDS)) for (const r of runs(fs.readFileSync(path.join(SEEDS, f), 'utf8'))) seed.add(r);
    const titles = [
      ...GUIDANCE_DOCUMENTS.flatMap((d) => [
        d.title.en,
        ...d.sections.flatMap((s) => [s.title.en, ...s.clauses.flatMap((c) => [c.title.en, c.locator.kind === 'numbered' ? '' : c.locator.kind === 'heading' ? c.locator.text : c.locator.heading])]),
      ]),
      ...GUIDANCE_RESOURCES.flatMap((r) => [r.title.en, r.locator.kind === 'heading' ? r.locator.text : '']),
    ];
    const allowed = new Set<string>();
    for (const t of titles) for (const r of runs(t)) allowed.add(r);
    const found: string[] = [];
    for (const f of [...files('src'), ...files('test'), ...files('bench'), 'README.md']) {
      for (const r of runs(fs.readFileSync(f, 'utf8'))) if (seed.has(r) && !allowed.has(r)) found.push(`${f}: "${r}"`);
    }
    assert.deepEqual(found, []);
  });
});
