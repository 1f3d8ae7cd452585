import { createHash, randomInt } from 'node:crypto';

/**
 * Single-use recovery codes, for when the authenticator app is not to hand. Ten at a time,
 * shown once; only their hashes are kept. Each is 16 characters from an alphabet without
 * look-alikes (no 0/o, 1/l/i), about 79 bits, so a fast hash salted with the owner's id is
 * enough: with that much randomness nobody can work back from the hash, and guessing at the
 * sign-in page is capped by the lock-out.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const LENGTH = 16;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = '';
    for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
    return code.match(/.{4}/g)!.join('-');
  });
}

/** As a person may type it: any case, with or without the hyphens and spaces. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const code = input.replace(/[\s-]/g, '').toLowerCase();
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

export function recoveryCodeHash(userId: string, code: string): string {
  return createHash('sha256').update(`recovery code:${userId}:${code.replace(/[\s-]/g, '').toLowerCase()}`).digest('hex');
}
