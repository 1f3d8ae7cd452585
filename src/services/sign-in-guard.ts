import { createHmac } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import * as signIns from '../store/sign-in.repository.js';
import { afterFailure, lockedMinutesLeft, normaliseEmail, throttleWindow } from '../domain/sign-in-rules.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';

/** Who a failure or refusal is about, when an account has that address. */
export interface KnownUser {
  id: string;
  organisationId: string;
}

/** The part of sign-in being tried: the password, an app code, a recovery code, or setting up the app. */
export type SignInStep = 'password' | 'code' | 'recovery_code' | 'enrol' | 'password_change' | 'recovery_codes';

/** Signed-in people proving themselves again (to change a password or get new codes) are audited under that change. */
const ACTION_FOR: Readonly<Record<SignInStep, string>> = {
  password: 'auth.sign_in',
  code: 'auth.sign_in',
  recovery_code: 'auth.sign_in',
  enrol: 'auth.sign_in',
  password_change: 'auth.password_change',
  recovery_codes: 'auth.recovery_codes_regenerate',
};

export interface GuardSettings {
  attemptsPerMinute: number;
  /** Keys the email hashes, so the failures table does not reveal the addresses people typed. */
  mfaKey: Buffer;
}

/**
 * The two limits on guessing (domain/sign-in-rules.ts), kept in the database so that they
 * hold across restarts and across several servers: attempts per client address per
 * minute, and consecutive failures per email address. Every refusal is audited in the
 * transaction that counts it.
 */
export function createSignInGuard(deps: { db: Db; clock: Clock; settings: GuardSettings }) {
  const { db, clock, settings } = deps;

  function emailKey(email: string): string {
    return createHmac('sha256', settings.mfaKey).update(`sign-in failures:${normaliseEmail(email)}`).digest('hex');
  }

  function actorOf(user: KnownUser | undefined) {
    return user ? { userId: user.id, organisationId: user.organisationId } : null;
  }

  return {
    emailKey,

    /** Count this attempt against the client's address; the seconds to wait when over the limit. */
    async throttled(ctx: RequestContext, step: SignInStep, user?: KnownUser): Promise<number | null> {
      const now = clock.now();
      const window = throttleWindow(now);
      return db.transaction().execute(async (tx) => {
        const attempts = await signIns.countAttempt(tx, ctx.ip ?? 'unknown', window.start);
        if (attempts <= settings.attemptsPerMinute) return null;
        await audit(tx, now, actorOf(user), ctx, ACTION_FOR[step], user ? { type: 'user', id: user.id } : null, 'denied', { step, reason: 'throttled' });
        return window.retryAfterSeconds;
      });
    },

    /** Minutes left on a lock for this address, or null; a locked attempt is audited as refused. */
    async locked(email: string, ctx: RequestContext, step: SignInStep, user?: KnownUser): Promise<number | null> {
      const now = clock.now();
      const minutes = lockedMinutesLeft(await signIns.findFailures(db, emailKey(email)), now);
      if (minutes !== null) {
        await audit(db, now, actorOf(user), ctx, ACTION_FOR[step], user ? { type: 'user', id: user.id } : null, 'denied', { step, reason: 'locked' });
      }
      return minutes;
    },

    /** One more consecutive failure for this address, audited; minutes locked if this one locked it. */
    async failed(email: string, ctx: RequestContext, step: SignInStep, reason: string, user?: KnownUser): Promise<number | null> {
      const now = clock.now();
      const key = emailKey(email);
      return db.transaction().execute(async (tx) => {
        const state = await signIns.lockFailures(tx, key, now);
        // Locked by a request that raced this one: the lock stands, this try is not counted twice.
        const already = lockedMinutesLeft(state, now);
        const next = already === null ? afterFailure(state, now) : state!;
        if (already === null) await signIns.saveFailures(tx, key, next, now);
        const minutes = lockedMinutesLeft(next, now);
        await audit(tx, now, actorOf(user), ctx, ACTION_FOR[step], user ? { type: 'user', id: user.id } : null, 'denied', {
          step,
          reason,
          ...(minutes !== null ? { locked: true } : {}),
        });
        return minutes;
      });
    },
  };
}

export type SignInGuard = ReturnType<typeof createSignInGuard>;
