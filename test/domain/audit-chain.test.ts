import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  GENESIS_CHAIN_HEAD,
  GENESIS_HASH,
  chainStep,
  checkpointHash,
  comparePositions,
  createAuditVerifier,
  encodeAuditEvent,
  positionOf,
  signCheckpoint,
  toHex,
  utcMicros,
  verifyAuditLog,
  type AuditCheckpoint,
  type AuditVerifyReport,
  type CheckpointSigner,
  type SealedAuditEvent,
} from '../../src/domain/audit-chain.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { checkpointSigner, sha256 } from '../../src/platform/audit-crypto.js';

// ---------------------------------------------------------------------------
// A seeded random source, so a failure can be replayed: AUDIT_CHAIN_SEED=<n>.

const SEED = Number(process.env.AUDIT_CHAIN_SEED ?? 20_261_117);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------
// A realistic log: many people, reads and writes, break-glass reasons, Welsh text, refusals,
// transactions with several events, ids that commit out of order and ids lost to rollbacks.

const ACTIONS: ReadonlyArray<{ action: string; recordType: string | null; purpose?: readonly string[] }> = [
  { action: 'concern.raise', recordType: 'concern' },
  { action: 'concern.read', recordType: 'concern' },
  { action: 'concern.list_mine', recordType: null },
  { action: 'concern.report_to_local_authority', recordType: 'concern' },
  { action: 'case.read', recordType: 'case' },
  { action: 'case.decision', recordType: 'case' },
  { action: 'case.break_glass', recordType: 'case', purpose: ['Plentyn mewn perygl: ffoniodd yr heddlu am 02:10', 'Out-of-hours call from A&E about a child on the register'] },
  { action: 'case.subject_access_report', recordType: 'case', purpose: ['subject_access_request'] },
  { action: 'auth.sign_in', recordType: 'user' },
  { action: 'access.refused', recordType: null },
];

function detailFor(rng: Rng, action: string): string | null {
  if (rng.chance(0.35)) return null;
  const options: Array<Record<string, unknown>> = [
    { ids: Array.from({ length: rng.int(0, 6) }, () => rng.uuid()) },
    { method: 'GET', url: `/cases/${rng.uuid()}?tab=chronology`, status: 404 },
    { decision: rng.pick(['section_47', 'no_further_action', 'early_help']), rationale: 'Pryderon am esgeulustod; the child said “I’m scared to go home”', dueInWorkingDays: 3 },
    { grantId: rng.uuid(), expiresAt: '2026-11-17T12:00:00.000Z', told: rng.int(0, 5), nested: { deep: [1.5, 2e-7, true, null, 'ŵŷâ'] } },
    { entries: rng.int(0, 400), action },
  ];
  const obj = rng.pick(options);
  // Key order and spacing vary: the hash must not depend on either.
  const keys = Object.keys(obj);
  if (rng.chance(0.5)) keys.reverse();
  return `{${keys.map((k) => `${JSON.stringify(k)}${rng.chance(0.5) ? ': ' : ':'}${JSON.stringify(obj[k])}`).join(rng.chance(0.5) ? ', ' : ',')}}`;
}

function buildLog(rng: Rng, size: number): SealedAuditEvent[] {
  const actors = Array.from({ length: 40 }, () => rng.uuid());
  const organisations = Array.from({ length: 8 }, () => rng.uuid());
  const events: SealedAuditEvent[] = [];
  let nextId = 1;
  let txid = 1_000;
  let micros = Date.UTC(2026, 10, 17, 8, 0, 0) * 1000;
  while (events.length < size) {
    txid += rng.int(1, 4);
    const inTransaction = Math.min(rng.int(1, 4), size - events.length);
    const actor = rng.chance(0.05) ? null : rng.pick(actors);
    const requestId = rng.chance(0.1) ? null : `req-${rng.int(0, 1e9).toString(36)}`;
    for (let k = 0; k < inTransaction; k++) {
      const kind = rng.pick(ACTIONS);
      micros += rng.int(1, 2_000_000);
      events.push({
        id: String(nextId),
        txid: String(txid),
        occurredAt: microsToIso(micros),
        actorUserId: actor,
        action: kind.action,
        recordType: kind.recordType,
        recordId: kind.recordType ? rng.uuid() : null,
        organisationId: actor ? rng.pick(organisations) : null,
        requestId,
        ip: rng.pick([null, '127.0.0.1', `10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`, '2001:db8::1']),
        outcome: rng.pick(['success', 'success', 'success', 'denied', 'not_found', 'failure']),
        purpose: kind.purpose ? rng.pick(kind.purpose) : null,
        detail: detailFor(rng, kind.action),
      });
      nextId += rng.chance(0.03) ? rng.int(2, 5) : 1; // ids lost to rolled-back transactions
    }
  }
  // Sealing order is (txid, id); give some later transactions lower ids, as when a
  // transaction takes its id early and commits late.
  for (let i = 0; i + 1 < events.length; i++) {
    if (events[i]!.txid !== events[i + 1]!.txid && rng.chance(0.02)) {
      const a = events[i]!.id;
      events[i] = { ...events[i]!, id: events[i + 1]!.id };
      events[i + 1] = { ...events[i + 1]!, id: a };
    }
  }
  return events;
}

function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(micros % 1_000_000).padStart(6, '0')}Z`);
}

function isoToMicros(iso: string): number {
  const [whole, frac] = iso.replace('Z', '').split('.');
  return Date.parse(`${whole}Z`) * 1000 + Number(frac);
}

/** Seals the first `sealed` events into checkpoints of 250 to 500, as the sealer would. */
function seal(rng: Rng, events: readonly SealedAuditEvent[], sealed: number, signer: CheckpointSigner): AuditCheckpoint[] {
  const checkpoints: AuditCheckpoint[] = [];
  let head: Uint8Array = GENESIS_CHAIN_HEAD;
  let prev: AuditCheckpoint | null = null;
  let i = 0;
  let sealedAt = Date.UTC(2026, 10, 17, 8, 0, 5);
  while (i < sealed) {
    const n = Math.min(rng.int(250, 500), sealed - i);
    for (let k = 0; k < n; k++) head = chainStep(sha256, head, events[i + k]!);
    i += n;
    sealedAt += 5_000;
    const c: AuditCheckpoint = signCheckpoint(signer, {
      seq: checkpoints.length + 1,
      prevCheckpointHash: prev ? checkpointHash(sha256, prev) : GENESIS_HASH,
      lastPosition: positionOf(events[i - 1]!),
      eventCount: n,
      totalCount: i,
      chainHead: toHex(head),
      sealedAt: utcMicros(new Date(sealedAt)),
    });
    checkpoints.push(c);
    prev = c;
  }
  return checkpoints;
}

// ---------------------------------------------------------------------------
// Corruptions

interface Log {
  events: SealedAuditEvent[];
  checkpoints: AuditCheckpoint[];
  exported?: AuditCheckpoint[];
}

interface Corruption {
  kind: string;
  log: Log;
  /** The checkpoint the first problem must name, when the damage is to events it sealed */
  expectCheckpoint?: number;
}

const FIELDS = ['id', 'txid', 'occurredAt', 'actorUserId', 'action', 'recordType', 'recordId', 'organisationId', 'requestId', 'ip', 'outcome', 'purpose', 'detail'] as const;
type Field = (typeof FIELDS)[number];
const UUID_FIELDS: ReadonlySet<Field> = new Set(['actorUserId', 'recordId', 'organisationId']);

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function flipText(rng: Rng, s: string): string {
  for (;;) {
    const bytes = encoder.encode(s);
    const i = rng.int(0, bytes.length - 1);
    bytes[i]! ^= 1 << rng.int(0, 7);
    const out = decoder.decode(bytes);
    if (out !== s) return out;
  }
}

function flipUuid(rng: Rng, u: string): string {
  const positions = [...u].flatMap((c, i) => (c === '-' ? [] : [i]));
  const i = rng.pick(positions);
  const digit = parseInt(u[i]!, 16) ^ (1 << rng.int(0, 3));
  return u.slice(0, i) + digit.toString(16) + u.slice(i + 1);
}

function flipNumber(rng: Rng, n: number): number {
  if (Number.isInteger(n)) return n ^ (1 << rng.int(0, 20));
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bit = rng.int(0, 51); // mantissa only: the result stays finite
  view.setUint8(7 - (bit >> 3), view.getUint8(7 - (bit >> 3)) ^ (1 << (bit & 7)));
  return view.getFloat64(0);
}

/** One leaf or key of the JSON changed by one bit (or a value toggled). */
function flipDetail(rng: Rng, text: string): string {
  const original: unknown = JSON.parse(text);
  for (;;) {
    const copy = structuredClone(original);
    const edits: Array<() => void> = [];
    const walk = (node: unknown, set: (v: unknown) => void) => {
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, (x) => (node[i] = x)));
      else if (node && typeof node === 'object') {
        const obj = node as Record<string, unknown>;
        for (const k of Object.keys(obj)) {
          walk(obj[k], (x) => (obj[k] = x));
          edits.push(() => {
            const renamed = flipText(rng, k);
            if (renamed in obj) return;
            obj[renamed] = obj[k];
            delete obj[k];
          });
        }
      } else if (typeof node === 'string') edits.push(() => set(flipText(rng, node)));
      else if (typeof node === 'number') edits.push(() => set(flipNumber(rng, node)));
      else if (typeof node === 'boolean') edits.push(() => set(!node));
      else edits.push(() => set(0));
    };
    walk(copy, () => {});
    if (edits.length === 0) return '{"added": true}';
    rng.pick(edits)();
    if (!isDeepStrictEqual(copy, original)) return JSON.stringify(copy);
  }
}

function flipField(rng: Rng, e: SealedAuditEvent, field: Field): SealedAuditEvent {
  const value = e[field];
  let changed: string;
  if (field === 'id' || field === 'txid') changed = String(BigInt(value!) ^ (1n << BigInt(rng.int(0, 40))));
  else if (field === 'occurredAt') changed = microsToIso(Number(BigInt(isoToMicros(value!)) ^ (1n << BigInt(rng.int(0, 44)))));
  else if (value === null) changed = field === 'detail' ? '{"note": "added later"}' : UUID_FIELDS.has(field) ? rng.uuid() : 'added later';
  else if (UUID_FIELDS.has(field)) changed = flipUuid(rng, value);
  else if (field === 'detail') changed = flipDetail(rng, value);
  else changed = flipText(rng, value);
  const out = { ...e, [field]: changed };
  assert.ok(!isDeepStrictEqual(out, e), `the ${field} edit changes something`);
  return out;
}

const CONTENT_FIELDS = FIELDS.filter((f) => f !== 'id' && f !== 'txid');

function swapContents(a: SealedAuditEvent, b: SealedAuditEvent): [SealedAuditEvent, SealedAuditEvent] {
  const x = { ...a };
  const y = { ...b };
  for (const f of CONTENT_FIELDS) [x[f] as unknown, y[f] as unknown] = [b[f], a[f]];
  return [x, y];
}

function sameContents(a: SealedAuditEvent, b: SealedAuditEvent): boolean {
  return CONTENT_FIELDS.every((f) => a[f] === b[f]);
}

function flipSignature(rng: Rng, signature: string): string {
  const bytes = Buffer.from(signature, 'base64');
  bytes[rng.int(0, bytes.length - 1)]! ^= 1 << rng.int(0, 7);
  return bytes.toString('base64');
}

function comparePosition(a: SealedAuditEvent, b: { txid: string; id: string }): number {
  const t = BigInt(a.txid) - BigInt(b.txid);
  const i = BigInt(a.id) - BigInt(b.id);
  return t !== 0n ? (t < 0n ? -1 : 1) : i === 0n ? 0 : i < 0n ? -1 : 1;
}

function corruptions(rng: Rng, log: Log, sealedCount: number, trusted: CheckpointSigner, attacker: CheckpointSigner): Corruption[] {
  const { events, checkpoints } = log;
  const covering = (i: number) => checkpoints.find((c) => c.totalCount > i)!.seq;
  const sealedIndex = () => rng.int(0, sealedCount - 1);
  const out: Corruption[] = [];
  const tail = events.length - sealedCount;
  const maxId = events.reduce((m, e) => Math.max(m, Number(e.id)), 0);

  for (const field of FIELDS) {
    for (let n = 0; n < 40; n++) {
      const i = sealedIndex();
      const copy = events.slice();
      copy[i] = flipField(rng, events[i]!, field);
      out.push({ kind: `edit: one bit of ${field}`, log: { events: copy, checkpoints }, expectCheckpoint: covering(i) });
    }
  }
  for (let n = 0; n < 90; n++) {
    const i = sealedIndex();
    const copy = events.slice();
    copy.splice(i, 1);
    out.push({ kind: 'delete an event', log: { events: copy, checkpoints }, expectCheckpoint: covering(i) });
  }
  const lastSealed = checkpoints[checkpoints.length - 1]!.lastPosition;
  for (let n = 0; n < 90; n++) {
    // A forged row takes a new id and the txid of a real transaction, and sorts where the database would put it.
    const donor = events[sealedIndex()]!;
    const forged: SealedAuditEvent = { ...events[rng.int(0, events.length - 1)]!, txid: donor.txid, id: String(maxId + 1 + n), requestId: `forged-${n}` };
    if (comparePosition(forged, lastSealed) > 0) {
      n--;
      continue;
    }
    let at = 0;
    while (at < events.length && comparePosition(events[at]!, forged) < 0) at++;
    const copy = events.slice();
    copy.splice(at, 0, forged);
    out.push({ kind: 'insert a forged event', log: { events: copy, checkpoints }, expectCheckpoint: covering(at) });
  }
  for (const distant of [false, true]) {
    for (let n = 0; n < 70; n++) {
      const i = sealedIndex();
      const j = distant ? rng.int(0, events.length - 1) : i + 1;
      if (Math.abs(i - j) < (distant ? 50 : 1) || j >= events.length || sameContents(events[i]!, events[j]!)) {
        n--;
        continue;
      }
      const copy = events.slice();
      [copy[i], copy[j]] = swapContents(events[i]!, events[j]!);
      out.push({ kind: `swap two events (${distant ? 'distant' : 'adjacent'})`, log: { events: copy, checkpoints }, expectCheckpoint: covering(Math.min(i, j)) });
    }
  }
  for (let n = 0; n < 50; n++) {
    const keep = events.length - rng.int(tail + 1, tail + 3_000);
    out.push({ kind: 'truncate: drop the last events', log: { events: events.slice(0, keep), checkpoints }, expectCheckpoint: covering(keep) });
  }
  for (let n = 0; n < 25; n++) {
    // The attacker also removes the checkpoints that covered what they cut: only an exported copy shows it.
    const keep = events.length - rng.int(tail + 1, tail + 3_000);
    const kept = checkpoints.filter((c) => c.totalCount <= keep);
    assert.equal(verifyAuditLog(events.slice(0, keep), kept, { sha256, trustedKey: trusted }).ok, true, 'without an exported copy this cannot be seen');
    out.push({ kind: 'truncate and remove checkpoints (exported copy)', log: { events: events.slice(0, keep), checkpoints: kept, exported: checkpoints } });
  }

  const pickCheckpoint = () => rng.int(0, checkpoints.length - 1);
  for (let n = 0; n < 50; n++) {
    const k = pickCheckpoint();
    const copy = checkpoints.slice();
    copy[k] = { ...checkpoints[k]!, signature: flipSignature(rng, checkpoints[k]!.signature) };
    out.push({ kind: 'checkpoint: flip a bit of the signature', log: { events, checkpoints: copy } });
  }
  for (let n = 0; n < 40; n++) {
    const k = pickCheckpoint();
    const copy = checkpoints.slice();
    copy[k] = signCheckpoint(attacker, checkpoints[k]!);
    out.push({ kind: 'checkpoint: signed by another key', log: { events, checkpoints: copy } });
  }
  for (let n = 0; n < 40; n++) {
    const copy = checkpoints.slice();
    copy.splice(rng.int(1, checkpoints.length - 2), 1);
    out.push({ kind: 'checkpoint: removed from the middle', log: { events, checkpoints: copy } });
  }
  for (let n = 0; n < 40; n++) {
    const a = pickCheckpoint();
    const b = pickCheckpoint();
    if (a === b) {
      n--;
      continue;
    }
    const copy = checkpoints.slice();
    [copy[a], copy[b]] = [checkpoints[b]!, checkpoints[a]!];
    out.push({ kind: 'checkpoint: two swapped', log: { events, checkpoints: copy } });
  }
  for (let n = 0; n < 40; n++) {
    const k = pickCheckpoint();
    const c = checkpoints[k]!;
    const head = flipUuid(rng, c.chainHead);
    const copy = checkpoints.slice();
    if (n % 2 === 0) copy[k] = signCheckpoint(attacker, { ...c, chainHead: head });
    else {
      // Claims the trusted key id, but only the attacker's key signed it.
      const forged = { ...c, chainHead: head };
      copy[k] = { ...forged, signature: signCheckpoint({ ...attacker, keyId: trusted.keyId }, forged).signature };
    }
    out.push({ kind: `checkpoint: chain head changed, re-signed (${n % 2 === 0 ? "attacker's key id" : 'trusted key id claimed'})`, log: { events, checkpoints: copy } });
  }
  for (let n = 0; n < 10; n++) {
    // Edit an event, then rebuild every checkpoint with the attacker's key: the table alone would look consistent.
    const i = sealedIndex();
    const copy = events.slice();
    copy[i] = flipField(rng, events[i]!, 'outcome');
    out.push({ kind: 'edit, re-chain and re-sign everything', log: { events: copy, checkpoints: seal(new Rng(n), copy, sealedCount, attacker) } });
  }
  return out;
}

// ---------------------------------------------------------------------------

const trusted = checkpointSigner(generateKeyPairSync('ed25519').privateKey);
const attacker = checkpointSigner(generateKeyPairSync('ed25519').privateKey);
const LOG_SIZE = 10_000;
const TAIL = 137;

function buildSealedLog(): { log: Log; rng: Rng } {
  const rng = new Rng(SEED);
  const events = buildLog(rng, LOG_SIZE);
  const checkpoints = seal(rng, events, LOG_SIZE - TAIL, trusted);
  return { log: { events, checkpoints }, rng };
}

function verify(log: Log): AuditVerifyReport {
  return verifyAuditLog(log.events, log.checkpoints, { sha256, trustedKey: trusted, ...(log.exported ? { exported: log.exported } : {}) });
}

describe('audit chain', () => {
  const { log, rng } = buildSealedLog();

  it('builds a log in sealing order with ids that commit out of order', () => {
    for (let i = 1; i < log.events.length; i++) assert.ok(comparePositions(positionOf(log.events[i - 1]!), positionOf(log.events[i]!)) < 0);
    assert.ok(log.events.some((e, i) => i > 0 && Number(e.id) < Number(log.events[i - 1]!.id)), 'some ids are out of order');
    assert.ok(log.checkpoints.length >= 20);
  });

  it('verifies the untouched log, counting the unsealed tail without failing it', () => {
    const report = verify(log);
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.equal(report.eventsChecked, LOG_SIZE);
    assert.equal(report.checkpointsChecked, log.checkpoints.length);
    assert.equal(report.sealedEvents, LOG_SIZE - TAIL);
    assert.equal(report.unsealedEvents, TAIL);
  });

  it('gives the same answer when checkpoints arrive just ahead of the events they cover', () => {
    const v = createAuditVerifier({ sha256, trustedKey: trusted });
    let k = 0;
    for (const e of log.events) {
      while (k < log.checkpoints.length && (k === 0 || comparePositions(log.checkpoints[k - 1]!.lastPosition, positionOf(e)) < 0)) v.addCheckpoint(log.checkpoints[k++]!);
      v.addEvent(e);
    }
    while (k < log.checkpoints.length) v.addCheckpoint(log.checkpoints[k++]!);
    assert.deepEqual(v.finish(), verify(log));
  });

  it('trusts only the configured key, whatever key id the checkpoints carry', () => {
    const resigned = seal(new Rng(1), log.events, LOG_SIZE - TAIL, attacker);
    const report = verify({ events: log.events, checkpoints: resigned });
    assert.equal(report.ok, false);
    assert.ok(report.problems.every((p) => p.kind === 'unknown_key'));
    // With the attacker's key as the trusted one, the same log verifies: the key is the anchor.
    assert.equal(verifyAuditLog(log.events, resigned, { sha256, trustedKey: attacker }).ok, true);
  });

  it('passes a log that matches an exported copy, and an export of older checkpoints', () => {
    assert.equal(verify({ ...log, exported: log.checkpoints }).ok, true);
    const report = verify({ ...log, exported: log.checkpoints.slice(0, 5) });
    assert.equal(report.ok, true);
    assert.equal(report.exportedCheckpointsCompared, 5);
  });

  it('detects every one of at least 1,000 random corruptions, and names the damaged range', () => {
    const all = corruptions(rng, log, LOG_SIZE - TAIL, trusted, attacker);
    assert.ok(all.length >= 1_000, `${all.length} corruptions`);
    const table = new Map<string, { tried: number; detected: number; localised: number; reportedAs: Set<string> }>();
    const missed: string[] = [];
    for (const c of all) {
      const report = verify(c.log);
      const row = table.get(c.kind) ?? { tried: 0, detected: 0, localised: 0, reportedAs: new Set<string>() };
      table.set(c.kind, row);
      row.tried++;
      if (report.ok) {
        missed.push(c.kind);
        continue;
      }
      row.detected++;
      const first = report.problems[0]!;
      row.reportedAs.add(first.kind);
      if (c.expectCheckpoint === undefined || first.checkpoint === c.expectCheckpoint) row.localised++;
    }
    const rows = [...table].map(([kind, r]) => ({ corruption: kind, tried: r.tried, detected: r.detected, 'right range': r.localised, 'first problem': [...r.reportedAs].join(', ') }));
    console.log(`\nAudit tampering, seed ${SEED}: ${all.length} corruptions of a ${LOG_SIZE.toLocaleString('en-GB')}-event log in ${log.checkpoints.length} checkpoints (+${TAIL} unsealed)`);
    console.table(rows);
    assert.deepEqual(missed, [], 'every corruption is detected');
    for (const r of rows) assert.equal(r['right range'], r.tried, `${r.corruption}: the first problem names the checkpoint that sealed the damaged event`);
  });
});

describe('canonical encoding', () => {
  const base: SealedAuditEvent = {
    id: '7', txid: '901', occurredAt: '2026-11-17T10:00:00.123456Z', actorUserId: null, action: 'case.read', recordType: 'case',
    recordId: null, organisationId: null, requestId: 'r1', ip: null, outcome: 'success', purpose: null, detail: '{"b": 1, "a": [1.50, "x"]}',
  };
  const hex = (e: SealedAuditEvent) => toHex(encodeAuditEvent(e));

  it('ignores key order and white space in the detail, but not number literals', () => {
    assert.equal(canonicalJson('{ "b": 1, "a": [1.50, "x", {"z": null, "y": true}] }'), '{"a":[1.50,"x",{"y":true,"z":null}],"b":1}');
    assert.equal(hex({ ...base, detail: '{"a":[1.50,"x"],"b":1}' }), hex(base));
    assert.notEqual(hex({ ...base, detail: '{"a":[1.5,"x"],"b":1}' }), hex(base));
    assert.notEqual(canonicalJson('[12345678901234567890]'), canonicalJson('[12345678901234567891]'));
    assert.equal(canonicalJson('{"a": "\\u00e9"}'), '{"a":"é"}');
  });

  it('keeps text that is not JSON distinct from any JSON', () => {
    assert.equal(canonicalJson('{"a": }'), undefined);
    assert.equal(canonicalJson('[1] x'), undefined);
    assert.notEqual(hex({ ...base, detail: '{"a": ' }), hex({ ...base, detail: null }));
  });

  it('cannot be fooled by moving text from one field to the next', () => {
    assert.notEqual(hex({ ...base, recordType: 'case', requestId: 'r1' }), hex({ ...base, recordType: 'caser', requestId: '1' }));
    assert.notEqual(hex({ ...base, ip: null }), hex({ ...base, ip: '' }));
  });

  it('orders positions by number, not by text', () => {
    assert.ok(comparePositions({ txid: '9', id: '5' }, { txid: '10', id: '1' }) < 0);
    assert.ok(comparePositions({ txid: '10', id: '9' }, { txid: '10', id: '10' }) < 0);
    assert.equal(comparePositions({ txid: '18446744073709551615', id: '1' }, { txid: '18446744073709551615', id: '1' }), 0);
  });

  it('tells null apart from every string, and microseconds apart', () => {
    assert.notEqual(hex({ ...base, purpose: null }), hex({ ...base, purpose: 'null' }));
    assert.notEqual(hex({ ...base, occurredAt: '2026-11-17T10:00:00.123457Z' }), hex(base));
  });
});
