import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EmbeddedEngine } from '../../src/store/database.js';

/**
 * Bulk loading with COPY in PostgreSQL's text format: one transaction per chunk, so a chunk
 * is all there or not at all, and every audit event of a chunk shares its transaction id
 * (as the events of one request do).
 */

/** The columns each table is loaded with, in order. */
export const COLUMNS = {
  people: ['id', 'kind', 'full_name', 'date_of_birth', 'expected_due_date', 'address', 'first_language', 'welsh_preferred', 'communication_needs', 'organisation_id', 'created_at'],
  concerns: [
    'id', 'reference', 'organisation_id', 'raised_by', 'person_id', 'subject_kind', 'account', 'own_words', 'occurred_on', 'occurred_time', 'location',
    'harm_categories', 'specific_risks', 'immediate_danger', 'told_to_call_999_at', 'person_knows', 'person_not_told_reason', 'status',
    'no_report_reason', 'dsp_decided_by', 'dsp_decided_at', 'created_at', 'version',
  ],
  reports: ['id', 'concern_id', 'local_authority_id', 'subject_kind', 'received_at', 'reported_by', 'status', 'decision', 'decision_rationale', 'decided_by', 'decided_at', 'version'],
  cases: [
    'id', 'kind', 'local_authority_id', 'transfer_to_local_authority_id', 'household_id', 'report_id', 'person_id', 'stage', 'registered', 'categories',
    'registered_at', 'coordinator_id', 'allocated_to', 'next_review_due', 'missing_since', 'immediate_protection', 'opened_at', 'updated_at', 'version',
  ],
  case_events: ['case_id', 'seq', 'type', 'data', 'occurred_at', 'actor_user_id', 'ruleset'],
  case_clocks: [
    'case_id', 'key', 'timer_id', 'local_authority_id', 'started_at', 'due_at', 'due_date', 'stopped_at', 'stop_reason', 'outcome', 'paused_at',
    'pause_reason', 'exception_reason', 'exception_by',
  ],
  case_alerts: ['case_id', 'seq', 'local_authority_id', 'reason', 'created_at'],
  audit_events: ['occurred_at', 'actor_user_id', 'action', 'record_type', 'record_id', 'organisation_id', 'request_id', 'ip', 'outcome', 'detail', 'purpose'],
} as const;

export type Table = keyof typeof COLUMNS;
/** Parents before children, so every foreign key finds its row. */
export const LOAD_ORDER: readonly Table[] = ['people', 'concerns', 'reports', 'cases', 'case_events', 'case_clocks', 'case_alerts', 'audit_events'];

function escapeText(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) {
      out += s.slice(from, i) + (c === 92 ? '\\\\' : c === 9 ? '\\t' : c === 10 ? '\\n' : '\\r');
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** One value in COPY text format. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escapeText(`{${v.map((x) => `"${String(x).replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`);
  return escapeText(JSON.stringify(v));
}

/** Rows as COPY text, in the table's column order. */
export function copyText(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) line += (i === 0 ? '' : '\t') + copyValue(r[columns[i]!]);
    parts.push(line);
  }
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

/**
 * Rows are loaded without their per-row triggers: foreign-key checks (about a third of the
 * cost of loading events) and the triggers that keep derived tables. Both are made good
 * once the load is done, as a restore does (finishLoad in generate.ts): every foreign key is
 * checked over the whole table and each derived table is rebuilt; a trigger it does not
 * know stops the load rather than be skipped silently.
 */
const SKIP_ROW_TRIGGERS = 'SET LOCAL session_replication_role = replica';

export interface CopySink {
  /** Milliseconds spent loading each table so far */
  readonly timings: Record<string, number>;
  /** Loads every table's text in one transaction. */
  load(chunk: ReadonlyArray<{ table: string; columns: readonly string[]; text: string }>): Promise<void>;
  close(): Promise<void>;
}

export async function postgresSink(databaseUrl: string): Promise<CopySink> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A chunk's rows are checked for their keys and foreign keys as usual; only the wait for the disk at commit is skipped.
  await client.query('SET synchronous_commit = off');
  const timings: Record<string, number> = {};
  return {
    timings,
    async load(chunk) {
      await client.query('BEGIN');
      try {
        await client.query(SKIP_ROW_TRIGGERS);
        for (const { table, columns, text } of chunk) {
          if (text.length === 0) continue;
          const t0 = performance.now();
          const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
          await pipeline(Readable.from([text]), stream);
          timings[table] = (timings[table] ?? 0) + performance.now() - t0;
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    close: () => client.end(),
  };
}

export function embeddedSink(engine: EmbeddedEngine): CopySink {
  const timings: Record<string, number> = {};
  return {
    timings,
    async load(chunk) {
      await engine.query('BEGIN');
      try {
        await engine.query(SKIP_ROW_TRIGGERS);
        for (const { table, columns, text } of chunk) {
          if (text.length === 0) continue;
          const t0 = performance.now();
          await engine.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
          timings[table] = (timings[table] ?? 0) + performance.now() - t0;
        }
        await engine.query('COMMIT');
      } catch (err) {
        await engine.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    close: async () => {},
  };
}
