import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { Db, Tx } from '../store/database.js';
import * as store from '../store/allegations.repository.js';
import type { Reading } from '../store/read-together.js';
import * as cases from '../store/cases.repository.js';
import { findUserByEmail, findUserById } from '../store/users.repository.js';
import { findPerson } from '../store/people.repository.js';
import { listAuditForRecord } from '../store/audit.repository.js';
import { allegationScope, caseScope, leadsAllegation, type Actor } from '../domain/access-policy.js';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import {
  ALLEGATION_COMMAND_TYPES,
  evolveAllegation,
  foldAllegation,
  INITIAL_ALLEGATION_STATE,
  type AllegationCommand,
  type AllegationEvent,
  type AllegationState,
  type AllegationStepType,
} from '../domain/cases/allegation.model.js';
import { allegationPrecondition, decideAllegation, type AllegationActor } from '../domain/cases/allegation.decider.js';
import { audit, Refused, refused, transact } from './audit.js';
import type { Caller, RequestContext } from './context.js';
import { fieldErrors } from './concern.input.js';
import { expectedVersionSchema } from './case.input.js';
import { ALLEGATION_STEP_SCHEMAS, openAllegationSchema } from './allegation.input.js';
import { loadRules, type Rules } from './case-engine.js';
import { clockViews } from './clock-view.js';

/**
 * Allegations and concerns about practitioners (Section 5). A separate area: every read
 * goes through the allegation scope (the lead, the people they add, never the subject),
 * and anything outside it answers exactly as a record that does not exist.
 */
export function createAllegationService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  function actorFor(caller: Actor, found: { localAuthorityId: string; subjectUserId: string | null } | null): AllegationActor {
    return {
      userId: caller.userId,
      role: caller.role,
      organisationId: caller.organisationId,
      lead: found ? leadsAllegation(caller, found) : allegationScope(caller).leadOfLocalAuthorityId !== null,
    };
  }

  async function locate(tx: Tx, caller: Caller, id: string, ctx: RequestContext, action: string, forUpdate: boolean) {
    const found = isUuid(id) ? await store.findAllegationInScope(tx, allegationScope(caller), id, forUpdate) : undefined;
    if (!found) {
      throw refused(clock.now(), caller, ctx, action, null, 'not_found', { allegationId: id.slice(0, 64) });
    }
    return found;
  }

  async function apply(
    tx: Tx,
    rules: Rules,
    current: { projection: store.AllegationProjection; events: readonly { data: Record<string, unknown> }[] } | { newAllegation: store.AllegationProjection },
    command: AllegationCommand,
    actor: AllegationActor,
    now: Date,
  ) {
    const isNew = 'newAllegation' in current;
    const base = isNew ? current.newAllegation : current.projection;
    const state = isNew ? INITIAL_ALLEGATION_STATE : foldAllegation(current.events.map((e) => e.data as unknown as AllegationEvent));
    const events = decideAllegation(state, command, { now, actor, calendar: rules.calendar, settings: rules.settings });
    const next = events.reduce(evolveAllegation, state);
    const projection: store.AllegationProjection = { ...base, stage: next.stage ?? 'notified', outcome: next.outcome, updatedAt: now, version: next.version };
    if (isNew) await store.insertAllegation(tx, { ...projection, version: 0 });
    await store.appendAllegationEvents(tx, base.id, state.version + 1, events, { occurredAt: now, actorUserId: actor.userId, ruleset: rules.ruleset });
    if (!(await store.updateAllegation(tx, isNew ? 0 : base.version, projection))) throw new DomainError('conflict', 'error.conflict');
    await store.replaceAllegationProjections(tx, base.id, base.localAuthorityId, {
      members: next.members,
      linkedCases: next.linkedCases,
      clocks: Object.values(next.clocks).map((c) => ({
        key: c.key,
        timerId: c.timerId,
        startedAt: new Date(c.startedAt),
        dueAt: new Date(c.dueAt),
        dueDate: c.dueDate,
        stoppedAt: c.stoppedAt ? new Date(c.stoppedAt) : null,
        stopReason: c.stopReason,
        outcome: c.outcome,
        pausedAt: null,
        pauseReason: null,
        exceptionReason: c.exception?.reason ?? null,
        exceptionBy: c.exception?.approvedBy ?? null,
      })),
    });
    return { state: next, events, projection };
  }

  /** Turn the validated step input into the decider's command (ids chosen here, people looked up). */
  async function toCommand(tx: Tx, caller: Caller, type: AllegationStepType, input: Record<string, unknown>): Promise<AllegationCommand> {
    switch (type) {
      case 'add_member': {
        const user = await findUserByEmail(tx as unknown as Db, String(input['email']));
        if (!user) throw new DomainError('validation', 'error.validation', { email: 'error.memberEmail.unknown' });
        return { type, userId: user.id };
      }
      case 'link_case': {
        // Only someone who may see both can link them; a case out of scope reads as unknown.
        const found = await cases.findCaseInScope(tx, caseScope(caller, clock.now()), String(input['caseId']));
        if (!found) throw new DomainError('validation', 'error.validation', { caseId: 'error.caseId.unknown' });
        return { type, caseId: found.id };
      }
      case 'record_strategy_meeting':
        return { type, meetingId: randomUUID(), ...(input as Omit<Extract<AllegationCommand, { type: 'record_strategy_meeting' }>, 'type' | 'meetingId'>) };
      case 'add_referral':
        return { type, referralId: randomUUID(), ...(input as Omit<Extract<AllegationCommand, { type: 'add_referral' }>, 'type' | 'referralId'>) };
      case 'add_note':
        return { type, noteId: randomUUID(), ...(input as Omit<Extract<AllegationCommand, { type: 'add_note' }>, 'type' | 'noteId'>) };
      default:
        return { type, ...input } as AllegationCommand;
    }
  }

  return {
    /**
     * Whether the allegations area exists for this person: leads, and anyone added to an
     * allegation. Known at once for a lead; otherwise a reading, which every page makes.
     */
    accessReading(caller: Caller): Reading<boolean> {
      return store.anyAllegationAccessReading(db, allegationScope(caller));
    },

    /** Whether this person may record a new notification (the authority's allegations lead). */
    canOpen(caller: Caller): boolean {
      return allegationScope(caller).leadOfLocalAuthorityId !== null;
    },

    async list(caller: Caller, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const scope = allegationScope(caller);
        if (!(await store.hasAnyAllegationAccess(tx, scope))) {
          throw refused(clock.now(), caller, ctx, 'allegation.list', null, 'not_found');
        }
        const rows = await store.listAllegations(tx, scope, 200);
        await audit(tx, clock.now(), caller, ctx, 'allegation.list', null, 'success', { ids: rows.map((r) => r.id) });
        return rows;
      });
    },

    /** The designated officer records a notification: the allegation opens and its clocks start. */
    async open(caller: Caller, raw: unknown, ctx: RequestContext): Promise<{ id: string }> {
      const scope = allegationScope(caller);
      if (!scope.leadOfLocalAuthorityId) {
        await audit(db, clock.now(), caller, ctx, 'allegation.open', null, 'not_found');
        throw new DomainError('not_found', 'error.notFound');
      }
      const parsed = openAllegationSchema.safeParse(raw ?? {});
      if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
      const { subjectEmail, ...input } = parsed.data;
      return transact(db, async (tx) => {
        const now = clock.now();
        const subject = subjectEmail ? await findUserByEmail(tx as unknown as Db, subjectEmail) : undefined;
        if (subjectEmail && !subject) throw new DomainError('validation', 'error.validation', { subjectEmail: 'error.subjectEmail.unknown' });
        if (subject?.id === caller.userId) throw new DomainError('validation', 'error.validation', { subjectEmail: 'error.subjectEmail.self' });
        const rules = await loadRules(tx);
        const id = randomUUID();
        const base: store.AllegationProjection = {
          id,
          localAuthorityId: scope.leadOfLocalAuthorityId!,
          stage: 'notified',
          subjectName: input.subjectName,
          subjectUserId: subject?.id ?? null,
          employer: input.employer,
          outcome: null,
          notifiedAt: new Date(input.notifiedAt),
          openedBy: caller.userId,
          openedAt: now,
          updatedAt: now,
          version: 0,
        };
        await apply(
          tx,
          rules,
          { newAllegation: base },
          { type: 'open_allegation', allegationId: id, localAuthorityId: base.localAuthorityId, subjectUserId: base.subjectUserId, ...input },
          actorFor(caller, null),
          now,
        );
        await audit(tx, now, caller, ctx, 'allegation.open', { type: 'allegation', id }, 'success');
        return { id };
      });
    },

    /** One allegation as its page shows it; the read is audited. */
    async get(caller: Caller, id: string, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const found = await locate(tx, caller, id, ctx, 'allegation.read', false);
        const now = clock.now();
        const rules = await loadRules(tx);
        const [events, clockRows] = await Promise.all([store.loadAllegationEvents(tx, found.id), store.allegationClocks(tx, found.id)]);
        await audit(tx, now, caller, ctx, 'allegation.read', { type: 'allegation', id: found.id }, 'success');
        const state: AllegationState = foldAllegation(events.map((e) => e.data as unknown as AllegationEvent));
        const actor = actorFor(caller, found);
        const blocked: Partial<Record<AllegationStepType, string>> = {};
        for (const t of ALLEGATION_COMMAND_TYPES) {
          const r = allegationPrecondition(state, t, actor);
          if (r) blocked[t] = r;
        }
        // Linking needs sight of the case as well: someone with no cases in scope has nothing to link.
        if (!blocked.link_case && !(await cases.hasAnyCaseInScope(tx, caseScope(caller, clock.now())))) blocked.link_case = 'error.allegation.noCasesToLink';
        const allowed = ALLEGATION_COMMAND_TYPES.filter((t) => !blocked[t]);
        const members = [];
        for (const uid of state.members) {
          const u = await findUserById(tx as unknown as Db, uid);
          if (u) members.push({ id: u.id, name: u.name, email: u.email, organisationNameEn: u.organisationNameEn, organisationNameCy: u.organisationNameCy });
        }
        // Linked cases are listed only where this person may see the case too.
        const linkedCases = [];
        for (const cid of state.linkedCases) {
          const c = await cases.findCaseInScope(tx, caseScope(caller, clock.now()), cid);
          if (c) linkedCases.push({ id: c.id, kind: c.kind, stage: c.stage, personName: (await findPerson(tx, c.personId, caller.userId))?.fullName ?? '' });
        }
        return {
          allegation: found,
          state,
          events: events.map((e) => ({ seq: e.seq, type: e.type, data: e.data, occurredAt: e.occurredAt, actorName: e.actorName })),
          clocks: clockViews(clockRows, now, rules.calendar),
          allowed,
          blocked,
          lead: actor.lead,
          members,
          linkedCases,
          ruleset: rules.ruleset,
        };
      });
    },

    /** Take one step on an allegation: validated, decided, stored with its audit record in one transaction. */
    async execute(caller: Caller, id: string, type: AllegationStepType, raw: unknown, ctx: RequestContext): Promise<{ version: number }> {
      if (!(ALLEGATION_COMMAND_TYPES as readonly string[]).includes(type)) throw new DomainError('not_found', 'error.notFound');
      try {
        return await transact(db, async (tx) => {
          const found = await locate(tx, caller, id, ctx, `allegation.${type}`, true);
          const events = await store.loadAllegationEvents(tx, found.id);
          // Who may take the step is answered before the answers are checked: a refusal is a refusal.
          const actor = actorFor(caller, found);
          const state = foldAllegation(events.map((e) => e.data as unknown as AllegationEvent));
          if (allegationPrecondition(state, type, actor) === 'error.case.role') throw new DomainError('not_permitted', 'error.case.role');
          const parsed = ALLEGATION_STEP_SCHEMAS[type].safeParse(raw ?? {});
          if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
          const v = expectedVersionSchema.safeParse((raw as { expectedVersion?: unknown } | null)?.expectedVersion);
          if (!v.success) throw new DomainError('validation', 'error.validation', { expectedVersion: 'error.expectedVersion.invalid' });
          if (v.data !== found.version) throw new DomainError('conflict', 'error.conflict');
          const now = clock.now();
          const rules = await loadRules(tx);
          const command = await toCommand(tx, caller, type, parsed.data as Record<string, unknown>);
          let applied;
          try {
            applied = await apply(tx, rules, { projection: found, events }, command, actor, now);
          } catch (e) {
            // The decider speaks of the person's account; the form and the API asked for an email address.
            if (type === 'add_member' && e instanceof DomainError && e.fields?.['userId']) {
              throw new DomainError('validation', 'error.validation', { email: e.fields['userId'] });
            }
            throw e;
          }
          await audit(tx, now, caller, ctx, `allegation.${type}`, { type: 'allegation', id: found.id }, 'success', {
            events: applied.events.map((e) => e.type),
          });
          return { version: applied.projection.version };
        });
      } catch (e) {
        // A Refused was audited by transact already.
        if (e instanceof DomainError && !(e instanceof Refused) && e.code === 'not_permitted') {
          await audit(db, clock.now(), caller, ctx, `allegation.${type}`, isUuid(id) ? { type: 'allegation', id } : null, 'denied', { reason: e.message });
        }
        throw e;
      }
    },

    /** Who has opened or changed this allegation: for its lead. */
    async whoHasSeen(caller: Caller, id: string, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const found = await locate(tx, caller, id, ctx, 'allegation.who_has_seen', false);
        const lead = leadsAllegation(caller, found);
        if (!lead) throw refused(clock.now(), caller, ctx, 'allegation.who_has_seen', { type: 'allegation', id: found.id }, 'not_found');
        await audit(tx, clock.now(), caller, ctx, 'allegation.who_has_seen', { type: 'allegation', id: found.id }, 'success');
        return { allegation: found, entries: await listAuditForRecord(tx, 'allegation', [found.id], 1000) };
      });
    },

    /** Allegations linked to a case that this person may see (shown on the case page only to them). */
    linkedToCase(tx: Tx, caller: Caller, caseId: string) {
      return store.allegationsLinkedToCase(tx, allegationScope(caller), caseId);
    },
  };
}

export type AllegationService = ReturnType<typeof createAllegationService>;
export type AllegationView = Awaited<ReturnType<AllegationService['get']>>;
