import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { Db, Tx } from '../store/database.js';
import * as concerns from '../store/concerns.repository.js';
import * as reports from '../store/reports.repository.js';
import { isLocalAuthorityGuard, listLocalAuthorities } from '../store/organisations.repository.js';
import { WriteRefused } from '../store/write-together.js';
import { listAuditForRecord } from '../store/audit.repository.js';
import {
  can,
  canSeeWhoHasSeen,
  canReportOnRaising,
  canTriageConcern,
  concernScope,
  type ConcernFacts,
} from '../domain/access-policy.js';
import { concernReference } from '../domain/concern.js';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { londonDate, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { audit, auditedRead, auditEvent, refused, transact } from './audit.js';
import { withRememberedRules } from './case-engine.js';
import { createCaseService } from './case.service.js';
import { concernHarmRoutes } from './harm-routes.service.js';
import { harmRouteTasksInsert } from '../store/harm-routes.repository.js';
import { auditInsert, type AuditEvent } from '../store/audit.repository.js';
import type { Caller, RequestContext } from './context.js';
import {
  fieldErrors,
  noReportSchema,
  raiseConcernSchema,
  reportOnRaisingSchema,
  reportToLocalAuthoritySchema,
} from './concern.input.js';

export type { ConcernRecord } from '../store/concerns.repository.js';

export type ConcernView = concerns.ConcernRecord & { permissions: { triage: boolean; whoHasSeen: boolean } };

export function factsOf(c: concerns.ConcernRecord): ConcernFacts {
  return { raisedBy: c.raisedBy, organisationId: c.organisationId, reportedToLocalAuthorityId: c.report?.localAuthorityId ?? null };
}

export function createConcernService(deps: { db: Db; clock: Clock; calendar: WorkingDayCalendar }) {
  const { db, clock, calendar } = deps;
  const caseService = createCaseService({ db, clock });

  /** One concern in scope; one out of scope is refused (and the refusal audited) exactly as a missing one. */
  async function findInScope(tx: Db | Tx, caller: Caller, id: string, ctx: RequestContext, action: string) {
    const found = isUuid(id) ? await concerns.findConcernInScope(tx, concernScope(caller), id, caller.userId) : undefined;
    if (!found) throw refused(clock.now(), caller, ctx, action, isUuid(id) ? { type: 'concern', id } : null, 'not_found');
    return found;
  }

  /** Read one concern in scope, auditing the read (or the refusal) in the same transaction. */
  async function readInScope(tx: Tx, caller: Caller, id: string, ctx: RequestContext, action: string) {
    const found = await findInScope(tx, caller, id, ctx, action);
    await audit(tx, clock.now(), caller, ctx, action, { type: 'concern', id }, 'success');
    return found;
  }

  function view(caller: Caller, c: concerns.ConcernRecord): ConcernView {
    const facts = factsOf(c);
    return {
      ...c,
      permissions: {
        triage: c.status === 'awaiting_dsp' && canTriageConcern(caller, facts),
        whoHasSeen: canSeeWhoHasSeen(caller, facts),
      },
    };
  }

  /**
   * A concern reported to a local authority, now or as it is raised: what the authority
   * receives (a case opens, taking the report's id, and its receipt clock starts: T-C2 /
   * T-A3), the report's writes (the authority checked, as it is written, to be one) and its
   * audit event, to go in the statement that opens the case.
   */
  function reportOf(
    caller: Caller,
    ctx: RequestContext,
    at: Date,
    c: { id: string; subjectKind: string; createdAt: Date; person: { id: string; dateOfBirth: string | null; expectedDueDate: string | null } },
    localAuthorityId: string,
  ) {
    const reportId = randomUUID();
    return {
      reportId,
      received: {
        reportId,
        concernId: c.id,
        personId: c.person.id,
        kind: c.subjectKind === 'adult' ? ('adult' as const) : ('child' as const),
        localAuthorityId,
        receivedAt: at,
        unborn: c.person.dateOfBirth === null && c.person.expectedDueDate !== null,
        dateOfBirth: c.person.dateOfBirth,
        expectedDueDate: c.person.expectedDueDate,
        identifiedAt: c.createdAt,
      },
      writes: [
        isLocalAuthorityGuard(db, localAuthorityId),
        reports.reportInsert(db, { id: reportId, concernId: c.id, localAuthorityId, subjectKind: c.subjectKind, receivedAt: at, reportedBy: caller.userId }),
      ],
      event: auditEvent(at, caller, ctx, 'concern.report_to_local_authority', { type: 'concern', id: c.id }, 'success', { reportId, caseId: reportId, localAuthorityId }),
    };
  }

  return {
    /** Today in Europe/London by the service clock: the date answers are checked against. */
    today(): string {
      return londonDate(clock.now());
    },

    /**
     * Raise a concern. A designated safeguarding person may report it to a local authority in
     * the same step (reportToLocalAuthorityId): the concern, its report, the case with its
     * receipt clock and the audit records are then one statement, as a report made later is.
     */
    async raise(caller: Caller, rawInput: unknown, ctx: RequestContext): Promise<{ id: string; reference: string; reportId: string | null }> {
      if (!can(caller, 'concern.raise')) throw new DomainError('forbidden', 'error.notFound');
      const asked = (rawInput as { reportToLocalAuthorityId?: unknown } | null)?.reportToLocalAuthorityId;
      // Only the organisation's DSP decides whether to report (it would be theirs to triage).
      if (asked !== undefined && asked !== null && !canReportOnRaising(caller)) {
        // Refused before anything is stored, and the refusal is on the record.
        await audit(db, clock.now(), caller, ctx, 'concern.report_to_local_authority', null, 'denied', { onRaising: true });
        throw new DomainError('not_permitted', 'error.concern.reportNotPermitted');
      }
      const now = clock.now();
      const parsed = raiseConcernSchema(londonDate(now)).safeParse(rawInput);
      const reportNow = reportOnRaisingSchema.safeParse(rawInput ?? {});
      if (!parsed.success || !reportNow.success) {
        throw new DomainError('validation', 'error.validation', {
          ...(parsed.success ? {} : fieldErrors(parsed.error)),
          ...(reportNow.success ? {} : fieldErrors(reportNow.error)),
        });
      }
      const input = parsed.data;
      const localAuthorityId = reportNow.data.reportToLocalAuthorityId;
      const personId = randomUUID();
      const id = randomUUID();
      const person = {
        id: personId,
        kind: input.subjectKind,
        fullName: input.fullName,
        dateOfBirth: input.birthKnowledge === 'date_of_birth' ? (input.dateOfBirth ?? null) : null,
        expectedDueDate: input.birthKnowledge === 'unborn' ? (input.expectedDueDate ?? null) : null,
        nhsNumber: input.nhsNumber ?? null,
        address: input.address ?? null,
        firstLanguage: input.firstLanguage ?? null,
        welshPreferred: input.welshPreferred === 'not_known' ? null : input.welshPreferred === 'yes',
        communicationNeeds: input.communicationNeeds ?? null,
        organisationId: caller.organisationId,
        createdAt: now,
      };
      const concern = {
        id,
        organisationId: caller.organisationId,
        raisedBy: caller.userId,
        personId,
        subjectKind: input.subjectKind,
        account: input.account,
        ownWords: input.ownWords ?? null,
        occurredOn: input.occurredOn ?? null,
        occurredTime: input.occurredTime ?? null,
        location: input.location ?? null,
        harmCategories: input.harmCategories,
        specificRisks: input.specificRisks,
        immediateDanger: input.immediateDanger,
        toldToCall999At: input.immediateDanger ? now : null,
        personKnows: input.personKnows,
        personNotToldReason: input.personKnows === 'no' ? (input.personNotToldReason ?? null) : null,
        createdAt: now,
        ...(localAuthorityId ? { reported: { by: caller.userId, at: now } } : {}),
      };
      // Specific risks with a mandatory or specialist route (DOMAIN.md §6.2) create their tasks with the concern.
      const routes = concernHarmRoutes(calendar, { id, organisationId: caller.organisationId, subjectKind: input.subjectKind, specificRisks: input.specificRisks, createdAt: now }, caller, ctx);
      const also = (reference: string, reported: readonly AuditEvent[] = []) => [
        ...(routes ? [harmRouteTasksInsert(db, routes.tasks)] : []),
        auditInsert(db, [
          ...(routes ? [routes.audit] : []),
          auditEvent(now, caller, ctx, 'concern.raise', { type: 'concern', id }, 'success', { reference, immediateDanger: input.immediateDanger }),
          ...reported,
        ]),
      ];
      if (!localAuthorityId) {
        // The person, the concern, its tasks and its audit record are one statement: all or nothing.
        const reference = await concerns.insertNewConcern(db, person, concern, () => concernReference(randomBytes(8)), also);
        return { id, reference, reportId: null };
      }
      // Reported as raised: the report, the case and its clock go in the same statement.
      const report = reportOf(caller, ctx, now, { ...concern, person }, localAuthorityId);
      const reportWrites = (reference: string) => [...report.writes, ...also(reference, [report.event])];
      try {
        const reference = await concerns.insertNewConcern(db, person, concern, () => concernReference(randomBytes(8)), reportWrites, (writes) =>
          withRememberedRules(db, (rules) => caseService.openForReport(db, rules, report.received, caller, undefined, report.reportId, writes)),
        );
        return { id, reference, reportId: report.reportId };
      } catch (e) {
        if (e instanceof WriteRefused && e.what === 'localAuthority') {
          throw new DomainError('validation', 'error.validation', { reportToLocalAuthorityId: 'error.localAuthorityId.required' });
        }
        throw e;
      }
    },

    async get(caller: Caller, id: string, ctx: RequestContext): Promise<ConcernView> {
      const found = await transact(db, (tx) => readInScope(tx, caller, id, ctx, 'concern.read'));
      if (!found) throw new DomainError('not_found', 'error.notFound');
      return view(caller, found);
    },

    /** What the caller raised, newest first. */
    async listRaisedBy(caller: Caller, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const rows = await concerns.listConcernsInScope(tx, concernScope(caller), caller.userId, { raisedBy: caller.userId, limit: 200 });
        await audit(tx, clock.now(), caller, ctx, 'concern.list_mine', null, 'success', { ids: rows.map((r) => r.id) });
        return rows;
      });
    },

    /** The designated safeguarding person's queue: their organisation's concerns awaiting a decision. */
    async triageQueue(caller: Caller, ctx: RequestContext, status: 'awaiting_dsp' | 'reported' | 'not_reported' = 'awaiting_dsp') {
      if (!can(caller, 'concern.triage')) throw new DomainError('forbidden', 'error.notFound');
      return transact(db, async (tx) => {
        const rows = await concerns.listConcernsInScope(tx, concernScope(caller), caller.userId, {
          organisationId: caller.organisationId,
          status,
          limit: 500,
        });
        await audit(tx, clock.now(), caller, ctx, 'concern.list_triage', null, 'success', { ids: rows.map((r) => r.id) });
        return rows;
      });
    },

    localAuthorities() {
      return listLocalAuthorities(db);
    },

    /**
     * The DSP reports the concern to a local authority: the report is received and its clock
     * starts. The reads go first, on the pool; then the concern marked reported (from the
     * version read), the report, the case with its events and clocks, and the audit records
     * are one statement, all or nothing, with no transaction around them: a concern changed
     * in between fails the statement's guard and nothing of the report is kept.
     */
    async reportToLocalAuthority(caller: Caller, id: string, rawInput: unknown, ctx: RequestContext): Promise<{ reportId: string }> {
      return auditedRead(db, async (db) => {
        // Access first: someone who may not triage it learns nothing, not even what a valid answer looks like.
        // The read is audited with the report, in its statement below (a refusal, at once).
        const readAt = clock.now();
        const concern = await findInScope(db, caller, id, ctx, 'concern.read');
        if (!canTriageConcern(caller, factsOf(concern))) throw refused(clock.now(), caller, ctx, 'concern.triage', { type: 'concern', id }, 'denied');
        const parsed = reportToLocalAuthoritySchema.safeParse(rawInput);
        if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
        const { localAuthorityId, expectedVersion } = parsed.data;
        const now = clock.now();
        const report = reportOf(caller, ctx, now, concern, localAuthorityId);
        // Checked in that statement, in this order: the rules it was worked out with still hold
        // (if not, it is worked out again), the authority chosen is one (a field's error), and
        // the concern is still at the version read, awaiting the DSP (a conflict).
        const also = [
          ...report.writes,
          concerns.concernReportedUpdate(db, id, expectedVersion, caller.userId, now),
          auditInsert(db, [auditEvent(readAt, caller, ctx, 'concern.read', { type: 'concern', id }, 'success'), report.event]),
        ];
        try {
          await withRememberedRules(db, (rules) => caseService.openForReport(db, rules, report.received, caller, undefined, report.reportId, also));
        } catch (e) {
          if (!(e instanceof WriteRefused)) throw e;
          if (e.what === 'localAuthority') throw new DomainError('validation', 'error.validation', { localAuthorityId: 'error.localAuthorityId.required' });
          throw new DomainError('conflict', 'error.conflict');
        }
        return { reportId: report.reportId };
      });
    },

    /** The DSP decides not to report, with a reason. A concern is never dropped silently. */
    async recordNoReport(caller: Caller, id: string, rawInput: unknown, ctx: RequestContext): Promise<void> {
      await transact(db, async (tx) => {
        const concern = await readInScope(tx, caller, id, ctx, 'concern.read');
        if (!canTriageConcern(caller, factsOf(concern))) throw refused(clock.now(), caller, ctx, 'concern.triage', { type: 'concern', id }, 'denied');
        const parsed = noReportSchema.safeParse(rawInput);
        if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
        const now = clock.now();
        if (!(await concerns.markConcernNotReported(tx, id, parsed.data.expectedVersion, parsed.data.reason, caller.userId, now))) {
          throw new DomainError('conflict', 'error.conflict');
        }
        await audit(tx, now, caller, ctx, 'concern.not_reported', { type: 'concern', id }, 'success');
      });
    },

    /** Who has opened or changed this concern: for its DSP and the receiving authority's team manager. */
    async whoHasSeen(caller: Caller, id: string, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const found = isUuid(id) ? await concerns.findConcernInScope(tx, concernScope(caller), id, caller.userId) : undefined;
        const allowed = found !== undefined && canSeeWhoHasSeen(caller, factsOf(found));
        // A refusal is recorded as such, and looks exactly like a missing record.
        if (!found || !allowed) throw refused(clock.now(), caller, ctx, 'concern.who_has_seen', isUuid(id) ? { type: 'concern', id } : null, 'not_found');
        await audit(tx, clock.now(), caller, ctx, 'concern.who_has_seen', { type: 'concern', id }, 'success');
        const entries = await listAuditForRecord(tx, 'concern', [id], 1000);
        return { concern: view(caller, found), entries };
      });
    },
  };
}

export type ConcernService = ReturnType<typeof createConcernService>;
