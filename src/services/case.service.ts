import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { Db, Tx } from '../store/database.js';
import * as cases from '../store/cases.repository.js';
import { findOrganisation, findOrganisations, organisationsReading } from '../store/organisations.repository.js';
import { findUserById, listStaff, staffReading } from '../store/users.repository.js';
import { findPerson, linkBornPerson, personReading } from '../store/people.repository.js';
import { known, readTogether, type Reading } from '../store/read-together.js';
import { ruleInputsReading } from '../store/rule-settings.repository.js';
import { harmRouteTasksReading } from '../store/harm-routes.repository.js';
import { insertPerson } from '../store/concerns.repository.js';
import type { Write } from '../store/write-together.js';
import { listAuditForRecord } from '../store/audit.repository.js';
import { markReportDecided } from '../store/reports.repository.js';
import { can, canManageCaseAccess, canSeeWhoHasSeen, caseAccess, caseScope, type Actor } from '../domain/access-policy.js';
import { accessAlertsFor, activeGrantAmong, caseAccessFacts, caseAccessFactsReading, copyPersonLabels } from '../store/case-access.repository.js';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { addCalendarDays, londonDate, workingDaysBetween } from '../domain/calendar/working-days.js';
import { clockDisplayStatus } from '../domain/timers.js';
import { allowedCommands, nextConferenceKind, precondition } from '../domain/cases/child-protection.decider.js';
import {
  CHILD_CASE_COMMAND_TYPES,
  type ChildCaseCommand,
  type UserCommandType,
} from '../domain/cases/child-protection.commands.js';
import { isChronologyEvent, SIGNIFICANT_EVENT_TYPES } from '../domain/cases/child-protection.events.js';
import { audit, auditedRead, Refused, refused, transact } from './audit.js';
import type { Caller, RequestContext } from './context.js';
import { fieldErrors } from './concern.input.js';
import { addSiblingSchema, CASE_COMMAND_SCHEMAS, expectedVersionSchema } from './case.input.js';
import { applyAdultCommand, applyChildCommand, foldAdult, foldChild, loadRules, rulesFromInputs, type Rules } from './case-engine.js';
import { ADULT_CASE_COMMAND_TYPES, apsoInForce, type AdultCaseCommand, type AdultUserCommandType } from '../domain/cases/adult-protection.model.js';
import { adultPrecondition, allowedAdultCommands } from '../domain/cases/adult-protection.decider.js';
import { ADULT_COMMAND_SCHEMAS } from './adult-case.input.js';
import { linkedAllegationsReading } from '../store/allegations.repository.js';
import { allegationScope } from '../domain/access-policy.js';
import { clockViews as sharedClockViews } from './clock-view.js';
import { harmRouteViews } from './harm-routes.service.js';

/** Local-authority staff who can be co-ordinators or allocated workers. */
const CASEWORKER_ROLES = ['duty_social_worker', 'team_manager', 'senior_manager'] as const;

export interface OpenCaseInput {
  reportId: string;
  concernId: string;
  personId: string;
  kind: 'child' | 'adult';
  localAuthorityId: string;
  receivedAt: Date;
  unborn: boolean;
  dateOfBirth: string | null;
  expectedDueDate: string | null;
  channel?: 'written' | 'telephone';
  verbalAt?: Date | null;
  /** When the concern was identified (T-A1 for adults: reported within 24 hours). */
  identifiedAt?: Date | null;
}

/** The most clocks the work tray lists (at Wales scale a team can have over a thousand due in a week). */
export const TRAY_LIMIT = 1000;

export function createCaseService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  function decisionActor(caller: Actor) {
    return { userId: caller.userId, role: caller.role, organisationId: caller.organisationId };
  }

  /** Find a case in the caller's scope, or audit the attempt and answer exactly like a missing record. */
  async function locate(tx: Db | Tx, caller: Caller, id: string, ctx: RequestContext, action: string, forUpdate: boolean) {
    const scope = caseScope(caller, clock.now());
    const found = isUuid(id)
      ? forUpdate
        ? // Locking is asked for only by steps, which run in a transaction.
          await cases.findCaseForUpdate(tx as Tx, scope, id)
        : await cases.findCaseInScope(tx, scope, id)
      : undefined;
    if (!found) {
      throw refused(clock.now(), caller, ctx, action, null, 'not_found', { caseId: id.slice(0, 64) });
    }
    return found;
  }

  /** What the caller may do with a case they can see: read it, or work on it (DESIGN.md, Access). */
  async function accessTo(tx: Db | Tx, caller: Caller, found: cases.CaseProjection) {
    return accessFrom(caller, await caseAccessFacts(tx, found));
  }

  function accessFrom(caller: Caller, facts: Awaited<ReturnType<typeof caseAccessFacts>>) {
    const now = clock.now();
    const manage = canManageCaseAccess(caller, facts, now);
    return {
      level: caseAccess(caller, facts, now),
      manage,
      // Whether the case is restricted is for those who manage who can see it.
      restricted: manage ? facts.restricted : null,
      // How the caller is on the case (the page says why they may only read it).
      relationships: [...new Set(facts.members.filter((m) => m.userId === caller.userId).map((m) => m.relationship))],
      grants: facts.breakGlass,
    };
  }

  /** Steps and changes need a working relationship; someone who may only read is refused (and it is audited). */
  async function requireWork(tx: Tx, caller: Caller, found: cases.CaseProjection, ctx: RequestContext, action: string) {
    if ((await accessTo(tx, caller, found)).level === 'work') return;
    throw refused(clock.now(), caller, ctx, action, { type: 'case', id: found.id }, 'denied', { reason: 'read_only' }, { code: 'not_permitted', message: 'error.case.readOnly' });
  }

  /** Open a case for a received report (called inside the report's own transaction). The first child's case takes the report's id. */
  async function openForReport(
    tx: Db | Tx,
    rules: Rules,
    input: OpenCaseInput,
    actor: Actor,
    householdId?: string,
    caseId?: string,
    also: readonly Write[] = [],
  ): Promise<string> {
      const id = caseId ?? randomUUID();
      const now = clock.now();
      const base: cases.CaseProjection = {
        id,
        kind: input.kind,
        localAuthorityId: input.localAuthorityId,
        transferToLocalAuthorityId: null,
        householdId: householdId ?? randomUUID(),
        reportId: input.reportId,
        personId: input.personId,
        stage: 'received',
        registered: false,
        categories: [],
        registeredAt: null,
        coordinatorId: null,
        allocatedTo: null,
        nextReviewDue: null,
        missingSince: null,
        immediateProtection: null,
        openedAt: now,
        updatedAt: now,
        version: 0,
      };
      const system = { userId: actor.userId, role: 'system' as const, organisationId: input.localAuthorityId };
      if (input.kind === 'adult') {
        await applyAdultCommand(
          tx,
          rules,
          { newCase: base },
          {
            type: 'open_case',
            reportId: input.reportId,
            concernId: input.concernId,
            personId: input.personId,
            householdId: base.householdId,
            localAuthorityId: input.localAuthorityId,
            receivedAt: input.receivedAt.toISOString(),
            channel: input.channel ?? 'written',
            verbalAt: input.verbalAt ? input.verbalAt.toISOString() : null,
            identifiedAt: input.identifiedAt ? input.identifiedAt.toISOString() : null,
          },
          system,
          now,
          also,
        );
      } else {
        await applyChildCommand(
          tx,
          rules,
          { newCase: base },
          {
            type: 'open_case',
            reportId: input.reportId,
            concernId: input.concernId,
            personId: input.personId,
            householdId: base.householdId,
            localAuthorityId: input.localAuthorityId,
            receivedAt: input.receivedAt.toISOString(),
            channel: input.channel ?? 'written',
            verbalAt: input.verbalAt ? input.verbalAt.toISOString() : null,
            unborn: input.unborn,
            dateOfBirth: input.dateOfBirth,
            expectedDueDate: input.expectedDueDate,
          },
          system,
          now,
          also,
        );
      }
      return id;
    }

  async function checkExpectedVersion(found: cases.CaseProjection, raw: unknown) {
    const v = expectedVersionSchema.safeParse((raw as { expectedVersion?: unknown } | null)?.expectedVersion);
    if (!v.success) throw new DomainError('validation', 'error.validation', { expectedVersion: 'error.expectedVersion.invalid' });
    if (v.data !== found.version) throw new DomainError('conflict', 'error.conflict');
  }

  /**
   * Check references to people and places point at real ones. Co-ordinators and allocated
   * workers come from the caller's own authority: the responsible one, or — at a
   * transfer-in conference — the receiving one.
   */
  async function checkReferences(tx: Tx, caller: Caller, input: Record<string, unknown>) {
    for (const field of ['coordinatorId', 'workerId', 'chairId', 'leadPractitionerId', 'authorisedOfficerId'] as const) {
      const id = input[field];
      if (typeof id !== 'string') continue;
      const user = await findUserById(tx as unknown as Db, id);
      if (!user || user.organisationId !== caller.organisationId || !(CASEWORKER_ROLES as readonly string[]).includes(user.role)) {
        throw new DomainError('validation', 'error.validation', { [field]: `error.${field}.required` });
      }
    }
    const la = input['toLocalAuthorityId'];
    if (typeof la === 'string') {
      const org = await findOrganisation(tx as unknown as Db, la);
      if (!org || org.kind !== 'local_authority') {
        throw new DomainError('validation', 'error.validation', { toLocalAuthorityId: 'error.toLocalAuthorityId.required' });
      }
    }
  }

  function parse<T extends UserCommandType>(type: T, raw: unknown, caseId: string) {
    const schema = CASE_COMMAND_SCHEMAS[type];
    const parsed = schema.safeParse(raw ?? {});
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      // A conference's decision for one child: name the field and, for a sibling, the child.
      for (const issue of parsed.error.issues) {
        const [top, child, field] = issue.path.map(String);
        if (top !== 'decisions' || !child) continue;
        delete fields['decisions'];
        const key = child === caseId ? (field ?? 'decision') : `${field ?? 'decision'}.${child}`;
        if (!(key in fields)) fields[key] = issue.message.startsWith('error.') ? issue.message : 'error.decision.required';
      }
      throw new DomainError('validation', 'error.validation', fields);
    }
    return parsed.data as Record<string, unknown>;
  }

  async function runChild(
    tx: Tx,
    rules: Rules,
    caller: Caller,
    found: cases.CaseProjection,
    command: ChildCaseCommand,
    now: Date,
  ) {
    const events = await cases.loadEvents(tx, found.id);
    return applyChildCommand(tx, rules, { projection: found, events }, command, decisionActor(caller), now);
  }

  /** Build the command from the validated input, choosing identifiers for new things. */
  function toCommand(type: UserCommandType, input: Record<string, unknown>): ChildCaseCommand {
    switch (type) {
      case 'record_strategy_discussion':
        return { type, strategyId: randomUUID(), ...(input as Omit<Extract<ChildCaseCommand, { type: typeof type }>, 'type' | 'strategyId'>) };
      case 'add_plan_action':
        return { type, actionId: randomUUID(), ...(input as Omit<Extract<ChildCaseCommand, { type: typeof type }>, 'type' | 'actionId'>) };
      case 'add_chronology_entry':
        return { type, entryId: randomUUID(), ...(input as Omit<Extract<ChildCaseCommand, { type: typeof type }>, 'type' | 'entryId'>) };
      default:
        return { type, ...input } as ChildCaseCommand;
    }
  }

  function clockViews(rows: cases.ClockProjection[], now: Date, rules: Rules) {
    return sharedClockViews(rows, now, rules.calendar);
  }

  /** Build an adult's command from the validated input, choosing identifiers for new things. */
  function toAdultCommand(type: AdultUserCommandType, input: Record<string, unknown>): AdultCaseCommand {
    const id = randomUUID();
    switch (type) {
      case 'record_strategy':
        return { type, strategyId: id, ...input } as AdultCaseCommand;
      case 'schedule_conference':
        return { type, conferenceId: id, ...input } as AdultCaseCommand;
      case 'add_plan_action':
        return { type, actionId: id, ...input } as AdultCaseCommand;
      case 'add_chronology_entry':
        return { type, entryId: id, ...input } as AdultCaseCommand;
      case 'apply_for_apso':
        return { type, applicationId: id, ...input } as AdultCaseCommand;
      default:
        return { type, ...input } as AdultCaseCommand;
    }
  }

  /** One step on an adult's case (DOMAIN.md §3, §4, §10.3). */
  async function executeAdult(tx: Tx, caller: Caller, found: cases.CaseProjection, type: string, raw: unknown, ctx: RequestContext) {
    if (!(ADULT_CASE_COMMAND_TYPES as readonly string[]).includes(type)) throw new DomainError('not_found', 'error.notFound');
    const step = type as AdultUserCommandType;
    if (adultPrecondition(foldAdult(await cases.loadEvents(tx, found.id)), step, decisionActor(caller)) === 'error.case.role') {
      throw new DomainError('not_permitted', 'error.case.role');
    }
    const parsed = ADULT_COMMAND_SCHEMAS[step].safeParse(raw ?? {});
    if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
    const input = parsed.data as Record<string, unknown>;
    await checkExpectedVersion(found, raw);
    await checkReferences(tx, caller, input);
    const now = clock.now();
    const rules = await loadRules(tx);
    const events = await cases.loadEvents(tx, found.id);
    const command = toAdultCommand(step, input);
    const applied = await applyAdultCommand(tx, rules, { projection: found, events }, command, decisionActor(caller), now);
    if (command.type === 'record_decision' && found.id === found.reportId) {
      await markReportDecided(tx, found.reportId, { decision: command.decision, rationale: command.rationale, decidedBy: caller.userId, decidedAt: now });
    }
    await audit(tx, now, caller, ctx, `case.${type}`, { type: 'case', id: found.id }, 'success', { events: applied.events.map((e) => e.type) });
    return { version: applied.projection.version };
  }

  return {
    openForReport,

    /** Record the local authority's decision on a report for an adult (issue 4 extends the adult process). */
    async decideAdult(tx: Tx, rules: Rules, caller: Caller, found: cases.CaseProjection, decision: { decision: string; rationale: string }) {
      const events = await cases.loadEvents(tx, found.id);
      return applyAdultCommand(
        tx,
        rules,
        { projection: found, events },
        { type: 'record_decision', decision: decision.decision as never, rationale: decision.rationale },
        decisionActor(caller),
        clock.now(),
      );
    },

    async runChild(tx: Tx, rules: Rules, caller: Caller, found: cases.CaseProjection, command: ChildCaseCommand) {
      return runChild(tx, rules, caller, found, command, clock.now());
    },

    /**
     * Whether the Cases area exists for this person: everyone who works on cases, and
     * anyone else (a teacher on a core group, say) only while they are on one. Known at once
     * for those who work on cases; otherwise a reading, which every page makes.
     */
    accessReading(caller: Caller): Reading<boolean> {
      if (can(caller, 'case.work')) return known(true);
      return can(caller, 'case.view') ? cases.anyCaseInScopeReading(db, caseScope(caller, clock.now())) : known(false);
    },

    /** Cases the caller can see, most recently changed first. */
    async list(caller: Caller, ctx: RequestContext) {
      if (!can(caller, 'case.view')) throw new DomainError('not_found', 'error.notFound');
      return transact(db, async (tx) => {
        const rows = await cases.listCases(tx, caseScope(caller, clock.now()), 200);
        await audit(tx, clock.now(), caller, ctx, 'case.list', null, 'success', { ids: rows.map((r) => r.id) });
        return rows;
      });
    },

    /** A case as its page shows it: stage, next steps, clocks, household and plan. The read is audited. */
    async get(caller: Caller, id: string, ctx: RequestContext) {
      // Reads only, and the audit record of them: no transaction. Once the case is found in the
      // caller's scope, everything else the page shows is one statement (readTogether, one
      // snapshot), run side by side with the audit record on the pool.
      return auditedRead(db, async (tx) => {
        const found = await locate(tx, caller, id, ctx, 'case.read', false);
        const now = clock.now();
        const [read] = await Promise.all([
          readTogether(tx, {
            facts: caseAccessFactsReading(found),
            rules: ruleInputsReading(),
            events: cases.eventsReading(tx, found.id),
            clockRows: cases.clocksReading(tx, found.id),
            person: personReading(tx, found.personId, caller.userId),
            household: cases.householdReading(tx, caseScope(caller, now), found.householdId),
            staff: staffReading(tx, caller.organisationId, CASEWORKER_ROLES),
            // An allegation about a practitioner linked to this case shows only to those who may see it (Section 5).
            linkedAllegations: linkedAllegationsReading(tx, allegationScope(caller), found.id),
            organisations: organisationsReading(tx, [found.localAuthorityId, found.transferToLocalAuthorityId]),
            // Specific harm routes (DOMAIN.md §6.2): their open tasks show on the case until done.
            harmRouteTasks: harmRouteTasksReading(tx, found),
          }),
          audit(tx, now, caller, ctx, 'case.read', { type: 'case', id: found.id }, 'success'),
        ]);
        const { events, clockRows, person, household, staff, linkedAllegations, organisations } = read;
        const access = accessFrom(caller, read.facts);
        const rules = rulesFromInputs(db, read.rules);
        const harmRoutes = harmRouteViews(read.harmRouteTasks, now);
        const readOnly = access.level !== 'work';
        const child = found.kind === 'child' ? foldChild(events) : null;
        const adult = found.kind === 'adult' ? foldAdult(events) : null;
        const actor = decisionActor(caller);
        const allowed: string[] = readOnly
          ? []
          : child
            ? allowedCommands(child, actor, CHILD_CASE_COMMAND_TYPES)
            : adult
              ? allowedAdultCommands(adult, actor, ADULT_CASE_COMMAND_TYPES)
              : [];
        // Why each other step is not available now, for a step page opened directly.
        const blocked: Partial<Record<UserCommandType | AdultUserCommandType, string>> = {};
        if (child) {
          for (const type of CHILD_CASE_COMMAND_TYPES) {
            const reason = readOnly ? 'error.case.readOnly' : precondition(child, type, actor);
            if (reason) blocked[type] = reason;
          }
        }
        if (adult) {
          for (const type of ADULT_CASE_COMMAND_TYPES) {
            const reason = readOnly ? 'error.case.readOnly' : adultPrecondition(adult, type, actor);
            if (reason) blocked[type] = reason;
          }
        }
        const la = organisations.find((o) => o.id === found.localAuthorityId);
        const transferTo = found.transferToLocalAuthorityId ? organisations.find((o) => o.id === found.transferToLocalAuthorityId) : undefined;
        // The staff list is the caller's own authority's; a reader from elsewhere (a core group
        // member, say) still needs the allocated worker's and co-ordinator's names.
        const staffName = async (uid: string | null) =>
          uid ? staff.find((s) => s.id === uid)?.name ?? (await findUserById(tx, uid))?.name ?? null : null;
        return {
          case: found,
          person: person!,
          localAuthority: la ?? null,
          transferTo: transferTo ?? null,
          state: child,
          adult,
          apsoInForce: adult ? apsoInForce(adult, now) : false,
          linkedAllegations,
          harmRoutes,
          clocks: clockViews(clockRows, now, rules),
          allowed,
          blocked,
          nextConferenceKind: child ? nextConferenceKind(child, actor) : null,
          household: household.filter((h) => h.id !== found.id),
          staff,
          coordinatorName: await staffName(found.coordinatorId),
          allocatedName: await staffName(found.allocatedTo),
          permissions: {
            whoHasSeen: canSeeWhoHasSeen(caller, { raisedBy: '', organisationId: '', reportedToLocalAuthorityId: found.localAuthorityId }),
            addSibling: !readOnly && child !== null && precondition(child, 'note_sibling_added', actor) === null,
            manageAccess: access.manage,
          },
          access: access.level,
          restricted: access.restricted,
          relationships: access.relationships,
          emergencyAccess: activeGrantAmong(access.grants, caller.userId, now),
          events: events.length,
          ruleset: rules.ruleset,
        };
      });
    },

    /**
     * Take one step on a child's case. The input is validated, the decider applies the
     * procedures' rules, and events, projections and the audit record commit together.
     * Conferences apply to every child of the household considered at them.
     */
    async execute(caller: Caller, id: string, step: UserCommandType | AdultUserCommandType, raw: unknown, ctx: RequestContext): Promise<{ version: number }> {
      const known = (CHILD_CASE_COMMAND_TYPES as readonly string[]).includes(step) || (ADULT_CASE_COMMAND_TYPES as readonly string[]).includes(step);
      if (!known) throw new DomainError('not_found', 'error.notFound');
      try {
        return await transact(db, async (tx) => {
          const found = await locate(tx, caller, id, ctx, `case.${step}`, true);
          await requireWork(tx, caller, found, ctx, `case.${step}`);
          if (found.kind === 'adult') return executeAdult(tx, caller, found, step, raw, ctx);
          if (!(CHILD_CASE_COMMAND_TYPES as readonly string[]).includes(step)) throw new DomainError('not_found', 'error.notFound');
          const type = step as UserCommandType;
          // A role the step is not for is refused before its answers are looked at.
          if (precondition(foldChild(await cases.loadEvents(tx, found.id)), type, decisionActor(caller)) === 'error.case.role') {
            throw new DomainError('not_permitted', 'error.case.role');
          }
          const input = parse(type, raw, found.id);
          await checkExpectedVersion(found, raw);
          await checkReferences(tx, caller, input);
          const now = clock.now();
          const rules = await loadRules(tx);

          if (type === 'schedule_conference' || type === 'record_conference') {
            return await conference(tx, rules, caller, found, type, input, now, ctx);
          }
          let command = toCommand(type, input);
          if (command.type === 'record_birth') {
            const unborn = await findPerson(tx, found.personId, null);
            const childPersonId = randomUUID();
            await insertPerson(tx, {
              id: childPersonId,
              kind: 'child',
              fullName: command.name,
              dateOfBirth: command.dateOfBirth,
              expectedDueDate: unborn?.expectedDueDate ?? null,
              // A newborn's NHS number is issued at birth, after this record; it is not the unborn record's.
              nhsNumber: null,
              address: unborn?.address ?? null,
              firstLanguage: unborn?.firstLanguage ?? null,
              welshPreferred: unborn?.welshPreferred ?? null,
              communicationNeeds: null,
              organisationId: found.localAuthorityId,
              createdAt: now,
            });
            await linkBornPerson(tx, found.personId, childPersonId);
            await copyPersonLabels(tx, found.personId, childPersonId);
            command = { ...command, childPersonId };
          }
          const applied = await runChild(tx, rules, caller, found, command, now);
          // The first child's case carries the report's id: its decision is the report's decision too.
          if (command.type === 'record_decision' && found.id === found.reportId) {
            await markReportDecided(tx, found.reportId, { decision: command.decision, rationale: command.rationale, decidedBy: caller.userId, decidedAt: now });
          }
          await audit(tx, now, caller, ctx, `case.${type}`, { type: 'case', id: found.id }, 'success', {
            events: applied.events.map((e) => e.type),
          });
          return { version: applied.projection.version };
        });
      } catch (e) {
        // A Refused was audited by transact already.
        if (e instanceof DomainError && !(e instanceof Refused) && e.code === 'not_permitted') {
          await audit(db, clock.now(), caller, ctx, `case.${step}`, isUuid(id) ? { type: 'case', id } : null, 'denied', { reason: e.message });
        }
        throw e;
      }
    },

    /** Add another child of the household: a case of their own, from the same report (siblings decided separately). */
    async addSibling(caller: Caller, id: string, raw: unknown, ctx: RequestContext): Promise<{ caseId: string }> {
      return transact(db, async (tx) => {
        const found = await locate(tx, caller, id, ctx, 'case.add_sibling', true);
        await requireWork(tx, caller, found, ctx, 'case.add_sibling');
        // Who may add a child to the household is the decider's rule for noting a sibling.
        const blocked = found.kind === 'child' ? precondition(foldChild(await cases.loadEvents(tx, found.id)), 'note_sibling_added', decisionActor(caller)) : 'error.case.role';
        if (blocked) throw new DomainError(blocked === 'error.case.role' ? 'not_permitted' : 'invalid_state', blocked);
        // The answers are checked only once access is settled: a refusal never depends on them.
        const parsed = addSiblingSchema.safeParse(raw ?? {});
        if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
        await checkExpectedVersion(found, raw);
        const now = clock.now();
        const today = londonDate(now);
        const { fullName, dateOfBirth, expectedDueDate } = parsed.data;
        if (dateOfBirth && dateOfBirth > today) throw new DomainError('validation', 'error.validation', { dateOfBirth: 'error.dateOfBirth.future' });
        if (!dateOfBirth && !expectedDueDate) throw new DomainError('validation', 'error.validation', { dateOfBirth: 'error.dateOfBirth.required' });
        const rules = await loadRules(tx);
        const subject = await findPerson(tx, found.personId, null);
        const personId = randomUUID();
        await insertPerson(tx, {
          id: personId,
          kind: 'child',
          fullName,
          dateOfBirth: dateOfBirth ?? null,
          expectedDueDate: dateOfBirth ? null : (expectedDueDate ?? null),
          nhsNumber: null,
          address: subject?.address ?? null,
          firstLanguage: subject?.firstLanguage ?? null,
          welshPreferred: subject?.welshPreferred ?? null,
          communicationNeeds: null,
          organisationId: found.localAuthorityId,
          createdAt: now,
        });
        await copyPersonLabels(tx, found.personId, personId);
        const events = await cases.loadEvents(tx, found.id);
        const received = events[0]?.data as { concernId?: string; receivedAt?: string } | undefined;
        const caseId = await openForReport(
          tx,
          rules,
          {
            reportId: found.reportId,
            concernId: received?.concernId ?? found.reportId,
            personId,
            kind: 'child',
            localAuthorityId: found.localAuthorityId,
            receivedAt: received?.receivedAt ? new Date(received.receivedAt) : now,
            unborn: !dateOfBirth,
            dateOfBirth: dateOfBirth ?? null,
            expectedDueDate: dateOfBirth ? null : (expectedDueDate ?? null),
          },
          caller,
          found.householdId,
        );
        await runChild(tx, rules, caller, found, { type: 'note_sibling_added', siblingCaseId: caseId, personId, name: fullName }, now);
        await audit(tx, now, caller, ctx, 'case.add_sibling', { type: 'case', id: found.id }, 'success', { siblingCaseId: caseId });
        return { caseId };
      });
    },

    /** The chronology: the case's events and manual entries, significant ones flagged (read audited). */
    async chronology(caller: Caller, id: string, ctx: RequestContext, opts: { household?: boolean } = {}) {
      return transact(db, async (tx) => {
        const found = await locate(tx, caller, id, ctx, 'case.chronology', false);
        const members = opts.household
          ? await cases.casesInHousehold(tx, caseScope(caller, clock.now()), found.householdId)
          : [{ id: found.id, personName: (await findPerson(tx, found.personId, caller.userId))?.fullName ?? '' }];
        const entries = [];
        for (const m of members) {
          for (const e of await cases.loadEvents(tx, m.id)) {
            if (!isChronologyEvent(e)) continue;
            const data = e.data;
            const when = chronologyDate(data, e.occurredAt);
            entries.push({
              caseId: m.id,
              personName: m.personName,
              seq: e.seq,
              type: e.type,
              date: when,
              recordedAt: e.occurredAt,
              actorName: e.actorName,
              significant: e.type === 'ChronologyEntryAdded' ? data['significant'] === true : SIGNIFICANT_EVENT_TYPES.has(e.type),
              data,
            });
          }
        }
        entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.recordedAt.getTime() - b.recordedAt.getTime()));
        const now = clock.now();
        for (const m of members) await audit(tx, now, caller, ctx, 'case.chronology', { type: 'case', id: m.id }, 'success');
        return { case: found, members, entries };
      });
    },

    /** What is due today, this week and overdue for the caller's authority (or only their own cases). */
    async workTray(caller: Caller, ctx: RequestContext, opts: { mine?: boolean } = {}) {
      if (!can(caller, 'case.work')) throw new DomainError('not_found', 'error.notFound');
      return transact(db, async (tx) => {
        const now = clock.now();
        const today = londonDate(now);
        const rules = await loadRules(tx);
        const weekEnd = addCalendarDays(today, 7);
        const scope = caseScope(caller, now);
        // The most urgent first, and at most TRAY_LIMIT: one more is read to know that there are more.
        const found = await cases.runningClocksDueBy(tx, caller.organisationId, scope, weekEnd, {
          ...(opts.mine ? { allocatedTo: caller.userId } : {}),
          limit: TRAY_LIMIT + 1,
        });
        const truncated = found.length > TRAY_LIMIT;
        const rows = truncated ? found.slice(0, TRAY_LIMIT) : found;
        const fortnight = new Date(now.getTime() - 14 * 86_400_000);
        const alerts = await cases.alertsForAuthority(tx, caller.organisationId, scope, fortnight, 50);
        // Someone used emergency access to a case this person is told about (the allocated worker, the team manager).
        const emergencyAccess = await accessAlertsFor(tx, caller.userId, scope, fortnight, 50);
        await audit(tx, now, caller, ctx, 'case.work_tray', null, 'success', { count: rows.length, truncated, emergencyAccess: emergencyAccess.length });
        const withStatus = rows.map((r) => ({
          ...r,
          status: clockDisplayStatus({ ...r, stoppedAt: null, outcome: null }, now),
          workingDaysLeft: workingDaysBetween(today, r.dueDate, rules.calendar),
        }));
        return {
          overdue: withStatus.filter((r) => r.status === 'overdue'),
          today: withStatus.filter((r) => r.status === 'due_today'),
          week: withStatus.filter((r) => r.status === 'due'),
          paused: withStatus.filter((r) => r.status === 'paused'),
          alerts,
          emergencyAccess,
          /** More clocks were due than the tray shows (it says so) */
          truncated: truncated ? { shown: TRAY_LIMIT } : null,
        };
      });
    },

    /** The authority's Child Protection Register (c3pt2-p10). */
    async register(caller: Caller, ctx: RequestContext) {
      if (!can(caller, 'case.work')) throw new DomainError('not_found', 'error.notFound');
      return transact(db, async (tx) => {
        const now = clock.now();
        const today = londonDate(now);
        const rows = await cases.childProtectionRegister(tx, caller.organisationId, caseScope(caller, now));
        await audit(tx, now, caller, ctx, 'case.register', null, 'success', { ids: rows.map((r) => r.caseId) });
        return rows.map((r) => ({ ...r, reviewOverdue: r.nextReviewDue !== null && r.nextReviewDue < today }));
      });
    },

    /** Who has opened or changed this case: for managers. */
    async whoHasSeen(caller: Caller, id: string, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const found = await locate(tx, caller, id, ctx, 'case.who_has_seen', false);
        const allowed = canSeeWhoHasSeen(caller, { raisedBy: '', organisationId: '', reportedToLocalAuthorityId: found.localAuthorityId });
        if (!allowed) throw refused(clock.now(), caller, ctx, 'case.who_has_seen', { type: 'case', id: found.id }, 'not_found');
        await audit(tx, clock.now(), caller, ctx, 'case.who_has_seen', { type: 'case', id: found.id }, 'success');
        return { case: found, entries: await listAuditForRecord(tx, 'case', [found.id], 1000) };
      });
    },

    /** The automatic de-registration of T-C17: children on the register who have turned 18. */
    async sweep(): Promise<number> {
      const now = clock.now();
      const due = await cases.registeredCasesTurned18(db, londonDate(now));
      let done = 0;
      for (const c of due) {
        await transact(db, async (tx) => {
          // The system acts here, not a person: restricted cases are de-registered too.
          const found = await cases.findCaseForSystemUpdate(tx, c.id);
          if (!found || !found.registered) return;
          const rules = await loadRules(tx);
          const events = await cases.loadEvents(tx, found.id);
          await applyChildCommand(
            tx,
            rules,
            { projection: found, events },
            { type: 'deregister_automatically', reason: 'turned_18', at: now.toISOString(), rationale: 'turned_18' },
            { userId: 'system', role: 'system', organisationId: c.local_authority_id },
            now,
          );
          await audit(tx, now, null, { requestId: 'sweep', ip: null }, 'case.deregister_automatically', { type: 'case', id: found.id }, 'success');
          done++;
        });
      }
      return done;
    },
  };

  /** Schedule or record a conference for this child and the siblings considered with them. */
  async function conference(
    tx: Tx,
    rules: Rules,
    caller: Caller,
    found: cases.CaseProjection,
    type: 'schedule_conference' | 'record_conference',
    input: Record<string, unknown>,
    now: Date,
    ctx: RequestContext,
  ): Promise<{ version: number }> {
    const scope = caseScope(caller, now);
    const primaryState = foldChild(await cases.loadEvents(tx, found.id));
    const ids =
      type === 'schedule_conference'
        ? [found.id, ...((input['siblingCaseIds'] as string[]) ?? []).filter((s) => s !== found.id)]
        : Object.keys(input['decisions'] as Record<string, unknown>);
    if (type === 'record_conference' && !ids.includes(found.id)) {
      throw new DomainError('validation', 'error.validation', { decisions: 'error.decision.required' });
    }
    const members: cases.CaseProjection[] = [];
    for (const cid of [...new Set(ids)].sort()) {
      const m = cid === found.id ? found : await cases.findCaseForUpdate(tx, scope, cid);
      if (!m || m.householdId !== found.householdId || m.kind !== 'child') {
        throw new DomainError('validation', 'error.validation', { [type === 'schedule_conference' ? 'siblingCaseIds' : 'decisions']: 'error.siblings.invalid' });
      }
      members.push(m);
    }
    const conferenceId =
      type === 'schedule_conference'
        ? randomUUID()
        : ((input['conferenceId'] as string | undefined) ??
          Object.values(primaryState.conferences).find((c) => c.heldAt === null)?.id ??
          randomUUID());
    let version = found.version;
    for (const m of members) {
      const decision = type === 'record_conference' ? (input['decisions'] as Record<string, ChildCaseCommand>)[m.id] : undefined;
      const command: ChildCaseCommand =
        type === 'schedule_conference'
          ? {
              type,
              conferenceId,
              kind: input['kind'] as never,
              scheduledFor: input['scheduledFor'] as string,
              invitees: input['invitees'] as never,
              householdCaseIds: members.map((x) => x.id),
            }
          : {
              type,
              conferenceId,
              heldAt: input['heldAt'] as string,
              attendees: input['attendees'] as never,
              apologies: input['apologies'] as never,
              reportsReceived: input['reportsReceived'] as never,
              householdCaseIds: members.map((x) => x.id),
              rationale: input['rationale'] as string,
              decision: decision as never,
            };
      try {
        if (decision && 'coordinatorId' in decision) {
          await checkReferences(tx, caller, { coordinatorId: (decision as { coordinatorId: unknown }).coordinatorId });
        }
        const applied = await runChild(tx, rules, caller, m, command, now);
        if (m.id === found.id) version = applied.projection.version;
      } catch (e) {
        // Say which child's decision was wrong when several were considered together.
        // Fields of the meeting itself (its date, who came) stay as they are, whichever child found them.
        if (e instanceof DomainError && e.code === 'validation' && m.id !== found.id && e.fields) {
          throw new DomainError(
            'validation',
            'error.validation',
            Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [PER_CHILD_FIELDS.has(k) ? `${k}.${m.id}` : k, v])),
          );
        }
        throw e;
      }
      await audit(tx, now, caller, ctx, `case.${type}`, { type: 'case', id: m.id }, 'success', { conferenceId });
    }
    return { version };
  }
}

/** Fields of a conference decided separately for each child; the rest belong to the meeting. */
const PER_CHILD_FIELDS: ReadonlySet<string> = new Set(['decision', 'categories', 'coordinatorId', 'coreGroup']);

/** The date an event happened on (the meeting's date, not when it was typed in). */
function chronologyDate(data: Record<string, unknown>, recorded: Date): string {
  for (const k of ['occurredOn', 'heldAt', 'visitedAt', 'startedAt', 'endedAt', 'receivedAt', 'at', 'registeredAt']) {
    const v = data[k];
    if (typeof v === 'string' && v) return v.length === 10 ? v : londonDate(new Date(v));
  }
  return londonDate(recorded);
}

export type CaseService = ReturnType<typeof createCaseService>;
export type CaseView = Awaited<ReturnType<CaseService['get']>>;
