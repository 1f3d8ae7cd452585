import { createCalendar, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { resolveRuleSettings, rulesetLabel, type RuleSettings } from '../domain/rule-settings.js';
import { DomainError } from '../domain/errors.js';
import type { ChildCaseCommand } from '../domain/cases/child-protection.commands.js';
import { decideChildCase, type DecisionActor } from '../domain/cases/child-protection.decider.js';
import type { ChildCaseEvent } from '../domain/cases/child-protection.events.js';
import { evolveChildCase, INITIAL_CHILD_CASE_STATE, type ChildCaseState } from '../domain/cases/child-protection.state.js';
import {
  evolveAdultCase,
  INITIAL_ADULT_CASE_STATE,
  type AdultCaseCommand,
  type AdultCaseEvent,
  type AdultCaseState,
} from '../domain/cases/adult-protection.model.js';
import { decideAdultCase } from '../domain/cases/adult-protection.decider.js';
import type { ClockBook } from '../domain/cases/clocks.js';
import type { Tx, Db } from '../store/database.js';
import * as cases from '../store/cases.repository.js';
import { loadRuleInputs, ruleInputsUnchangedGuard, type RuleInputs } from '../store/rule-settings.repository.js';
import { WriteRefused, type Write } from '../store/write-together.js';

/**
 * The one path by which a case changes: fold the stream, decide, append the new
 * events at the expected version, and rebuild the projections — in one statement with
 * the caller's own writes and its audit record (writeTogether), inside the caller's
 * transaction or, where the reads before it need none, on its own.
 */
export interface Rules {
  calendar: WorkingDayCalendar;
  settings: RuleSettings;
  settingsVersion: number;
  ruleset: string;
  /** The closure dates the calendar was made with */
  closures: readonly string[];
  /** Kept in memory (rememberedRules): a step made with them checks, as it is written, that they still hold. */
  remembered?: true;
}

export async function loadRules(db: Db | Tx): Promise<Rules> {
  return rulesOf(await loadRuleInputs(db));
}

function rulesOf({ values, version, closures }: RuleInputs): Rules {
  const settings = resolveRuleSettings(values);
  return {
    settings,
    settingsVersion: version,
    ruleset: rulesetLabel(version),
    calendar: createCalendar(
      closures,
      { christmasEveClosed: settings.christmasEveClosed },
    ),
    closures,
  };
}

const remembered = new WeakMap<object, Rules>();

/**
 * The rules as last loaded on this database, without a round trip once they have been: for a
 * step written in one statement outside a transaction (a report). The statement checks they
 * still hold (ruleInputsUnchangedGuard, added by persist) and is refused with 'rules' when
 * they do not; `withRememberedRules` then loads them afresh and makes the step again.
 */
async function rememberedRules(db: Db): Promise<Rules> {
  const known = remembered.get(db);
  if (known) return known;
  const rules: Rules = { ...(await loadRules(db)), remembered: true };
  remembered.set(db, rules);
  return rules;
}

/**
 * Rules from inputs just read (with ruleInputsReading, alongside a page's other reads): the
 * remembered ones when the inputs are theirs, so the calendar is not made again for every
 * page, and otherwise new ones, remembered from now on.
 */
export function rulesFromInputs(db: Db, inputs: RuleInputs): Rules {
  const known = remembered.get(db);
  if (known && known.settingsVersion === inputs.version && known.closures.join(',') === inputs.closures.join(',')) return known;
  const rules: Rules = { ...rulesOf(inputs), remembered: true };
  remembered.set(db, rules);
  return rules;
}

/** Runs `step` with the remembered rules, and once more with fresh ones if they had changed. */
export async function withRememberedRules<T>(db: Db, step: (rules: Rules) => Promise<T>): Promise<T> {
  try {
    return await step(await rememberedRules(db));
  } catch (e) {
    if (!(e instanceof WriteRefused) || e.what !== 'rules') throw e;
    remembered.delete(db);
    return step(await rememberedRules(db));
  }
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

/** The `cases` row a child's state projects to (exported for the synthetic-data generator, bench/data). */
export function childProjection(base: cases.CaseProjection, s: ChildCaseState, personId: string, now: Date): cases.CaseProjection {
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

/** The `case_clocks` rows of a state's clocks. */
export function clockRows(s: ClockBook): cases.ClockProjection[] {
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

/** The `cases` row an adult's state projects to. */
export function adultProjection(base: cases.CaseProjection, s: AdultCaseState, now: Date): cases.CaseProjection {
  return {
    ...base,
    stage: s.stage ?? 'received',
    categories: s.categories,
    coordinatorId: s.leadPractitionerId,
    allocatedTo: s.allocatedTo,
    updatedAt: now,
    version: s.version,
  };
}

/** Senior-manager alerts raised by new events, for the authority's work tray. */
export function alertRows(caseId: string, fromSeq: number, localAuthorityId: string, events: readonly { type: string }[], now: Date) {
  return events
    .map((e, i) => ({ e, seq: fromSeq + i }))
    .filter(({ e }) => e.type === 'SeniorManagerAlerted')
    .map(({ e, seq }) => ({ caseId, seq, localAuthorityId, reason: (e as unknown as { reason: string }).reason, createdAt: now }));
}

/**
 * Append the new events at the expected position and move the projections on, in one
 * statement with the step's other writes (`also`: its audit record). The version check on
 * `cases` is what turns a concurrent change into a conflict; with rules kept in memory, a
 * guard checks they still hold.
 */
async function persist(
  tx: Db | Tx,
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
  also: readonly Write[],
): Promise<void> {
  const saved = await cases.saveCaseChange(
    tx,
    {
      isNew: p.isNew,
      expectedVersion: p.base.version,
      projection: p.projection,
      fromSeq: p.fromSeq,
      events: p.events,
      meta: { occurredAt: p.now, actorUserId: p.actor.role === 'system' ? null : p.actor.userId, ruleset: rules.ruleset },
      clocks: p.clocks,
      alerts: alertRows(p.base.id, p.fromSeq, p.projection.localAuthorityId, p.events, p.now),
    },
    rules.remembered ? [ruleInputsUnchangedGuard(tx, rules.settingsVersion, rules.closures), ...also] : also,
  );
  if (!saved) throw new DomainError('conflict', 'error.conflict');
}

/** Apply a command to a child's case (new when `current` is null). */
export async function applyChildCommand(
  tx: Db | Tx,
  rules: Rules,
  current: { projection: cases.CaseProjection; events: readonly { data: Record<string, unknown> }[] } | { newCase: cases.CaseProjection },
  command: ChildCaseCommand,
  actor: DecisionActor,
  now: Date,
  also: readonly Write[] = [],
): Promise<Applied<ChildCaseState>> {
  const isNew = 'newCase' in current;
  const base = isNew ? current.newCase : current.projection;
  const state = isNew ? INITIAL_CHILD_CASE_STATE : foldChild(current.events);
  const events = decideChildCase(state, command, { now, actor, calendar: rules.calendar, settings: rules.settings });
  const next = events.reduce(evolveChildCase, state);
  const birth = events.find((e) => e.type === 'BirthRecorded');
  const projection = childProjection(base, next, birth?.type === 'BirthRecorded' ? birth.childPersonId : base.personId, now);
  await persist(tx, rules, { isNew, base, fromSeq: state.version + 1, events, projection, clocks: clockRows(next), actor, now }, also);
  return { state: next, events, projection };
}

/** Apply a command to an adult's case (new when `current` is null). */
export async function applyAdultCommand(
  tx: Db | Tx,
  rules: Rules,
  current: { projection: cases.CaseProjection; events: readonly { data: Record<string, unknown> }[] } | { newCase: cases.CaseProjection },
  command: AdultCaseCommand,
  actor: DecisionActor,
  now: Date,
  also: readonly Write[] = [],
): Promise<Applied<AdultCaseState>> {
  const isNew = 'newCase' in current;
  const base = isNew ? current.newCase : current.projection;
  const state = isNew ? INITIAL_ADULT_CASE_STATE : foldAdult(current.events);
  const events = decideAdultCase(state, command, { now, actor, calendar: rules.calendar, settings: rules.settings });
  const next = events.reduce(evolveAdultCase, state);
  const projection = adultProjection(base, next, now);
  await persist(tx, rules, { isNew, base, fromSeq: state.version + 1, events, projection, clocks: clockRows(next), actor, now }, also);
  return { state: next, events, projection };
}
