import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GUIDANCE_DOCUMENTS, GUIDANCE_RESOURCES, documentById } from '../../src/domain/guidance/catalogue/index.js';
import { cleanText, headingKey, identifyDocument, matchDocument } from '../../src/domain/guidance/importer.js';
import type { GuidanceDocument } from '../../src/domain/guidance/types.js';
import { entriesOf, seedOf, standInText } from '../support/guidance-fixture.js';

/** A small made-up document in the catalogue's shape, to try layouts on. */
const SAMPLE: GuidanceDocument = {
  id: 'sample',
  kind: 'code_guidance',
  title: { en: 'Sample', cy: 'Sampl' },
  publisher: { en: 'Us', cy: 'Ni' },
  edition: '2026',
  sourceUrl: 'https://example.org',
  summary: { en: 'A sample.', cy: 'Sampl.' },
  graded: false,
  sections: [
    {
      ref: 's1',
      number: '1',
      title: { en: 'One', cy: 'Un' },
      clauses: [
        { ref: '1.1', number: '1.1', title: { en: 'Alpha', cy: 'Alffa' }, summary: { en: 'x', cy: 'x' }, tags: ['conduct'], locator: { kind: 'numbered', number: '1.1' } },
        { ref: '1.2', number: '1.2', title: { en: 'Beta', cy: 'Beta' }, summary: { en: 'x', cy: 'x' }, tags: ['conduct'], locator: { kind: 'numbered', number: '1.2' } },
        { ref: '1.10', number: '1.10', title: { en: 'Kappa', cy: 'Kappa' }, summary: { en: 'x', cy: 'x' }, tags: ['conduct'], locator: { kind: 'numbered', number: '1.10' } },
        { ref: 'tips', number: null, title: { en: 'Tips', cy: 'Awgrymiadau' }, summary: { en: 'x', cy: 'x' }, tags: ['conduct'], locator: { kind: 'heading', text: 'Useful tips' } },
        { ref: 'tip-2', number: null, title: { en: 'Second tip', cy: 'Ail' }, summary: { en: 'x', cy: 'x' }, tags: ['conduct'], locator: { kind: 'bullet', heading: 'Useful tips', index: 2 } },
      ],
    },
  ],
};

const SAMPLE_TEXT = [
  'Contents',
  '1.1 Alpha.....\t2',
  '1.2 Beta\t3',
  'Useful tips\t4',
  '',
  '1.1 Alpha heading',
  '',
  'The first clause talks about plan-',
  'ning ahead and **bold** words with a [link](#).',
  '',
  '1. 2 Beta heading',
  'Second clause text.',
  '',
  '1.10 Kappa heading',
  'Tenth clause text.',
  '',
  '1.3 A clause the catalogue does not know',
  'Orphan text.',
  '',
  'Useful tips',
  '',
  '- first tip',
  '- second tip that runs',
  '  onto a second line',
  '- third tip',
].join('\n');

describe('guidance importer', () => {
  it('tidies a text: contents lines dropped, hyphenated line breaks joined, markdown removed', () => {
    const { lines, contentsLinesDropped } = cleanText(SAMPLE_TEXT);
    assert.equal(contentsLinesDropped, 3);
    const joined = lines.join(' ');
    assert.match(joined, /about planning ahead and bold words with a link\./);
    assert.doesNotMatch(joined, /\*\*|\]\(/);
  });

  it('compares headings ignoring case, punctuation and spacing', () => {
    assert.equal(headingKey('  Section 6.  All Wales Practice Guides: '), headingKey('section 6 all wales practice guides'));
  });

  it('places numbered clauses (also written "1. 2"), headings and bullets, and cuts the text between them', () => {
    const m = matchDocument(SAMPLE, SAMPLE_TEXT);
    assert.deepEqual(m.unmatched, []);
    const body = Object.fromEntries(m.matched.map((p) => [p.ref, p.body]));
    assert.equal(body['1.1'], '1.1 Alpha heading\nThe first clause talks about planning ahead and bold words with a link.');
    assert.equal(body['1.2'], '1. 2 Beta heading Second clause text.');
    assert.equal(body['1.10'], '1.10 Kappa heading Tenth clause text.', '1.1 does not match 1.10');
    assert.equal(body['tip-2'], '- second tip that runs onto a second line');
    assert.match(body['tips']!, /^Useful tips\n- first tip\n- second tip that runs onto a second line\n- third tip$/);
    assert.deepEqual(m.unplaced, [{ line: 17, number: '1.3' }], 'a numbered line no clause claims is reported');
  });

  it('reports a clause the text lacks, and stores the rest', () => {
    const m = matchDocument(SAMPLE, SAMPLE_TEXT.replace('1.10 Kappa heading', 'Kappa heading'));
    assert.deepEqual(m.unmatched, ['1.10']);
    assert.equal(m.matched.length, 4);
  });

  it('recognises no document in an unrelated text', () => {
    assert.equal(identifyDocument(GUIDANCE_DOCUMENTS, 'Shopping list\n- eggs\n- milk\n', GUIDANCE_RESOURCES), null);
  });

  for (const document of GUIDANCE_DOCUMENTS) {
    it(`matches every entry of ${document.id} in its seed, and recognises the seed`, { skip: seedOf(document.id) === null && 'no seeds here' }, () => {
      const text = seedOf(document.id)!.text;
      const m = matchDocument(document, text, GUIDANCE_RESOURCES);
      assert.deepEqual(m.unmatched, [], 'every entry is found');
      assert.equal(m.matched.length, entriesOf(document));
      for (const p of m.matched) assert.ok(p.body.length >= 10, `${p.ref} has text (${p.body.length} characters)`);
      assert.deepEqual(m.unplaced, [], 'every numbered clause in the text is in the catalogue');
      assert.equal(identifyDocument(GUIDANCE_DOCUMENTS, text, GUIDANCE_RESOURCES)?.document.id, document.id);
    });

    it(`matches every entry of ${document.id} in a stand-in text laid out like it`, () => {
      const text = standInText(document.id);
      const m = matchDocument(document, text, GUIDANCE_RESOURCES);
      assert.deepEqual(m.unmatched, []);
      assert.equal(m.matched.length, entriesOf(document));
      for (const p of m.matched) assert.match(p.body, new RegExp(`supplied wording of ${p.ref.replace(/\./g, '\\.')} `), `${p.ref} is cut at its own text`);
      assert.equal(identifyDocument(GUIDANCE_DOCUMENTS, text, GUIDANCE_RESOURCES)?.document.id, document.id);
    });
  }

  it('joins the words seed 004 hyphenates across lines and drops its table of contents noise', { skip: seedOf('wellbeing-ethics-code') === null && 'no seeds here' }, () => {
    const doc = documentById('wellbeing-ethics-code')!;
    const m = matchDocument(doc, seedOf('wellbeing-ethics-code')!.text);
    const all = m.matched.map((p) => p.body).join('\n');
    assert.doesNotMatch(all, /[a-z]-\n[a-z]/, 'no word is left broken at a line end');
    assert.match(all, /\bworking\b/);
  });
});
