import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  GENESIS_CHAIN_HEAD,
  GENESIS_HASH,
  chainStep,
  checkpointHash,
  comparePositionToEvent,
  comparePositions,
  createAuditVerifier,
  encodeAuditEvent,
  encodeStoredEvent,
  eventText,
  positionOf,
  signCheckpoint,
  toHex,
  type AuditCheckpoint,
  type AuditVerifyReport,
  type SealedAuditEvent,
} from '../../src/domain/audit-chain.js';
import { checkpointSigner, sha256 } from '../../src/platform/audit-crypto.js';

/**
 * Events read in bulk (StoredEventText) must encode, compare and verify exactly as the same
 * events read as strings: the sealer hashes the one, `diogel audit verify` the other.
 */

const RUNS = { numRuns: 2_000 };

const base: SealedAuditEvent = {
  id: '7', txid: '901', occurredAt: '2026-11-17T10:00:00.123456Z', actorUserId: null, action: 'case.read', recordType: 'case',
  recordId: null, organisationId: null, requestId: 'r1', ip: null, outcome: 'success', purpose: null, detail: null,
};

/** Text read from the database is well-formed: a lone surrogate (from slicing an astral character) cannot come back as one. */
function wellFormed(e: SealedAuditEvent): SealedAuditEvent {
  const roundTrip = (v: string) => utf8Out.decode(utf8In.encode(v));
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? null : roundTrip(v as string)])) as unknown as SealedAuditEvent;
}
const utf8In = new TextEncoder();
const utf8Out = new TextDecoder('utf-8', { ignoreBOM: true });

const sameBytes = (event: SealedAuditEvent) => {
  const e = wellFormed(event);
  assert.equal(toHex(encodeStoredEvent(eventText(e))), toHex(encodeAuditEvent(e)), JSON.stringify(e));
};

// Text with what trips up readers: escapes, quotes, control characters, Welsh, astral characters, a byte order mark.
const awkwardChar = fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '/', '\t', '\n', '\r', '\b', '\u0000', '\u001f', '\u007f', 'ŵ', 'ŷ', '’', '€', '\u2028', '\ufeff', '😀', '𝄞', '\ue000', '\uffff');
const awkwardText = fc.array(fc.oneof(awkwardChar, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((xs) => xs.join(''));

/** A number literal as JSON (and jsonb) may spell it. */
const numberLiteral = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('0', '-0', '1.50', '2e-7', '2E+7', '1e5', '-12.0001', '12345678901234567890', '0.0', '1E400'),
);

type Json = null | boolean | string | { num: string } | Json[] | { obj: Array<[string, Json]> };
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    awkwardText,
    numberLiteral.map((num) => ({ num })),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(awkwardText, fc.constantFrom('a', 'b', 'ab', 'B', 'é', '😀', '\ue000', '')), tie('value')), { maxLength: 5 }).map((obj) => ({ obj })),
  ),
})).value;

/** Written with varying white space, escapes spelt as \\u or not: the spellings jsonb, JSON.stringify and people use. */
function write(v: Json, space: () => string, escapeAll: boolean): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return escapeAll ? `"${[...v].map((c) => (c.charCodeAt(0) < 128 && /[\w ]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('')}"` : JSON.stringify(v);
  if (Array.isArray(v)) return `[${space()}${v.map((x) => write(x, space, escapeAll)).join(`,${space()}`)}${space()}]`;
  if ('num' in v) return v.num;
  return `{${space()}${v.obj.map(([k, x]) => `${write(k, space, escapeAll)}${space()}:${space()}${write(x, space, escapeAll)}`).join(`${space()},${space()}`)}${space()}}`;
}

const detailText = fc.tuple(json, fc.array(fc.constantFrom('', '', ' ', '\n', '\t', '\r\n  '), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.nat()).map(([v, spaces, escapeAll, seed]) => {
  let i = seed;
  return write(v, () => spaces[i++ % spaces.length]!, escapeAll);
});

/** Damaged JSON: cut short, a character dropped or added, trailing text. */
const brokenText = fc.tuple(detailText, fc.nat(), fc.constantFrom('', 'x', ',', '}', ']', '"', '\\', ' ', '-', '.', 'e')).map(([t, at, c]) => {
  const i = at % (t.length + 1);
  return at % 3 === 0 ? t.slice(0, i) + c : at % 3 === 1 ? t.slice(0, i) + c + t.slice(i + 1) : t + c;
});

describe('audit events read in bulk', () => {
  it('encode the detail exactly as the string reader does, for any JSON and any text that is not', () => {
    fc.assert(fc.property(fc.oneof(detailText, brokenText, awkwardText), (detail) => sameBytes({ ...base, detail })), RUNS);
  });

  it('encode jsonb text, keys in jsonb order, as the string reader does', () => {
    for (const detail of [
      '{"b": 1, "ab": [1.50, "x", {"z": null, "y": true}], "caseId": "977b6bec-0731-4d38-a2da-4891970a2335"}',
      '{"events": ["ChronologyEntryAdded"]}',
      '{}', '[]', '{"a": {}}', '[[], {}]', '"just text"', '12', 'true', ' null ',
      '{"a": 1, "a": 2}', '{"b": 1, "a": 1, "b": 0, "a": 3}',
      '{"Llŷr": "ŵ", "Llyr": "y", "é": 1, "e": 2, "\ue000": 1, "😀": 2}',
      '{"a": "\\u00e9\\n\\"\\\\", "b": "\\ud83d\\ude00"}',
      '[' .repeat(70) + ']'.repeat(70),
      `${'{"a": '.repeat(65)}1${'}'.repeat(65)}`,
      '{"a": 1,}', '[1,]', '01', '1.', '1e', '-', '.5', '+1', 'tru', 'nul', 'True', '{"a" 1}', '{a: 1}', '"\t"', '\ufeff{}',
    ]) sameBytes({ ...base, detail });
  });

  it('encode every column as the string reader does: null, empty, Welsh and astral text alike', () => {
    const column = fc.option(awkwardText, { nil: null });
    fc.assert(
      fc.property(fc.tuple(column, column, column, column, column, column, column, column, column, column, column, column, fc.option(detailText, { nil: null })), (c) => {
        sameBytes({
          id: c[0] ?? '', txid: c[1] ?? '', occurredAt: c[2] ?? '', actorUserId: c[3], action: c[4] ?? '', recordType: c[5], recordId: c[6],
          organisationId: c[7], requestId: c[8], ip: c[9], outcome: c[10] ?? '', purpose: c[11], detail: c[12],
        });
      }),
      RUNS,
    );
  });

  it('compare positions as comparePositions does, whole numbers or not', () => {
    const text = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.constantFrom('0', '00', '007', '-5', '', 'abc', '1 ', '٣', '10', '9'));
    fc.assert(
      fc.property(text, text, text, text, (t1, i1, t2, i2) => {
        const expected = Math.sign(comparePositions({ txid: t1, id: i1 }, { txid: t2, id: i2 }));
        assert.equal(Math.sign(comparePositionToEvent({ txid: t1, id: i1 }, eventText({ ...base, txid: t2, id: i2 }))), expected);
      }),
      RUNS,
    );
  });

  it('verify to the same report as events given one at a time, for an intact log and a damaged one', () => {
    const signer = checkpointSigner(generateKeyPairSync('ed25519').privateKey);
    const details = fc.sample(fc.option(detailText, { nil: null }), { numRuns: 600, seed: 7 });
    const events: SealedAuditEvent[] = details.map((detail, i) => ({
      ...base, id: String(i + 1), txid: String(1_000 + Math.floor(i / 3)), occurredAt: `2026-11-17T10:00:${String(i % 60).padStart(2, '0')}.000001Z`, detail,
      ip: i % 4 === 0 ? null : i % 4 === 1 ? '' : '10.0.0.1', purpose: i % 7 === 0 ? 'Plentyn mewn perygl' : null,
    }));
    const checkpoints: AuditCheckpoint[] = [];
    let head: Uint8Array = GENESIS_CHAIN_HEAD;
    for (let i = 0; i < 550; i++) {
      head = chainStep(sha256, head, events[i]!);
      if ((i + 1) % 50 === 0) {
        const prev = checkpoints.at(-1);
        checkpoints.push(signCheckpoint(signer, {
          seq: checkpoints.length + 1, prevCheckpointHash: prev ? checkpointHash(sha256, prev) : GENESIS_HASH, lastPosition: positionOf(events[i]!),
          eventCount: 50, totalCount: i + 1, chainHead: toHex(head), sealedAt: '2026-11-17T10:05:00.000000Z',
        }));
      }
    }
    const both = (log: SealedAuditEvent[], cps: AuditCheckpoint[]): [AuditVerifyReport, AuditVerifyReport] => {
      const one = createAuditVerifier({ sha256, trustedKey: signer });
      const bulk = createAuditVerifier({ sha256, trustedKey: signer });
      for (const c of cps) (one.addCheckpoint(c), bulk.addCheckpoint(c));
      for (const e of log) (one.addEvent(e), bulk.addEventText(eventText(e)));
      return [one.finish(), bulk.finish()];
    };
    const [intact, intactBulk] = both(events, checkpoints);
    assert.equal(intact.ok, true);
    assert.deepEqual(intactBulk, intact);

    const fields = Object.keys(base) as Array<keyof SealedAuditEvent>;
    let damaged = 0;
    for (let k = 0; k < 150; k++) {
      const log = events.slice();
      const i = (k * 71) % 550;
      const field = fields[k % fields.length]!;
      const was = log[i]![field];
      if (k % 5 === 4) log.splice(i, 1);
      else if (k % 10 === 3) [log[i], log[i + 1]] = [log[i + 1]!, log[i]!];
      else if (k % 10 === 8) log.splice(i, 0, { ...log[i]!, action: 'forged' });
      else log[i] = { ...log[i]!, [field]: field === 'id' || field === 'txid' ? String(Number(was) + 1) : was === null ? '' : was === '' ? null : `${was}x` };
      const [one, bulk] = both(log, k % 11 === 0 ? checkpoints.slice(0, -2) : checkpoints);
      assert.deepEqual(bulk, one, `change ${k}: ${field} of event ${i + 1}`);
      if (!one.ok) damaged++;
    }
    assert.ok(damaged >= 145, `${damaged} of 150 changes detected`);
  });
});
