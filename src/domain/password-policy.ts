/**
 * What a new password must be (OWASP ASVS 5.0 V6.2, after NIST SP 800-63B §3.1.1.2):
 * - at least 8 characters, counted as Unicode code points, so an accented letter or an
 *   emoji counts once;
 * - up to 512 characters: long passphrases are welcome (the ASVS asks that at least 64 be
 *   allowed; we allow well past 256);
 * - any characters at all, spaces included, and no composition rules (no "one capital,
 *   one digit"), which only push people to predictable passwords;
 * - not one of the commonly used passwords attackers try first, and not the email address.
 * Errors are message keys, by field, in the order a person should read them.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 512;

export interface NewPasswordInput {
  newPassword: string;
  confirmPassword: string;
  email: string;
}

export function codePoints(text: string): number {
  return [...text].length;
}

/** Field errors for a new password; empty when it may be used. */
export function newPasswordProblems(input: NewPasswordInput, isCommon: (candidate: string) => boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  const { newPassword, confirmPassword } = input;
  const length = codePoints(newPassword);
  if (length === 0) errors.newPassword = 'error.newPassword.required';
  else if (length < PASSWORD_MIN_LENGTH) errors.newPassword = 'error.newPassword.too_short';
  else if (length > PASSWORD_MAX_LENGTH) errors.newPassword = 'error.newPassword.too_long';
  else if (newPassword.trim().toLowerCase() === input.email.trim().toLowerCase()) errors.newPassword = 'error.newPassword.email';
  else if (isCommon(newPassword)) errors.newPassword = 'error.newPassword.common';
  if (!errors.newPassword) {
    if (confirmPassword.length === 0) errors.confirmPassword = 'error.confirmPassword.required';
    else if (confirmPassword !== newPassword) errors.confirmPassword = 'error.confirmPassword.mismatch';
  }
  return errors;
}
