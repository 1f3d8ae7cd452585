import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { EVENT_COLUMNS, type AuditPosition, type StoredEventText } from '../domain/audit-chain.js';
import type { DriverAccess } from './database.js';

/**
 * The whole audit trail in sealing order, for `diogel audit verify` on a log of tens of
 * millions of events: COPY … TO STDOUT in binary, each row parsed where it lies into one
 * reused StoredEventText. Row parsing and object building in the driver cost several times
 * the hashing; this costs about what the hashing does.
 *
 * Columns come in their own binary form and are written here as the text the row reader
 * (readEventsInSealingOrder) gets from PostgreSQL: decimal ids, lower-case UUIDs and
 * to_char's UTC timestamps. The database is not asked for text: on the embedded engine
 * formatting it costs more than reading the rows. audit-copy.test.ts holds the two to
 * the same text, including the timestamps at the ends of the range.
 */

export interface EventRange {
  /** From the start when null */
  after: AuditPosition | null;
  /** To the end when null; inclusive */
  upTo: AuditPosition | null;
}

/** A connection in a REPEATABLE READ, read-only transaction, so sealing meanwhile cannot change what is read. */
export interface SnapshotSession {
  query<R>(text: string, params: readonly unknown[]): Promise<R[]>;
  /** Calls onEvent with each event in the range, in sealing order; the event is valid only during the call. */
  copyEvents(range: EventRange, onEvent: (e: StoredEventText) => void): Promise<number>;
}

/**
 * Runs fn on a connection of its own (the embedded engine's one connection, which waits
 * its turn like any other), or returns undefined without running it when the database's
 * text is not UTF-8: bytes read raw would then not be the text the row reader decodes.
 */
export async function withSnapshotSession<T>(driver: DriverAccess, fn: (session: SnapshotSession) => Promise<T>): Promise<{ value: T } | undefined> {
  const client = await driver.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const { rows } = await client.query<{ server_encoding: string }>('SHOW server_encoding');
      if (rows[0]?.server_encoding !== 'UTF8') {
        await client.query('ROLLBACK');
        return undefined;
      }
      const embedded = driver.embedded;
      const copyOut = embedded ? (text: string, sink: Sink) => copyOutEmbedded(embedded, text, sink) : (text: string, sink: Sink) => copyOutPg(client, text, sink);
      const value = await fn({
        query: async <R>(text: string, params: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as R[],
        async copyEvents(range, onEvent) {
          const parser = new EventCopyParser(onEvent);
          await copyOut(copyEventsSql(range), (chunk, from, to) => parser.push(chunk, from, to));
          parser.end();
          return parser.rows;
        },
      });
      await client.query('COMMIT');
      return { value };
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    }
  } finally {
    // A connection that could not roll back is in an unknown state: the pool drops it.
    client.release(broken);
  }
}

// Cast to the types parsed below, so a column whose type changes cannot be misread.
const COPY_COLUMNS =
  'id::int8, txid::xid8, occurred_at::timestamptz, actor_user_id::uuid, action::text, record_type::text, record_id::uuid, ' +
  'organisation_id::uuid, request_id::text, ip::text, outcome::text, purpose::text, detail::jsonb';

/** COPY takes no parameters, so positions go in as literals, checked to be numbers first. */
export function copyEventsSql(range: EventRange): string {
  const bound = (p: AuditPosition) => {
    if (!/^\d{1,20}$/.test(p.txid) || !/^-?\d{1,19}$/.test(p.id)) throw new Error(`Not a position in the audit log: ${JSON.stringify(p)}`);
    return `('${p.txid}'::xid8, '${p.id}'::int8)`;
  };
  const where = [range.after && `(txid, id) > ${bound(range.after)}`, range.upTo && `(txid, id) <= ${bound(range.upTo)}`].filter(Boolean);
  return `COPY (SELECT ${COPY_COLUMNS} FROM audit_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY audit_events.txid, audit_events.id) TO STDOUT (FORMAT binary)`;
}

type Sink = (chunk: Uint8Array, from: number, to: number) => void;

// ---------------------------------------------------------------------------
// COPY's binary format: a header, then per row a 16-bit column count and per column a
// 32-bit length (-1 for NULL) and the bytes, then a count of -1.

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];

// Where each formatted column goes in the row's text buffer.
const ID_AT = 0;
const TXID_AT = 24;
const TIME_AT = 48;
const UUID_AT = [88, 128, 168];
const SLOT = [ID_AT, TXID_AT, TIME_AT, UUID_AT[0], -1, -1, UUID_AT[1], UUID_AT[2]];
/** The columns read as they come: text, and jsonb */
const TEXT_COLUMNS = [4, 5, 8, 9, 10, 11, 12];
const JSONB = 12;

class EventCopyParser {
  rows = 0;
  private readonly event: { src: Uint8Array[]; start: Int32Array; end: Int32Array };
  private readonly text = new Uint8Array(208);
  private readonly at = new Int32Array(EVENT_COLUMNS);
  private readonly len = new Int32Array(EVENT_COLUMNS);
  /** The bytes each formatted column had in the row before (16 a column), and whether they are there */
  private readonly kept = new Uint8Array(EVENT_COLUMNS * 16);
  private readonly keptValid = new Uint8Array(EVENT_COLUMNS);
  /** A row (or the header) split between chunks, gathered until it is whole */
  private carry = new Uint8Array(0);
  private carried = 0;
  private headerRead = false;
  private finished = false;

  constructor(private readonly onEvent: (e: StoredEventText) => void) {
    this.event = { src: new Array<Uint8Array>(EVENT_COLUMNS).fill(this.text), start: new Int32Array(EVENT_COLUMNS), end: new Int32Array(EVENT_COLUMNS) };
  }

  /** Parses what it can of chunk[from, to); chunk may be reused once this returns. */
  push(chunk: Uint8Array, from: number, to: number): void {
    if (this.carried > 0) {
      this.keep(chunk, from, to);
      const used = this.parse(this.carry, 0, this.carried);
      this.carry.copyWithin(0, used, this.carried);
      this.carried -= used;
      return;
    }
    const used = this.parse(chunk, from, to);
    if (used < to) this.keep(chunk, used, to);
  }

  /** Checks the data ended where COPY says it ends. */
  end(): void {
    if (!this.finished || this.carried > 0) throw new Error('The audit events ended part way through.');
  }

  private keep(chunk: Uint8Array, from: number, to: number): void {
    const need = this.carried + (to - from);
    if (need > this.carry.length) {
      const grown = new Uint8Array(Math.max(need, this.carry.length * 2, 4096));
      grown.set(this.carry.subarray(0, this.carried));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(from, to), this.carried);
    this.carried = need;
  }

  /** Parses whole rows from buf[at, end); returns where the first incomplete one starts. */
  private parse(buf: Uint8Array, at: number, end: number): number {
    if (!this.headerRead) {
      if (end - at < 19) return at;
      for (let i = 0; i < SIGNATURE.length; i++) if (buf[at + i] !== SIGNATURE[i]) throw new Error('Not COPY binary data.');
      const extension = int32(buf, at + 15);
      if (end - at < 19 + extension) return at;
      at += 19 + extension;
      this.headerRead = true;
    }
    while (at < end) {
      if (this.finished) throw new Error('Data after the end of the audit events.');
      const next = this.row(buf, at, end);
      if (next < 0) break;
      at = next;
    }
    return at;
  }

  private row(buf: Uint8Array, at: number, end: number): number {
    if (end - at < 2) return -1;
    const columns = ((buf[at]! << 24) | (buf[at + 1]! << 16)) >> 16;
    if (columns === -1) {
      this.finished = true;
      return at + 2;
    }
    if (columns !== EVENT_COLUMNS) throw new Error(`An audit event row with ${columns} columns.`);
    let p = at + 2;
    const { at: fieldAt, len } = this;
    for (let i = 0; i < EVENT_COLUMNS; i++) {
      if (end - p < 4) return -1;
      const n = int32(buf, p);
      p += 4;
      if (n < 0) {
        fieldAt[i] = -1;
        continue;
      }
      if (end - p < n) return -1;
      fieldAt[i] = p;
      len[i] = n;
      p += n;
    }

    const { src, start, end: stop } = this.event;
    for (let k = 0; k < TEXT_COLUMNS.length; k++) {
      const i = TEXT_COLUMNS[k]!;
      src[i] = buf;
      start[i] = fieldAt[i]!;
      stop[i] = fieldAt[i]! + len[i]!;
    }
    // jsonb's binary form is a version byte, 1, and the same text as its text form (cheaper to make than a cast to text).
    const json = start[JSONB]!;
    if (json !== -1) {
      if (buf[json] !== 1) throw new Error(`jsonb version ${buf[json]}, not 1.`);
      start[JSONB] = json + 1;
    }
    const text = this.text;
    this.formatted(0, writeInt64Text(buf, this.fixed(0, 8), text, ID_AT, true));
    this.formatted(2, writeTimestampText(buf, this.fixed(2, 8), text, TIME_AT));
    // The events of one transaction or request share these: their text is still in the slot.
    if (!this.same(1, buf, 8)) this.formatted(1, writeInt64Text(buf, this.fixed(1, 8), text, TXID_AT, false));
    if (!this.same(3, buf, 16)) this.formatted(3, writeUuidText(buf, this.fixed(3, 16), text, UUID_AT[0]!));
    if (!this.same(6, buf, 16)) this.formatted(6, writeUuidText(buf, this.fixed(6, 16), text, UUID_AT[1]!));
    if (!this.same(7, buf, 16)) this.formatted(7, writeUuidText(buf, this.fixed(7, 16), text, UUID_AT[2]!));
    this.rows++;
    this.onEvent(this.event);
    return p;
  }

  /**
   * Whether a column holds the same bytes as in the row before, whose text is then still in
   * its slot (start and end unchanged); if not, keeps its bytes for the next row.
   */
  private same(column: number, buf: Uint8Array, width: number): boolean {
    const at = this.at[column]!;
    const kept = this.kept;
    const k = column * 16;
    if (at < 0 || this.len[column] !== width) {
      this.keptValid[column] = 0; // NULL, or a wrong width, which fixed() reports
      return false;
    }
    if (this.keptValid[column] === 1) {
      let i = 0;
      while (i < width && kept[k + i] === buf[at + i]) i++;
      if (i === width) return true;
    }
    for (let i = 0; i < width; i++) kept[k + i] = buf[at + i]!;
    this.keptValid[column] = 1;
    return false;
  }

  /** Where a fixed-width column starts, or -1 when it is NULL. */
  private fixed(column: number, width: number): number {
    const at = this.at[column]!;
    if (at >= 0 && this.len[column] !== width) throw new Error(`Audit event column ${column + 1} is ${this.len[column]} bytes, not ${width}.`);
    return at;
  }

  /** A formatted column: its text runs from its slot to `to`, or it is NULL when `to` is -1. */
  private formatted(column: number, to: number): void {
    this.event.start[column] = to < 0 ? -1 : SLOT[column]!;
    this.event.end[column] = to;
  }
}

function int32(buf: Uint8Array, at: number): number {
  return (buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
}

function uint32(buf: Uint8Array, at: number): number {
  return int32(buf, at) >>> 0;
}

/** int8 or xid8 as decimal text; returns where the text ends, or -1 for NULL. */
function writeInt64Text(buf: Uint8Array, at: number, out: Uint8Array, o: number, signed: boolean): number {
  if (at < 0) return -1;
  const hi = int32(buf, at);
  const lo = uint32(buf, at + 4);
  if (hi >= 0 && hi < 0x200000) return writeDecimal(hi * 0x1_0000_0000 + lo, out, o);
  // Negative, or past 2^53: rare enough for BigInt.
  const v = (BigInt(hi >>> 0) << 32n) | BigInt(lo);
  return writeAscii((signed ? BigInt.asIntN(64, v) : v).toString(), out, o);
}

function writeDecimal(n: number, out: Uint8Array, o: number): number {
  if (n < 0x8000_0000) {
    let digits = 1;
    for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
    for (let k = o + digits - 1, m = n; k >= o; k--, m = (m / 10) | 0) out[k] = 0x30 + (m % 10);
    return o + digits;
  }
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  let k = o + digits;
  for (let m = n; k > o; m = Math.floor(m / 10)) out[--k] = 0x30 + (m % 10);
  return o + digits;
}

function writePadded(n: number, width: number, out: Uint8Array, o: number): number {
  for (let k = o + width - 1; k >= o; k--, n = Math.floor(n / 10)) out[k] = 0x30 + (n % 10);
  return o + width;
}

function writeAscii(s: string, out: Uint8Array, o: number): number {
  for (let i = 0; i < s.length; i++) out[o++] = s.charCodeAt(i);
  return o;
}

const USECS_PER_DAY = 86_400_000_000;

/**
 * timestamptz (microseconds from 2000-01-01 UTC) as utcText writes it: to_char(… at time
 * zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), or 'infinity' / '-infinity'. to_char writes
 * a year before 1 AD as its number BC (1 BC is 0001), and a year past 9999 in full.
 */
function writeTimestampText(buf: Uint8Array, at: number, out: Uint8Array, o: number): number {
  if (at < 0) return -1;
  const hi = int32(buf, at);
  const lo = uint32(buf, at + 4);
  if (hi === 0x7fffffff && lo === 0xffffffff) return writeAscii('infinity', out, o);
  if (hi === -0x80000000 && lo === 0) return writeAscii('-infinity', out, o);
  let days: number;
  let time: number;
  if (hi >= -0x200000 && hi < 0x200000) {
    const us = hi * 0x1_0000_0000 + lo;
    days = Math.floor(us / USECS_PER_DAY);
    time = us - days * USECS_PER_DAY;
    // The division rounds; the remainder is exact, so it puts the day right.
    if (time < 0) (days--, (time += USECS_PER_DAY));
    else if (time >= USECS_PER_DAY) (days++, (time -= USECS_PER_DAY));
  } else {
    const us = BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo));
    let d = us / BigInt(USECS_PER_DAY);
    let t = us % BigInt(USECS_PER_DAY);
    if (t < 0n) (d--, (t += BigInt(USECS_PER_DAY)));
    days = Number(d);
    time = Number(t);
  }
  o = writeDate(days, out, o);
  const seconds = (time / 1_000_000) | 0;
  const micros = time - seconds * 1_000_000;
  const minutes = (seconds / 60) | 0;
  o = writeTwo((minutes / 60) | 0, out, o);
  out[o++] = 0x3a;
  o = writeTwo(minutes % 60, out, o);
  out[o++] = 0x3a;
  o = writeTwo(seconds - minutes * 60, out, o);
  out[o++] = 0x2e;
  const hundreds = (micros / 100) | 0;
  o = writeTwo((hundreds / 100) | 0, out, o);
  o = writeTwo(hundreds % 100, out, o);
  o = writeTwo(micros - hundreds * 100, out, o);
  out[o++] = 0x5a; // Z
  return o;
}

// 00 to 99, two digits each, so no division is needed to write them.
const TWO_DIGITS = new TextEncoder().encode(Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).join(''));

function writeTwo(n: number, out: Uint8Array, o: number): number {
  out[o] = TWO_DIGITS[2 * n]!;
  out[o + 1] = TWO_DIGITS[2 * n + 1]!;
  return o + 2;
}

// Each day's text is kept, a few years' worth: most events fall on a day seen before.
const DATE_SLOTS = 4_096;
const dateDays = new Float64Array(DATE_SLOTS).fill(NaN);
const dateText = new Uint8Array(DATE_SLOTS * 16);
const dateLength = new Uint8Array(DATE_SLOTS);

/** YYYY-MM-DDT, as to_char writes it, for days from 2000-01-01. */
function writeDate(days: number, out: Uint8Array, o: number): number {
  const slot = days & (DATE_SLOTS - 1);
  const at = slot * 16;
  if (dateDays[slot] !== days) {
    dateLength[slot] = formatDate(days, dateText, at) - at;
    dateDays[slot] = days;
  }
  for (let i = at, to = at + dateLength[slot]!; i < to; i++) out[o++] = dateText[i]!;
  return o;
}

function formatDate(days: number, out: Uint8Array, o: number): number {
  // Proleptic Gregorian, as PostgreSQL counts: days from 0000-03-01 in 400-year eras.
  const z = days + 10_957 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const shown = year <= 0 ? 1 - year : year;
  o = shown > 9_999 ? writeDecimal(shown, out, o) : writePadded(shown, 4, out, o);
  out[o++] = 0x2d;
  o = writeTwo(month, out, o);
  out[o++] = 0x2d;
  o = writeTwo(day, out, o);
  out[o++] = 0x54; // T
  return o;
}

const HEX = new TextEncoder().encode('0123456789abcdef');

/** uuid as PostgreSQL writes it: lower case, 8-4-4-4-12. */
function writeUuidText(buf: Uint8Array, at: number, out: Uint8Array, o: number): number {
  if (at < 0) return -1;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 0x2d;
    const b = buf[at + i]!;
    out[o++] = HEX[b >> 4]!;
    out[o++] = HEX[b & 15]!;
  }
  return o;
}

// ---------------------------------------------------------------------------
// Getting the bytes

/**
 * COPY TO STDOUT through node-postgres, as a query object of its own (pg's Submittable).
 * While the COPY runs it reads the socket itself, as pg-copy-streams does: pg would make an
 * object of each row's message, which costs more than the row's hashing. From CopyDone or an
 * error on, the bytes go back to pg, which ends the query as usual. Parsing inside the
 * socket's data handler is the back-pressure: nothing more is read until a chunk is done with.
 */
function copyOutPg(client: pg.PoolClient, text: string, sink: Sink): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: unknown;
    const guarded: Sink = (chunk, from, to) => {
      if (failure !== undefined) return; // the rest is drained unread
      try {
        sink(chunk, from, to);
      } catch (err) {
        failure = err;
      }
    };
    const query = {
      submit(connection: PgConnection) {
        const socket = connection.stream;
        const handlers = typeof socket?.listeners === 'function' ? socket.listeners('data') : [];
        if (socket && handlers.length === 1) {
          const pgHandler = handlers[0]!;
          const messages = new CopyOutMessages(guarded, true);
          const ours = (chunk: Uint8Array) => {
            const rest = messages.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if (rest < 0) return;
            socket.removeListener('data', ours);
            socket.on('data', pgHandler);
            if (rest < chunk.byteLength) pgHandler(chunk.subarray(rest));
          };
          socket.removeListener('data', pgHandler);
          socket.on('data', ours);
        }
        connection.query(text);
      },
      // Only when the socket could not be read directly: pg hands over each row's message.
      handleCopyData(message: { chunk: Uint8Array }) {
        const c = message.chunk;
        guarded(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), 0, c.byteLength);
      },
      handleError: (err: Error) => reject(err),
      handleReadyForQuery: () => (failure === undefined ? resolve() : reject(failure)),
      handleCommandComplete() {},
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyInResponse: (connection: PgConnection) => connection.sendCopyFail('Not a COPY FROM'),
    };
    client.query(query as unknown as pg.Submittable);
  });
}

interface PgConnection {
  stream?: {
    listeners(event: 'data'): Array<(chunk: Uint8Array) => void>;
    on(event: 'data', handler: (chunk: Uint8Array) => void): void;
    removeListener(event: 'data', handler: (chunk: Uint8Array) => void): void;
  };
  query(text: string): void;
  sendCopyFail(message: string): void;
}

interface RawProtocol {
  execProtocolRawStream(message: Uint8Array, options: { syncToFs?: boolean; onRawData: (data: Uint8Array) => void }): Promise<void>;
}

/**
 * COPY TO STDOUT on the embedded engine, as the raw protocol it writes while the query
 * runs: its own query methods gather the whole result first, several times slower and
 * without bound. The chunks are the engine's memory, so they are parsed in the callback
 * and nothing is thrown back into it.
 */
async function copyOutEmbedded(engine: PGlite, text: string, sink: Sink): Promise<void> {
  const messages = new CopyOutMessages(sink, false);
  let failure: unknown;
  await (engine as unknown as RawProtocol).execProtocolRawStream(queryMessage(text), {
    syncToFs: false,
    onRawData(data) {
      if (failure !== undefined) return;
      try {
        messages.push(data);
      } catch (err) {
        failure = err;
      }
    },
  });
  if (failure !== undefined) throw failure;
  if (messages.error) throw messages.error;
}

function queryMessage(text: string): Uint8Array {
  const sql = new TextEncoder().encode(text);
  const message = new Uint8Array(6 + sql.length);
  message[0] = 0x51; // Q
  new DataView(message.buffer).setUint32(1, 5 + sql.length);
  message.set(sql, 5);
  return message;
}

const COPY_DATA = 0x64; // d
const COPY_DONE = 0x63; // c
const ERROR_RESPONSE = 0x45; // E

/**
 * The backend's messages in raw chunks: CopyData's contents go to the sink. With handBack,
 * reading stops at CopyDone or an error and push says where the rest starts, for pg;
 * without, an error is kept and the rest (CommandComplete, ReadyForQuery) skipped.
 */
class CopyOutMessages {
  error: Error | undefined;
  private readonly header = new Uint8Array(5);
  private headerHave = 0;
  private type = 0;
  private left = 0;
  private errorBody: number[] = [];

  constructor(
    private readonly sink: Sink,
    private readonly handBack: boolean,
  ) {}

  /** -1, or (with handBack) where in data the messages after the COPY start. */
  push(data: Uint8Array): number {
    let at = 0;
    while (at < data.length) {
      if (this.left === 0) {
        if (this.headerHave === 0 && this.handBack && data[at] === ERROR_RESPONSE) return at;
        while (this.headerHave < 5 && at < data.length) this.header[this.headerHave++] = data[at++]!;
        if (this.headerHave < 5) return -1;
        this.type = this.header[0]!;
        this.left = int32(this.header, 1) - 4;
        this.headerHave = 0;
        if (this.left === 0 && this.end()) return at;
        continue;
      }
      const take = Math.min(this.left, data.length - at);
      if (this.type === COPY_DATA) this.sink(data, at, at + take);
      else if (this.type === ERROR_RESPONSE) for (let i = at; i < at + take; i++) this.errorBody.push(data[i]!);
      at += take;
      this.left -= take;
      if (this.left === 0 && this.end()) return at;
    }
    return -1;
  }

  /** At the end of a message: whether the COPY's messages end with it. */
  private end(): boolean {
    if (this.type === ERROR_RESPONSE) {
      this.error ??= errorFrom(Uint8Array.from(this.errorBody));
      this.errorBody = [];
    }
    return this.handBack && this.type === COPY_DONE;
  }
}

/** ErrorResponse: fields of a code byte and a NUL-terminated string; M is the message, C the SQLSTATE. */
function errorFrom(body: Uint8Array): Error {
  const fields = new Map<string, string>();
  for (let i = 0; i < body.length && body[i] !== 0; ) {
    const stop = body.indexOf(0, i + 1);
    fields.set(String.fromCharCode(body[i]!), new TextDecoder().decode(body.subarray(i + 1, stop < 0 ? body.length : stop)));
    i = stop < 0 ? body.length : stop + 1;
  }
  return Object.assign(new Error(fields.get('M') ?? 'The database reported an error.'), { code: fields.get('C') });
}
