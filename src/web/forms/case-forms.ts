import { CHILD_DECISIONS } from '../../domain/decisions.js';
import { CHILD_CASE_COMMAND_TYPES, type UserCommandType } from '../../domain/cases/child-protection.commands.js';
import {
  AGENCIES,
  AUTOMATIC_DEREGISTRATION_REASONS,
  IMMEDIATE_PROTECTION_POWERS,
  REGISTRATION_CATEGORIES,
  VISIT_LOCATIONS,
  type ConferenceKind,
} from '../../domain/cases/vocabulary.js';
import type { CaseView } from '../../services/case.service.js';
import { CATALOGUES, formatIsoDate, type Locale, type Translate } from '../i18n/i18n.js';
import { errorViewModel } from '../view.js';
import { dateInput, list, text, type FormBody } from './form-data.js';

/**
 * The pages of a child's case, one per step: each step's fields are defined once here,
 * read from the form into the API shape of `CASE_COMMAND_SCHEMAS` (the service validates
 * them) and described for the one generic template that renders every step.
 */

// ---------------------------------------------------------------------------
// Steps and their fields

/** Where the options of a choice come from: this case's record, its staff, or the authorities. */
export type ChoiceSource = 'staff' | 'localAuthority' | 'clock' | 'openTask' | 'openAction' | 'heldConference' | 'sibling' | 'openInvestigation';

interface FieldBase {
  /** The API field name: also the form field name and the key of its errors. */
  name: string;
  /** The field has a hint, `case.field.<step>.<name>.hint`. */
  hint?: boolean;
  /** The message key of its label when several steps ask the same question (default `<prefix>.field.<step>.<name>`). */
  key?: string;
  optional?: boolean;
  /** Shown under one option of another radio question; otherwise it takes `otherwise`. */
  revealedBy?: { field: string; value: string; otherwise: unknown };
  /** Shown only while the case needs it; otherwise sent as a hidden `skipValue` (or not at all). */
  onlyWhen?: keyof StepFlags;
  skipValue?: string;
}

export type FieldSpec =
  | (FieldBase & { kind: 'text' | 'textarea' | 'date' | 'dateTime' | 'yesNo' | 'attendees' | 'hidden' | 'decisions' })
  | (FieldBase & { kind: 'radios' | 'checkboxes'; options: readonly string[]; optionKey: string; numeric?: boolean })
  | (FieldBase & { kind: 'choice'; source: ChoiceSource; control: 'radios' | 'select' | 'checkboxes' });

export interface StepSpec {
  fields: FieldSpec[];
  /** The page has an introduction, `case.step.<type>.intro`. */
  intro?: boolean;
}

/** What about the case decides which fields a step shows. */
export interface StepFlags {
  /** The first strategy discussion decides on section 47 enquiries; later ones only take part in them. */
  decidingStrategy: boolean;
}

const details = (name: string, extra: Partial<FieldBase> = {}): FieldSpec => ({ name, kind: 'textarea', ...extra });

export const STEP_FORMS: Readonly<Record<UserCommandType, StepSpec>> = {
  acknowledge_reporter: { fields: [], intro: true },
  allocate: { fields: [{ name: 'workerId', kind: 'choice', source: 'staff', control: 'select' }] },
  record_decision: {
    fields: [
      { name: 'decision', kind: 'radios', options: CHILD_DECISIONS, optionKey: 'decision.' },
      { name: 'crimeSuspected', kind: 'yesNo', hint: true },
      details('rationale', { hint: true }),
    ],
  },
  complete_task: {
    fields: [
      { name: 'taskId', kind: 'choice', source: 'openTask', control: 'radios' },
      { name: 'reference', kind: 'text', hint: true },
    ],
  },
  take_immediate_protection: {
    fields: [
      { name: 'power', kind: 'radios', options: IMMEDIATE_PROTECTION_POWERS, optionKey: 'case.power.' },
      { name: 'startedAt', kind: 'dateTime' },
      details('details', { hint: true }),
    ],
    intro: true,
  },
  extend_emergency_protection_order: {
    fields: [{ name: 'extendedTo', kind: 'date', hint: true }, details('reason')],
  },
  end_immediate_protection: { fields: [{ name: 'endedAt', kind: 'dateTime' }, details('details', { hint: true })] },
  record_strategy_discussion: {
    fields: [
      { name: 'heldAt', kind: 'dateTime' },
      { name: 'format', kind: 'radios', options: ['discussion', 'meeting'], optionKey: 'case.format.' },
      { name: 'attendees', kind: 'attendees', hint: true },
      { name: 'outcome', kind: 'radios', options: ['section47', 'no_section47'], optionKey: 'case.strategyOutcome.', onlyWhen: 'decidingStrategy', skipValue: 'section47' },
      {
        name: 'enquiry', kind: 'radios', options: ['single', 'joint'], optionKey: 'case.enquiry.', onlyWhen: 'decidingStrategy',
        revealedBy: { field: 'outcome', value: 'section47', otherwise: null },
      },
      {
        name: 'nextStep', kind: 'radios', options: ['part3_assessment', 'no_further_action'], optionKey: 'case.nextStep.', onlyWhen: 'decidingStrategy',
        revealedBy: { field: 'outcome', value: 'no_section47', otherwise: null },
      },
      details('summary', { hint: true }),
    ],
  },
  complete_continuing_assessment: { fields: [{ name: 'at', kind: 'dateTime' }, details('summary')] },
  record_section47_determination: {
    fields: [
      { name: 'determination', kind: 'radios', options: ['1', '2', '3'], optionKey: 'case.determination.', numeric: true },
      details('rationale', { hint: true }),
    ],
  },
  ratify_determination: { fields: [], intro: true },
  return_determination: { fields: [details('reason', { hint: true })], intro: true },
  schedule_conference: {
    fields: [
      { name: 'kind', kind: 'hidden' },
      { name: 'scheduledFor', kind: 'dateTime' },
      { name: 'invitees', kind: 'attendees', hint: true },
      { name: 'siblingCaseIds', kind: 'choice', source: 'sibling', control: 'checkboxes', hint: true, optional: true },
    ],
    intro: true,
  },
  postpone_conference: {
    fields: [{ name: 'conferenceId', kind: 'hidden' }, { name: 'scheduledFor', kind: 'dateTime' }, details('reason', { hint: true })],
    intro: true,
  },
  record_conference: {
    fields: [
      { name: 'conferenceId', kind: 'hidden' },
      { name: 'heldAt', kind: 'dateTime' },
      { name: 'attendees', kind: 'attendees', hint: true },
      { name: 'apologies', kind: 'checkboxes', options: AGENCIES, optionKey: 'case.agency.', optional: true },
      { name: 'reportsReceived', kind: 'checkboxes', options: AGENCIES, optionKey: 'case.agency.', optional: true },
      { name: 'decisions', kind: 'decisions', hint: true },
      details('rationale', { hint: true }),
    ],
  },
  circulate_conference_records: {
    fields: [{ name: 'conferenceId', kind: 'choice', source: 'heldConference', control: 'radios' }, { name: 'at', kind: 'dateTime' }],
    intro: true,
  },
  name_coordinator: { fields: [{ name: 'coordinatorId', kind: 'choice', source: 'staff', control: 'select' }] },
  record_core_group: {
    fields: [{ name: 'heldAt', kind: 'dateTime' }, { name: 'attendees', kind: 'attendees', hint: true }, details('summary', { hint: true })],
  },
  record_plan: { fields: [details('outcomes', { hint: true }), details('contingency', { hint: true })] },
  add_plan_action: {
    fields: [details('description'), { name: 'owner', kind: 'text', hint: true }, { name: 'dueDate', kind: 'date', hint: true }],
  },
  complete_plan_action: { fields: [{ name: 'actionId', kind: 'choice', source: 'openAction', control: 'radios' }] },
  record_visit: {
    fields: [
      { name: 'visitedAt', kind: 'dateTime' },
      { name: 'location', kind: 'radios', options: VISIT_LOCATIONS, optionKey: 'case.location.' },
      { name: 'bedroomSeen', kind: 'yesNo', revealedBy: { field: 'location', value: 'home', otherwise: false } },
      { name: 'seenAlone', kind: 'yesNo' },
      details('summary'),
    ],
  },
  notify_transfer: {
    fields: [
      { name: 'toLocalAuthorityId', kind: 'choice', source: 'localAuthority', control: 'select' },
      { name: 'movedOn', kind: 'date', hint: true },
      { name: 'permanent', kind: 'yesNo', hint: true },
    ],
  },
  make_move_permanent: { fields: [], intro: true },
  send_transfer_information: { fields: [{ name: 'at', kind: 'dateTime' }], intro: true },
  report_missing: { fields: [{ name: 'at', kind: 'dateTime' }, details('circumstances', { hint: true })], intro: true },
  record_found: { fields: [{ name: 'at', kind: 'dateTime' }, details('circumstances', { hint: true })] },
  record_birth: { fields: [{ name: 'name', kind: 'text' }, { name: 'dateOfBirth', kind: 'date', hint: true }] },
  deregister_automatically: {
    fields: [
      { name: 'reason', kind: 'radios', options: AUTOMATIC_DEREGISTRATION_REASONS, optionKey: 'case.automaticReason.' },
      { name: 'at', kind: 'dateTime' },
      details('rationale'),
    ],
    intro: true,
  },
  close_case: { fields: [details('rationale', { hint: true })] },
  record_timescale_exception: {
    fields: [{ name: 'clockKey', kind: 'choice', source: 'clock', control: 'radios' }, details('reason', { hint: true })],
    intro: true,
  },
  add_chronology_entry: {
    fields: [{ name: 'occurredOn', kind: 'date', hint: true }, details('summary'), { name: 'significant', kind: 'yesNo', hint: true }],
  },
};

/**
 * The step pages of one kind of case: their fields, and the prefix of their message keys
 * (`case.step.<type>.title`, `adult.field.<type>.<name>` …). A step may word a field's
 * error for itself (`<key>.<type>`), and a kind of case for itself (`<key>.<variant>`).
 */
export interface StepFormSet {
  prefix: string;
  forms: Readonly<Record<string, StepSpec>>;
  errorVariant?: string;
}

export const CHILD_FORM_SET: StepFormSet = { prefix: 'case', forms: STEP_FORMS };

export function specOf(set: StepFormSet, type: string): StepSpec {
  const spec = set.forms[type];
  if (!spec) throw new Error(`no form for step ${type}`);
  return spec;
}

/** `record_strategy_discussion` ↔ `record-strategy-discussion` in the address. */
export function slugOf(type: string): string {
  return type.replace(/_/g, '-');
}

export function stepOfSlug(slug: string): UserCommandType | undefined {
  return CHILD_CASE_COMMAND_TYPES.find((t) => slugOf(t) === slug);
}

export function labelKey(type: string, field: string, prefix = 'case'): string {
  return `${prefix}.field.${type}.${field}`;
}

/** The message key of a field's label (its hint and yes/no answers add `.hint`, `.yes`, `.no`). */
export function fieldKey(set: StepFormSet, type: string, f: FieldSpec): string {
  return f.key ?? labelKey(type, f.name, set.prefix);
}

/** Every message key a step's page uses (titles, labels, hints, options): checked by the tests. */
export function stepMessageKeys(type: string, set: StepFormSet = CHILD_FORM_SET): string[] {
  const spec = specOf(set, type);
  const keys = [`${set.prefix}.step.${type}.title`, `${set.prefix}.step.${type}.submit`];
  if (spec.intro) keys.push(`${set.prefix}.step.${type}.intro`);
  for (const f of spec.fields) {
    if (f.kind === 'hidden') continue;
    const label = fieldKey(set, type, f);
    keys.push(label);
    if (f.hint) keys.push(`${label}.hint`);
    if (f.kind === 'yesNo') keys.push(`${label}.yes`, `${label}.no`);
    if (f.kind === 'radios' || f.kind === 'checkboxes') keys.push(...f.options.map((o) => `${f.optionKey}${o}`));
  }
  return keys;
}

// ---------------------------------------------------------------------------
// Dates and times

const LONDON_WALL_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** The wall-clock reading of an instant in London: 'YYYY-MM-DD HH:MM'. */
function londonWallTime(instant: Date): string {
  const parts = Object.fromEntries(
    LONDON_WALL_TIME.formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`;
}

/**
 * A date and time as read on a clock in London ('2026-07-01', '14:30') → the UTC instant
 * in ISO 8601. London is UTC+1 in summer and UTC in winter: when the clocks go back the
 * hour between 01:00 and 02:00 happens twice and the first (summer time) is taken; a time
 * skipped when they go forward never happened, so it is not a real time (null).
 */
export function londonDateTimeToIso(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{1,2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(asUtc).toISOString().slice(0, 10) !== date) return null;
  const wall = `${date} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    if (londonWallTime(candidate) === wall) return candidate.toISOString();
  }
  return null;
}

export interface DateTimeParts {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

/** A date and time question (name-day … name-minute): undefined if blank, 'invalid' if not a real time in London. */
export function dateTimeInput(body: FormBody | undefined, name: string): { value: string | undefined; parts: DateTimeParts } {
  const date = dateInput(body, name);
  const hour = (text(body, `${name}-hour`) ?? '').trim();
  const minute = (text(body, `${name}-minute`) ?? '').trim();
  const parts = { ...date.parts, hour, minute };
  if (date.value === undefined && !hour && !minute) return { value: undefined, parts };
  if (!date.value || date.value === 'invalid' || !/^\d{1,2}$/.test(hour) || !/^\d{1,2}$/.test(minute)) return { value: 'invalid', parts };
  return { value: londonDateTimeToIso(date.value, `${hour}:${minute}`) ?? 'invalid', parts };
}

// ---------------------------------------------------------------------------
// Reading a step's form

export type FormValue = string | string[] | Record<string, string>;
export type FormValues = Record<string, FormValue>;

export interface StepForm {
  /** The API input (without expectedVersion). */
  input: Record<string, unknown>;
  /** What the person entered, to show again. */
  values: FormValues;
  /** Problems only the page can see (a date and time that is not real, a child's decision left out). */
  formErrors: Record<string, string>;
}

function readField(f: FieldSpec, body: FormBody, out: StepForm): void {
  const { input, values, formErrors } = out;
  switch (f.kind) {
    case 'text':
    case 'textarea':
    case 'hidden': {
      const v = text(body, f.name);
      values[f.name] = v ?? '';
      input[f.name] = v === '' && f.kind === 'hidden' ? undefined : v;
      return;
    }
    case 'radios': {
      const v = text(body, f.name) || undefined;
      values[f.name] = v ?? '';
      input[f.name] = v !== undefined && f.numeric ? Number(v) : v;
      return;
    }
    case 'choice': {
      if (f.control === 'checkboxes') {
        values[f.name] = list(body, f.name);
        input[f.name] = values[f.name];
      } else {
        const v = text(body, f.name) || undefined;
        values[f.name] = v ?? '';
        input[f.name] = v;
      }
      return;
    }
    case 'checkboxes':
      values[f.name] = list(body, f.name);
      input[f.name] = values[f.name];
      return;
    case 'yesNo': {
      const v = text(body, f.name);
      values[f.name] = v ?? '';
      input[f.name] = v === 'yes' ? true : v === 'no' ? false : undefined;
      return;
    }
    case 'date': {
      const d = dateInput(body, f.name);
      values[f.name] = { ...d.parts };
      input[f.name] = d.value;
      return;
    }
    case 'dateTime': {
      const d = dateTimeInput(body, f.name);
      values[f.name] = { ...d.parts };
      input[f.name] = d.value;
      if (d.value === 'invalid') formErrors[f.name] = `error.${f.name}.invalid`;
      return;
    }
    case 'attendees': {
      // One box per agency for the names of who came from it; a blank box means the agency was not there.
      const names: Record<string, string> = {};
      const attendees: { name: string; agency: string }[] = [];
      for (const agency of AGENCIES) {
        const v = text(body, `${f.name}-${agency}`) ?? '';
        names[agency] = v;
        if (v.trim()) attendees.push({ name: v.trim(), agency });
      }
      values[f.name] = names;
      input[f.name] = attendees;
      return;
    }
    case 'decisions':
      readConferenceDecisions(body, out);
      return;
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}

/**
 * A step's form → the API input, the answers to show again, and the problems only the page can see.
 * A question revealed by an answer that was not given (or by a question itself not shown) takes its
 * `otherwise` value: without JavaScript every revealed question is on the page, and may have been answered.
 */
export function readStepForm(type: string, body: FormBody | undefined, set: StepFormSet = CHILD_FORM_SET): StepForm {
  const out: StepForm = { input: {}, values: {}, formErrors: {} };
  const b = body ?? {};
  const fields = specOf(set, type).fields;
  for (const f of fields) readField(f, b, out);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const shown = (f: FieldSpec): boolean => {
    if (!f.revealedBy) return true;
    const parent = byName.get(f.revealedBy.field);
    return out.values[f.revealedBy.field] === f.revealedBy.value && (!parent || shown(parent));
  };
  for (const f of fields) {
    if (f.revealedBy && !shown(f)) {
      out.input[f.name] = f.revealedBy.otherwise;
      delete out.formErrors[f.name];
    }
  }
  return out;
}

/**
 * The decision for each child considered at a conference (c3pt2-p9: decided per child).
 * A child left without a decision, or registered without a category, is reported against
 * that child here: the service's schema sees the decisions as one field and could not say
 * whose it was. What is sent for such a child is still invalid, so nothing is saved.
 */
function readConferenceDecisions(body: FormBody, out: StepForm): void {
  const considered = list(body, 'considered');
  out.values['considered'] = considered;
  const decisions: Record<string, Record<string, unknown>> = {};
  for (const id of considered) {
    const outcome = text(body, `decision-${id}`) || undefined;
    const categories = list(body, `categories-${id}`);
    const coordinatorId = text(body, `coordinatorId-${id}`) || null;
    const coreGroup = text(body, `coreGroup-${id}`) ?? '';
    Object.assign(out.values, {
      [`decision-${id}`]: outcome ?? '',
      [`categories-${id}`]: categories,
      [`coordinatorId-${id}`]: coordinatorId ?? '',
      [`coreGroup-${id}`]: coreGroup,
    });
    if (!outcome) out.formErrors[`decision.${id}`] = 'error.decision.required';
    else if ((outcome === 'register' || outcome === 'remain') && categories.length === 0) {
      out.formErrors[`categories.${id}`] = 'error.categories.required';
    }
    decisions[id] =
      outcome === 'register'
        ? { outcome, categories, coordinatorId, coreGroup }
        : outcome === 'remain'
          ? { outcome, categories }
          : { outcome };
  }
  out.input['decisions'] = decisions;
}

/** Per-child fields of a conference decision, as the service names them for the child whose page it is. */
const DECISION_FIELDS = ['decision', 'categories', 'coordinatorId', 'coreGroup'];

/**
 * The service's field errors, with the page's own, keyed the way the page shows them.
 * For a conference, the child whose page it is gets `<field>.<caseId>` like the siblings.
 */
export function mergeErrors(
  type: UserCommandType,
  caseId: string,
  serviceErrors: Readonly<Record<string, string>> | undefined,
  formErrors: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [field, key] of Object.entries(serviceErrors ?? {})) {
    if (type === 'record_conference' && DECISION_FIELDS.includes(field)) merged[`${field}.${caseId}`] = key;
    else merged[field] = key;
  }
  // The page's own findings are more precise than the schema's "required" for the same field.
  Object.assign(merged, formErrors);
  const childProblems = Object.keys(formErrors).some((k) => k.includes('.'));
  if (childProblems) delete merged['decisions'];
  return merged;
}

// ---------------------------------------------------------------------------
// Describing a step's page for the template

export interface Choice {
  value: string;
  text: string;
  hint?: string;
}
export type Choices = Partial<Record<ChoiceSource, Choice[]>>;

export interface FieldItem {
  value: string;
  text: string;
  hint?: string;
  children?: FieldView[];
}

export interface FieldView {
  kind: 'input' | 'textarea' | 'date' | 'dateTime' | 'radios' | 'checkboxes' | 'select' | 'attendees' | 'hidden' | 'group';
  name: string;
  label: string;
  hint?: string;
  value?: FormValue;
  items?: FieldItem[];
  inline?: boolean;
  error?: { text: string; visuallyHiddenText: string };
  /** A group: a heading (the child's name) with its own fields. */
  children?: FieldView[];
  headingLevel?: 2 | 3;
}

export interface ConferenceChild {
  caseId: string;
  name: string;
}

export interface PageContext {
  type: string;
  /** Whose steps these are (a child's by default). */
  set?: StepFormSet;
  flags: StepFlags;
  values: FormValues;
  errors: Readonly<Record<string, { text: string; visuallyHiddenText: string }>>;
  choices: Choices;
  t: Translate;
  /** For a conference: its kind and the children considered. */
  conferenceKind?: ConferenceKind | null;
  considered?: ConferenceChild[];
}

function fieldView(f: FieldSpec, c: PageContext, childrenOf: (name: string, value: string) => FieldView[]): FieldView {
  const { type, t, values, errors } = c;
  const key = fieldKey(c.set ?? CHILD_FORM_SET, type, f);
  const label = `${t(key)}${f.optional ? ` ${t('common.optional')}` : ''}`;
  const hint = f.hint ? t(`${key}.hint`) : undefined;
  const base = { name: f.name, label, hint, value: values[f.name], error: errors[f.name] };
  switch (f.kind) {
    case 'text':
      return { ...base, kind: 'input' };
    case 'textarea':
      return { ...base, kind: 'textarea' };
    case 'date':
      return { ...base, kind: 'date' };
    case 'dateTime':
      return { ...base, kind: 'dateTime', hint: hint ?? t('case.dateTime.hint') };
    case 'hidden':
      return { ...base, kind: 'hidden' };
    case 'attendees':
      return {
        ...base,
        kind: 'attendees',
        items: AGENCIES.map((a) => ({ value: a, text: t(`case.agency.${a}`) })),
      };
    case 'yesNo': {
      const items = ['yes', 'no'].map((v) => ({ value: v, text: t(`${key}.${v}`), children: childrenOf(f.name, v) }));
      // GOV.UK: inline radios never reveal a question.
      return { ...base, kind: 'radios', inline: items.every((i) => i.children.length === 0), items };
    }
    case 'radios':
    case 'checkboxes':
      return {
        ...base,
        kind: f.kind,
        items: f.options.map((o) => ({ value: o, text: t(`${f.optionKey}${o}`), children: childrenOf(f.name, o) })),
      };
    case 'choice': {
      const items = (c.choices[f.source] ?? []).map((o) => ({ ...o, children: [] }));
      return { ...base, kind: f.control === 'select' ? 'select' : f.control, items };
    }
    case 'decisions':
      return { ...base, kind: 'group', headingLevel: 2, children: (c.considered ?? []).map((child) => decisionGroup(child, c)) };
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}

/** The fields of a step, in order, with the questions revealed by an answer nested under it. */
export function stepFieldViews(c: PageContext): FieldView[] {
  const fields = specOf(c.set ?? CHILD_FORM_SET, c.type).fields;
  const shown = fields.filter((f) => !f.onlyWhen || c.flags[f.onlyWhen]);
  const childrenOf = (name: string, value: string): FieldView[] =>
    shown
      .filter((f) => f.revealedBy?.field === name && f.revealedBy.value === value)
      .map((f) => fieldView(f, c, childrenOf));
  const out: FieldView[] = [];
  for (const f of fields) {
    if (f.onlyWhen && !c.flags[f.onlyWhen]) {
      if (f.skipValue !== undefined) out.push({ kind: 'hidden', name: f.name, label: '', value: f.skipValue });
      continue;
    }
    if (!f.revealedBy) out.push(fieldView(f, c, childrenOf));
  }
  return out;
}

/** One child's decision at a conference: register (or remain) with categories, or not. */
function decisionGroup(child: ConferenceChild, c: PageContext): FieldView {
  const { t, values, errors } = c;
  const id = child.caseId;
  const review = c.conferenceKind === 'review';
  const field = (name: string) => `${name}-${id}`;
  const categories: FieldView = {
    kind: 'checkboxes',
    name: field('categories'),
    label: t('case.conference.categories'),
    hint: t('case.conference.categories.hint'),
    value: values[field('categories')],
    error: errors[`categories.${id}`],
    items: REGISTRATION_CATEGORIES.map((k) => ({ value: k, text: t(`case.category.${k}`) })),
  };
  const registerChildren: FieldView[] = [
    categories,
    {
      kind: 'select',
      name: field('coordinatorId'),
      label: t('case.conference.coordinator'),
      hint: t('case.conference.coordinator.hint'),
      value: values[field('coordinatorId')],
      error: errors[`coordinatorId.${id}`],
      items: c.choices.staff ?? [],
    },
    {
      kind: 'textarea',
      name: field('coreGroup'),
      label: `${t('case.conference.coreGroup')} ${t('common.optional')}`,
      hint: t('case.conference.coreGroup.hint'),
      value: values[field('coreGroup')],
      error: errors[`coreGroup.${id}`],
    },
  ];
  const items: FieldItem[] = review
    ? [
        { value: 'remain', text: t('case.conferenceOutcome.remain'), children: [categories] },
        { value: 'deregister', text: t('case.conferenceOutcome.deregister'), hint: t('case.conferenceOutcome.deregister.hint') },
      ]
    : [
        { value: 'register', text: t('case.conferenceOutcome.register'), children: registerChildren },
        { value: 'do_not_register', text: t('case.conferenceOutcome.do_not_register'), hint: t('case.conferenceOutcome.do_not_register.hint') },
      ];
  return {
    kind: 'group',
    name: `child-${id}`,
    label: child.name,
    headingLevel: 3,
    children: [
      { kind: 'hidden', name: 'considered', label: '', value: id },
      {
        kind: 'radios',
        name: field('decision'),
        label: t('case.conference.decision', { name: child.name }),
        value: values[field('decision')],
        error: errors[`decision.${id}`] ?? errors['decisions'],
        items,
      },
    ],
  };
}

/**
 * Error summary and inline messages. A step may word a field's message for itself
 * (`<key>.<step>`, "Enter the date the strategy discussion was held"); links go to the
 * first box of a date or a list of agencies, and a child's field to its block.
 */
export function stepErrorView(
  c: { type: string; set?: StepFormSet; locale: Locale; considered?: ConferenceChild[] },
  fields: Readonly<Record<string, string>>,
) {
  const catalogue = CATALOGUES[c.locale];
  const set = c.set ?? CHILD_FORM_SET;
  const spec = specOf(set, c.type).fields;
  const order = (field: string) => {
    const [name, caseId] = field.split('.');
    const i = spec.findIndex((f) => f.name === name);
    const child = caseId ? (c.considered ?? []).findIndex((x) => x.caseId === caseId) : -1;
    return (i === -1 ? spec.findIndex((f) => f.kind === 'decisions') : i) * 100 + child + 1;
  };
  const keyed = Object.entries(fields)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([field, key]) => {
      const wording = [`${key}.${c.type}`, ...(set.errorVariant ? [`${key}.${set.errorVariant}`] : [])].find((k) => k in catalogue);
      return [field, wording ?? key] as const;
    });
  const view = errorViewModel(Object.fromEntries(keyed), c.locale);
  const errorList = keyed.map(([field], i) => ({ ...view.errorList[i]!, href: `#${anchorOf(spec, field, c.considered)}` }));
  return { errors: view.errors, errorList };
}

function anchorOf(spec: readonly FieldSpec[], field: string, considered: ConferenceChild[] | undefined): string {
  if (field === 'decisions') return `decision-${considered?.[0]?.caseId ?? ''}`;
  if (field.includes('.')) return field.replace('.', '-');
  const f = spec.find((x) => x.name === field);
  if (f?.kind === 'date' || f?.kind === 'dateTime') return `${field}-day`;
  if (f?.kind === 'attendees') return `${field}-${AGENCIES[0]}`;
  return field;
}

// ---------------------------------------------------------------------------
// What was entered, for the page that says the case changed meanwhile

export interface KeptAnswerView {
  label: string;
  value: string;
}

/** The answers as a person reads them back (options in words, dates in words), to copy into the form again. */
export function keptAnswers(
  c: { type: string; set?: StepFormSet; t: Translate; locale: Locale; choices: Choices; considered?: ConferenceChild[] },
  values: FormValues,
): KeptAnswerView[] {
  const { type, t, locale } = c;
  const set = c.set ?? CHILD_FORM_SET;
  const out: KeptAnswerView[] = [];
  const choiceText = (source: ChoiceSource, v: string) => c.choices[source]?.find((o) => o.value === v)?.text ?? v;
  for (const f of specOf(set, type).fields) {
    const v = values[f.name];
    const label = fieldKey(set, type, f);
    let shown = '';
    switch (f.kind) {
      case 'hidden':
        continue;
      case 'decisions':
        out.push(...keptDecisions(c, values));
        continue;
      case 'text':
      case 'textarea':
        shown = typeof v === 'string' ? v : '';
        break;
      case 'yesNo':
        shown = v === 'yes' || v === 'no' ? t(`${label}.${v}`) : '';
        break;
      case 'radios':
        shown = typeof v === 'string' && v ? t(`${f.optionKey}${v}`) : '';
        break;
      case 'checkboxes':
        shown = Array.isArray(v) ? v.map((o) => t(`${f.optionKey}${o}`)).join(', ') : '';
        break;
      case 'choice':
        shown = (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []).map((o) => choiceText(f.source, o)).join(', ');
        break;
      case 'date':
      case 'dateTime':
        shown = dateInWords(v, locale, f.kind === 'dateTime');
        break;
      case 'attendees':
        shown =
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.entries(v).filter(([, names]) => names.trim()).map(([agency, names]) => `${t(`case.agency.${agency}`)}: ${names.trim()}`).join('; ')
            : '';
        break;
      default: {
        const unreachable: never = f;
        return unreachable;
      }
    }
    if (shown) out.push({ label, value: shown });
  }
  return out;
}

function keptDecisions(
  c: { t: Translate; choices: Choices; considered?: ConferenceChild[] },
  values: FormValues,
): KeptAnswerView[] {
  const { t } = c;
  return (c.considered ?? []).flatMap((child) => {
    const outcome = values[`decision-${child.caseId}`];
    if (typeof outcome !== 'string' || !outcome) return [];
    const cats = values[`categories-${child.caseId}`];
    const coordinator = values[`coordinatorId-${child.caseId}`];
    const coreGroup = values[`coreGroup-${child.caseId}`];
    const parts = [t(`case.conferenceOutcome.${outcome}`)];
    if (Array.isArray(cats) && cats.length) parts.push(cats.map((k) => t(`case.category.${k}`)).join(', '));
    if (typeof coordinator === 'string' && coordinator) {
      parts.push(`${t('case.conference.coordinator')}: ${c.choices.staff?.find((s) => s.value === coordinator)?.text ?? coordinator}`);
    }
    if (typeof coreGroup === 'string' && coreGroup.trim()) parts.push(`${t('case.conference.coreGroup')}: ${coreGroup.trim()}`);
    // Already in the person's language: the conflict page passes a label that is not a key through unchanged.
    return [{ label: t('case.conference.decision', { name: child.name }), value: parts.join('. ') }];
  });
}

/** A date (and time) typed into a form, in words for reading back. */
export function dateInWords(v: FormValue | undefined, locale: Locale, withTime: boolean): string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return '';
  const { day = '', month = '', year = '' } = v;
  if (!day && !month && !year) return '';
  const iso = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) ? formatIsoDate(iso, locale) : `${day} ${month} ${year}`;
  return withTime && (v['hour'] || v['minute']) ? `${date}, ${(v['hour'] ?? '').padStart(2, '0')}:${(v['minute'] ?? '').padStart(2, '0')}` : date;
}

// ---------------------------------------------------------------------------
// What the case page offers, from the case as the service returns it

/** The conference waiting to be held, if any. */
export function pendingConference(view: CaseView) {
  return Object.values(view.state?.conferences ?? {}).find((c) => c.heldAt === null) ?? null;
}

/** The fields a step starts with on its page: the case's plan to revise, the conference due. */
export function initialValues(type: UserCommandType, view: CaseView): FormValues {
  const pending = pendingConference(view);
  switch (type) {
    case 'schedule_conference':
      return { kind: view.nextConferenceKind ?? '' };
    case 'postpone_conference':
      return { conferenceId: pending?.id ?? '' };
    case 'record_conference':
      return { conferenceId: pending?.id ?? '' };
    case 'record_plan':
      return { outcomes: view.state?.plan?.outcomes ?? '', contingency: view.state?.plan?.contingency ?? '' };
    default:
      return {};
  }
}

export function stepFlags(view: CaseView): StepFlags {
  return { decidingStrategy: view.state?.stage === 'strategy_pending' };
}

/** The children a conference considers: those it was arranged for, or this child alone. */
export function conferenceChildren(view: CaseView): ConferenceChild[] {
  const names = new Map<string, string>([[view.case.id, view.person.fullName], ...view.household.map((h) => [h.id, h.personName] as const)]);
  const ids = pendingConference(view)?.householdCaseIds ?? [view.case.id];
  // This child first; siblings out of this person's sight are left out (the service refuses them anyway).
  return [view.case.id, ...ids.filter((id) => id !== view.case.id && names.has(id))].map((id) => ({ caseId: id, name: names.get(id)! }));
}

export interface ChoiceInputs {
  localAuthorities?: { id: string; nameEn: string; nameCy: string }[];
  /** Siblings who can be considered at the same conference (the same kind is due for them). */
  siblings?: { id: string; name: string }[];
}

/** The options of every choice a step may offer, from the case itself. */
export function choicesFor(view: CaseView, inputs: ChoiceInputs, t: Translate, locale: Locale): Choices {
  const s = view.state;
  const inWords = (iso: string) => formatIsoDate(iso.slice(0, 10), locale);
  return {
    staff: view.staff.map((p) => ({ value: p.id, text: `${p.name} (${t(`role.${p.role}`)})` })),
    localAuthority: (inputs.localAuthorities ?? [])
      .filter((la) => la.id !== view.case.localAuthorityId)
      .map((la) => ({ value: la.id, text: locale === 'cy' && la.nameCy ? la.nameCy : la.nameEn })),
    clock: view.clocks
      .filter((k) => !k.exceptionReason && (k.stoppedAt === null || k.stoppedAt.getTime() > k.dueAt.getTime()))
      .map((k) => ({ value: k.key, text: t(`clock.${k.timerId}.name`), hint: t('clock.due', { date: formatIsoDate(k.dueDate, locale, true) }) })),
    openTask: Object.entries(s?.tasks ?? {})
      .filter(([, task]) => !task.completedAt)
      .map(([id, task]) => ({ value: id, text: t(`case.task.${task.kind}`) })),
    openAction: Object.entries(s?.actions ?? {})
      .filter(([, a]) => !a.completedAt)
      .map(([id, a]) => ({ value: id, text: a.description, hint: t('case.action.ownerDue', { owner: a.owner, date: formatIsoDate(a.dueDate, locale) }) })),
    heldConference: Object.values(s?.conferences ?? {})
      .filter((k) => k.heldAt && !k.recordsCirculatedAt)
      .map((k) => ({ value: k.id, text: t(`case.conferenceKind.${k.kind}`), hint: t('case.conference.heldOn', { date: inWords(k.heldAt!) }) })),
    sibling: (inputs.siblings ?? []).map((x) => ({ value: x.id, text: x.name })),
  };
}

/** Where a step is taken. The first child's decision is the report's decision: it is recorded on the report, which it also closes. */
export function stepHref(view: CaseView, type: UserCommandType): string {
  return type === 'record_decision' && view.case.id === view.case.reportId ? `/reports/${view.case.reportId}` : `/cases/${view.case.id}/steps/${slugOf(type)}`;
}

/** The links under "What you can do next": every step this person may take now. */
export function nextStepLinks(view: CaseView, t: Translate): { href: string; text: string }[] {
  return view.allowed.map((type) => ({ href: stepHref(view, type as UserCommandType), text: t(`case.step.${type}.title`) }));
}

/**
 * The case page's view of the record: instants as dates to format, open tasks and actions,
 * conferences in date order, and the clocks as a timeline (running first, each by its start).
 */
export function casePageModel(view: CaseView, t: Translate) {
  const s = view.state;
  const at = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
  const byStart = (a: { startedAt: Date }, b: { startedAt: Date }) => a.startedAt.getTime() - b.startedAt.getTime();
  const staffName = (id: string | null) => (id ? view.staff.find((p) => p.id === id)?.name ?? null : null);
  // A reason the catalogue does not know yet is left out rather than shown as a key.
  const reasonKey = (r: string | null) => (r && `case.clock.reason.${r}` in CATALOGUES.en ? `case.clock.reason.${r}` : null);
  const clocks = view.clocks.map((c) => ({
    ...c,
    exceptionByName: staffName(c.exceptionBy),
    stopReasonKey: reasonKey(c.stopReason),
    pauseReasonKey: reasonKey(c.pauseReason),
  }));
  return {
    next: nextStepLinks(view, t),
    receivedAt: at(s?.receivedAt),
    immediateProtection: s?.immediateProtection ? { ...s.immediateProtection, startedAt: new Date(s.immediateProtection.startedAt) } : null,
    section47: s?.section47 ? { ...s.section47, startedAt: new Date(s.section47.startedAt) } : null,
    openTasks: Object.entries(s?.tasks ?? {})
      .filter(([, task]) => !task.completedAt)
      .map(([id, task]) => ({ id, kind: task.kind })),
    actions: Object.entries(s?.actions ?? {}).map(([id, a]) => ({ id, ...a, completedAt: at(a.completedAt) })),
    conferences: Object.values(s?.conferences ?? {})
      .map((c) => ({ ...c, scheduledFor: new Date(c.scheduledFor), heldAt: at(c.heldAt), recordsCirculatedAt: at(c.recordsCirculatedAt) }))
      .sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime()),
    runningClocks: clocks.filter((c) => c.stoppedAt === null).sort(byStart),
    finishedClocks: clocks.filter((c) => c.stoppedAt !== null).sort(byStart),
  };
}

// ---------------------------------------------------------------------------
// The chronology, as sentences in the page's language

export interface ChronologyEntryInput {
  type: string;
  data: Record<string, unknown>;
}

/** Names the sentences need that the events only hold as ids. */
export interface ChronologyNames {
  staff: ReadonlyMap<string, string>;
  authorities: ReadonlyMap<string, string>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The placeholders of `chronology.<EventType>`, each already in the page's language. */
export function chronologyParams(e: ChronologyEntryInput, t: Translate, locale: Locale, names: ChronologyNames): Record<string, string> {
  const d = e.data;
  const date = (v: unknown) => (str(v) ? formatIsoDate(str(v).slice(0, 10), locale) : '');
  const agencies = (v: unknown) =>
    Array.isArray(v) ? [...new Set(v.map((a) => str((a as { agency?: unknown }).agency)))].map((a) => t(`case.agency.${a}`)).join(', ') : '';
  const categories = (v: unknown) => (Array.isArray(v) ? v.map((k) => t(`case.category.${str(k)}`)).join(', ') : '');
  const person = (id: unknown) => names.staff.get(str(id)) ?? t('case.chronology.someone');
  const authority = (id: unknown) => names.authorities.get(str(id)) ?? t('case.chronology.anotherAuthority');
  switch (e.type) {
    case 'ReportReceived':
      // An adult's report does not record how it came.
      return { channel: d['channel'] ? t(`case.channel.${str(d['channel'])}`) : '' };
    case 'SiblingAdded':
    case 'BirthRecorded':
      return { name: str(d['name']), date: date(d['dateOfBirth']) };
    case 'CaseAllocated':
      return { name: person(d['workerId']) };
    case 'CoordinatorNamed':
      return { name: person(d['coordinatorId']) };
    case 'DecisionRecorded':
      return { decision: t(`decision.${str(d['decision'])}`), crime: d['crimeSuspected'] === true ? t('case.chronology.crimeSuspected') : '' };
    case 'TaskCreated':
      return { task: t(`case.task.${str(d['kind'])}`) };
    case 'TaskCompleted':
      return { reference: str(d['reference']) };
    case 'ImmediateProtectionTaken':
      return { power: t(`case.power.${str(d['power'])}`) };
    case 'EmergencyProtectionOrderExtended':
      return { date: date(d['extendedTo']) };
    case 'StrategyDiscussionHeld':
      return {
        format: t(`case.chronology.format.${str(d['format'])}`),
        agencies: agencies(d['attendees']),
        outcome: t(`case.chronology.strategy.${str(d['outcome'])}`),
      };
    case 'CoreGroupHeld':
      return { agencies: agencies(d['attendees']) };
    case 'Section47EnquiryStarted':
      return { enquiry: t(`case.enquiry.${str(d['enquiry'])}`) };
    case 'Section47Determined':
      return { determination: t(`case.determination.${str(d['determination'])}`) };
    case 'ConferenceScheduled':
    case 'ConferencePostponed':
      return { kind: d['kind'] ? t(`case.conferenceKind.${str(d['kind'])}`) : '', date: date(d['scheduledFor']) };
    case 'ConferenceHeld':
      return {
        kind: t(`case.conferenceKind.${str(d['kind'])}`),
        agencies: agencies(d['attendees']),
        quorate: d['quorate'] === true ? t('case.chronology.quorate') : t('case.chronology.notQuorate'),
      };
    case 'Registered':
      return { categories: categories(d['categories']), date: date(d['nextReviewDue']) };
    case 'RegistrationContinued':
      return { categories: categories(d['categories']), date: date(d['nextReviewDue']) };
    case 'Deregistered':
      return { reason: t(`case.deregistrationReason.${str(d['reason'])}`) };
    case 'SeniorManagerAlerted':
      return { reason: t(`case.alert.${str(d['reason'])}`) };
    case 'PlanActionAdded':
      return { description: str(d['description']), owner: str(d['owner']), date: date(d['dueDate']) };
    case 'StatutoryVisitMade':
      return {
        location: t(`case.location.${str(d['location'])}`),
        alone: t(d['seenAlone'] === true ? 'case.chronology.seenAlone' : 'case.chronology.notSeenAlone'),
        bedroom: t(d['bedroomSeen'] === true ? 'case.chronology.bedroomSeen' : 'case.chronology.bedroomNotSeen'),
      };
    case 'TransferOutNotified':
      return {
        authority: authority(d['toLocalAuthorityId']),
        date: date(d['movedOn']),
        permanence: t(d['permanent'] === true ? 'case.transfer.permanent' : 'case.transfer.temporary'),
      };
    case 'ResponsibilityTransferred':
      return { authority: authority(d['toLocalAuthorityId']) };
    case 'TimescaleExceptionRecorded':
      return { clock: t(`clock.${str(d['clockKey']).split(/[#:]/)[0]}.name`) };
    default:
      return {};
  }
}

/** Free text an event carries (a rationale, a summary), shown under its sentence as written. */
export function chronologyDetail(e: ChronologyEntryInput, t: Translate): string {
  // Where `reason` is a code (an alert, a de-registration) the sentence already says it in words.
  const coded = e.type === 'Deregistered' || e.type === 'SeniorManagerAlerted';
  for (const k of ['summary', 'rationale', 'details', 'reason', 'circumstances', 'coreGroup']) {
    const v = e.data[k];
    if (typeof v !== 'string' || !v.trim() || (coded && k === 'reason')) continue;
    // The automatic de-registration at 18 records its code as the rationale too.
    if (coded && v === e.data['reason']) continue;
    return k === 'coreGroup' ? `${t('case.conference.coreGroup')}: ${v}` : v;
  }
  return '';
}
