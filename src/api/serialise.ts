import type { ConcernRecord } from '../services/concern.service.js';

/** JSON shapes of the API: stable names, ISO dates, nothing internal. */
export function concernJson(c: ConcernRecord & { permissions?: Record<string, boolean> }) {
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    subjectKind: c.subjectKind,
    organisation: { id: c.organisationId, name: c.organisationNameEn, nameCy: c.organisationNameCy },
    raisedBy: { id: c.raisedBy, name: c.raisedByName },
    createdAt: c.createdAt.toISOString(),
    person: {
      fullName: c.person.fullName,
      dateOfBirth: c.person.dateOfBirth,
      expectedDueDate: c.person.expectedDueDate,
      nhsNumber: c.person.nhsNumber,
      address: c.person.address,
      firstLanguage: c.person.firstLanguage,
      welshPreferred: c.person.welshPreferred,
      communicationNeeds: c.person.communicationNeeds,
    },
    account: c.account,
    ownWords: c.ownWords,
    occurredOn: c.occurredOn,
    occurredTime: c.occurredTime,
    location: c.location,
    harmCategories: c.harmCategories,
    specificRisks: c.specificRisks,
    immediateDanger: c.immediateDanger,
    toldToCall999At: c.toldToCall999At?.toISOString() ?? null,
    personKnows: c.personKnows,
    personNotToldReason: c.personNotToldReason,
    noReportReason: c.noReportReason,
    version: c.version,
    report: c.report
      ? {
          id: c.report.id,
          localAuthority: { id: c.report.localAuthorityId, name: c.report.localAuthorityNameEn, nameCy: c.report.localAuthorityNameCy },
          receivedAt: c.report.receivedAt.toISOString(),
          status: c.report.status,
          decision: c.report.decision,
          decisionRationale: c.report.decisionRationale,
          decidedAt: c.report.decidedAt?.toISOString() ?? null,
          version: c.report.version,
        }
      : null,
    ...(c.permissions ? { permissions: c.permissions } : {}),
  };
}
