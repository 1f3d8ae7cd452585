import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Caller, RequestContext } from '../services/context.js';
import type { Locale } from './i18n/i18n.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    caller: Caller | undefined;
    /** The caller leads allegations or has been added to one (shows the Allegations area). */
    allegationsArea: boolean;
    /** The caller works on cases, or is on at least one (shows the Cases area). */
    casesArea: boolean;
    sessionToken: string | undefined;
    sessionData: Record<string, unknown>;
    /** Binds CSRF tokens to a visitor who has not signed in yet. */
    preSessionId: string | undefined;
    ctx: RequestContext;
    csrfToken(): string;
  }
  interface FastifyContextConfig {
    /** Pages and API routes that need a signed-in caller. */
    auth?: boolean;
  }
}

export interface CookieNames {
  session: string;
  preSession: string;
  language: string;
}

export function cookieNames(secure: boolean): CookieNames {
  // The __Host- prefix pins a cookie to this host, path / and HTTPS (browsers treat localhost as secure),
  // so neither a sibling subdomain nor a plain-HTTP page can set or overwrite it.
  return secure
    ? { session: '__Host-diogel-session', preSession: '__Host-diogel-pre', language: '__Host-diogel-lang' }
    : { session: 'diogel-session', preSession: 'diogel-pre', language: 'diogel-lang' };
}

/** Synchroniser tokens derived from the session (or pre-session) id with a server secret. */
export function csrfTokenFor(secret: Buffer, binding: string): string {
  return createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
}

export function csrfTokenValid(secret: Buffer, binding: string | undefined, token: unknown): boolean {
  if (!binding || typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
  const expected = Buffer.from(csrfTokenFor(secret, binding));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function newPreSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * SameSite=Lax rather than Strict: a link to a record from an email or another system opens
 * signed in (Strict would show the sign-in page to someone who is signed in). Nothing changes
 * on a GET here, every POST carries a synchroniser token, and Lax already keeps the cookie
 * off cross-site POSTs, frames and sub-requests.
 */
export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax' as const,
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** A same-site path to return to after a language switch; anything else goes home. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  return value.slice(0, 500);
}

export function requestContextFor(request: FastifyRequest): RequestContext {
  return { requestId: String(request.id), ip: request.ip ?? null };
}
