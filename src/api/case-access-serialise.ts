import { PERSON_LABELS } from '../domain/access-policy.js';
import { ACCESS_CHANGES, type AccessChange, type CaseAccessService } from '../services/case-access.service.js';
import type { CaseService } from '../services/case.service.js';

/**
 * JSON shapes of who can see a case: the managers' panel, and the subject access report
 * (by role and organisation, never a member of staff's name).
 */

/** Changes are addressed in URLs by the kebab-case of their type: add_member → add-member. */
export function accessChangeSlug(type: AccessChange): string {
  return type.replaceAll('_', '-');
}

export function accessChangeFromSlug(slug: string): AccessChange | undefined {
  return ACCESS_CHANGES.find((type) => accessChangeSlug(type) === slug);
}

const organisation = (en: string | null, cy: string | null) => (en === null ? null : { name: en, nameCy: cy });

type Panel = Awaited<ReturnType<CaseAccessService['panel']>>;

export function accessPanelJson(p: Panel) {
  return {
    caseId: p.case.id,
    restriction: p.restriction && { reason: p.restriction.reason, setAt: p.restriction.setAt.toISOString(), setBy: p.restriction.setByName },
    members: p.members.map((m) => ({
      userId: m.userId,
      name: m.name,
      email: m.email,
      role: m.role,
      organisation: organisation(m.organisationNameEn, m.organisationNameCy),
      relationship: m.relationship,
      addedAt: m.addedAt.toISOString(),
    })),
    labels: p.labels.map((l) => ({
      label: l.label,
      hides: [...PERSON_LABELS[l.label]],
      reason: l.reason,
      setAt: l.setAt.toISOString(),
      readers: l.readers,
    })),
    emergencyAccess: p.grants.map((g) => ({
      id: g.id,
      user: { name: g.userName, role: g.role, organisation: organisation(g.organisationNameEn, g.organisationNameCy) },
      grantedAt: g.grantedAt.toISOString(),
      expiresAt: g.expiresAt.toISOString(),
      active: g.expiresAt.getTime() > p.now.getTime(),
      reason: g.reason,
    })),
  };
}

type Report = Awaited<ReturnType<CaseAccessService['subjectAccessReport']>>;

export function subjectAccessJson(r: Report) {
  return {
    caseId: r.case.id,
    producedAt: r.producedAt.toISOString(),
    entries: r.entries.map((e) => ({
      occurredAt: e.occurredAt.toISOString(),
      role: e.role,
      organisation: organisation(e.organisationEn, e.organisationCy),
      action: e.action,
      recordType: e.recordType,
      outcome: e.outcome,
      purpose: e.purpose,
    })),
  };
}

type Alerts = Awaited<ReturnType<CaseService['workTray']>>['emergencyAccess'];

/** Emergency access to the caller's cases, for the work tray. */
export function emergencyAlertsJson(alerts: Alerts) {
  return alerts.map((a) => ({
    caseId: a.caseId,
    fullName: a.personName,
    user: { name: a.userName, organisation: organisation(a.organisationNameEn, a.organisationNameCy) },
    grantedAt: a.grantedAt.toISOString(),
    expiresAt: a.expiresAt.toISOString(),
    reason: a.reason,
  }));
}
