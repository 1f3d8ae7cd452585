import { createCalendar, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { resolveRuleSettings, rulesetLabel, type RuleSettings } from '../domain/rule-settings.js';
import { DomainError } from '../domain/errors.js';
import type { ChildCaseCommand } from '../domain/cases/child-protection.commands.js';
import { decideChildCase, type DecisionActor } from '../domain/cases/child-protection.decider.js';
import type { ChildCaseEvent } from '../domain/cases/child-protection.events.js';
import { evolveChildCase, INITIAL_CHILD_CASE_STATE, type ChildCaseState } from '../domain/cases/child-protection.state.js';
import {
  decideAdultCase,
  evolveAdultCase,
  INITIAL_ADULT_CASE_STATE,
  type AdultCaseCommand,
  type AdultCaseEvent,
  type AdultCaseState,
} from '../domain/cases/adult-protection.js';
import type { Tx, Db } from '../store/database.js';
import * as cases from '../store/cases.repository.js';
import { listClosures, loadRuleSettings } from '../store/rule-settings.repository.js';

/**
 * The one path by which a case changes: fold the stream, decide, append the new
 * events at the expected version, and rebuild the projections — all inside the
 * caller's transaction, together with its audit record.
 */
export interface Rules {
  calendar: WorkingDayCalendar;
  settings: RuleSettings;
  settingsVersion: number;
  ruleset: string;
}

export async function loadRules(db: Db | Tx): Promise<Rules> {
  const [{ values, version }, closures] = await Promise.all([loadRuleSettings(db), listClosures(db)]);
  const settings = resolveRuleSettings(values);
  return {
    settings,
    settingsVersion: version,
    ruleset: rulesetLabel(version),
    calendar: createCalendar(
      closures.map((c) => c.date),
      { christmasEveClosed: settings.christmasEveClosed },
    ),
  };
}

export function foldChild(events: readonly { data: Record<string, unknown> }[]): ChildCaseState {
  return events.reduce((s, e) => evolveChildCase(s, e.data as unknown as ChildCaseEvent), INITIAL_CHILD_CASE_STATE);
}

export function foldAdult(events: readonly { data: Record<string, unknown> }[]): AdultCaseState {
  return events.reduce((s, e) => evolveAdultCase(s, e.data as unknown as AdultCaseEvent), INITIAL_ADULT_CASE_STATE);
}

export interface Applied<S> {
  state: S;
  events: { type: string }[];
  projection: cases.CaseProjection;
}

function childProjection(base: cases.CaseProjection, s: ChildCaseState, personId: string, now: Date): cases.CaseProjection {
  return {
    ...base,
    localAuthorityId: s.localAuthorityId ?? base.localAuthorityId,
    transferToLocalAuthorityId: s.transfer?.toLocalAuthorityId ?? null,
    personId,
    stage: s.stage ?? 'received',
    registered: s.stage === 'registered',
    categories: s.registration?.categories ?? [],
    registeredAt: s.registration ? new Date(s.registration.registeredAt) : null,
    coordinatorId: s.registration?.coordinatorId ?? null,
    allocatedTo: s.allocatedTo,
    nextReviewDue: s.registration?.nextReviewDue ?? null,
    missingSince: s.missingSince ? new Date(s.missingSince) : null,
    immediateProtection: s.immediateProtection?.power ?? null,
    updatedAt: now,
    version: s.version,
  };
}

function clockRows(s: ChildCaseState | null, adultEvents?: readonly AdultCaseEvent[]): cases.ClockProjection[] {
  if (s) {
    return Object.values(s.clocks).map((c) => ({
      key: c.key,
      timerId: c.timerId,
      startedAt: new Date(c.startedAt),
      dueAt: new Date(c.dueAt),
      dueDate: c.dueDate,
      stoppedAt: c.stoppedAt ? new Date(c.stoppedAt) : null,
      stopReason: c.stopReason,
      outcome: c.outcome,
      pausedAt: c.pausedAt ? new Date(c.pausedAt) : null,
      pauseReason: c.pauseReason,
      exceptionReason: c.exception?.reason ?? null,
      exceptionBy: c.exception?.approvedBy ?? null,
    }));
  }
  const out = new Map<string, cases.ClockProjection>();
  for (const e of adultEvents ?? []) {
    if (e.type === 'ClockStarted') {
      out.set(e.key, {
        key: e.key, timerId: e.timerId, startedAt: new Date(e.startedAt), dueAt: new Date(e.dueAt), dueDate: e.dueDate,
        stoppedAt: null, stopReason: null, outcome: null, pausedAt: null, pauseReason: null, exceptionReason: null, exceptionBy: null,
      });
    } else if (e.type === 'ClockStopped') {
      const c = out.get(e.key);
      if (c) out.set(e.key, { ...c, stoppedAt: new Date(e.at), stopReason: e.reason, outcome: e.outcome });
    }
  }
  return [...out.values()];
}

/**
 * Append the new events at the expected position and move the projections on. The
 * version check on `cases` is what turns a concurrent change into a conflict.
 */
async function persist(
  tx: Tx,
  rules: Rules,
  p: {
    isNew: boolean;
    base: cases.CaseProjection;
    fromSeq: number;
    events: readonly { type: string }[];
    projection: cases.CaseProjection;
    clocks: cases.ClockProjection[];
    actor: DecisionActor;
    now: Date;
  },
): Promise<void> {
  if (p.isNew) await cases.insertCase(tx, { ...p.projection, version: 0 });
  await cases.appendEvents(tx, p.base.id, p.fromSeq, p.events, {
    occurredAt: p.now,
    actorUserId: p.actor.role === 'system' ? null : p.actor.userId,
    ruleset: rules.ruleset,
  });
  if (!(await cases.updateCase(tx, p.isNew ? 0 : p.base.version, p.projection))) throw new DomainError('conflict', 'error.conflict');
  await cases.replaceClocks(tx, p.base.id, p.projection.localAuthorityId, p.clocks);
}

/** Apply a command to a child's case (new when `current` is null). */
export async function applyChildCommand(
  tx: Tx,
  rules: Rules,
  current: { projection: cases.CaseProjection; events: readonly { data: Record<string, unknown> }[] } | { newCase: cases.CaseProjection },
  command: ChildCaseCommand,
  actor: DecisionActor,
  now: Date,
): Promise<Applied<ChildCaseState>> {
  const isNew = 'newCase' in current;
  const base = isNew ? current.newCase : current.projection;
  const state = isNew ? INITIAL_CHILD_CASE_STATE : foldChild(current.events);
  const events = decideChildCase(state, command, { now, actor, calendar: rules.calendar, settings: rules.settings });
  const next = events.reduce(evolveChildCase, state);
  const birth = events.find((e) => e.type === 'BirthRecorded');
  const projection = childProjection(base, next, birth?.type === 'BirthRecorded' ? birth.childPersonId : base.personId, now);
  await persist(tx, rules, { isNew, base, fromSeq: state.version + 1, events, projection, clocks: clockRows(next), actor, now });
  const alerts = events
    .map((e, i) => ({ e, seq: state.version + 1 + i }))
    .filter(({ e }) => e.type === 'SeniorManagerAlerted')
    .map(({ e, seq }) => ({
      caseId: base.id,
      seq,
      localAuthorityId: projection.localAuthorityId,
      reason: e.type === 'SeniorManagerAlerted' ? e.reason : '',
      createdAt: now,
    }));
  await cases.insertAlerts(tx, alerts);
  return { state: next, events, projection };
}

/** Apply a command to an adult's case (new when `current` is null). */
export async function applyAdultCommand(
  tx: Tx,
  rules: Rules,
  current: { projection: cases.CaseProjection; events: readonly { data: Record<string, unknown> }[] } | { newCase: cases.CaseProjection },
  command: AdultCaseCommand,
  actor: DecisionActor,
  now: Date,
): Promise<Applied<AdultCaseState>> {
  const isNew = 'newCase' in current;
  const base = isNew ? current.newCase : current.projection;
  const history = isNew ? [] : current.events.map((e) => e.data as unknown as AdultCaseEvent);
  const state = history.reduce(evolveAdultCase, INITIAL_ADULT_CASE_STATE);
  const events = decideAdultCase(state, command, { now, actor, calendar: rules.calendar, settings: rules.settings });
  const next = events.reduce(evolveAdultCase, state);
  const projection: cases.CaseProjection = { ...base, stage: next.stage ?? 'received', updatedAt: now, version: next.version };
  const clocks = clockRows(null, [...history, ...events]);
  await persist(tx, rules, { isNew, base, fromSeq: state.version + 1, events, projection, clocks, actor, now });
  return { state: next, events, projection };
}
