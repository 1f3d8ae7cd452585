/**
 * How many tries a sign-in gets (OWASP ASVS 5.0 level 2, V6.3: anti-automation). Two
 * separate limits:
 * - per account: 5 consecutive failures (a wrong password or a wrong code) lock sign-in
 *   for that email address for 15 minutes. Counted by the normalised email, whether or not
 *   an account has it, so the answers cannot tell anyone which addresses have accounts.
 * - per client address: 20 attempts a minute (SIGN_IN_ATTEMPTS_PER_MINUTE), to slow down
 *   anyone trying many accounts.
 * Pure rules over the stored state; the store keeps it, the service applies it.
 */
export const SIGN_IN_RULES = {
  maxFailures: 5,
  lockMinutes: 15,
  /** How long the password step is remembered while the person finds their code. */
  pendingMinutes: 5,
  throttleWindowSeconds: 60,
} as const;

export interface FailureState {
  /** Consecutive failures since the last success or the last lock. */
  failures: number;
  lockedUntil: Date | null;
}

/** The key failures are counted under: the address as typed, trimmed and in lower case. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** Whole minutes until the lock ends (at least 1), or null when not locked. */
export function lockedMinutesLeft(state: FailureState | undefined, now: Date): number | null {
  if (!state?.lockedUntil || now.getTime() >= state.lockedUntil.getTime()) return null;
  return Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60_000));
}

/**
 * One more failure. A lock that has run out starts a fresh count; the fifth failure in a
 * row locks for 15 minutes and starts the count again for after the lock.
 */
export function afterFailure(state: FailureState | undefined, now: Date): FailureState {
  const expired = state?.lockedUntil && now.getTime() >= state.lockedUntil.getTime();
  const failures = (expired || !state ? 0 : state.failures) + 1;
  if (failures >= SIGN_IN_RULES.maxFailures) {
    return { failures: 0, lockedUntil: new Date(now.getTime() + SIGN_IN_RULES.lockMinutes * 60_000) };
  }
  return { failures, lockedUntil: expired ? null : (state?.lockedUntil ?? null) };
}

/** The fixed one-minute window an attempt falls in, and the seconds until the next one. */
export function throttleWindow(now: Date): { start: Date; retryAfterSeconds: number } {
  const windowMs = SIGN_IN_RULES.throttleWindowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start: new Date(start), retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}
