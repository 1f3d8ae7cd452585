import type { Clock } from '../platform/clock.js';
import { openSecret } from '../platform/secret-box.js';
import { checkTotp } from '../platform/totp.js';
import type { Db } from '../store/database.js';
import { findUserById, updatePasswordHash } from '../store/users.repository.js';
import * as mfa from '../store/mfa.repository.js';
import * as sessions from '../store/sessions.repository.js';
import * as signIns from '../store/sign-in.repository.js';
import { newPasswordProblems } from '../domain/password-policy.js';
import { audit } from './audit.js';
import { hashPassword, rotateSession, sha256, verifyPassword, type AuthSettings } from './auth.service.js';
import { isCommonPassword } from './common-passwords.js';
import type { Caller, RequestContext } from './context.js';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { createSignInGuard } from './sign-in-guard.js';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export type PasswordChangeResult =
  /** The session goes on under a new id. */
  | { kind: 'changed'; otherSessionsEnded: number; sessionToken: string | undefined }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'locked'; minutes: number };

export type RecoveryCodesResult =
  | { kind: 'issued'; recoveryCodes: string[]; sessionToken: string | undefined }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'locked'; minutes: number };

/**
 * What a signed-in person changes about how they sign in. Both changes ask them to prove
 * themselves again (the current password; a current code), and a wrong answer counts
 * towards the same lock-out as a wrong sign-in, so a session left open is not a way to
 * guess either.
 */
export function createAccountService(deps: { db: Db; clock: Clock; settings: AuthSettings }) {
  const { db, clock, settings } = deps;
  const guard = createSignInGuard({ db, clock, settings });
  const known = (caller: Caller) => ({ id: caller.userId, organisationId: caller.organisationId });

  return {
    recoveryCodesLeft(caller: Caller): Promise<number> {
      return mfa.countUnusedRecoveryCodes(db, caller.userId);
    },

    /** Nothing changes unless every answer is right; other sessions end when it does. */
    async changePassword(caller: Caller, sessionToken: string, input: PasswordChange, ctx: RequestContext): Promise<PasswordChangeResult> {
      const errors: Record<string, string> = {};
      if (!input.currentPassword) errors.currentPassword = 'error.currentPassword.required';
      Object.assign(errors, newPasswordProblems({ newPassword: input.newPassword, confirmPassword: input.confirmPassword, email: caller.email }, isCommonPassword));
      if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
      const minutes = await guard.locked(caller.email, ctx, 'password_change', known(caller));
      if (minutes !== null) return { kind: 'locked', minutes };
      const user = await findUserById(db, caller.userId);
      if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        const locked = await guard.failed(caller.email, ctx, 'password_change', 'wrong_password', known(caller));
        return locked === null ? { kind: 'invalid', errors: { currentPassword: 'error.currentPassword.wrong' } } : { kind: 'locked', minutes: locked };
      }
      const passwordHash = await hashPassword(input.newPassword);
      const now = clock.now();
      return db.transaction().execute(async (tx) => {
        await updatePasswordHash(tx, caller.userId, passwordHash);
        // ASVS 5.0 V7.4.3: a changed password ends every other session, and any sign-in half done with the old one.
        const otherSessionsEnded = await sessions.deleteSessionsOfUser(tx, caller.userId, sha256(sessionToken));
        await signIns.deletePendingSignInsOf(tx, caller.userId);
        await signIns.clearFailures(tx, guard.emailKey(caller.email));
        const rotated = await rotateSession(tx, sessionToken, now);
        await audit(tx, now, caller, ctx, 'auth.password_change', { type: 'user', id: caller.userId }, 'success', { otherSessionsEnded });
        return { kind: 'changed', otherSessionsEnded, sessionToken: rotated } as const;
      });
    },

    /** Ten new codes for a current code from the app; every earlier code stops working. */
    async regenerateRecoveryCodes(caller: Caller, sessionToken: string, code: string, ctx: RequestContext): Promise<RecoveryCodesResult> {
      if (!code.trim()) return { kind: 'invalid', errors: { code: 'error.totpCode.required' } };
      const minutes = await guard.locked(caller.email, ctx, 'recovery_codes', known(caller));
      if (minutes !== null) return { kind: 'locked', minutes };
      const stored = await mfa.findMfa(db, caller.userId);
      const now = clock.now();
      const check = stored ? checkTotp(openSecret(settings.mfaKey, stored.sealedSecret, caller.userId), code, now, stored.lastUsedStep) : undefined;
      const recoveryCodes = newRecoveryCodes();
      const issued =
        check?.ok === true &&
        (await db.transaction().execute(async (tx) => {
          // The code is used up like a sign-in code: it cannot be replayed for another set.
          if (!(await mfa.claimTotpStep(tx, caller.userId, check.step))) return false;
          await mfa.replaceRecoveryCodes(tx, caller.userId, recoveryCodes.map((c) => recoveryCodeHash(caller.userId, c)), now);
          await signIns.clearFailures(tx, guard.emailKey(caller.email));
          await audit(tx, now, caller, ctx, 'auth.recovery_codes_regenerate', { type: 'user', id: caller.userId }, 'success', { count: recoveryCodes.length });
          return { sessionToken: await rotateSession(tx, sessionToken, now) };
        }));
      if (issued) return { kind: 'issued', recoveryCodes, sessionToken: issued.sessionToken };
      const reused = check?.ok === false ? check.reason === 'reused' : check?.ok === true;
      const locked = await guard.failed(caller.email, ctx, 'recovery_codes', reused ? 'reused_code' : 'wrong_code', known(caller));
      if (locked !== null) return { kind: 'locked', minutes: locked };
      return { kind: 'invalid', errors: { code: reused ? 'error.totpCode.reused' : 'error.totpCode.wrong' } };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
