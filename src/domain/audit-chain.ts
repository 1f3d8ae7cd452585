/**
 * The audit hash chain and its signed checkpoints: encoding, chaining and verification.
 *
 * Events are chained in sealing order, (txid, id): h_i = SHA-256(h_(i-1) || bytes(event i)),
 * starting from 32 zero bytes. A checkpoint signs the chain head, the counts and the last
 * position sealed, and links to the checkpoint before it, so removing, reordering or
 * rewriting checkpoints shows too.
 *
 * The domain has no imports outside itself (test/architecture.test.ts), so hashing and
 * signatures come in through small interfaces; src/platform/audit-crypto.ts provides them.
 */

import { canonicalJson } from './canonical-json.js';

/** One audit event exactly as stored, every column as text, so nothing is rounded on the way to the hash. */
export interface SealedAuditEvent {
  /** bigint, decimal */
  id: string;
  /** xid8 of the inserting transaction, decimal */
  txid: string;
  /** UTC with microseconds, e.g. 2026-11-17T10:00:00.123456Z (or the database's text for an infinite value) */
  occurredAt: string;
  actorUserId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  organisationId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
  purpose: string | null;
  /** JSON text as stored; encoded canonically (sorted keys, no white space) */
  detail: string | null;
}

/** Where an event sits in sealing order. */
export interface AuditPosition {
  txid: string;
  id: string;
}

export interface CheckpointPayload {
  seq: number;
  /** SHA-256 (hex) of the previous checkpoint's payload; 64 zeros for the first */
  prevCheckpointHash: string;
  /** The last event this checkpoint seals */
  lastPosition: AuditPosition;
  /** Events sealed by this checkpoint */
  eventCount: number;
  /** Events sealed by this checkpoint and all before it */
  totalCount: number;
  /** Chain hash (hex) after the last event sealed */
  chainHead: string;
  /** UTC with microseconds */
  sealedAt: string;
  /** SHA-256 (hex) of the signing public key (SubjectPublicKeyInfo, DER) */
  keyId: string;
}

export interface AuditCheckpoint extends CheckpointPayload {
  /** Ed25519 signature over encodeCheckpointPayload(payload), base64 */
  signature: string;
}

export interface Sha256 {
  (data: Uint8Array): Uint8Array;
}

/** The trusted public key: configured, never read from the table being checked. */
export interface CheckpointVerifyKey {
  keyId: string;
  verify(payload: Uint8Array, signature: string): boolean;
}

export interface CheckpointSigner extends CheckpointVerifyKey {
  sign(payload: Uint8Array): string;
}

export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS_CHAIN_HEAD = new Uint8Array(32);

// ---------------------------------------------------------------------------
// Canonical bytes

const utf8 = new TextEncoder();

/**
 * Fields are written as a tag byte (0 absent, 1 present, 2 present but not valid JSON)
 * then, when present, a 4-byte big-endian length and the UTF-8 bytes. Length prefixes
 * mean no two different events can produce the same bytes by moving text between fields.
 */
class FieldWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  /**
   * Starts a new record, reusing the buffer (encoding runs once per event on logs of
   * millions), after raw prefix bytes when given: the previous chain hash.
   */
  start(prefix: Uint8Array | null, tag: string): this {
    this.len = 0;
    if (prefix) {
      this.reserve(prefix.length);
      this.buf.set(prefix, 0);
      this.len = prefix.length;
    }
    return this.field(tag);
  }

  field(value: string | null, presentTag = 1): this {
    if (value === null) {
      this.reserve(1);
      this.buf[this.len++] = 0;
      return this;
    }
    this.reserve(5 + value.length * 3);
    const buf = this.buf;
    const start = this.len + 5;
    let at = start;
    // Short ASCII text (most of an audit event) byte by byte; the rest through the encoder.
    let i = 0;
    if (value.length > 48) {
      at += utf8.encodeInto(value, buf.subarray(at)).written;
      i = value.length;
    }
    for (; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at++] = c;
    }
    if (i < value.length) at += utf8.encodeInto(value.slice(i), buf.subarray(at)).written;
    buf[this.len] = presentTag;
    this.view.setUint32(this.len + 1, at - start);
    this.len = at;
    return this;
  }

  /** As start(), with the tag already written as a field (encoded once, not per event). */
  startWith(prefix: Uint8Array | null, tagField: Uint8Array): this {
    this.len = 0;
    this.reserve((prefix?.length ?? 0) + tagField.length);
    if (prefix) {
      this.buf.set(prefix, 0);
      this.len = prefix.length;
    }
    this.buf.set(tagField, this.len);
    this.len += tagField.length;
    return this;
  }

  /** The first n columns of an event read in bulk: the same bytes field() writes for the same text. */
  textFields(e: StoredEventText, n: number): this {
    const { src, start, end } = e;
    let total = 0;
    for (let i = 0; i < n; i++) total += start[i]! < 0 ? 1 : 5 + end[i]! - start[i]!;
    this.reserve(total);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) {
      const from = start[i]!;
      if (from < 0) {
        buf[at++] = 0;
        continue;
      }
      const to = end[i]!;
      const len = to - from;
      const bytes = src[i]!;
      buf[at] = 1;
      buf[at + 1] = len >>> 24;
      buf[at + 2] = (len >>> 16) & 0xff;
      buf[at + 3] = (len >>> 8) & 0xff;
      buf[at + 4] = len & 0xff;
      at += 5;
      // A view per field costs more than copying a short one byte by byte.
      if (len > 40) {
        buf.set(bytes.subarray(from, to), at);
        at += len;
      } else for (let k = from; k < to; k++) buf[at++] = bytes[k]!;
    }
    this.len = at;
    return this;
  }

  /**
   * JSON text in UTF-8, written canonically as field(canonicalJson(text)) would write it.
   * False, with nothing written, for text the byte-level reader leaves to canonicalJson.
   */
  json(src: Uint8Array, from: number, to: number): boolean {
    // Canonical text is never longer: white space goes, nothing is added.
    this.reserve(5 + (to - from));
    const n = jsonBytes.write(src, from, to, this.buf, this.len + 5);
    if (n < 0) return false;
    this.writeHeader(1, n);
    this.len += 5 + n;
    return true;
  }

  private writeHeader(tag: number, n: number): void {
    const buf = this.buf;
    const at = this.len;
    buf[at] = tag;
    buf[at + 1] = n >>> 24;
    buf[at + 2] = (n >>> 16) & 0xff;
    buf[at + 3] = (n >>> 8) & 0xff;
    buf[at + 4] = n & 0xff;
  }

  /** The record so far; valid until the next start(). */
  record(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

const scratch = new FieldWriter();

/** The bytes hashed into the chain for one event: every column, in a fixed order. */
export function encodeAuditEvent(e: SealedAuditEvent): Uint8Array {
  return writeEvent(null, e).slice();
}

function writeEvent(previous: Uint8Array | null, e: SealedAuditEvent): Uint8Array {
  const w = scratch
    .start(previous, 'diogel.audit-event.v1')
    .field(e.id)
    .field(e.txid)
    .field(e.occurredAt)
    .field(e.actorUserId)
    .field(e.action)
    .field(e.recordType)
    .field(e.recordId)
    .field(e.organisationId)
    .field(e.requestId)
    .field(e.ip)
    .field(e.outcome)
    .field(e.purpose);
  if (e.detail === null) return w.field(null).record();
  const canonical = canonicalJson(e.detail);
  // Text that is not JSON cannot come from a jsonb column, but must still hash, and differently.
  return (canonical === undefined ? w.field(e.detail, 2) : w.field(canonical)).record();
}

/** The next chain hash: SHA-256(previous || encodeAuditEvent(e)), hashed in one piece. */
export function chainStep(sha256: Sha256, previous: Uint8Array, e: SealedAuditEvent): Uint8Array {
  return sha256(writeEvent(previous, e));
}

// ---------------------------------------------------------------------------
// Events read in bulk

/**
 * An event as the store reads it in bulk: each column's text in UTF-8, column i being
 * src[i] from start[i] to end[i], or null when start[i] is -1, in the order of
 * SealedAuditEvent's fields. The reader reuses one for every event, so a log of millions
 * allocates nothing per event; it is valid only until the next one.
 */
export interface StoredEventText {
  readonly src: Uint8Array[];
  readonly start: Int32Array;
  readonly end: Int32Array;
}

export const EVENT_COLUMNS = 13;

/** The same event as bytes (for a reader that has strings, and for tests). */
export function eventText(e: SealedAuditEvent): StoredEventText {
  const values = [e.id, e.txid, e.occurredAt, e.actorUserId, e.action, e.recordType, e.recordId, e.organisationId, e.requestId, e.ip, e.outcome, e.purpose, e.detail];
  const start = new Int32Array(EVENT_COLUMNS);
  const end = new Int32Array(EVENT_COLUMNS);
  const parts = values.map((v) => (v === null ? null : utf8.encode(v)));
  const bytes = new Uint8Array(parts.reduce((n, b) => n + (b?.length ?? 0), 0));
  let at = 0;
  parts.forEach((b, i) => {
    if (b === null) {
      start[i] = end[i] = -1;
      return;
    }
    bytes.set(b, at);
    start[i] = at;
    end[i] = at += b.length;
  });
  return { src: parts.map(() => bytes), start, end };
}

/** encodeAuditEvent for an event read in bulk: the same bytes for the same columns. */
export function encodeStoredEvent(e: StoredEventText): Uint8Array {
  return writeEventText(null, e).slice();
}

/** chainStep for an event read in bulk. */
export function chainStepText(sha256: Sha256, previous: Uint8Array, e: StoredEventText): Uint8Array {
  return sha256(writeEventText(previous, e));
}

// As the store decodes text; keeping a byte order mark as it does.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

const EVENT_TAG_FIELD = new FieldWriter().start(null, 'diogel.audit-event.v1').record().slice();

function writeEventText(previous: Uint8Array | null, e: StoredEventText): Uint8Array {
  const w = scratch.startWith(previous, EVENT_TAG_FIELD).textFields(e, EVENT_COLUMNS - 1);
  const from = e.start[EVENT_COLUMNS - 1]!;
  if (from < 0) return w.field(null).record();
  const bytes = e.src[EVENT_COLUMNS - 1]!;
  const to = e.end[EVENT_COLUMNS - 1]!;
  if (w.json(bytes, from, to)) return w.record();
  // Escapes, deep nesting, text that is not JSON: as encodeAuditEvent does it.
  const text = utf8Decoder.decode(bytes.subarray(from, to));
  const canonical = canonicalJson(text);
  return (canonical === undefined ? w.field(text, 2) : w.field(canonical)).record();
}

/** comparePositions(p, position of e), without making strings of e's columns. */
export function comparePositionToEvent(p: AuditPosition, e: StoredEventText): number {
  return compareWholeText(p.txid, e, 1) || compareWholeText(p.id, e, 0);
}

function compareWholeText(a: string, e: StoredEventText, column: number): number {
  const x = isWhole(a) ? a : '';
  const src = e.src[column]!;
  let from = e.start[column]!;
  let to = e.end[column]!;
  if (from < 0 || !isWholeBytes(src, from, to)) from = to = 0;
  if (x.length !== to - from) return x.length - (to - from);
  for (let i = 0; i < x.length; i++) {
    const d = x.charCodeAt(i) - src[from + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

// WHOLE, by hand: this runs twice an event.
function isWhole(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const first = s.charCodeAt(0);
  if (first === 0x30) return n === 1;
  if (first < 0x31 || first > 0x39) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isWholeBytes(src: Uint8Array, from: number, to: number): boolean {
  if (to <= from) return false;
  const first = src[from]!;
  if (first === 0x30) return to - from === 1;
  if (first < 0x31 || first > 0x39) return false;
  for (let i = from + 1; i < to; i++) {
    const c = src[i]!;
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Canonical JSON straight from UTF-8
//
// The same output as canonicalJson for the JSON it accepts: strings without escapes, keys
// without characters beyond U+FFFF (whose UTF-8 order differs from the UTF-16 order keys
// are sorted in), nesting to MAX_DEPTH. Anything else, including text that is not JSON,
// is left to canonicalJson, so the two cannot disagree. The detail of an audit event is
// short, flat JSON from jsonb, so nearly every event takes this path.

const MAX_DEPTH = 64;
const EMPTY = new Uint8Array(0);
const TRUE = utf8.encode('true');
const FALSE = utf8.encode('false');
const NULL = utf8.encode('null');

/**
 * Reads from src and writes to out; each method takes where to read and returns where it
 * stopped, or -1 to leave the text to canonicalJson. State is in fields and loops work on
 * locals: module-level variables cost several times as much to reach.
 */
class JsonBytes {
  private src: Uint8Array = EMPTY;
  private end = 0;
  private out: Uint8Array = EMPTY;
  private o = 0;
  /** Members of the objects being read: key start, key end (in src), member start, member end (in out). */
  private members = new Int32Array(256);
  private top = 0;
  private keyWide = false;
  private moved = new Uint8Array(1024);
  private order = new Int32Array(64);

  /** Writes the canonical form of src[from, to) at out[at]; its length, or -1. */
  write(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
    this.src = src;
    this.end = to;
    this.out = out;
    this.o = at;
    this.top = 0;
    let i = this.value(from, 0);
    if (i >= 0) i = this.space(i);
    const n = i === to ? this.o - at : -1;
    this.src = this.out = EMPTY; // hold on to no one's buffer
    return n;
  }

  private space(i: number): number {
    const { src, end } = this;
    while (i < end) {
      const c = src[i]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    return i;
  }

  private value(i: number, depth: number): number {
    i = this.space(i);
    if (i >= this.end) return -1;
    switch (this.src[i]) {
      case 0x7b: // {
        return depth < MAX_DEPTH ? this.object(i, depth + 1) : -1;
      case 0x5b: // [
        return depth < MAX_DEPTH ? this.array(i, depth + 1) : -1;
      case 0x22: // "
        return this.string(i);
      case 0x74:
        return this.word(i, TRUE);
      case 0x66:
        return this.word(i, FALSE);
      case 0x6e:
        return this.word(i, NULL);
      default:
        return this.number(i);
    }
  }

  private word(i: number, word: Uint8Array): number {
    const { src, out } = this;
    if (this.end - i < word.length) return -1;
    for (let k = 0; k < word.length; k++) if (src[i + k] !== word[k]) return -1;
    let o = this.o;
    for (let k = 0; k < word.length; k++) out[o++] = word[k]!;
    this.o = o;
    return i + word.length;
  }

  /** A string literal without escapes, copied as it is (it is already canonical). */
  private string(i: number): number {
    const { src, end, out } = this;
    let o = this.o;
    let wide = false;
    out[o++] = 0x22;
    i++;
    for (;;) {
      if (i >= end) return -1;
      const c = src[i++]!;
      out[o++] = c;
      if (c === 0x22) break;
      if (c === 0x5c || c < 0x20) return -1;
      if (c >= 0xf0) wide = true;
    }
    this.o = o;
    this.keyWide = wide;
    return i;
  }

  /** As canonicalJson's NUMBER: the literal's text is kept. */
  private number(from: number): number {
    const { src, end, out } = this;
    let i = from;
    if (src[i] === 0x2d) i++;
    if (i >= end) return -1;
    const c = src[i]!;
    if (c === 0x30) i++;
    else if (c >= 0x31 && c <= 0x39) {
      i++;
      while (i < end && isDigit(src[i]!)) i++;
    } else return -1;
    if (i + 1 < end && src[i] === 0x2e && isDigit(src[i + 1]!)) {
      i += 2;
      while (i < end && isDigit(src[i]!)) i++;
    }
    if (i < end && (src[i] === 0x65 || src[i] === 0x45)) {
      let k = i + 1;
      if (k < end && (src[k] === 0x2b || src[k] === 0x2d)) k++;
      if (k < end && isDigit(src[k]!)) {
        i = k + 1;
        while (i < end && isDigit(src[i]!)) i++;
      }
    }
    let o = this.o;
    for (let k = from; k < i; k++) out[o++] = src[k]!;
    this.o = o;
    return i;
  }

  private array(i: number, depth: number): number {
    const { src, end, out } = this;
    out[this.o++] = 0x5b;
    i = this.space(i + 1);
    if (i < end && src[i] === 0x5d) {
      out[this.o++] = 0x5d;
      return i + 1;
    }
    for (;;) {
      i = this.value(i, depth);
      if (i < 0) return -1;
      i = this.space(i);
      if (i >= end) return -1;
      const c = src[i++];
      if (c === 0x5d) break;
      if (c !== 0x2c) return -1;
      out[this.o++] = 0x2c;
    }
    out[this.o++] = 0x5d;
    return i;
  }

  private object(i: number, depth: number): number {
    const { src, end, out } = this;
    out[this.o++] = 0x7b;
    i = this.space(i + 1);
    if (i < end && src[i] === 0x7d) {
      out[this.o++] = 0x7d;
      return i + 1;
    }
    const base = this.top;
    let sorted = true;
    for (;;) {
      i = this.space(i);
      if (i >= end || src[i] !== 0x22) return -1;
      const keyFrom = i + 1;
      const memberFrom = this.o;
      i = this.string(i);
      if (i < 0 || this.keyWide) return -1;
      const keyTo = i - 1;
      i = this.space(i);
      if (i >= end || src[i] !== 0x3a) return -1;
      out[this.o++] = 0x3a;
      i = this.value(i + 1, depth);
      if (i < 0) return -1;
      const top = this.top;
      if (top + 4 > this.members.length) {
        const grown = new Int32Array(this.members.length * 2);
        grown.set(this.members);
        this.members = grown;
      }
      const m = this.members;
      if (top > base && this.compareKeys(m[top - 4]!, m[top - 3]!, keyFrom, keyTo) > 0) sorted = false;
      m[top] = keyFrom;
      m[top + 1] = keyTo;
      m[top + 2] = memberFrom;
      m[top + 3] = this.o;
      this.top = top + 4;
      i = this.space(i);
      if (i >= end) return -1;
      const c = src[i++];
      if (c === 0x7d) break;
      if (c !== 0x2c) return -1;
      out[this.o++] = 0x2c;
    }
    out[this.o++] = 0x7d;
    if (!sorted) this.sortMembers(base);
    this.top = base;
    return i;
  }

  /** Byte order of UTF-8 is code point order, which is UTF-16 order below U+10000. */
  private compareKeys(aFrom: number, aTo: number, bFrom: number, bTo: number): number {
    const src = this.src;
    const n = Math.min(aTo - aFrom, bTo - bFrom);
    for (let i = 0; i < n; i++) {
      const d = src[aFrom + i]! - src[bFrom + i]!;
      if (d !== 0) return d;
    }
    return aTo - aFrom - (bTo - bFrom);
  }

  /** Rewrites an object's members, already written, in key order; stable, as canonicalJson sorts. */
  private sortMembers(base: number): void {
    const { members, out } = this;
    const n = (this.top - base) / 4;
    const first = members[base + 2]!;
    const last = members[this.top - 1]!;
    if (this.moved.length < last - first) this.moved = new Uint8Array(Math.max(last - first, this.moved.length * 2));
    if (this.order.length < n) this.order = new Int32Array(Math.max(n, this.order.length * 2));
    const { moved, order } = this;
    moved.set(out.subarray(first, last));
    for (let i = 0; i < n; i++) {
      const m = base + i * 4;
      let k = i;
      while (k > 0) {
        const p = base + order[k - 1]! * 4;
        if (this.compareKeys(members[p]!, members[p + 1]!, members[m]!, members[m + 1]!) <= 0) break;
        order[k] = order[k - 1]!;
        k--;
      }
      order[k] = i;
    }
    let at = first;
    for (let k = 0; k < n; k++) {
      if (k > 0) out[at++] = 0x2c;
      const m = base + order[k]! * 4;
      for (let i = members[m + 2]! - first, to = members[m + 3]! - first; i < to; i++) out[at++] = moved[i]!;
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const jsonBytes = new JsonBytes();

/** The bytes a checkpoint's signature covers. */
export function encodeCheckpointPayload(p: CheckpointPayload): Uint8Array {
  return scratch
    .start(null, 'diogel.audit-checkpoint.v1')
    .field(String(p.seq))
    .field(p.prevCheckpointHash)
    .field(p.lastPosition.txid)
    .field(p.lastPosition.id)
    .field(String(p.eventCount))
    .field(String(p.totalCount))
    .field(p.chainHead)
    .field(p.sealedAt)
    .field(p.keyId)
    .record()
    .slice();
}

/** What the next checkpoint links to. */
export function checkpointHash(sha256: Sha256, p: CheckpointPayload): string {
  return toHex(sha256(encodeCheckpointPayload(p)));
}

export function signCheckpoint(signer: CheckpointSigner, p: Omit<CheckpointPayload, 'keyId'>): AuditCheckpoint {
  const payload: CheckpointPayload = { ...p, keyId: signer.keyId };
  return { ...payload, signature: signer.sign(encodeCheckpointPayload(payload)) };
}

export function positionOf(e: SealedAuditEvent): AuditPosition {
  return { txid: e.txid, id: e.id };
}

/** Sealing order. Text that is not a whole number sorts first (it cannot come from the database). */
export function comparePositions(a: AuditPosition, b: AuditPosition): number {
  return compareWhole(a.txid, b.txid) || compareWhole(a.id, b.id);
}

function compareWhole(a: string, b: string): number {
  // Decimal text without leading zeros orders by length, then character by character.
  const x = WHOLE.test(a) ? a : '';
  const y = WHOLE.test(b) ? b : '';
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

const WHOLE = /^(?:0|[1-9]\d*)$/;

/** A Date as UTC with microseconds, the form the store reads timestamps in. */
export function utcMicros(d: Date): string {
  return d.toISOString().replace(/Z$/, '000Z');
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('not hexadecimal');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// ---------------------------------------------------------------------------
// Verification

export type AuditProblemKind =
  /** The events a checkpoint covers are not the ones it sealed: changed, removed, added or moved */
  | 'chain_mismatch'
  /** The log ends before the events a checkpoint covers */
  | 'truncated'
  /** Signed with the trusted key id, but the signature does not verify */
  | 'bad_signature'
  /** Signed with a key other than the trusted one */
  | 'unknown_key'
  /** Checkpoint numbers missing, repeated or out of order */
  | 'broken_sequence'
  /** A checkpoint does not follow on from the one before it */
  | 'broken_link'
  /** In the exported copy but not in the database */
  | 'missing_checkpoint'
  /** In the database, but not as exported */
  | 'checkpoint_differs';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The checkpoint concerned */
  checkpoint: number | null;
  /** The events concerned, numbered from 1 in sealing order as the checkpoints count them */
  events?: { first: number; last: number };
  /** The last position the checkpoint seals */
  upTo?: AuditPosition;
  message: string;
}

export interface AuditVerifyReport {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  /** Events covered by the last checkpoint that was checked against the events */
  sealedEvents: number;
  /** Events after the last checkpoint: not yet sealed, which is not a fault */
  unsealedEvents: number;
  exportedCheckpointsCompared: number;
  problems: AuditProblem[];
  /** Problems beyond the first MAX_LISTED_PROBLEMS, counted but not listed */
  moreProblems: number;
}

export interface AuditVerifier {
  /**
   * Checkpoints go in by number, each before the first event that comes after the last
   * position it seals (feeding all checkpoints first is always right).
   */
  addCheckpoint(c: AuditCheckpoint): void;
  /** Events go in in sealing order, (txid, id). */
  addEvent(e: SealedAuditEvent): void;
  /** The same, for an event read in bulk. */
  addEventText(e: StoredEventText): void;
  finish(): AuditVerifyReport;
}

export interface VerifierOptions {
  sha256: Sha256;
  trustedKey: CheckpointVerifyKey;
  /** Checkpoints exported earlier and kept elsewhere: each must still be in the database, unchanged. */
  exported?: readonly AuditCheckpoint[];
}

const MAX_LISTED_PROBLEMS = 100;

interface Boundary {
  checkpoint: AuditCheckpoint;
  /** Events sealed before this checkpoint's range began, by the last trusted checkpoint. */
  startCount: number;
}

/**
 * Checks events and checkpoints as they stream past, in constant memory (apart from any
 * exported checkpoints). Each checkpoint with a good signature is a boundary: when the
 * events pass its last position, the running hash and count must equal what it signed.
 * After a mismatch the verifier carries on from the signed values, so each damaged
 * range is reported once and later ranges are still checked.
 */
export function createAuditVerifier(options: VerifierOptions): AuditVerifier {
  const { sha256, trustedKey } = options;
  const problems: AuditProblem[] = [];
  let moreProblems = 0;
  const report = (p: AuditProblem) => {
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
    else moreProblems++;
  };

  const exported = new Map<number, AuditCheckpoint>();
  for (const c of options.exported ?? []) {
    if (c.keyId !== trustedKey.keyId || !trustedKey.verify(encodeCheckpointPayload(c), c.signature)) {
      report({ kind: 'bad_signature', checkpoint: c.seq, message: `Checkpoint ${c.seq} in the exported copy is not signed by the trusted key, so the copy cannot be relied on.` });
    } else {
      exported.set(c.seq, c);
    }
  }
  const exportedSeen = new Set<number>();

  let checkpointsChecked = 0;
  let eventsChecked = 0;
  let expectedSeq = 1;
  let expectedPrevHash = GENESIS_HASH;
  let lastTrusted: AuditCheckpoint | null = null;
  const pending: Boundary[] = [];

  let head: Uint8Array = GENESIS_CHAIN_HEAD;
  let count = 0;
  let sealedEvents = 0;
  let eventsSinceBoundary = 0;

  function close(b: Boundary, atEnd: boolean): void {
    const c = b.checkpoint;
    const range = { first: b.startCount + 1, last: c.totalCount };
    const where = `Checkpoint ${c.seq} (events ${formatCount(range.first)} to ${formatCount(range.last)})`;
    if (count === c.totalCount && toHex(head) === c.chainHead) {
      // intact
    } else if (atEnd && count < c.totalCount) {
      report({
        kind: 'truncated',
        checkpoint: c.seq,
        events: range,
        upTo: c.lastPosition,
        message: `${where}: the log ends after event ${formatCount(count)}, so events this checkpoint sealed are missing.`,
      });
    } else {
      report({
        kind: 'chain_mismatch',
        checkpoint: c.seq,
        events: range,
        upTo: c.lastPosition,
        message: `${where}: the events do not match what was sealed. An event in this range has been changed, removed, added or moved.`,
      });
    }
    // Carry on from what was signed, so the next range is judged on its own.
    head = fromHex(c.chainHead);
    count = c.totalCount;
    sealedEvents = c.totalCount;
    eventsSinceBoundary = 0;
  }

  return {
    addCheckpoint(c) {
      checkpointsChecked++;
      const known = exported.get(c.seq);
      if (known) {
        exportedSeen.add(c.seq);
        if (!sameCheckpoint(known, c)) {
          report({ kind: 'checkpoint_differs', checkpoint: c.seq, message: `Checkpoint ${c.seq} is not the same as in the exported copy.` });
        }
      }

      const payload = encodeCheckpointPayload(c);
      let trusted = false;
      if (c.keyId !== trustedKey.keyId) {
        report({ kind: 'unknown_key', checkpoint: c.seq, message: `Checkpoint ${c.seq} is signed with a key that is not the trusted audit key.` });
      } else if (!trustedKey.verify(payload, c.signature)) {
        report({ kind: 'bad_signature', checkpoint: c.seq, message: `Checkpoint ${c.seq} has a signature that does not verify: it has been changed since it was signed.` });
      } else {
        trusted = true;
      }

      if (c.seq !== expectedSeq) {
        report({
          kind: 'broken_sequence',
          checkpoint: c.seq,
          message: `Checkpoint ${c.seq} comes where checkpoint ${expectedSeq} should: a checkpoint is missing, repeated or out of order.`,
        });
      } else if (c.prevCheckpointHash !== expectedPrevHash) {
        report({ kind: 'broken_link', checkpoint: c.seq, message: `Checkpoint ${c.seq} does not link to checkpoint ${c.seq - 1}: one of them has been replaced.` });
      }
      expectedSeq = c.seq + 1;
      expectedPrevHash = toHex(sha256(payload));

      if (!trusted) return;
      // Only a checkpoint that moves on from the last trusted one can bound a range;
      // one that does not is already reported above (it is out of order or was replaced).
      const startCount = lastTrusted?.totalCount ?? 0;
      if (lastTrusted && (comparePositions(c.lastPosition, lastTrusted.lastPosition) <= 0 || c.totalCount <= startCount)) {
        if (c.seq === lastTrusted.seq + 1) {
          report({ kind: 'broken_link', checkpoint: c.seq, message: `Checkpoint ${c.seq} does not move on from checkpoint ${lastTrusted.seq}.` });
        }
        return;
      }
      if (lastTrusted && c.seq === lastTrusted.seq + 1 && c.totalCount !== startCount + c.eventCount) {
        report({ kind: 'broken_link', checkpoint: c.seq, message: `Checkpoint ${c.seq} does not add up: its counts disagree with checkpoint ${lastTrusted.seq}.` });
      }
      lastTrusted = c;
      pending.push({ checkpoint: c, startCount });
    },

    addEvent(e) {
      eventsChecked++;
      const at = positionOf(e);
      while (pending.length > 0 && comparePositions(at, pending[0]!.checkpoint.lastPosition) > 0) close(pending.shift()!, false);
      head = chainStep(sha256, head, e);
      count++;
      eventsSinceBoundary++;
    },

    addEventText(e) {
      eventsChecked++;
      while (pending.length > 0 && comparePositionToEvent(pending[0]!.checkpoint.lastPosition, e) < 0) close(pending.shift()!, false);
      head = chainStepText(sha256, head, e);
      count++;
      eventsSinceBoundary++;
    },

    finish() {
      while (pending.length > 0) close(pending.shift()!, true);
      for (const [seq, c] of exported) {
        if (!exportedSeen.has(seq)) {
          report({
            kind: 'missing_checkpoint',
            checkpoint: seq,
            events: { first: c.totalCount - c.eventCount + 1, last: c.totalCount },
            upTo: c.lastPosition,
            message: `Checkpoint ${seq} is in the exported copy but not in the database: the log may have been cut short or checkpoints removed.`,
          });
        }
      }
      return {
        ok: problems.length === 0 && moreProblems === 0,
        eventsChecked,
        checkpointsChecked,
        sealedEvents,
        unsealedEvents: eventsSinceBoundary,
        exportedCheckpointsCompared: exportedSeen.size,
        problems,
        moreProblems,
      };
    },
  };
}

/** Verifies a log held in memory: every checkpoint first, then every event. */
export function verifyAuditLog(
  events: Iterable<SealedAuditEvent>,
  checkpoints: Iterable<AuditCheckpoint>,
  options: VerifierOptions,
): AuditVerifyReport {
  const v = createAuditVerifier(options);
  for (const c of checkpoints) v.addCheckpoint(c);
  for (const e of events) v.addEvent(e);
  return v.finish();
}

function sameCheckpoint(a: AuditCheckpoint, b: AuditCheckpoint): boolean {
  return a.signature === b.signature && toHex(encodeCheckpointPayload(a)) === toHex(encodeCheckpointPayload(b));
}

function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}
