/**
 * The vocabulary of a concern (DOMAIN.md §1, §2 C0–C1, §3 A0–A1).
 */
export type SubjectKind = 'child' | 'adult';
export const SUBJECT_KINDS: readonly SubjectKind[] = ['child', 'adult'];

/** Categories of abuse and neglect (s197 SSWBA 2014). */
export const HARM_CATEGORIES = ['physical', 'sexual', 'emotional_psychological', 'financial', 'neglect'] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

/** Specific risks that call for a practice guide or a mandatory route (DOMAIN.md §6). */
export const SPECIFIC_RISKS = [
  'child_criminal_exploitation',
  'child_sexual_exploitation',
  'domestic_abuse',
  'fgm',
  'forced_marriage',
  'radicalisation',
  'modern_slavery_trafficking',
  'online_abuse',
  'harmful_sexual_behaviour',
  'missing',
  'mappa',
  'serious_harm_or_death',
] as const;
export type SpecificRisk = (typeof SPECIFIC_RISKS)[number];

export type ConcernStatus = 'awaiting_dsp' | 'reported' | 'not_reported';

/** How the date of birth is known: a child may be unborn (expected due date). */
export const BIRTH_KNOWLEDGE = ['date_of_birth', 'unborn', 'not_known'] as const;
export type BirthKnowledge = (typeof BIRTH_KNOWLEDGE)[number];

/**
 * Human reference for a concern: 8 Crockford base-32 characters in two groups,
 * with no I, L, O or U to avoid misreading over the telephone.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function concernReference(randomBytes: Uint8Array): string {
  if (randomBytes.length < 8) throw new Error('need 8 random bytes');
  let out = '';
  for (let i = 0; i < 8; i++) out += ALPHABET[randomBytes[i]! % 32];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}
