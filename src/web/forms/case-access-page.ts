import { ACCESS_CHANGES, type AccessChange, type CaseAccessService } from '../../services/case-access.service.js';
import { CATALOGUES, type Locale, type Translate } from '../i18n/i18n.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from './form-data.js';

/**
 * The "Who can see this case" page: one form per change, each with fields of its own
 * (two forms ask for an email and two for a reason, so the page names them apart and
 * maps them to the service's input), and the page's rows from the service's panel.
 * Nothing here decides who may see or change what.
 */

/** Changes are addressed by the kebab-case of their type: add_member → add-member. */
export function accessSlugOf(type: AccessChange): string {
  return type.replaceAll('_', '-');
}

export function accessChangeOfSlug(slug: string): AccessChange | undefined {
  return ACCESS_CHANGES.find((type) => accessSlugOf(type) === slug);
}

/** Service field → the page's own field (its id and name in the HTML). */
const PAGE_FIELDS: Record<AccessChange, Record<string, string>> = {
  add_member: { email: 'memberEmail', relationship: 'relationship' },
  remove_member: { userId: 'userId', relationship: 'relationship' },
  restrict: { reason: 'restrictionReason' },
  unrestrict: {},
  hide_address: { reason: 'labelReason' },
  show_address: {},
  add_reader: { email: 'readerEmail' },
  remove_reader: { userId: 'userId' },
};

/** The order fields are listed in an error summary: the order of the page. */
const FIELD_ORDER = ['members', 'memberEmail', 'relationship', 'restrictionReason', 'readers', 'labelReason', 'readerEmail'];

export type AccessFormValues = Record<string, string>;

/** A change's input for the service, and the answers as typed (to show again beside any errors). */
export function readAccessForm(type: AccessChange, body: FormBody): { input: Record<string, string | undefined>; values: AccessFormValues } {
  const input: Record<string, string | undefined> = {};
  const values: AccessFormValues = {};
  for (const [field, pageField] of Object.entries(PAGE_FIELDS[type])) {
    const value = text(body, pageField);
    input[field] = value;
    values[pageField] = value ?? '';
  }
  return { input, values };
}

/**
 * The service's field errors as the page shows them. A removal can only fail because the
 * person was removed meanwhile (or the form was altered): that is said once, at the list.
 */
export function accessErrorView(type: AccessChange, fields: Readonly<Record<string, string>> | undefined, locale: Locale) {
  const mapped: Record<string, string> = {};
  if (type === 'remove_member' || type === 'remove_reader') {
    if (fields && Object.keys(fields).length > 0) mapped[type === 'remove_member' ? 'members' : 'readers'] = 'error.accessRemoval.gone';
  } else {
    for (const [field, key] of Object.entries(fields ?? {})) mapped[PAGE_FIELDS[type][field] ?? field] = key;
  }
  const ordered = Object.fromEntries(FIELD_ORDER.filter((f) => mapped[f]).map((f) => [f, mapped[f]!]));
  return errorViewModel(ordered, locale);
}

type Panel = Awaited<ReturnType<CaseAccessService['panel']>>;

/** The panel's rows, in the page's language. */
export function accessPageModel(panel: Panel, t: Translate, locale: Locale) {
  const org = (en: string, cy: string) => (locale === 'cy' && cy ? cy : en);
  const address = panel.labels.find((l) => l.label === 'address_hidden') ?? null;
  return {
    members: panel.members.map((m) => ({
      userId: m.userId,
      name: m.name,
      email: m.email,
      who: `${t(`role.${m.role}`)}, ${org(m.organisationNameEn, m.organisationNameCy)}`,
      relationship: m.relationship,
      relationshipText: t(`case.access.relationship.${m.relationship}`),
      addedAt: m.addedAt,
    })),
    restriction: panel.restriction,
    address,
    grants: panel.grants.map((g) => ({
      name: g.userName,
      who: `${t(`role.${g.role}`)}, ${org(g.organisationNameEn, g.organisationNameCy)}`,
      grantedAt: g.grantedAt,
      expiresAt: g.expiresAt,
      active: g.expiresAt.getTime() > panel.now.getTime(),
      reason: g.reason,
    })),
  };
}

type Report = Awaited<ReturnType<CaseAccessService['subjectAccessReport']>>;

/**
 * A subject access report in words: who by role and organisation (never a name), what
 * was done, to which record, and why, where a purpose was recorded. A purpose the service
 * names with a code is put into words; one a person typed is shown as typed.
 */
export function subjectAccessRows(report: Report, t: Translate, locale: Locale) {
  const catalogue = CATALOGUES[locale];
  return report.entries.map((e) => ({
    occurredAt: e.occurredAt,
    organisation: (locale === 'cy' && e.organisationCy ? e.organisationCy : e.organisationEn) ?? t('subjectAccess.system'),
    role: e.role ? t(`role.${e.role}`) : t('subjectAccess.system'),
    action: `action.${e.action}` in catalogue ? t(`action.${e.action}`) : t('subjectAccess.otherAction'),
    record: t(`subjectAccess.record.${e.recordType}`),
    outcome: t(`outcome.${e.outcome}`),
    purpose: e.purpose === null ? '' : `subjectAccess.purpose.${e.purpose}` in catalogue ? t(`subjectAccess.purpose.${e.purpose}`) : e.purpose,
  }));
}
