import { z } from 'zod';
import { BIRTH_KNOWLEDGE, HARM_CATEGORIES, SPECIFIC_RISKS, SUBJECT_KINDS } from '../domain/concern.js';
import { addCalendarMonths, type IsoDate } from '../domain/calendar/working-days.js';
import { nhsNumberProblem, normaliseNhsNumber } from '../domain/nhs-number.js';

/**
 * The fields of a concern, validated once for pages and API alike.
 * Error messages are message-catalogue keys (`error.<field>.<problem>`), so each
 * interface can show them in English or Welsh.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(v: string): boolean {
  if (!ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const optionalText = (field: string, max: number) =>
  z
    .string({ error: `error.${field}.invalid` })
    .trim()
    .max(max, `error.${field}.too_long`)
    .optional()
    .transform((v) => (v ? v : undefined));

const requiredText = (field: string, max: number) =>
  z.string({ error: `error.${field}.required` }).trim().min(1, `error.${field}.required`).max(max, `error.${field}.too_long`);

const optionalDate = (field: string) =>
  z
    .string({ error: `error.${field}.invalid` })
    .refine(isRealDate, `error.${field}.invalid`)
    .optional();

/**
 * An NHS number, if one is given: spaces allowed ("943 476 5919"), stored as ten digits.
 * Blank is no answer. Errors: `error.nhsNumber.format` (not ten digits),
 * `error.nhsNumber.checkDigit` (ten digits, but not a number the NHS issues).
 */
export const nhsNumberField = z
  .string({ error: 'error.nhsNumber.format' })
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : normaliseNhsNumber(v)))
  .refine((v) => v === undefined || nhsNumberProblem(v) !== 'format', 'error.nhsNumber.format')
  .refine((v) => v === undefined || nhsNumberProblem(v) !== 'checkDigit', 'error.nhsNumber.checkDigit')
  .meta({ description: 'The NHS number: ten digits, spaces allowed (943 476 5919); the check digit must be right' });

export const subjectStep = z.object({
  subjectKind: z.enum(SUBJECT_KINDS, { error: 'error.subjectKind.required' }),
});

const personFields = {
  subjectKind: z.enum(SUBJECT_KINDS, { error: 'error.subjectKind.required' }),
  fullName: requiredText('fullName', 200),
  birthKnowledge: z.enum(BIRTH_KNOWLEDGE, { error: 'error.birthKnowledge.required' }),
  dateOfBirth: optionalDate('dateOfBirth'),
  expectedDueDate: optionalDate('expectedDueDate'),
  nhsNumber: nhsNumberField,
  address: optionalText('address', 500),
  firstLanguage: optionalText('firstLanguage', 100),
  welshPreferred: z.enum(['yes', 'no', 'not_known'], { error: 'error.welshPreferred.required' }),
  communicationNeeds: optionalText('communicationNeeds', 1000),
};

type PersonFields = {
  subjectKind: string;
  birthKnowledge: string;
  /** Real dates only; an answer that is not a date is reported by its own field. */
  dateOfBirth?: string | undefined;
  expectedDueDate?: string | undefined;
  dateOfBirthGiven: boolean;
  expectedDueDateGiven: boolean;
};

/** Rules across the person's fields: a date of birth that fits a child or an adult; only a child can be unborn. */
function checkPerson(today: IsoDate, v: PersonFields, ctx: z.RefinementCtx): void {
  if (v.birthKnowledge === 'date_of_birth') {
    if (!v.dateOfBirth) {
      if (!v.dateOfBirthGiven) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'error.dateOfBirth.required' });
    }
    else if (v.dateOfBirth > today) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'error.dateOfBirth.future' });
    else if (v.dateOfBirth < '1900-01-01') ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'error.dateOfBirth.invalid' });
    else if (v.subjectKind === 'child' && v.dateOfBirth <= addCalendarMonths(today, -18 * 12)) {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'error.dateOfBirth.notAChild' });
    } else if (v.subjectKind === 'adult' && v.dateOfBirth > addCalendarMonths(today, -18 * 12)) {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'error.dateOfBirth.notAnAdult' });
    }
  }
  if (v.birthKnowledge === 'unborn') {
    if (v.subjectKind !== 'child') ctx.addIssue({ code: 'custom', path: ['birthKnowledge'], message: 'error.birthKnowledge.unbornAdult' });
    else if (!v.expectedDueDate) {
      if (!v.expectedDueDateGiven) ctx.addIssue({ code: 'custom', path: ['expectedDueDate'], message: 'error.expectedDueDate.required' });
    }
    else if (v.expectedDueDate < addCalendarMonths(today, -1) || v.expectedDueDate > addCalendarMonths(today, 10)) {
      ctx.addIssue({ code: 'custom', path: ['expectedDueDate'], message: 'error.expectedDueDate.range' });
    }
  }
}

/** Something that validates like a zod schema. */
export interface Validator<T> {
  safeParse(raw: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
}

/**
 * A schema plus rules across its fields. Zod skips object-level refinements when any
 * field fails; a person filling in a form should see every problem at once, so the
 * cross-field rules run on the raw answers too and the issues are merged.
 */
function withCrossFieldRules<S extends z.ZodType>(
  schema: S,
  rules: (raw: Record<string, unknown>, ctx: z.RefinementCtx) => void,
): Validator<z.output<S>> {
  return {
    safeParse(raw) {
      const base = schema.safeParse(raw);
      const extra: z.core.$ZodIssue[] = [];
      const ctx = { addIssue: (i: { path: PropertyKey[]; message: string }) => extra.push({ code: 'custom', input: raw, path: i.path, message: i.message }) } as unknown as z.RefinementCtx;
      rules(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}, ctx);
      const taken = new Set((base.success ? [] : base.error.issues).map((i) => String(i.path[0])));
      const issues = [...(base.success ? [] : base.error.issues), ...extra.filter((i) => !taken.has(String(i.path[0])))];
      if (issues.length === 0 && base.success) return { success: true, data: base.data };
      return { success: false, error: new z.ZodError(issues) };
    },
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const realDateOrUndefined = (v: unknown): string | undefined => (typeof v === 'string' && isRealDate(v) ? v : undefined);

function personRules(today: IsoDate) {
  return (raw: Record<string, unknown>, ctx: z.RefinementCtx) =>
    checkPerson(
      today,
      {
        subjectKind: String(raw.subjectKind ?? ''),
        birthKnowledge: String(raw.birthKnowledge ?? ''),
        dateOfBirth: realDateOrUndefined(raw.dateOfBirth),
        expectedDueDate: realDateOrUndefined(raw.expectedDueDate),
        dateOfBirthGiven: raw.dateOfBirth !== undefined,
        expectedDueDateGiven: raw.expectedDueDate !== undefined,
      },
      ctx,
    );
}

export function personStep(today: IsoDate) {
  return withCrossFieldRules(z.object(personFields), personRules(today));
}

export function whatHappenedStep(today: IsoDate) {
  return z.object({
    account: requiredText('account', 10000),
    ownWords: optionalText('ownWords', 10000),
    occurredOn: optionalDate('occurredOn').refine((v) => !v || v <= today, 'error.occurredOn.future'),
    occurredTime: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'error.occurredTime.invalid')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    location: optionalText('location', 500),
  });
}

export const harmStep = z.object({
  harmCategories: z
    .array(z.enum(HARM_CATEGORIES, { error: 'error.harmCategories.invalid' }), { error: 'error.harmCategories.required' })
    .min(1, 'error.harmCategories.required')
    .transform((v) => [...new Set(v)]),
  specificRisks: z
    .array(z.enum(SPECIFIC_RISKS, { error: 'error.specificRisks.invalid' }))
    .default([])
    .transform((v) => [...new Set(v)]),
});

export const dangerStep = z.object({
  immediateDanger: z.boolean({ error: 'error.immediateDanger.required' }),
});

const knowsFields = {
  personKnows: z.enum(['yes', 'no'], { error: 'error.personKnows.required' }),
  personNotToldReason: optionalText('personNotToldReason', 2000),
};

/** If the person does not know a report is being made, the reporter must say why. */
function checkKnows(v: { personKnows: string; personNotToldReason?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.personKnows === 'no' && !v.personNotToldReason) {
    ctx.addIssue({ code: 'custom', path: ['personNotToldReason'], message: 'error.personNotToldReason.required' });
  }
}

function knowsRules(raw: Record<string, unknown>, ctx: z.RefinementCtx): void {
  checkKnows({ personKnows: String(raw.personKnows ?? ''), personNotToldReason: str(raw.personNotToldReason) }, ctx);
}

export const knowsStep = withCrossFieldRules(z.object(knowsFields), knowsRules);

/** The whole concern, as submitted from the check-your-answers page or the API. */
/** The fields of a whole concern (also published in the OpenAPI document). */
export function raiseConcernFields(today: IsoDate) {
  return z.object({
    ...personFields,
    ...whatHappenedStep(today).shape,
    ...harmStep.shape,
    ...dangerStep.shape,
    /** Someone in immediate danger: the reporter has been told to ring 999 now. */
    toldToCall999: z.boolean({ error: 'error.toldToCall999.required' }).optional(),
    ...knowsFields,
  });
}

/** The whole concern, as submitted from the check-your-answers page or the API. */
/**
 * The concern's whole schema for a day. Made once a day rather than per request: building
 * it was about 7% of the server's time taking in a concern (bench/intake.ts).
 */
export function raiseConcernSchema(today: IsoDate) {
  if (raiseSchemaOfDay?.today !== today) raiseSchemaOfDay = { today, schema: buildRaiseConcernSchema(today) };
  return raiseSchemaOfDay.schema;
}
let raiseSchemaOfDay: { today: IsoDate; schema: ReturnType<typeof buildRaiseConcernSchema> } | undefined;

function buildRaiseConcernSchema(today: IsoDate) {
  return withCrossFieldRules(raiseConcernFields(today), (raw, ctx) => {
    personRules(today)(raw, ctx);
    knowsRules(raw, ctx);
    if (raw.immediateDanger === true && raw.toldToCall999 !== true) {
      ctx.addIssue({ code: 'custom', path: ['toldToCall999'], message: 'error.toldToCall999.required' });
    }
  });
}

export type RaiseConcernInput = z.output<ReturnType<typeof raiseConcernFields>>;

/** A designated safeguarding person raising a concern may report it at once: to this local authority. */
export const reportOnRaisingSchema = z.object({
  reportToLocalAuthorityId: z.uuid({ error: 'error.localAuthorityId.required' }).nullish(),
});

export const reportToLocalAuthoritySchema = z.object({
  localAuthorityId: z.uuid({ error: 'error.localAuthorityId.required' }),
  expectedVersion: z.coerce.number({ error: 'error.expectedVersion.invalid' }).int().min(0),
});

export const noReportSchema = z.object({
  reason: requiredText('noReportReason', 4000),
  expectedVersion: z.coerce.number({ error: 'error.expectedVersion.invalid' }).int().min(0),
});

export const decisionSchema = z.object({
  decision: z.string({ error: 'error.decision.required' }).min(1, 'error.decision.required'),
  rationale: requiredText('rationale', 8000),
  /** A suspected crime is discussed with the police immediately (c3pt1-p4): a task is created. */
  crimeSuspected: z
    .union([z.boolean(), z.enum(['yes', 'no'])], { error: 'error.crimeSuspected.required' })
    .optional()
    .transform((v) => v === true || v === 'yes'),
  expectedVersion: z.coerce.number({ error: 'error.expectedVersion.invalid' }).int().min(0),
});

/** Field → message key, from a zod error. The first problem per field wins. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (!(field in out)) out[field] = issue.message.startsWith('error.') ? issue.message : `error.${field}.invalid`;
  }
  return out;
}
