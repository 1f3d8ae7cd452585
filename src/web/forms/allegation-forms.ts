import {
  ALLEGATION_AGENCIES,
  ALLEGATION_COMMAND_TYPES,
  ALLEGATION_CONTEXTS,
  ALLEGATION_OUTCOMES,
  ALLEGATION_TRACKS,
  EMPLOYMENT_TYPES,
  REFERRAL_BODIES,
  REFERRAL_RESPONSIBLE,
  THRESHOLD_CRITERIA,
  TRACK_STATUSES,
  type AllegationStepType,
} from '../../domain/cases/allegation.model.js';
import { CATALOGUES, type Locale, type Translate } from '../i18n/i18n.js';
import { errorViewModel } from '../view.js';
import { dateInput, list, text, type FormBody } from './form-data.js';
import { dateInWords, dateTimeInput, type FieldItem, type FieldView, type FormValue, type FormValues, type KeptAnswerView } from './case-forms.js';

/**
 * The pages of an allegation about a practitioner (Section 5): the notification form and
 * one page per step. Each form's fields are defined once here, read into the API shape of
 * `openAllegationSchema` / `ALLEGATION_STEP_SCHEMAS` (the service validates them) and
 * described for the generic step template, which renders them with the case field macro.
 */

/** The notification is a form of its own; every other form is a step of an open allegation. */
export type AllegationFormType = 'open_allegation' | AllegationStepType;

/** Options that come from the allegation itself or from what the person may see. */
export type AllegationChoiceSource = 'member' | 'openReferral' | 'case';

interface FieldBase {
  /** The API field name: also the form field name and the key of its errors. */
  name: string;
  /** The field has a hint, `allegation.field.<form>.<name>.hint`. */
  hint?: boolean;
  optional?: boolean;
  /** Shown under one answer of another question; otherwise it takes `otherwise`. */
  revealedBy?: { field: string; value: string; otherwise: unknown };
  /** A blank answer is sent as this (an optional date is null, not missing). */
  blank?: unknown;
}

export type AllegationFieldSpec =
  | (FieldBase & { kind: 'text' | 'textarea' | 'date' | 'dateTime' | 'yesNo' | 'attendees' })
  | (FieldBase & { kind: 'radios' | 'checkboxes'; options: readonly string[]; optionKey: string; optionHints?: boolean })
  | (FieldBase & { kind: 'choice'; source: AllegationChoiceSource; control: 'radios' | 'select' });

export interface AllegationFormSpec {
  fields: AllegationFieldSpec[];
  /** The page has an introduction, `allegation.step.<type>.intro`. */
  intro?: boolean;
  /** Errors the service reports against a field this form asks for under another name. */
  errorsOn?: Readonly<Record<string, string>>;
}

const textarea = (name: string, extra: Partial<FieldBase> = {}): AllegationFieldSpec => ({ name, kind: 'textarea', ...extra });
const attendees: AllegationFieldSpec = { name: 'attendees', kind: 'attendees', hint: true };
const trackStatus = (name: string): AllegationFieldSpec => ({ name, kind: 'radios', options: TRACK_STATUSES, optionKey: 'allegation.trackStatus.' });

export const ALLEGATION_FORMS: Readonly<Record<AllegationFormType, AllegationFormSpec>> = {
  open_allegation: {
    intro: true,
    fields: [
      { name: 'subjectName', kind: 'text' },
      { name: 'subjectRole', kind: 'text', hint: true },
      { name: 'employer', kind: 'text', hint: true },
      { name: 'employmentType', kind: 'radios', options: EMPLOYMENT_TYPES, optionKey: 'allegation.employmentType.' },
      { name: 'subjectEmail', kind: 'text', hint: true, optional: true },
      { name: 'context', kind: 'radios', options: ALLEGATION_CONTEXTS, optionKey: 'allegation.context.', optionHints: true },
      { name: 'criteria', kind: 'checkboxes', options: THRESHOLD_CRITERIA, optionKey: 'allegation.criterion.', hint: true },
      { name: 'concernAroseAt', kind: 'dateTime', hint: true },
      { name: 'raisedBy', kind: 'text', hint: true },
      { name: 'notifiedAt', kind: 'dateTime', hint: true },
      textarea('summary', { hint: true }),
    ],
  },
  // The decider speaks of the person added (userId); the form asks for their email address.
  add_member: { intro: true, fields: [{ name: 'email', kind: 'text', hint: true }], errorsOn: { userId: 'email' } },
  remove_member: { intro: true, fields: [{ name: 'userId', kind: 'choice', source: 'member', control: 'radios' }] },
  link_case: { intro: true, fields: [{ name: 'caseId', kind: 'choice', source: 'case', control: 'select' }] },
  record_strategy_discussion: {
    intro: true,
    fields: [
      { name: 'heldAt', kind: 'dateTime' },
      attendees,
      { name: 'thresholdMet', kind: 'yesNo', hint: true },
      textarea('employerRecord', { hint: true, revealedBy: { field: 'thresholdMet', value: 'no', otherwise: '' } }),
      textarea('interimSafeguards', { hint: true, optional: true }),
      textarea('sharing', { hint: true, optional: true }),
      textarea('summary', { hint: true }),
    ],
  },
  record_strategy_meeting: {
    intro: true,
    fields: [
      { name: 'heldAt', kind: 'dateTime' },
      attendees,
      trackStatus('criminal'),
      trackStatus('disciplinary'),
      trackStatus('protection'),
      { name: 'nextMeetingOn', kind: 'date', hint: true, optional: true, blank: null },
      textarea('summary', { hint: true }),
    ],
  },
  update_track: {
    fields: [
      { name: 'track', kind: 'radios', options: ALLEGATION_TRACKS, optionKey: 'allegation.track.' },
      { name: 'status', kind: 'radios', options: TRACK_STATUSES, optionKey: 'allegation.trackStatus.' },
      textarea('summary', { hint: true }),
    ],
  },
  record_concluding_meeting: {
    intro: true,
    fields: [
      { name: 'heldAt', kind: 'dateTime' },
      attendees,
      { name: 'outcome', kind: 'radios', options: ALLEGATION_OUTCOMES, optionKey: 'allegation.outcome.', optionHints: true },
      { name: 'consensus', kind: 'yesNo', hint: true },
      textarea('rationale', { hint: true }),
    ],
  },
  add_referral: {
    intro: true,
    fields: [
      { name: 'body', kind: 'radios', options: REFERRAL_BODIES, optionKey: 'allegation.referralBody.', optionHints: true },
      { name: 'bodyName', kind: 'text', revealedBy: { field: 'body', value: 'other_regulator', otherwise: '' } },
      { name: 'responsible', kind: 'radios', options: REFERRAL_RESPONSIBLE, optionKey: 'allegation.responsible.' },
      textarea('reason', { hint: true }),
    ],
  },
  complete_referral: {
    fields: [
      { name: 'referralId', kind: 'choice', source: 'openReferral', control: 'radios' },
      { name: 'completedOn', kind: 'date', hint: true },
      { name: 'reference', kind: 'text', hint: true },
    ],
  },
  close_allegation: { intro: true, fields: [textarea('rationale', { hint: true })] },
  add_note: { fields: [{ name: 'occurredOn', kind: 'date', hint: true }, textarea('summary')] },
};

/** `record_strategy_meeting` ↔ `record-strategy-meeting` in the address. */
export function allegationSlugOf(type: AllegationStepType): string {
  return type.replace(/_/g, '-');
}

export function allegationStepOfSlug(slug: string): AllegationStepType | undefined {
  return ALLEGATION_COMMAND_TYPES.find((t) => allegationSlugOf(t) === slug);
}

export function allegationLabelKey(type: AllegationFormType, field: string): string {
  return `allegation.field.${type}.${field}`;
}

/** Every message key a form uses (titles, labels, hints, options): checked by the tests. */
export function allegationFormMessageKeys(type: AllegationFormType): string[] {
  const keys = type === 'open_allegation' ? ['allegation.new.title', 'allegation.new.submit'] : [`allegation.step.${type}.title`, `allegation.step.${type}.submit`, `action.allegation.${type}`];
  if (ALLEGATION_FORMS[type].intro) keys.push(type === 'open_allegation' ? 'allegation.new.intro' : `allegation.step.${type}.intro`);
  for (const f of ALLEGATION_FORMS[type].fields) {
    const label = allegationLabelKey(type, f.name);
    keys.push(label);
    if (f.hint) keys.push(`${label}.hint`);
    if (f.kind === 'yesNo') keys.push(`${label}.yes`, `${label}.no`);
    if (f.kind === 'radios' || f.kind === 'checkboxes') {
      keys.push(...f.options.map((o) => `${f.optionKey}${o}`));
      if (f.optionHints) keys.push(...f.options.map((o) => `${f.optionKey}${o}.hint`));
    }
    if (f.kind === 'attendees') keys.push(...ALLEGATION_AGENCIES.map((a) => `allegation.agency.${a}`));
  }
  return keys;
}

// ---------------------------------------------------------------------------
// Reading a form

export interface AllegationForm {
  /** The API input (without expectedVersion). */
  input: Record<string, unknown>;
  /** What the person entered, to show again. */
  values: FormValues;
  /** Problems only the page can see (a date and time that is not real). */
  formErrors: Record<string, string>;
}

function readField(f: AllegationFieldSpec, body: FormBody, out: AllegationForm): void {
  const { input, values, formErrors } = out;
  switch (f.kind) {
    case 'text':
    case 'textarea': {
      const v = text(body, f.name);
      values[f.name] = v ?? '';
      input[f.name] = v;
      return;
    }
    case 'radios':
    case 'choice': {
      const v = text(body, f.name) || undefined;
      values[f.name] = v ?? '';
      input[f.name] = v;
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
      input[f.name] = d.value === undefined && 'blank' in f ? f.blank : d.value;
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
      // One box per agency for the names of who took part from it; a blank box means nobody did.
      const names: Record<string, string> = {};
      const people: { name: string; agency: string }[] = [];
      for (const agency of ALLEGATION_AGENCIES) {
        const v = text(body, `${f.name}-${agency}`) ?? '';
        names[agency] = v;
        if (v.trim()) people.push({ name: v.trim(), agency });
      }
      values[f.name] = names;
      input[f.name] = people;
      return;
    }
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}

/** A form → the API input, the answers to show again, and the problems only the page can see. */
export function readAllegationForm(type: AllegationFormType, body: FormBody | undefined): AllegationForm {
  const out: AllegationForm = { input: {}, values: {}, formErrors: {} };
  const b = body ?? {};
  const fields = ALLEGATION_FORMS[type].fields;
  for (const f of fields) readField(f, b, out);
  for (const f of fields) {
    if (f.revealedBy && out.values[f.revealedBy.field] !== f.revealedBy.value) out.input[f.name] = f.revealedBy.otherwise;
  }
  return out;
}

/** The service's field errors, keyed as the form asks, with the page's own (more precise for a date and time that is not real). */
export function mergeAllegationErrors(
  type: AllegationFormType,
  serviceErrors: Readonly<Record<string, string>> | undefined,
  formErrors: Readonly<Record<string, string>>,
): Record<string, string> {
  const aliases = ALLEGATION_FORMS[type].errorsOn ?? {};
  const merged: Record<string, string> = {};
  for (const [field, key] of Object.entries(serviceErrors ?? {})) merged[aliases[field] ?? field] = key;
  return { ...merged, ...formErrors };
}

// ---------------------------------------------------------------------------
// Describing a form for the template

export interface AllegationChoice {
  value: string;
  text: string;
  hint?: string;
}
export type AllegationChoices = Partial<Record<AllegationChoiceSource, AllegationChoice[]>>;

export interface AllegationFormContext {
  type: AllegationFormType;
  values: FormValues;
  errors: Readonly<Record<string, { text: string; visuallyHiddenText: string }>>;
  choices: AllegationChoices;
  t: Translate;
}

function fieldView(f: AllegationFieldSpec, c: AllegationFormContext, childrenOf: (name: string, value: string) => FieldView[]): FieldView {
  const { type, t, values, errors } = c;
  const key = allegationLabelKey(type, f.name);
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
    case 'attendees':
      return { ...base, kind: 'attendees', items: ALLEGATION_AGENCIES.map((a) => ({ value: a, text: t(`allegation.agency.${a}`) })) };
    case 'yesNo': {
      const items: FieldItem[] = ['yes', 'no'].map((v) => ({ value: v, text: t(`${key}.${v}`), children: childrenOf(f.name, v) }));
      return { ...base, kind: 'radios', inline: items.every((i) => !i.children?.length), items };
    }
    case 'radios':
    case 'checkboxes':
      return {
        ...base,
        kind: f.kind,
        items: f.options.map((o) => ({
          value: o,
          text: t(`${f.optionKey}${o}`),
          ...(f.optionHints ? { hint: t(`${f.optionKey}${o}.hint`) } : {}),
          children: childrenOf(f.name, o),
        })),
      };
    case 'choice': {
      const items = (c.choices[f.source] ?? []).map((o) => ({ ...o, children: [] }));
      return { ...base, kind: f.control, items };
    }
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}

/** The fields of a form, in order, with the questions revealed by an answer nested under it. */
export function allegationFieldViews(c: AllegationFormContext): FieldView[] {
  const fields = ALLEGATION_FORMS[c.type].fields;
  const childrenOf = (name: string, value: string): FieldView[] =>
    fields.filter((f) => f.revealedBy?.field === name && f.revealedBy.value === value).map((f) => fieldView(f, c, childrenOf));
  return fields.filter((f) => !f.revealedBy).map((f) => fieldView(f, c, childrenOf));
}

/**
 * The error summary and inline messages, in the order of the questions. A message can be
 * worded for one form (`<key>.allegation.<form>`), e.g. "Enter when the concern arose".
 */
export function allegationErrorView(type: AllegationFormType, locale: Locale, fields: Readonly<Record<string, string>>) {
  const catalogue = CATALOGUES[locale];
  const spec = ALLEGATION_FORMS[type].fields;
  const order = (field: string) => {
    const i = spec.findIndex((f) => f.name === field);
    return i === -1 ? spec.length : i;
  };
  const keyed = Object.entries(fields)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([field, key]) => [field, `${key}.allegation.${type}` in catalogue ? `${key}.allegation.${type}` : key] as const);
  const view = errorViewModel(Object.fromEntries(keyed), locale);
  const errorList = keyed.map(([field], i) => ({ ...view.errorList[i]!, href: `#${anchorOf(type, field)}` }));
  return { errors: view.errors, errorList };
}

function anchorOf(type: AllegationFormType, field: string): string {
  const f = ALLEGATION_FORMS[type].fields.find((x) => x.name === field);
  if (f?.kind === 'date' || f?.kind === 'dateTime') return `${field}-day`;
  if (f?.kind === 'attendees') return `${field}-${ALLEGATION_AGENCIES[0]}`;
  // A field the form does not show (the version): the top of the form.
  return f ? field : 'main-content';
}

// ---------------------------------------------------------------------------
// What was entered, for the page that says the allegation changed meanwhile


/** The answers as a person reads them back (options and dates in words), to copy into the form again. */
export function allegationKeptAnswers(type: AllegationFormType, values: FormValues, c: { t: Translate; locale: Locale; choices: AllegationChoices }): KeptAnswerView[] {
  const { t, locale } = c;
  const out: KeptAnswerView[] = [];
  for (const f of ALLEGATION_FORMS[type].fields) {
    const v = values[f.name];
    const key = allegationLabelKey(type, f.name);
    let shown = '';
    switch (f.kind) {
      case 'text':
      case 'textarea':
        shown = typeof v === 'string' ? v : '';
        break;
      case 'yesNo':
        shown = v === 'yes' || v === 'no' ? t(`${key}.${v}`) : '';
        break;
      case 'radios':
        shown = typeof v === 'string' && v ? t(`${f.optionKey}${v}`) : '';
        break;
      case 'checkboxes':
        shown = Array.isArray(v) ? v.map((o) => t(`${f.optionKey}${o}`)).join(', ') : '';
        break;
      case 'choice':
        shown = typeof v === 'string' && v ? c.choices[f.source]?.find((o) => o.value === v)?.text ?? v : '';
        break;
      case 'date':
      case 'dateTime':
        shown = dateInWords(v, locale, f.kind === 'dateTime');
        break;
      case 'attendees':
        shown =
          v && typeof v === 'object' && !Array.isArray(v)
            ? Object.entries(v).filter(([, names]) => names.trim()).map(([agency, names]) => `${t(`allegation.agency.${agency}`)}: ${names.trim()}`).join('; ')
            : '';
        break;
      default: {
        const unreachable: never = f;
        return unreachable;
      }
    }
    // Already in the person's language: the conflict page passes a label that is not a key through unchanged.
    if (shown) out.push({ label: t(key), value: shown });
  }
  return out;
}
