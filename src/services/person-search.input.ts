import { z } from 'zod';
import type { IsoDate } from '../domain/calendar/working-days.js';
import { isRealDate, nhsNumberField, type Validator } from './concern.input.js';

/**
 * What a person search takes, checked the same way for the page and the API: any of a
 * name (at least two letters together), a date of birth and an NHS number; at least one.
 * Error messages are message-catalogue keys (`error.<field>.<problem>`).
 */
const NAME_MAX = 100;

const fields = (today: IsoDate) => ({
  name: z
    .string({ error: 'error.searchName.tooShort' })
    .trim()
    .max(NAME_MAX, 'error.searchName.tooLong')
    .optional()
    .transform((v) => (v ? v : undefined))
    // Two letters side by side: one letter, or initials alone, would match half of Wales.
    .refine((v) => v === undefined || /\p{L}{2}/u.test(v), 'error.searchName.tooShort')
    .meta({ description: 'All or part of the name; each word of two letters or more must be like a word of the person’s name (typos allowed)' }),
  dateOfBirth: z
    .string({ error: 'error.dateOfBirth.invalid' })
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isRealDate(v), 'error.dateOfBirth.invalid')
    .refine((v) => v === undefined || !isRealDate(v) || v <= today, 'error.dateOfBirth.future')
    .meta({ description: 'YYYY-MM-DD', format: 'date' }),
  nhsNumber: nhsNumberField,
});

/** The search's fields (also published in the OpenAPI document). */
export function personSearchFields(today: IsoDate) {
  return z.object(fields(today));
}

export type PersonSearchInput = z.output<ReturnType<typeof personSearchFields>>;

/** The fields, and at least one of them: an empty search would list everyone the person can see. */
export function personSearchSchema(today: IsoDate): Validator<PersonSearchInput> {
  const schema = personSearchFields(today);
  return {
    safeParse(raw) {
      const parsed = schema.safeParse(raw ?? {});
      if (!parsed.success) return parsed;
      const { name, dateOfBirth, nhsNumber } = parsed.data;
      if (name || dateOfBirth || nhsNumber) return parsed;
      return { success: false, error: new z.ZodError([{ code: 'custom', input: raw, path: ['name'], message: 'error.personSearch.required' }]) };
    },
  };
}

/** The kind of search, for the audit trail: which criteria were used, never what was typed. */
export function searchKind(input: PersonSearchInput): string {
  return [input.name && 'name', input.dateOfBirth && 'date_of_birth', input.nhsNumber && 'nhs_number'].filter(Boolean).join('+');
}
