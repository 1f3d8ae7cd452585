import { z } from 'zod';
import { MAX_DRAFT_LENGTH, PHOTO_CONSENT_ANSWERS, type PostCheckInput } from '../domain/post-check.js';

/**
 * The answers "Before you post" takes, checked the same way for the page and the API.
 * Nothing here keeps the draft: it is checked and forgotten.
 */
export const postCheckSchema = z.object({
  text: z
    .string({ error: 'postCheck.error.text.required' })
    .max(MAX_DRAFT_LENGTH, { error: 'postCheck.error.text.tooLong' })
    .refine((s) => s.trim().length > 0, { error: 'postCheck.error.text.required' }),
  photoAttached: z.boolean({ error: 'postCheck.error.photoAttached.required' }),
  photoConsent: z.enum(PHOTO_CONSENT_ANSWERS, { error: 'postCheck.error.photoConsent.invalid' }).optional(),
});

/** Field → message key, the first problem of each field (the web page shares these keys). */
export function validatePostCheck(raw: unknown): { input: PostCheckInput; errors?: undefined } | { input?: undefined; errors: Record<string, string> } {
  const parsed = postCheckSchema.safeParse(raw ?? {});
  if (parsed.success) return { input: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'body');
    if (!(field in errors)) errors[field] = issue.message.startsWith('postCheck.') ? issue.message : 'postCheck.error.text.required';
  }
  return { errors };
}

