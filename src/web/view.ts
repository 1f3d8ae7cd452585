import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../domain/access-policy.js';
import type { Caller } from '../services/context.js';
import type { ConcernRecord } from '../services/concern.service.js';
import { formatDate, formatDateTime, formatIsoDate, translator, type Locale } from './i18n/i18n.js';
import { formatNhsNumber } from '../domain/nhs-number.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const GOVUK_FRONTEND_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(here, 'views'), GOVUK_FRONTEND_DIST], { noCache: false }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  return env;
}

export interface FieldErrors {
  [field: string]: string;
}

/** Anchor for a field in the error summary: date inputs focus their day box. */
const DATE_FIELDS = new Set(['dateOfBirth', 'expectedDueDate', 'occurredOn']);

export function errorViewModel(errors: FieldErrors | undefined, locale: Locale) {
  const t = translator(locale);
  if (!errors || Object.keys(errors).length === 0) return { errors: {}, errorList: [] };
  const messages: Record<string, { text: string; visuallyHiddenText: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const [field, key] of Object.entries(errors)) {
    messages[field] = { text: t(key), visuallyHiddenText: t('common.error') };
    errorList.push({ text: t(key), href: `#${DATE_FIELDS.has(field) ? `${field}-day` : field}` });
  }
  return { errors: messages, errorList };
}

/** The service navigation for a caller's role, in their language. */
function navigationFor(caller: Caller | undefined, currentPath: string, t: (k: string) => string, areas: { allegations: boolean; cases: boolean }) {
  if (!caller) return [];
  const path = currentPath.split('?')[0] ?? '/';
  const items: { href: string; key: string }[] = [{ href: '/', key: 'nav.home' }];
  if (can(caller, 'concern.raise')) items.push({ href: '/concerns/new', key: 'nav.raiseConcern' }, { href: '/concerns', key: 'nav.myConcerns' });
  if (can(caller, 'concern.triage')) items.push({ href: '/triage', key: 'nav.triage' });
  if (can(caller, 'report.receive')) items.push({ href: '/reports', key: 'nav.incoming' });
  if (can(caller, 'case.work')) {
    items.push({ href: '/cases', key: 'nav.cases' }, { href: '/work-tray', key: 'nav.workTray' }, { href: '/register', key: 'nav.register' });
  } else if (areas.cases) {
    // Someone on a case who does not work on cases (a teacher on a core group) reads the cases they are on.
    items.push({ href: '/cases', key: 'nav.cases' });
  }
  if (can(caller, 'person.search')) items.push({ href: '/people/search', key: 'nav.findPerson' });
  if (areas.allegations) items.push({ href: '/allegations', key: 'nav.allegations' });
  if (can(caller, 'rules.view')) items.push({ href: '/settings', key: 'nav.rules' });
  if (can(caller, 'guidance.read')) items.push({ href: '/guidance', key: 'nav.guidance' });
  items.push({ href: '/account', key: 'nav.account' });
  // The most specific matching item is the current one.
  const active = items
    .filter((i) => path === i.href || (i.href !== '/' && path.startsWith(`${i.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({ href: i.href, text: t(i.key), active: i === active }));
}

export function baseContext(request: FastifyRequest, reply: FastifyReply) {
  const locale = request.locale;
  const t = translator(locale);
  const nonce = (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script ?? '';
  return {
    locale,
    htmlLang: locale,
    t,
    caller: request.caller,
    csrfToken: request.csrfToken(),
    cspNonce: nonce,
    currentPath: request.url,
    navigation: navigationFor(request.caller, request.url, t, { allegations: request.allegationsArea, cases: request.casesArea }),
    fmtDate: (d: Date | null | undefined) => (d ? formatDate(d, locale) : ''),
    fmtDateTime: (d: Date | null | undefined) => (d ? formatDateTime(d, locale) : ''),
    fmtIsoDate: (iso: string | null | undefined, weekday = false) => (iso ? formatIsoDate(iso, locale, weekday) : ''),
    /** 943 476 5919 */
    fmtNhsNumber: (digits: string | null | undefined) => (digits ? formatNhsNumber(digits) : ''),
    answersOf,
    /** Organisation names are held in both languages. */
    orgName: (en: string, cy: string) => (locale === 'cy' && cy ? cy : en),
  };
}

/** A stored concern in the flat shape of the check-your-answers summary. */
export function answersOf(c: ConcernRecord) {
  return {
    subjectKind: c.subjectKind,
    fullName: c.person.fullName,
    dateOfBirth: c.person.dateOfBirth,
    expectedDueDate: c.person.expectedDueDate,
    nhsNumber: c.person.nhsNumber,
    address: c.person.address,
    addressHidden: c.person.addressHidden,
    firstLanguage: c.person.firstLanguage,
    welshPreferred: c.person.welshPreferred === null ? 'not_known' : c.person.welshPreferred ? 'yes' : 'no',
    communicationNeeds: c.person.communicationNeeds,
    account: c.account,
    ownWords: c.ownWords,
    occurredOn: c.occurredOn,
    occurredTime: c.occurredTime,
    location: c.location,
    harmCategories: c.harmCategories,
    specificRisks: c.specificRisks,
    immediateDanger: c.immediateDanger,
    personKnows: c.personKnows,
    personNotToldReason: c.personNotToldReason,
  };
}
