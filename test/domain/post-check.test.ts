import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLAUSES_FOR, MAX_EVIDENCE, POST_FINDING_KINDS, SOCIAL_MEDIA_CLAUSE_REFS, checkPost, type PostFindingKind } from '../../src/domain/post-check.js';
import { POST_CORPUS } from './post-check.corpus.js';

/** Every draft of the corpus finds exactly the risks expected of it; the totals say how close the rules come. */
describe('before you post: the corpus', () => {
  const tally = { truePositive: 0, falsePositive: 0, falseNegative: 0, exact: 0 };

  for (const draft of POST_CORPUS) {
    it(draft.label, () => {
      const found = checkPost(draft).map((f) => f.kind);
      const expected = new Set<PostFindingKind>(draft.expected);
      for (const k of found) expected.has(k) ? (tally.truePositive += 1) : (tally.falsePositive += 1);
      for (const k of expected) if (!found.includes(k)) tally.falseNegative += 1;
      if (found.length === expected.size && found.every((k) => expected.has(k))) tally.exact += 1;
      assert.deepEqual([...found].sort(), [...expected].sort(), JSON.stringify(checkPost(draft), null, 1));
    });
  }

  after(() => {
    const precision = tally.truePositive / Math.max(1, tally.truePositive + tally.falsePositive);
    const recall = tally.truePositive / Math.max(1, tally.truePositive + tally.falseNegative);
    console.log(
      `# post check corpus: ${tally.exact}/${POST_CORPUS.length} drafts exact; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (TP ${tally.truePositive}, FP ${tally.falsePositive}, FN ${tally.falseNegative})`,
    );
  });
});

describe('before you post: the rules', () => {
  it('has a varied corpus: at least 45 drafts, 10 of them harmless, every kind expected somewhere', () => {
    assert.ok(POST_CORPUS.length >= 45, `${POST_CORPUS.length} drafts`);
    assert.ok(POST_CORPUS.filter((d) => d.expected.length === 0).length >= 10);
    for (const kind of POST_FINDING_KINDS) assert.ok(POST_CORPUS.some((d) => d.expected.includes(kind)), kind);
    assert.equal(new Set(POST_CORPUS.map((d) => d.label)).size, POST_CORPUS.length, 'labels are unique');
  });

  it('quotes only words that are in the draft, at most five per finding', () => {
    for (const draft of POST_CORPUS) {
      for (const f of checkPost(draft)) {
        assert.ok(f.evidence.length <= MAX_EVIDENCE, draft.label);
        for (const e of f.evidence) {
          assert.ok(e.length > 0 && draft.text.includes(e), `${draft.label}: "${e}" is not in the draft`);
        }
        if (f.kind !== 'photo_without_consent') assert.ok(f.evidence.length > 0, `${draft.label}: ${f.kind} says why`);
      }
    }
  });

  it('links every finding to clauses of the social media guidance, the main one first', () => {
    for (const draft of POST_CORPUS) {
      for (const f of checkPost(draft)) {
        assert.ok(f.clauseRefs.length > 0);
        for (const ref of f.clauseRefs) assert.ok((SOCIAL_MEDIA_CLAUSE_REFS as readonly string[]).includes(ref), ref);
        assert.deepEqual(f.clauseRefs, [...CLAUSES_FOR[f.kind]]);
      }
    }
    const used = new Set(Object.values(CLAUSES_FOR).flat());
    assert.deepEqual([...SOCIAL_MEDIA_CLAUSE_REFS].filter((r) => !used.has(r)), [], 'every clause is some finding’s');
  });

  it('lists findings in the fixed order of kinds', () => {
    for (const draft of POST_CORPUS) {
      const order = checkPost(draft).map((f) => POST_FINDING_KINDS.indexOf(f.kind));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), draft.label);
    }
  });

  it('treats an attached photo by its consent answer', () => {
    const text = 'Sunset over the bay tonight';
    assert.deepEqual(checkPost({ text, photoAttached: true }).map((f) => f.kind), ['photo_without_consent'], 'no answer is not consent');
    assert.deepEqual(checkPost({ text, photoAttached: true, photoConsent: 'no' }).map((f) => f.kind), ['photo_without_consent']);
    assert.deepEqual(checkPost({ text, photoAttached: true, photoConsent: 'yes' }), []);
    assert.deepEqual(checkPost({ text, photoAttached: false, photoConsent: 'no' }), [], 'a consent answer without a photo means nothing');
    const mentioned = checkPost({ text: 'Photo of Mary with her cake', photoAttached: false });
    assert.deepEqual(mentioned.map((f) => f.kind), ['photo_without_consent']);
    assert.deepEqual(mentioned[0]!.evidence, ['Photo of Mary']);
  });

  it('quotes the words that raised a finding', () => {
    const [identifying, people] = checkPost({ text: 'Happy 90th birthday to Mary, one of our residents', photoAttached: false });
    assert.deepEqual(identifying!.evidence, ['90th birthday', 'Mary']);
    assert.deepEqual(people!.evidence, ['one of our residents']);
    const [location] = checkPost({ text: 'Now at 3 Mill Lane, CF10 1EW', photoAttached: false }).filter((f) => f.kind === 'location_traces');
    assert.deepEqual(location!.evidence, ['3 Mill Lane', 'CF10 1EW']);
  });

  it('does not treat 24/7, everyday capitals or a cheerful exclamation as risks', () => {
    assert.deepEqual(checkPost({ text: 'Care is a 24/7 job and I love it', photoAttached: false }), []);
    assert.deepEqual(checkPost({ text: 'Happy Christmas from me and the dog! See you in January', photoAttached: false }), []);
    assert.deepEqual(checkPost({ text: 'Off to the NHS blood donation session, feeling good', photoAttached: false }), []);
  });

  it('keeps nothing between calls (a pure function of its input)', () => {
    const draft = POST_CORPUS.find((d) => d.expected.length === 3)!;
    assert.deepEqual(checkPost(draft), checkPost(draft));
  });
});
