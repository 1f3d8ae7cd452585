import type { SpecificRisk, SubjectKind } from './concern.js';
import { deadlineAfter } from './timers.js';
import type { WorkingDayCalendar } from './calendar/working-days.js';

/**
 * Mandatory and specialist routes for specific harms (DOMAIN.md §6.2). They run in
 * parallel with the child or adult process: choosing a risk on a concern or a case
 * creates the tasks below — who must act, by when where a deadline exists, and what
 * reference to record — and they stay on the case until done.
 *
 * The table is data, each task citing the §6.2 source ids; the rules that need more
 * than data (a girl under 18 for FGM, an adult's consent for the NRM, MAPPA's
 * categories and levels) are the pure functions at the bottom.
 */

/** The risks that have a route (the others call for a practice guide, not a mandatory step). */
export const ROUTED_RISKS = [
  'fgm',
  'forced_marriage',
  'radicalisation',
  'modern_slavery_trafficking',
  'mappa',
  'missing',
  'serious_harm_or_death',
] as const satisfies readonly SpecificRisk[];
export type RoutedRisk = (typeof ROUTED_RISKS)[number];

export function isRoutedRisk(risk: string): risk is RoutedRisk {
  return (ROUTED_RISKS as readonly string[]).includes(risk);
}

/** When the task is due. `calendar_month` is FGM's "within one month" (secondary source: verify). */
export type DeadlineRule =
  | { kind: 'none' }
  | { kind: 'immediately' }
  | { kind: 'calendar_month'; verify: true }
  | { kind: 'working_days'; n: number };

/** What is recorded to complete the task. */
export const REFERENCE_KINDS = [
  'police_reference',
  'fmu_reference',
  'fmpo_decision',
  'prevent_referral_id',
  'channel_outcome',
  'nrm_reference',
  'nrm_or_ms1',
  'ictg_reference',
  'mappa_category_level',
  'strategy_meeting_decision',
  'police_log_number',
  'return_home_interview',
  'senior_manager_told',
  'susr_reference',
  'rsb_chair_decision',
  'police_report_decision',
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** Who must act: message keys (harmRoute.who.*). */
export const WHO = [
  'harmRoute.who.professional',
  'harmRoute.who.localAuthority',
  'harmRoute.who.referrer',
  'harmRoute.who.carerOrAgency',
  'harmRoute.who.socialWorker',
  'harmRoute.who.leadCoordinator',
  'harmRoute.who.rsbChair',
] as const;
export type WhoMustAct = (typeof WHO)[number];

export const TASK_IDS = [
  'fgm.police_report',
  'fgm.consider_police_report',
  'forced_marriage.fmu_contact',
  'forced_marriage.fmpo_decision',
  'radicalisation.prevent_referral',
  'radicalisation.channel_outcome',
  'modern_slavery.nrm_referral_child',
  'modern_slavery.ictg_referral',
  'modern_slavery.nrm_or_ms1_adult',
  'mappa.share_with_responsible_authority',
  'mappa.consider_strategy_meeting',
  'missing.tell_police',
  'missing.return_home_interview',
  'missing.tell_senior_manager',
  'susr.referral',
  'susr.chair_decision',
] as const;
export type HarmRouteTaskId = (typeof TASK_IDS)[number];

export interface HarmRouteTask {
  id: HarmRouteTaskId;
  /** Message key: who must act. */
  who: WhoMustAct;
  /** Message key: what to do (harmRoute.task.<id>.what). */
  what: string;
  deadline: DeadlineRule;
  reference: { kind: ReferenceKind; label: string };
  /** Source ids from DOMAIN.md §0 / §6.2. */
  sources: readonly string[];
  /** Only for a child on the child protection register (c4-p11). */
  registeredOnly?: true;
}

const task = (
  id: HarmRouteTaskId,
  who: WhoMustAct,
  deadline: DeadlineRule,
  kind: ReferenceKind,
  sources: readonly string[],
  extra: { registeredOnly?: true } = {},
): HarmRouteTask => ({
  id,
  who,
  what: `harmRoute.task.${id}.what`,
  deadline,
  reference: { kind, label: `harmRoute.reference.${kind}.label` },
  sources,
  ...extra,
});

const NONE: DeadlineRule = { kind: 'none' };
const NOW: DeadlineRule = { kind: 'immediately' };

// Forced marriage, Prevent/Channel, MAPPA and SUSR read the same for a child and an adult.
const FORCED_MARRIAGE = [
  // "The Right to Choose" (s63Q Family Law Act 1996): Forced Marriage Unit 020 7008 0151.
  task('forced_marriage.fmu_contact', 'harmRoute.who.localAuthority', NONE, 'fmu_reference', ['GOV-FM', 'ITV-FM']),
  // Forced Marriage Protection Orders may be applied for by the victim, police, the LA and others.
  task('forced_marriage.fmpo_decision', 'harmRoute.who.localAuthority', NONE, 'fmpo_decision', ['GOV-FM', 'ITV-FM']),
];
const SUSR = [
  // Since 1 Oct 2024: refer to the RSB business unit; the RSB Chair decides; WG is notified.
  task('susr.referral', 'harmRoute.who.localAuthority', NONE, 'susr_reference', ['GOV-SUSR', 'CHILDCOM-SUSR']),
  task('susr.chair_decision', 'harmRoute.who.rsbChair', NONE, 'rsb_chair_decision', ['GOV-SUSR', 'CHILDCOM-SUSR']),
];
const MAPPA_SHARE = task('mappa.share_with_responsible_authority', 'harmRoute.who.localAuthority', NONE, 'mappa_category_level', ['GWENT-MAPPA']);

/**
 * THE route table: risk × subject kind → tasks (DOMAIN.md §6.2).
 * Deadlines: FGM "within one month" comes from a secondary source (verify); missing
 * children and adults → police immediately; the return home interview has no national
 * timing (GAP). No other route in §6.2 states a deadline for the local authority.
 */
export const HARM_ROUTES: Readonly<Record<RoutedRisk, Readonly<Record<SubjectKind, readonly HarmRouteTask[]>>>> = {
  fgm: {
    // s5B FGM Act 2003: the regulated professional or teacher who is told by a girl under 18,
    // or sees the signs, reports to the police personally. The concern is the s130 report.
    child: [task('fgm.police_report', 'harmRoute.who.professional', { kind: 'calendar_month', verify: true }, 'police_reference', ['GOV-FGM', 'MDU-FGM', 'FLICK-FGM', 'NSPCC-WALES'])],
    // The mandatory duty is for girls under 18 only: for an adult, consider a police report.
    adult: [task('fgm.consider_police_report', 'harmRoute.who.localAuthority', NONE, 'police_report_decision', ['GOV-FGM'])],
  },
  forced_marriage: { child: FORCED_MARRIAGE, adult: FORCED_MARRIAGE },
  radicalisation: {
    child: [
      task('radicalisation.prevent_referral', 'harmRoute.who.referrer', NONE, 'prevent_referral_id', ['GOV-CHANNEL', 'WSP-C6-P12']),
      task('radicalisation.channel_outcome', 'harmRoute.who.localAuthority', NONE, 'channel_outcome', ['GOV-CHANNEL', 'WSP-C6-P12']),
    ],
    adult: [
      task('radicalisation.prevent_referral', 'harmRoute.who.referrer', NONE, 'prevent_referral_id', ['GOV-CHANNEL']),
      task('radicalisation.channel_outcome', 'harmRoute.who.localAuthority', NONE, 'channel_outcome', ['GOV-CHANNEL']),
    ],
  },
  modern_slavery_trafficking: {
    // A child needs no consent for the NRM; the ICTG service is in addition to it (0800 043 4303).
    child: [
      task('modern_slavery.nrm_referral_child', 'harmRoute.who.localAuthority', NONE, 'nrm_reference', ['MSH-NRM', 'COP-NRM']),
      task('modern_slavery.ictg_referral', 'harmRoute.who.localAuthority', NONE, 'ictg_reference', ['BARN-ICTG']),
    ],
    // An adult must consent to the NRM; without consent the s52 MSA 2015 duty to notify is met by the MS1.
    adult: [task('modern_slavery.nrm_or_ms1_adult', 'harmRoute.who.localAuthority', NONE, 'nrm_or_ms1', ['MSH-NRM', 'COP-NRM'])],
  },
  mappa: {
    child: [MAPPA_SHARE],
    // A MAPPA nominal is also a trigger for an adult strategy meeting (a3pt1-p14).
    adult: [
      MAPPA_SHARE,
      task('mappa.consider_strategy_meeting', 'harmRoute.who.leadCoordinator', NONE, 'strategy_meeting_decision', ['GWENT-MAPPA', 'WSP-A3.1-P14']),
    ],
  },
  missing: {
    child: [
      task('missing.tell_police', 'harmRoute.who.carerOrAgency', NOW, 'police_log_number', ['MP-WALES', 'CIW-MISSING', 'WSP-C6-P9']),
      // Return home interview: timing is a GAP in the stored sources, so no deadline.
      task('missing.return_home_interview', 'harmRoute.who.localAuthority', NONE, 'return_home_interview', ['MP-WALES', 'WSP-C6-P9']),
      // A registered child missing: the senior manager is told immediately (c4-p11).
      task('missing.tell_senior_manager', 'harmRoute.who.socialWorker', NOW, 'senior_manager_told', ['WSP-C4-P11'], { registeredOnly: true }),
    ],
    adult: [task('missing.tell_police', 'harmRoute.who.carerOrAgency', NOW, 'police_log_number', ['MP-WALES', 'CIW-MISSING'])],
  },
  serious_harm_or_death: { child: SUSR, adult: SUSR },
};

export function taskDefinition(risk: RoutedRisk, subjectKind: SubjectKind, id: string): HarmRouteTask | undefined {
  return HARM_ROUTES[risk][subjectKind].find((t) => t.id === id);
}

export interface PlannedTask {
  risk: RoutedRisk;
  subjectKind: SubjectKind;
  task: HarmRouteTask;
  /** The instant after which the task is late; null when no deadline exists. */
  dueAt: Date | null;
}

/** When a task raised at `raisedAt` is due (Europe/London; see DOMAIN.md §9 for the counting rules). */
export function dueAtFor(rule: DeadlineRule, raisedAt: Date, calendar?: WorkingDayCalendar): Date | null {
  switch (rule.kind) {
    case 'none':
      return null;
    case 'immediately':
      return raisedAt;
    case 'calendar_month':
      // Month arithmetic clamps to the end of the month; due by the end of that day.
      return deadlineAfter(raisedAt, 1, 'months', calendar ?? NO_CALENDAR).dueAt;
    case 'working_days':
      if (!calendar) throw new Error('a working-day deadline needs the calendar');
      return deadlineAfter(raisedAt, rule.n, 'working_days', calendar).dueAt;
  }
}

// Month arithmetic never asks the calendar; this stands in where none is given.
const NO_CALENDAR: WorkingDayCalendar = {
  coverage: { first: 0, last: 0 },
  isWorkingDay: () => {
    throw new Error('no working-day calendar given');
  },
};

/**
 * The tasks a risk creates for a child or an adult, raised at `raisedAt`. A risk with no
 * route creates none. The registered-child task needs to know the child is on the register
 * (a case knows; a concern does not, so it is left out there).
 */
export function tasksFor(
  risk: SpecificRisk,
  subjectKind: SubjectKind,
  raisedAt: Date,
  calendar?: WorkingDayCalendar,
  facts: { registered?: boolean } = {},
): PlannedTask[] {
  if (!isRoutedRisk(risk)) return [];
  return HARM_ROUTES[risk][subjectKind]
    .filter((t) => !t.registeredOnly || facts.registered === true)
    .map((t) => ({ risk, subjectKind, task: t, dueAt: dueAtFor(t.deadline, raisedAt, calendar) }));
}

// ---- completing a task -----------------------------------------------------------------

export const REFERENCE_MAX_LENGTH = 100;
export const NOTES_MAX_LENGTH = 2000;
export type Consent = 'yes' | 'no';

/** What a person sends to complete a task (form or JSON: anything may be missing or wrong). */
export interface CompletionInput {
  reference?: unknown;
  consent?: unknown;
  category?: unknown;
  level?: unknown;
  notes?: unknown;
}

export interface Completion {
  reference: string | null;
  detail: { consent?: Consent; referenceKind: ReferenceKind | 'ms1_reference'; category?: 1 | 2 | 3; level?: 1 | 2 | 3 };
  notes: string | null;
}

/**
 * The adult's consent decides the route (s52 Modern Slavery Act 2015; NRM guidance):
 * with consent, an NRM referral and its reference; without it, the anonymous duty to
 * notify on the MS1 form and its reference.
 */
export function adultModernSlaveryRoute(consent: Consent): 'nrm_reference' | 'ms1_reference' {
  return consent === 'yes' ? 'nrm_reference' : 'ms1_reference';
}

function trimmed(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s === '' ? undefined : s;
}

/** MAPPA categories 1–3 and management levels 1–3 (GWENT-MAPPA). */
function oneToThree(v: unknown): 1 | 2 | 3 | undefined {
  const s = trimmed(v);
  return s === '1' ? 1 : s === '2' ? 2 : s === '3' ? 3 : undefined;
}

/** Check what completes a task; errors keyed by field, as message keys. */
export function validateCompletion(
  t: Pick<HarmRouteTask, 'reference'>,
  input: CompletionInput,
): { ok: true; value: Completion } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind = t.reference.kind;
  const reference = trimmed(input.reference);
  const notes = trimmed(input.notes);
  if (notes !== undefined && notes.length > NOTES_MAX_LENGTH) errors['notes'] = 'error.harmRouteNotes.too_long';
  if (input.notes !== undefined && input.notes !== null && typeof input.notes !== 'string') errors['notes'] = 'error.harmRouteNotes.invalid';

  let detail: Completion['detail'] = { referenceKind: kind };
  let referenceRequired = true;
  if (kind === 'nrm_or_ms1') {
    const consent = trimmed(input.consent);
    if (consent !== 'yes' && consent !== 'no') {
      errors['consent'] = 'error.harmRouteConsent.required';
    } else {
      detail = { referenceKind: adultModernSlaveryRoute(consent), consent };
    }
  }
  if (kind === 'mappa_category_level') {
    // The category and level are what is recorded; a MAPPA reference is optional.
    referenceRequired = false;
    const category = oneToThree(input.category);
    const level = oneToThree(input.level);
    if (!category) errors['category'] = 'error.mappaCategory.invalid';
    if (!level) errors['level'] = 'error.mappaLevel.invalid';
    if (category && level) detail = { referenceKind: kind, category, level };
  }
  if (input.reference !== undefined && input.reference !== null && typeof input.reference !== 'string' && typeof input.reference !== 'number') {
    errors['reference'] = 'error.harmRouteReference.invalid';
  } else if (reference === undefined) {
    if (referenceRequired) {
      errors['reference'] =
        kind === 'nrm_or_ms1' && detail.referenceKind === 'ms1_reference' ? 'error.harmRouteReference.ms1Required'
        : kind === 'nrm_or_ms1' && detail.referenceKind === 'nrm_reference' ? 'error.harmRouteReference.nrmRequired'
        : 'error.harmRouteReference.required';
    }
  } else if (reference.length > REFERENCE_MAX_LENGTH) {
    errors['reference'] = 'error.harmRouteReference.too_long';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors: ordered(errors) };
  return { ok: true, value: { reference: reference ?? null, detail, notes: notes ?? null } };
}

/** The errors of a completion, empty when it may be recorded. */
export function completionErrors(t: Pick<HarmRouteTask, 'reference'>, input: CompletionInput): Record<string, string> {
  const r = validateCompletion(t, input);
  return r.ok ? {} : r.errors;
}

// The order the fields appear on the page, for the error summary.
const FIELD_ORDER = ['consent', 'category', 'level', 'reference', 'notes'];
function ordered(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(FIELD_ORDER.filter((f) => errors[f]).map((f) => [f, errors[f]!]));
}

export type DueStatus = 'none' | 'immediately' | 'due' | 'overdue' | 'done';

/**
 * How a task's deadline reads at `now`. A task due immediately stays "immediately" until
 * done (it is urgent, not late by the minute); a dated task is overdue once its day has ended.
 */
export function dueStatus(t: Pick<HarmRouteTask, 'deadline'>, dueAt: Date | null, completedAt: Date | null, now: Date): DueStatus {
  if (completedAt) return 'done';
  if (t.deadline.kind === 'immediately') return 'immediately';
  if (dueAt === null) return 'none';
  return now.getTime() >= dueAt.getTime() ? 'overdue' : 'due';
}
