/**
 * NHS numbers (NHS Data Dictionary, "NHS Number"): ten digits, the tenth a Modulus 11
 * check digit over the first nine. People write them in groups of 3, 3 and 4
 * ("943 476 5919"), so spaces are allowed when one is typed and shown when one is read;
 * they are stored as the ten digits alone.
 */
export type NhsNumberProblem = 'format' | 'checkDigit';

/** The ten digits of a typed NHS number: spaces removed, nothing else changed. */
export function normaliseNhsNumber(typed: string): string {
  return typed.replace(/\s+/g, '');
}

/**
 * The check digit: each of the first nine digits times its weight (10 for the first, down
 * to 2 for the ninth), summed; 11 minus the remainder after dividing by 11. 11 becomes 0;
 * 10 means no number with those nine digits is ever issued.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/** What is wrong with an NHS number (already normalised), or null if nothing is. */
export function nhsNumberProblem(digits: string): NhsNumberProblem | null {
  if (!/^\d{10}$/.test(digits)) return 'format';
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? null : 'checkDigit';
}

/** As people read it: 943 476 5919. */
export function formatNhsNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : digits;
}
