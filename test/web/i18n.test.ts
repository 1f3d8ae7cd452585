import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CATALOGUES } from '../../src/web/i18n/i18n.js';
import { ROLES } from '../../src/domain/access-policy.js';
import { HARM_CATEGORIES, SPECIFIC_RISKS } from '../../src/domain/concern.js';
import { ADULT_DECISIONS, CHILD_DECISIONS } from '../../src/domain/decisions.js';
import { TIMER_RULES } from '../../src/domain/timers.js';

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

describe('English and Welsh message catalogues', () => {
  const en = CATALOGUES.en;
  const cy = CATALOGUES.cy;

  it('have exactly the same keys', () => {
    assert.deepEqual(Object.keys(cy).filter((k) => !(k in en)), [], 'keys only in Welsh');
    assert.deepEqual(Object.keys(en).filter((k) => !(k in cy)), [], 'keys only in English');
  });

  it('have no empty strings and the same {placeholders} in both languages', () => {
    for (const key of Object.keys(en)) {
      assert.ok(en[key]!.trim() && cy[key]!.trim(), key);
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(holes(cy[key]!), holes(en[key]!), key);
    }
  });

  it('translate every literal key used in the templates and the code', () => {
    const used = new Set<string>();
    for (const file of [...filesUnder('src/web/views', '.njk'), ...filesUnder('src', '.ts')]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'(error\.[a-zA-Z]+\.[a-zA-Z_]+)'/g)) used.add(m[1]!);
      // Message keys in data tables (e.g. navigation items) have a dot; timer ids and setting names do not.
      for (const m of text.matchAll(/key: '([a-zA-Z0-9_-]+\.[a-zA-Z0-9_.-]+)'/g)) used.add(m[1]!);
    }
    const missing = [...used].filter((k) => !k.endsWith('.') && !(k in en));
    assert.deepEqual(missing, []);
    assert.ok(used.size > 150, `found ${used.size} keys in use`);
  });

  it('translate every key built from domain vocabulary', () => {
    const built = [
      ...ROLES.map((r) => `role.${r}`),
      ...HARM_CATEGORIES.map((h) => `harm.${h}`),
      ...SPECIFIC_RISKS.map((r) => `risk.${r}`),
      ...[...CHILD_DECISIONS, ...ADULT_DECISIONS].map((d) => `decision.${d}`),
      ...Object.keys(TIMER_RULES).map((id) => `clock.${id}.name`),
      ...['awaiting_dsp', 'reported', 'not_reported'].map((s) => `concern.status.${s}`),
      ...['child', 'adult'].flatMap((k) => [`subjectKind.${k}`, `subjectKind.short.${k}`]),
    ];
    assert.deepEqual(built.filter((k) => !(k in en) || !(k in cy)), []);
  });

  it('uses the glossary’s interface words in Welsh', () => {
    assert.equal(cy['common.errorSummaryTitle'], 'Mae problem wedi codi');
    assert.equal(cy['common.back'], 'Yn ôl');
    assert.equal(cy['common.continue'], 'Parhau');
    assert.equal(cy['notFound.title'], "Heb ddod o hyd i'r dudalen");
    assert.match(cy['clock.T-A3.name']!, /7 diwrnod gwaith/);
  });
});
