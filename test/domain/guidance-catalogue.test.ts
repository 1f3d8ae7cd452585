import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { GUIDANCE_DOCUMENTS, GUIDANCE_RESOURCES, allClauses, clauseById, resourceByRef, RESOURCE_DIRECTORY_ID } from '../../src/domain/guidance/catalogue/index.js';
import { CLAUSE_LEVELS, GUIDANCE_TAGS, RESOURCE_CATEGORIES } from '../../src/domain/guidance/types.js';
import { FORMS_WITHOUT_GUIDANCE, STEP_GUIDANCE, guidanceKey, splitCitation } from '../../src/domain/guidance/step-guidance.js';
import { CHILD_CASE_COMMAND_TYPES } from '../../src/domain/cases/child-protection.commands.js';
import { ADULT_CASE_COMMAND_TYPES } from '../../src/domain/cases/adult-protection.model.js';
import { ALLEGATION_COMMAND_TYPES } from '../../src/domain/cases/allegation.model.js';
import { SEEDS_DIR } from '../support/guidance-fixture.js';

const SEEDS = SEEDS_DIR;
const seedFiles = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')) : [];

/** Lower case, words only: the form two texts are compared in. */
function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

const SHINGLE = 6;
function shingles(s: string): string[] {
  const w = words(s);
  const out: string[] = [];
  for (let i = 0; i + SHINGLE <= w.length; i++) out.push(w.slice(i, i + SHINGLE).join(' '));
  return out;
}

describe('practice guidance catalogue', () => {
  it('holds the five seed documents, each with entries', () => {
    assert.equal(GUIDANCE_DOCUMENTS.length, 5);
    assert.deepEqual(
      GUIDANCE_DOCUMENTS.map((d) => d.kind).sort(),
      ['code_guidance', 'ethics_code', 'procedures', 'resource_directory', 'social_media'],
    );
    for (const d of GUIDANCE_DOCUMENTS) {
      const entries = d.id === RESOURCE_DIRECTORY_ID ? GUIDANCE_RESOURCES.length : d.sections.flatMap((s) => s.clauses).length;
      assert.ok(entries >= 5, `${d.id} has ${entries} entries`);
      assert.match(d.sourceUrl, /^https:\/\//, `${d.id} links to its official source`);
    }
  });

  it('gives every clause a unique address, a bilingual title and summary, known tags, and resolvable cross-references', () => {
    for (const d of GUIDANCE_DOCUMENTS) {
      const refs = d.sections.flatMap((s) => s.clauses.map((c) => c.ref));
      assert.equal(new Set(refs).size, refs.length, `${d.id}: refs are unique`);
    }
    for (const { document, clause } of allClauses()) {
      const where = `${document.id}/${clause.ref}`;
      assert.match(clause.ref, /^[a-z0-9][a-z0-9.-]*$/, where);
      for (const lang of ['en', 'cy'] as const) {
        assert.ok(clause.title[lang].trim(), `${where} title ${lang}`);
        assert.ok(clause.summary[lang].trim().length >= 30, `${where} summary ${lang}`);
      }
      assert.notEqual(clause.summary.cy, clause.summary.en, `${where}: the Welsh summary is not the English one`);
      assert.ok(clause.summary.en.length <= 420, `${where}: a summary is one or two sentences`);
      assert.ok(clause.tags.length >= 1, `${where} has tags`);
      for (const tag of clause.tags) assert.ok((GUIDANCE_TAGS as readonly string[]).includes(tag), `${where}: tag ${tag}`);
      for (const x of clause.crossReferences ?? []) {
        assert.ok(clauseById(x.document, x.clause), `${where} refers to ${x.document}/${x.clause}, which exists`);
      }
    }
  });

  it('grades every clause of the graded document (seed 004) and no other', () => {
    for (const { document, clause } of allClauses()) {
      if (document.graded) assert.ok(clause.level && (CLAUSE_LEVELS as readonly string[]).includes(clause.level), `${document.id}/${clause.ref} has a level`);
      else assert.equal(clause.level, undefined, `${document.id}/${clause.ref} has no level`);
    }
    const graded = allClauses().filter((c) => c.document.graded);
    for (const level of CLAUSE_LEVELS) assert.ok(graded.some((c) => c.clause.level === level), `some clause is ${level}`);
  });

  it('records the cross-references the documents make: the social media guidance cites the Code, the practice guidance cites the procedures', () => {
    const social = allClauses().filter((c) => c.document.id === 'social-media');
    assert.ok(social.some((c) => (c.clause.crossReferences ?? []).some((x) => x.document === 'code-practice-guidance')));
    const code = allClauses().filter((c) => c.document.id === 'code-practice-guidance');
    assert.ok(code.some((c) => (c.clause.crossReferences ?? []).some((x) => x.document === 'wales-safeguarding-procedures')));
  });

  it('makes seed 001 a directory of resources for children and adults, with its referral line', () => {
    const refs = GUIDANCE_RESOURCES.map((r) => r.ref);
    assert.equal(new Set(refs).size, refs.length);
    for (const c of RESOURCE_CATEGORIES) assert.ok(GUIDANCE_RESOURCES.some((r) => r.category === c), `a resource of category ${c}`);
    assert.ok(GUIDANCE_RESOURCES.some((r) => r.audience === 'children'));
    assert.ok(GUIDANCE_RESOURCES.some((r) => r.audience === 'adults'));
    assert.ok(GUIDANCE_RESOURCES.some((r) => r.telephone === '0800 043 4303'), 'the 24/7 child trafficking referral line');
  });

  it('copies no sentence of the seed documents: no six-word run of any summary appears in them', { skip: seedFiles.length === 0 && 'no seeds here' }, () => {
    const seedShingles = new Set<string>();
    for (const f of seedFiles) for (const s of shingles(fs.readFileSync(path.join(SEEDS, f), 'utf8'))) seedShingles.add(s);
    const ours: { where: string; text: string }[] = [
      ...allClauses().map((c) => ({ where: `${c.document.id}/${c.clause.ref}`, text: c.clause.summary.en })),
      ...GUIDANCE_RESOURCES.map((r) => ({ where: `resource ${r.ref}`, text: r.summary.en })),
      ...GUIDANCE_DOCUMENTS.map((d) => ({ where: `document ${d.id}`, text: d.summary.en })),
    ];
    const copied = ours.flatMap((o) => shingles(o.text).filter((s) => seedShingles.has(s)).map((s) => `${o.where}: "${s}"`));
    assert.deepEqual(copied, []);
  });
});

describe('guidance for each step', () => {
  const cites = Object.entries(STEP_GUIDANCE);

  it('cites only clauses and resources the catalogue holds', () => {
    for (const [key, list] of cites) {
      assert.ok(list.length >= 1, `${key} cites something`);
      for (const c of list) {
        const { document, ref } = splitCitation(c);
        const found = document === RESOURCE_DIRECTORY_ID ? resourceByRef(ref) : clauseById(document, ref);
        assert.ok(found, `${key} cites ${c}, which exists`);
      }
    }
  });

  it('gives every step of the child, adult and allegation processes its guidance', () => {
    for (const t of CHILD_CASE_COMMAND_TYPES) assert.ok(STEP_GUIDANCE[`case/step#${t}`], `child step ${t}`);
    for (const t of ADULT_CASE_COMMAND_TYPES) assert.ok(STEP_GUIDANCE[`case/adult-step#${t}`], `adult step ${t}`);
    for (const t of [...ALLEGATION_COMMAND_TYPES, 'open_allegation']) assert.ok(STEP_GUIDANCE[`allegation/form#${t}`], `allegation step ${t}`);
  });

  it('points the forms the issue names at the right clauses', () => {
    const has = (key: string, citation: string) => assert.ok(STEP_GUIDANCE[key]?.includes(citation as never), `${key} cites ${citation}`);
    has('concern/subject', 'wales-safeguarding-procedures/s2');
    has('concern/what-happened', 'wales-safeguarding-procedures/s2');
    has('case/step#record_strategy_discussion', 'code-practice-guidance/4.3');
    has('case/adult-step#record_strategy', 'code-practice-guidance/4.3');
    has('case/step#close_case', 'code-practice-guidance/3.6');
    has('case/adult-step#close_case', 'code-practice-guidance/3.6');
    assert.ok(
      STEP_GUIDANCE['case/step#record_strategy_discussion']!.some((c) => c.startsWith('resource-directory/') && /golden/.test(c)),
      'the strategy discussion cites the seven golden rules',
    );
  });

  it('covers every page template with a form, so a form added later fails here until it has guidance', () => {
    const root = path.resolve('src/web/views/pages');
    const templates: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.njk') && !e.name.startsWith('_')) templates.push(path.relative(root, p).replace(/\\/g, '/'));
      }
    };
    walk(root);
    const withForm = templates.filter((t) => /<form method="post"/.test(fs.readFileSync(path.join(root, t), 'utf8')));
    assert.ok(withForm.length >= 20);
    for (const t of withForm) {
      const key = guidanceKey(`pages/${t}`);
      if (FORMS_WITHOUT_GUIDANCE.has(key)) continue;
      const stepKeys = Object.keys(STEP_GUIDANCE).filter((k) => k.startsWith(`${key}#`));
      assert.ok(STEP_GUIDANCE[key] || stepKeys.length > 0, `${t} has guidance (or is listed as a form without it)`);
    }
  });
});
