import { CHILD_CASE_COMMAND_TYPES, type UserCommandType } from '../domain/cases/child-protection.commands.js';
import { ADULT_CASE_COMMAND_TYPES, type AdultCaseState, type AdultUserCommandType } from '../domain/cases/adult-protection.model.js';
import type { CaseService, CaseView } from '../services/case.service.js';
import type { RulesService } from '../services/rules.service.js';

/**
 * JSON shapes of the case API: names from the procedures, ISO dates, ids that a client
 * can send back, and nothing of the rows underneath (no household or person keys, no
 * settings versions, no event counts).
 */

/** Steps are addressed in URLs by the kebab-case form of the command: record_strategy_discussion → record-strategy-discussion. */
export function stepSlug(type: UserCommandType | AdultUserCommandType): string {
  return type.replaceAll('_', '-');
}

/** A child's and an adult's steps share one address space; the service takes the step the case's kind has. */
const STEP_BY_SLUG: ReadonlyMap<string, UserCommandType | AdultUserCommandType> = new Map(
  [...CHILD_CASE_COMMAND_TYPES, ...ADULT_CASE_COMMAND_TYPES].map((t) => [stepSlug(t), t]),
);

export function stepFromSlug(slug: string): UserCommandType | AdultUserCommandType | undefined {
  return STEP_BY_SLUG.get(slug);
}

/**
 * An adult's case as the API gives it (DOMAIN.md §3, §4): stage, abuse categories, the
 * initial checks, every consent and capacity decision, advocacy, investigations,
 * conferences, the plan, the order (with whether it is in force now) and the closure.
 */
export function adultJson(a: AdultCaseState, inForce: boolean, person: (id: string | null) => { id: string; name: string | null } | null) {
  return {
    stage: a.stage,
    categories: a.categories,
    leadPractitioner: person(a.leadPractitionerId),
    decision: a.decision,
    initialChecks: a.initialChecksAt
      ? {
          at: a.initialChecksAt,
          consent: a.consent,
          crimeSuspected: a.crimeSuspected,
          policeInformed: a.policeInformed,
          othersAtRisk: a.othersAtRisk,
          othersAtRiskDetails: a.othersAtRiskDetails,
        }
      : null,
    consent: a.consent,
    capacityDecisions: a.capacity,
    determination: a.determination,
    enquiryConcludedAt: a.enquiryConcludedAt,
    immediateProtectionAt: a.immediateProtectionAt,
    strategies: a.strategies,
    lastStrategyAt: a.lastStrategyAt,
    advocacy: a.advocacy,
    investigations: Object.entries(a.investigations)
      .map(([id, i]) => ({ id, kind: i.kind, startedAt: i.startedAt, dueDate: i.dueDate, completedAt: i.completedAt }))
      .sort((x, y) => x.startedAt.localeCompare(y.startedAt)),
    conferences: Object.values(a.conferences)
      .map((c) => ({ id: c.id, scheduledFor: c.scheduledFor, heldAt: c.heldAt, reportsReceivedAt: c.reportsReceivedAt }))
      .sort((x, y) => x.scheduledFor.localeCompare(y.scheduledFor)),
    plan: a.plan ? { ...a.plan, startedAt: a.planStartedAt, reviews: a.reviews, lastReviewAt: a.lastReviewAt } : null,
    apso: a.apso || a.apsoConsideredAt
      ? {
          consideredAt: a.apsoConsideredAt,
          application: a.apso
            ? {
                id: a.apso.applicationId,
                status: a.apso.status,
                authorisedOfficer: person(a.apso.authorisedOfficerId),
                appliedOn: a.apso.appliedOn,
                court: a.apso.court,
                hearingOn: a.apso.hearingOn,
                premises: a.apso.premises,
                decidedOn: a.apso.decidedOn,
                orderStart: a.apso.orderStart,
                orderEnd: a.apso.orderEnd,
                specifiedPersons: a.apso.specifiedPersons,
                conditions: a.apso.conditions,
                refusalReason: a.apso.refusalReason,
                visits: a.apso.visits,
              }
            : null,
          inForce,
        }
      : null,
    closure: a.closure,
  };
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function caseJson(view: CaseView) {
  const { case: c, state, adult } = view;
  const staffName = (id: string | null) => (id ? view.staff.find((s) => s.id === id)?.name ?? null : null);
  const person = (id: string | null) => (id ? { id, name: staffName(id) } : null);
  return {
    id: c.id,
    kind: c.kind,
    version: c.version,
    stage: c.stage,
    reportId: c.reportId,
    openedAt: c.openedAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    person: {
      fullName: view.person.fullName,
      dateOfBirth: view.person.dateOfBirth,
      expectedDueDate: view.person.expectedDueDate,
      nhsNumber: view.person.nhsNumber,
      unborn: state?.unborn ?? false,
      welshPreferred: view.person.welshPreferred,
      // Null where a confidentiality label hides it from this reader; hiddenFields says so.
      address: view.person.address,
      hiddenFields: view.person.hiddenFields,
    },
    /** read: the caller may only read the case; work: they may take its steps. */
    access: view.access,
    // Only those who manage who can see the case are told whether it is restricted.
    ...(view.restricted === null ? {} : { restricted: view.restricted }),
    emergencyAccess: view.emergencyAccess && { expiresAt: view.emergencyAccess.expiresAt.toISOString(), reason: view.emergencyAccess.reason },
    localAuthority: view.localAuthority && { id: view.localAuthority.id, name: view.localAuthority.nameEn, nameCy: view.localAuthority.nameCy },
    allocatedTo: c.allocatedTo ? { id: c.allocatedTo, name: view.allocatedName } : null,
    decision: state?.decision ?? adult?.decision ?? null,
    section47: state?.section47 ?? null,
    determination: state?.determination ?? null,
    registration: c.registered
      ? {
          categories: c.categories,
          registeredAt: iso(c.registeredAt),
          coordinator: c.coordinatorId ? { id: c.coordinatorId, name: view.coordinatorName } : null,
          nextReviewDue: c.nextReviewDue,
          reviews: state?.registration?.reviews ?? 0,
        }
      : null,
    flags: {
      immediateProtection: state?.immediateProtection ?? null,
      missingSince: iso(c.missingSince),
      transfer: state?.transfer
        ? {
            toLocalAuthority: view.transferTo
              ? { id: view.transferTo.id, name: view.transferTo.nameEn, nameCy: view.transferTo.nameCy }
              : { id: state.transfer.toLocalAuthorityId, name: null, nameCy: null },
            movedOn: state.transfer.movedOn,
            permanent: state.transfer.permanent,
            informationSentAt: state.transfer.informationSentAt,
          }
        : null,
    },
    plan: state?.plan ?? adult?.plan ?? null,
    actions: Object.entries(state?.actions ?? adult?.actions ?? {}).map(([id, a]) => ({ id, ...a })),
    /** The adult's record (DOMAIN.md §3, §4); null for a child's case. */
    adult: adult ? adultJson(adult, view.apsoInForce, person) : null,
    conferences: Object.values(state?.conferences ?? {})
      .map((k) => ({
        id: k.id,
        kind: k.kind,
        scheduledFor: k.scheduledFor,
        heldAt: k.heldAt,
        recordsCirculatedAt: k.recordsCirculatedAt,
        childCaseIds: k.householdCaseIds,
      }))
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor)),
    nextConferenceKind: view.nextConferenceKind,
    openTasks: Object.entries(state?.tasks ?? adult?.tasks ?? {})
      .filter(([, t]) => t.completedAt === null)
      .map(([id, t]) => ({ id, kind: t.kind })),
    clocks: view.clocks.map((k) => ({
      key: k.key,
      timerId: k.timerId,
      startedAt: k.startedAt.toISOString(),
      dueDate: k.dueDate,
      dueAt: k.dueAt.toISOString(),
      status: k.status,
      workingDaysLeft: k.workingDaysLeft,
      stoppedAt: iso(k.stoppedAt),
      stopReason: k.stopReason,
      pausedAt: iso(k.pausedAt),
      pauseReason: k.pauseReason,
      exception: k.exceptionReason ? { reason: k.exceptionReason, approvedBy: person(k.exceptionBy) } : null,
      source: k.source,
    })),
    allowedSteps: view.allowed.map((t) => stepSlug(t as never)),
    household: view.household.map((h) => ({
      id: h.id,
      fullName: h.personName,
      dateOfBirth: h.dateOfBirth,
      expectedDueDate: h.expectedDueDate,
      stage: h.stage,
      registered: h.registered,
      categories: h.categories,
    })),
    caseworkers: view.staff.map((s) => ({ id: s.id, name: s.name, role: s.role })),
    permissions: view.permissions,
  };
}

export function caseSummaryJson(row: Awaited<ReturnType<CaseService['list']>>[number]) {
  return {
    id: row.id,
    kind: row.kind,
    stage: row.stage,
    registered: row.registered,
    fullName: row.personName,
    welshPreferred: row.welshPreferred,
    updatedAt: row.updatedAt.toISOString(),
  };
}

type Chronology = Awaited<ReturnType<CaseService['chronology']>>;

export function chronologyJson(result: Chronology) {
  return {
    caseId: result.case.id,
    children: result.members.map((m) => ({ caseId: m.id, fullName: m.personName })),
    entries: result.entries.map((e) => {
      // The type is given once, beside the data; keys of people and households stay inside.
      const { type: _type, personId: _person, childPersonId: _child, householdId: _household, ...data } = e.data;
      return {
        date: e.date,
        type: e.type,
        significant: e.significant,
        recordedAt: e.recordedAt.toISOString(),
        recordedBy: e.actorName,
        child: { caseId: e.caseId, fullName: e.personName },
        data,
      };
    }),
  };
}

type WorkTray = Awaited<ReturnType<CaseService['workTray']>>;

export function workTrayJson(tray: WorkTray) {
  const item = (r: WorkTray['overdue'][number]) => ({
    caseId: r.caseId,
    fullName: r.personName,
    welshPreferred: r.welshPreferred,
    stage: r.stage,
    clock: { key: r.key, timerId: r.timerId, dueDate: r.dueDate, dueAt: r.dueAt.toISOString(), status: r.status, workingDaysLeft: r.workingDaysLeft },
    allocatedTo: r.allocatedTo ? { id: r.allocatedTo, name: r.allocatedName } : null,
  });
  return {
    overdue: tray.overdue.map(item),
    dueToday: tray.today.map(item),
    dueThisWeek: tray.week.map(item),
    paused: tray.paused.map(item),
    alerts: tray.alerts.map((a) => ({ caseId: a.caseId, fullName: a.personName, reason: a.reason, raisedAt: a.createdAt.toISOString() })),
  };
}

export function registerJson(rows: Awaited<ReturnType<CaseService['register']>>) {
  return {
    items: rows.map((r) => ({
      caseId: r.caseId,
      fullName: r.personName,
      dateOfBirth: r.dateOfBirth,
      expectedDueDate: r.expectedDueDate,
      welshPreferred: r.welshPreferred,
      categories: r.categories,
      registeredAt: iso(r.registeredAt),
      coordinator: r.coordinatorName,
      nextReviewDue: r.nextReviewDue,
      missingSince: iso(r.missingSince),
      transferring: r.transferring,
    })),
  };
}

export function rulesJson(o: Awaited<ReturnType<RulesService['overview']>>) {
  return {
    ruleset: o.ruleset,
    settingsVersion: o.settingsVersion,
    timers: o.timers.map((t) => ({
      id: t.id,
      appliesTo: t.appliesTo,
      startEvent: t.startEvent,
      stopEvent: t.stopEvent,
      duration: t.resolved ?? { fixedBy: 'event' },
      fromSetting: 'setting' in t.duration ? t.duration.setting : null,
      alerts: t.alerts,
      source: t.source,
    })),
    settings: o.settings.map((s) => ({
      key: s.key,
      kind: s.kind,
      value: s.value,
      default: s.default,
      min: s.min ?? null,
      max: s.max ?? null,
      status: s.status,
      source: s.source,
    })),
    closures: o.closures.map((c) => ({ date: c.date, name: c.nameEn, nameCy: c.nameCy })),
    bankHolidays: o.bankHolidays,
    canManage: o.canManage,
  };
}
