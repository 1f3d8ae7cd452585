import { randomBytes } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import { openSecret, sealSecret } from '../platform/secret-box.js';
import { checkTotp, groupedSecret, newTotpSecret, otpauthUri } from '../platform/totp.js';
import type { Db } from '../store/database.js';
import { findUserByEmail, findUserById, type UserAccount } from '../store/users.repository.js';
import * as mfa from '../store/mfa.repository.js';
import * as signIns from '../store/sign-in.repository.js';
import { SIGN_IN_RULES } from '../domain/sign-in-rules.js';
import { audit } from './audit.js';
import { sha256, startSession, verifyPassword, type AuthSettings } from './auth.service.js';
import type { RequestContext } from './context.js';
import { newRecoveryCodes, normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes.js';
import { createSignInGuard, type SignInStep } from './sign-in-guard.js';

/** The issuer authenticator apps show beside the code. */
export const TOTP_ISSUER = 'Diogel';

/** Why an attempt did not get further. Wrong and unknown are one answer, so nobody learns which addresses have accounts. */
export type SignInRefusal =
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'invalid'; reason?: 'reused' }
  | { kind: 'locked'; minutes: number }
  /** No password step waiting for this browser: it timed out, was used, or never happened. */
  | { kind: 'expired' };

export type PasswordStepResult = SignInRefusal | { kind: 'next'; stage: 'code' | 'enrol'; preSessionId: string };
export type SecondStepResult = SignInRefusal | { kind: 'signed_in'; sessionToken: string };
export type EnrolmentResult = SignInRefusal | { kind: 'signed_in'; sessionToken: string; recoveryCodes: string[] };

/** What the page after the password shows. */
export type PendingView =
  | { stage: 'code' }
  | { stage: 'enrol'; secret: string; uri: string }
  | { stage: 'expired' }
  | undefined;

/** A second step lost a race (the pending sign-in or the code was used by another request at the same moment). */
class RaceLost extends Error {}

/**
 * Signing in takes two steps (ASVS 5.0 V6.3.3, multi-factor for every account): the
 * password, then a code from an authenticator app or a single-use recovery code. Between
 * them the server remembers, for 5 minutes, that the password was right, bound to the
 * browser's pre-session (a new id from the password step on); the session id is created
 * only once the second step succeeds. Someone without an app sets one up after the
 * password and before their first session.
 */
export function createSignInService(deps: { db: Db; clock: Clock; settings: AuthSettings }) {
  const { db, clock, settings } = deps;
  const guard = createSignInGuard({ db, clock, settings });
  const bindingHash = (preSessionId: string) => sha256(`pre-session:${preSessionId}`);
  const known = (u: UserAccount) => ({ id: u.id, organisationId: u.organisationId });

  /** The password step waiting for this pre-session, with its person, if still in time. */
  async function waiting(preSessionId: string | undefined, stage: 'code' | 'enrol') {
    if (!preSessionId) return undefined;
    const pending = await signIns.findPendingSignIn(db, bindingHash(preSessionId));
    if (!pending || pending.stage !== stage || pending.expiresAt.getTime() <= clock.now().getTime()) return undefined;
    const user = await findUserById(db, pending.userId);
    return user && { pending, user };
  }

  /** A locked or failed second step ends the pending sign-in: the password is asked for again. */
  async function forget(preSessionId: string): Promise<void> {
    await db.transaction().execute((tx) => signIns.takePendingSignIn(tx, bindingHash(preSessionId)));
  }

  async function refuseSecondStep(preSessionId: string, user: UserAccount, ctx: RequestContext, step: SignInStep, reason: string): Promise<SignInRefusal> {
    const minutes = await guard.failed(user.email, ctx, step, reason, known(user));
    if (minutes === null) return reason === 'reused_code' ? { kind: 'invalid', reason: 'reused' } : { kind: 'invalid' };
    await forget(preSessionId);
    return { kind: 'locked', minutes };
  }

  /** The checks every second step starts with: the address's rate, a waiting password step, the lock. */
  async function secondStepGate(
    preSessionId: string | undefined,
    stage: 'code' | 'enrol',
    ctx: RequestContext,
    step: SignInStep,
  ): Promise<{ refusal: SignInRefusal } | { preSessionId: string; pending: signIns.PendingSignIn; user: UserAccount }> {
    const retryAfterSeconds = await guard.throttled(ctx, step);
    if (retryAfterSeconds !== null) return { refusal: { kind: 'throttled', retryAfterSeconds } };
    const found = await waiting(preSessionId, stage);
    if (!found || !preSessionId) return { refusal: { kind: 'expired' } };
    const minutes = await guard.locked(found.user.email, ctx, step, known(found.user));
    if (minutes !== null) {
      await forget(preSessionId);
      return { refusal: { kind: 'locked', minutes } };
    }
    return { preSessionId, ...found };
  }

  return {
    /** Step one. On success the browser gets a new pre-session id, bound to the waiting step. */
    async password(email: string, password: string, preSessionId: string | undefined, ctx: RequestContext): Promise<PasswordStepResult> {
      const retryAfterSeconds = await guard.throttled(ctx, 'password');
      if (retryAfterSeconds !== null) return { kind: 'throttled', retryAfterSeconds };
      const user = email.length <= 320 ? await findUserByEmail(db, email) : undefined;
      const lockedFor = await guard.locked(email, ctx, 'password', user && known(user));
      if (lockedFor !== null) return { kind: 'locked', minutes: lockedFor };
      if (!(await verifyPassword(user?.passwordHash, password))) {
        const minutes = await guard.failed(email, ctx, 'password', user ? 'wrong_password' : 'unknown_account', user && known(user));
        return minutes === null ? { kind: 'invalid' } : { kind: 'locked', minutes };
      }
      const account = user!;
      const now = clock.now();
      const enrolled = await mfa.findMfa(db, account.id);
      const stage = enrolled ? 'code' : 'enrol';
      const next = randomBytes(24).toString('base64url');
      await db.transaction().execute(async (tx) => {
        if (preSessionId) await signIns.takePendingSignIn(tx, bindingHash(preSessionId));
        await signIns.insertPendingSignIn(tx, {
          bindingHash: bindingHash(next),
          userId: account.id,
          stage,
          enrolmentSecret: enrolled ? null : sealSecret(settings.mfaKey, newTotpSecret(), account.id),
          createdAt: now,
          expiresAt: new Date(now.getTime() + SIGN_IN_RULES.pendingMinutes * 60_000),
        });
        await audit(tx, now, { userId: account.id, organisationId: account.organisationId }, ctx, 'auth.sign_in_password', { type: 'user', id: account.id }, 'success', { next: stage });
      });
      return { kind: 'next', stage, preSessionId: next };
    },

    /** What the second-step pages show for this pre-session. */
    async pending(preSessionId: string | undefined): Promise<PendingView> {
      if (!preSessionId) return undefined;
      const pending = await signIns.findPendingSignIn(db, bindingHash(preSessionId));
      if (!pending) return undefined;
      if (pending.expiresAt.getTime() <= clock.now().getTime()) return { stage: 'expired' };
      if (pending.stage === 'code') return { stage: 'code' };
      const user = await findUserById(db, pending.userId);
      if (!user || !pending.enrolmentSecret) return undefined;
      const secret = openSecret(settings.mfaKey, pending.enrolmentSecret, user.id);
      return { stage: 'enrol', secret: groupedSecret(secret), uri: otpauthUri(secret, TOTP_ISSUER, user.email) };
    },

    /** Step two: the 6-digit code from the app. */
    async code(preSessionId: string | undefined, input: string, ctx: RequestContext): Promise<SecondStepResult> {
      const gate = await secondStepGate(preSessionId, 'code', ctx, 'code');
      if ('refusal' in gate) return gate.refusal;
      const { user } = gate;
      const stored = await mfa.findMfa(db, user.id);
      if (!stored) return { kind: 'expired' };
      const check = checkTotp(openSecret(settings.mfaKey, stored.sealedSecret, user.id), input, clock.now(), stored.lastUsedStep);
      if (!check.ok) return refuseSecondStep(gate.preSessionId, user, ctx, 'code', check.reason === 'reused' ? 'reused_code' : 'wrong_code');
      const now = clock.now();
      try {
        const sessionToken = await db.transaction().execute(async (tx) => {
          if (!(await signIns.takePendingSignIn(tx, bindingHash(gate.preSessionId)))) throw new RaceLost();
          if (!(await mfa.claimTotpStep(tx, user.id, check.step))) throw new RaceLost();
          await signIns.clearFailures(tx, guard.emailKey(user.email));
          const token = await startSession(tx, user.id, now, settings);
          await audit(tx, now, { userId: user.id, organisationId: user.organisationId }, ctx, 'auth.sign_in', { type: 'user', id: user.id }, 'success', { method: 'totp' });
          return token;
        });
        return { kind: 'signed_in', sessionToken };
      } catch (err) {
        if (!(err instanceof RaceLost)) throw err;
        return refuseSecondStep(gate.preSessionId, user, ctx, 'code', 'reused_code');
      }
    },

    /** Step two without the app: one of the person's recovery codes, used up now. */
    async recoveryCode(preSessionId: string | undefined, input: string, ctx: RequestContext): Promise<SecondStepResult> {
      const gate = await secondStepGate(preSessionId, 'code', ctx, 'recovery_code');
      if ('refusal' in gate) return gate.refusal;
      const { user } = gate;
      const code = normaliseRecoveryCode(input);
      const now = clock.now();
      const sessionToken = code
        ? await db.transaction().execute(async (tx) => {
            if (!(await mfa.useRecoveryCode(tx, user.id, recoveryCodeHash(user.id, code), now))) return undefined;
            if (!(await signIns.takePendingSignIn(tx, bindingHash(gate.preSessionId)))) throw new RaceLost();
            await signIns.clearFailures(tx, guard.emailKey(user.email));
            const token = await startSession(tx, user.id, now, settings);
            const actor = { userId: user.id, organisationId: user.organisationId };
            const remaining = await mfa.countUnusedRecoveryCodes(tx, user.id);
            await audit(tx, now, actor, ctx, 'auth.recovery_code_used', { type: 'user', id: user.id }, 'success', { remaining });
            await audit(tx, now, actor, ctx, 'auth.sign_in', { type: 'user', id: user.id }, 'success', { method: 'recovery_code' });
            return token;
          }).catch((err: unknown) => {
            if (err instanceof RaceLost) return undefined;
            throw err;
          })
        : undefined;
      if (!sessionToken) return refuseSecondStep(gate.preSessionId, user, ctx, 'recovery_code', 'wrong_recovery_code');
      return { kind: 'signed_in', sessionToken };
    },

    /** Setting up the app: the first code proves it holds the secret; then recovery codes, shown once, and a session. */
    async enrol(preSessionId: string | undefined, input: string, ctx: RequestContext): Promise<EnrolmentResult> {
      const gate = await secondStepGate(preSessionId, 'enrol', ctx, 'enrol');
      if ('refusal' in gate) return gate.refusal;
      const { user, pending } = gate;
      const sealed = pending.enrolmentSecret!;
      const check = checkTotp(openSecret(settings.mfaKey, sealed, user.id), input, clock.now(), null);
      if (!check.ok) return refuseSecondStep(gate.preSessionId, user, ctx, 'enrol', 'wrong_code');
      const now = clock.now();
      const recoveryCodes = newRecoveryCodes();
      const sessionToken = await db.transaction().execute(async (tx) => {
        if (!(await signIns.takePendingSignIn(tx, bindingHash(gate.preSessionId)))) return undefined;
        // The secret stays sealed as it was: same key, same owner.
        await mfa.insertMfa(tx, { userId: user.id, sealedSecret: sealed, enrolledAt: now, lastUsedStep: check.step });
        await mfa.replaceRecoveryCodes(tx, user.id, recoveryCodes.map((c) => recoveryCodeHash(user.id, c)), now);
        await signIns.clearFailures(tx, guard.emailKey(user.email));
        const token = await startSession(tx, user.id, now, settings);
        const actor = { userId: user.id, organisationId: user.organisationId };
        await audit(tx, now, actor, ctx, 'auth.mfa_enrolled', { type: 'user', id: user.id }, 'success', { method: 'totp', recoveryCodes: recoveryCodes.length });
        await audit(tx, now, actor, ctx, 'auth.sign_in', { type: 'user', id: user.id }, 'success', { method: 'totp' });
        return token;
      });
      if (!sessionToken) return { kind: 'expired' };
      return { kind: 'signed_in', sessionToken, recoveryCodes };
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
