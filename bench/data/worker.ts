import { parentPort, workerData } from 'node:worker_threads';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { resolveRuleSettings } from '../../src/domain/rule-settings.js';
import { COLUMNS, copyText, LOAD_ORDER, type Table } from './copy.js';
import { makeCase, type Authority, type CaseHistory, type World } from './scenarios.js';
import { Rng } from './rng.js';
import { caseRow, clockRow } from '../../src/store/cases.repository.js';

/**
 * Makes the cases in a thread of its own, so making them (this core) and loading them
 * (PostgreSQL, the other core) overlap. It keeps one chunk ready ahead of the loader.
 */
export interface WorkerInput {
  seed: number;
  authorities: Array<Authority & { weight: number }>;
  today: string;
  from: string;
  cases: number;
  chunkSize: number;
  childShare: number;
  ruleset: string;
  ruleValues: Record<string, unknown>;
  closures: string[];
  peopleColumns: string[];
}

export interface Chunk {
  tables: Array<{ table: Table; columns: readonly string[]; text: string }>;
  cases: number;
  rows: Record<string, number>;
  makeMs: number;
}

const input = workerData as WorkerInput;
const settings = resolveRuleSettings(input.ruleValues as never);
const world: World = {
  calendar: createCalendar(input.closures, { christmasEveClosed: settings.christmasEveClosed }),
  settings,
  ruleset: input.ruleset,
  today: new Date(input.today),
};
const rng = new Rng(input.seed);
const weights = input.authorities.map((a) => [a, a.weight] as const);
const totalWeight = input.authorities.reduce((s, a) => s + a.weight, 0);
const from = new Date(input.from).getTime();
const span = world.today.getTime() - from;

function pickAuthority(): Authority {
  let r = rng.next() * totalWeight;
  for (const [a, w] of weights) {
    r -= w;
    if (r <= 0) return a;
  }
  return input.authorities[0]!;
}

function makeChunk(start: number, end: number): Chunk {
  const t0 = performance.now();
  const histories: CaseHistory[] = [];
  for (let i = start; i < end; i++) {
    // Receipts spread evenly over the period, in order, with the hour of day at random.
    const receivedAt = new Date(from + Math.floor(((i + rng.next()) / input.cases) * span));
    histories.push(makeCase(rng, world, { serial: i, kind: rng.next() < input.childShare ? 'child' : 'adult', receivedAt, authority: pickAuthority() }));
  }
  const rows: Record<Table, Array<Record<string, unknown>>> = {
    people: histories.map((h) => h.person),
    concerns: histories.map((h) => h.concern),
    reports: histories.map((h) => h.report),
    cases: histories.map((h) => caseRow(h.projection)),
    case_events: histories.flatMap((h) => h.events),
    case_clocks: histories.flatMap((h) => h.clocks.map((c) => clockRow(h.projection.id, h.projection.localAuthorityId, c))),
    case_alerts: histories.flatMap((h) => h.alerts),
    audit_events: histories.flatMap((h) => h.audits),
  };
  const tables = LOAD_ORDER.map((table) => {
    const columns = table === 'people' ? input.peopleColumns : COLUMNS[table];
    return { table, columns, text: copyText(columns, rows[table]) };
  });
  return {
    tables,
    cases: end - start,
    rows: Object.fromEntries(LOAD_ORDER.map((t) => [t, rows[t].length])),
    makeMs: performance.now() - t0,
  };
}

let acked = 0;
let waiting: (() => void) | null = null;
parentPort!.on('message', () => {
  acked++;
  waiting?.();
});

let sent = 0;
for (let start = 0; start < input.cases; start += input.chunkSize) {
  const chunk = makeChunk(start, Math.min(input.cases, start + input.chunkSize));
  // Never more than one chunk waiting beyond the one being loaded.
  while (sent - acked >= 2) await new Promise<void>((resolve) => (waiting = resolve));
  parentPort!.postMessage(chunk);
  sent++;
}
parentPort!.postMessage('done');
