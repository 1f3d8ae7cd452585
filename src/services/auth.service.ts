import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock } from '../platform/clock.js';
import type { Db, Tx } from '../store/database.js';
import type { UserAccount } from '../store/users.repository.js';
import * as sessions from '../store/sessions.repository.js';
import { readTogether, type Reading } from '../store/read-together.js';
import * as apiTokens from '../store/api-tokens.repository.js';
import { ROLES, ORGANISATION_KINDS, type Role, type OrganisationKind } from '../domain/access-policy.js';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { audit } from './audit.js';
import type { Caller, RequestContext } from './context.js';

// OWASP's argon2id floor: 19 MiB, 2 iterations, 1 lane.
// (algorithm 2 is Argon2id; the package exports it as an ambient const enum.)
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

let decoy: Promise<string> | undefined;

/**
 * Does this password match? With no account (no hash), a real hash is checked all the
 * same, so the answer takes as long for an unknown address as for a known one. Input past
 * 1,024 UTF-16 units is not looked at (the longest password allowed is 512 code points).
 */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verify(passwordHash ?? (await decoy), password.slice(0, 1024)).catch(() => false);
  return ok && passwordHash !== undefined;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface AuthSettings {
  idleMinutes: number;
  absoluteHours: number;
  /** AES-256 key for the authenticator-app secrets (platform/mfa-key.ts). */
  mfaKey: Buffer;
  /** Sign-in attempts accepted from one client address in a minute. */
  attemptsPerMinute: number;
}

/**
 * A new session for someone who has just proved who they are (password and second factor):
 * always a fresh random id, never one the browser brought with it. Sessions this person
 * abandoned (and any concern drafts in them) go now.
 */
export async function startSession(tx: Tx, userId: string, now: Date, settings: Pick<AuthSettings, 'idleMinutes' | 'absoluteHours'>): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await sessions.deleteExpiredSessionsOf(tx, userId, new Date(now.getTime() - settings.idleMinutes * 60_000), now);
  await sessions.insertSession(tx, {
    tokenHash: sha256(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + settings.absoluteHours * 3_600_000),
    data: {},
  });
  return token;
}

/**
 * A new id for a session whose person has just proved themselves again (a changed
 * password, new recovery codes): the old id stops working at once (ASVS 5.0 V7.2.4). What
 * the session holds (a concern draft) goes with it; its 12-hour limit does not restart.
 */
export async function rotateSession(tx: Tx, token: string, now: Date): Promise<string | undefined> {
  const old = await sessions.findSession(tx, sha256(token));
  if (!old) return undefined;
  const next = randomBytes(32).toString('base64url');
  await sessions.deleteSession(tx, old.tokenHash);
  await sessions.insertSession(tx, { ...old, tokenHash: sha256(next), lastSeenAt: now });
  return next;
}

export function toCaller(u: UserAccount): Caller {
  if (!(ROLES as readonly string[]).includes(u.role)) throw new Error(`unknown role ${u.role}`);
  if (!(ORGANISATION_KINDS as readonly string[]).includes(u.organisationKind)) throw new Error('unknown organisation kind');
  return {
    userId: u.id,
    role: u.role as Role,
    organisationId: u.organisationId,
    organisationKind: u.organisationKind as OrganisationKind,
    name: u.name,
    email: u.email,
    organisationNameEn: u.organisationNameEn,
    organisationNameCy: u.organisationNameCy,
  };
}

/** What every page asks about its caller (the areas the navigation offers, say), as readings. */
export type AboutCaller<K extends string> = (caller: Caller) => Record<K, Reading<boolean>>;

/** How many sessions' last callers are remembered (a few bytes each; the oldest is forgotten first). */
const REMEMBERED_CALLERS = 10_000;

const sameCaller = (a: Caller, b: Caller) => (Object.keys(a) as (keyof Caller)[]).every((k) => a[k] === b[k]);

export function createAuthService(deps: { db: Db; clock: Clock; settings: AuthSettings }) {
  const { db, clock, settings } = deps;
  // A session token's person never changes, so who they were at the token's last request says
  // what the next one will ask about them: those readings go in the session's own statement,
  // and count only if the session's caller is still exactly that one. A hint, never trusted:
  // the session, its person and every answer are read afresh each time.
  const lastCaller = new Map<string, Caller>();
  return {
    /**
     * The signed-in caller for a session token, or undefined when it has ended; with `about`,
     * the answers about that caller too (one statement when the token has been seen before).
     */
    async resolveSession<K extends string = never>(
      token: string,
      about?: AboutCaller<K>,
    ): Promise<{ caller: Caller; data: Record<string, unknown>; about: Record<K, boolean> } | undefined> {
      const tokenHash = sha256(token);
      const session = sessions.sessionWithUserReading(db, tokenHash);
      const guess = about ? lastCaller.get(tokenHash) : undefined;
      // The session's own reading goes last, so no answer about the caller can take its place.
      const read: Record<string, unknown> = await readTogether(db, guess && about ? { ...about(guess), session } : { session });
      const { session: found, ...guessed } = read as { session: sessions.SessionWithUser | undefined };
      lastCaller.delete(tokenHash);
      if (!found) return undefined;
      const { session: s, user } = found;
      const now = clock.now();
      const idleLimit = s.lastSeenAt.getTime() + settings.idleMinutes * 60_000;
      if (now.getTime() >= idleLimit || now.getTime() >= s.expiresAt.getTime()) {
        await sessions.deleteSession(db, tokenHash);
        return undefined;
      }
      // Record activity at most once a minute: enough for a 30-minute idle limit.
      if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await sessions.touchSession(db, tokenHash, now);
      const caller = toCaller(user);
      // Remembered as the newest; the oldest goes once there are too many.
      lastCaller.set(tokenHash, caller);
      if (lastCaller.size > REMEMBERED_CALLERS) lastCaller.delete(lastCaller.keys().next().value!);
      // Asked about someone else (their role or organisation changed since): asked again, about them.
      const answers = guess && sameCaller(guess, caller) ? guessed : about ? await readTogether(db, about(caller)) : {};
      return { caller, data: s.data, about: answers as Record<K, boolean> };
    },

    saveSessionData(token: string, data: Record<string, unknown>): Promise<void> {
      return sessions.saveSessionData(db, sha256(token), data);
    },

    async signOut(token: string, caller: Caller, ctx: RequestContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await sessions.deleteSession(tx, sha256(token));
        await audit(tx, clock.now(), caller, ctx, 'auth.sign_out', { type: 'user', id: caller.userId }, 'success');
      });
    },

    async createApiToken(caller: Caller, name: string, ctx: RequestContext): Promise<{ id: string; token: string }> {
      const trimmed = name.trim();
      if (!trimmed) throw new DomainError('validation', 'error.tokenName.required', { name: 'error.tokenName.required' });
      if (trimmed.length > 100) throw new DomainError('validation', 'error.tokenName.too_long', { name: 'error.tokenName.too_long' });
      const token = `dgl_${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await apiTokens.insertApiToken(tx, {
          id,
          userId: caller.userId,
          name: trimmed,
          tokenHash: sha256(token),
          createdAt: now,
          lastUsedAt: null,
          revokedAt: null,
        });
        await audit(tx, now, caller, ctx, 'api_token.create', { type: 'api_token', id }, 'success');
      });
      return { id, token };
    },

    listApiTokens(caller: Caller) {
      return apiTokens.listApiTokens(db, caller.userId);
    },

    async revokeApiToken(caller: Caller, id: string, ctx: RequestContext): Promise<void> {
      if (!isUuid(id)) throw new DomainError('not_found', 'error.notFound');
      await db.transaction().execute(async (tx) => {
        const revoked = await apiTokens.revokeApiToken(tx, caller.userId, id, clock.now());
        if (!revoked) throw new DomainError('not_found', 'error.notFound');
        await audit(tx, clock.now(), caller, ctx, 'api_token.revoke', { type: 'api_token', id }, 'success');
      });
    },

    async resolveApiToken(token: string): Promise<Caller | undefined> {
      if (!token.startsWith('dgl_') || token.length > 200) return undefined;
      const user = await apiTokens.useApiToken(db, sha256(token), clock.now());
      return user && toCaller(user);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
