import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import { findUserByEmail, findUserById, type UserAccount } from '../store/users.repository.js';
import * as sessions from '../store/sessions.repository.js';
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

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface AuthSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SignedIn {
  sessionToken: string;
  caller: Caller;
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

export function createAuthService(deps: { db: Db; clock: Clock; settings: AuthSettings }) {
  const { db, clock, settings } = deps;
  // Verifying against a real hash when the account is unknown keeps the answer's timing the same.
  const decoy = hashPassword(randomBytes(16).toString('hex'));

  return {
    async signIn(email: string, password: string, ctx: RequestContext): Promise<SignedIn> {
      const user = email.length <= 320 ? await findUserByEmail(db, email) : undefined;
      const ok = await verify(user?.passwordHash ?? (await decoy), password.slice(0, 1024)).catch(() => false);
      const now = clock.now();
      if (!user || !ok) {
        await audit(db, now, user ? { userId: user.id, organisationId: user.organisationId } : null, ctx, 'auth.sign_in', null, 'denied');
        throw new DomainError('unauthenticated', 'error.signIn.invalid');
      }
      const token = randomBytes(32).toString('base64url');
      const caller = toCaller(user);
      await db.transaction().execute(async (tx) => {
        // Sessions this person abandoned (and any concern drafts in them) go when they next sign in.
        await sessions.deleteExpiredSessionsOf(tx, user.id, new Date(now.getTime() - settings.idleMinutes * 60_000), now);
        await sessions.insertSession(tx, {
          tokenHash: sha256(token),
          userId: user.id,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + settings.absoluteHours * 3_600_000),
          data: {},
        });
        await audit(tx, now, caller, ctx, 'auth.sign_in', { type: 'user', id: user.id }, 'success');
      });
      return { sessionToken: token, caller };
    },

    /** The signed-in caller for a session token, or undefined when it has ended. */
    async resolveSession(token: string): Promise<{ caller: Caller; data: Record<string, unknown> } | undefined> {
      const tokenHash = sha256(token);
      const s = await sessions.findSession(db, tokenHash);
      if (!s) return undefined;
      const now = clock.now();
      const idleLimit = s.lastSeenAt.getTime() + settings.idleMinutes * 60_000;
      if (now.getTime() >= idleLimit || now.getTime() >= s.expiresAt.getTime()) {
        await sessions.deleteSession(db, tokenHash);
        return undefined;
      }
      const user = await findUserById(db, s.userId);
      if (!user) return undefined;
      // Record activity at most once a minute: enough for a 30-minute idle limit.
      if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await sessions.touchSession(db, tokenHash, now);
      return { caller: toCaller(user), data: s.data };
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
      const userId = await apiTokens.useApiToken(db, sha256(token), clock.now());
      if (!userId) return undefined;
      const user = await findUserById(db, userId);
      return user && toCaller(user);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
