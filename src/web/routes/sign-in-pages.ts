import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { translator, type Locale } from '../i18n/i18n.js';
import { renderPage } from '../pages.js';
import { cookieOptions } from '../request-context.js';

/** What the sign-in pages share: the lock-out message, the throttle page, and handing over the session. */

/** An error summary whose message has a number in it (errorViewModel takes plain keys). */
export function messageErrors(locale: Locale, field: string, key: string, params: Record<string, string | number>) {
  const t = translator(locale);
  const text = t(key, params);
  return { errors: { [field]: { text, visuallyHiddenText: t('common.error') } }, errorList: [{ text, href: `#${field}` }] };
}

/** "Try again in N minutes", on the field that was being answered. */
export function lockedErrors(locale: Locale, field: string, minutes: number) {
  return messageErrors(locale, field, minutes === 1 ? 'error.signIn.locked.one' : 'error.signIn.locked', { minutes });
}

/**
 * The answer once an address has had 5 failures in a row: the sign-in form again with the
 * same words whether or not an account has that address.
 */
export function renderLocked(deps: RouteDeps, request: FastifyRequest, reply: FastifyReply, minutes: number, email = ''): FastifyReply {
  return renderPage(deps.views, request, reply, 'pages/sign-in.njk', { values: { email }, ...lockedErrors(request.locale, 'email', minutes) }, 400);
}

/** 429 with Retry-After: too many attempts from this address in the last minute. */
export function renderTooManyRequests(deps: RouteDeps, request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number): FastifyReply {
  reply.header('retry-after', String(retryAfterSeconds));
  return renderPage(deps.views, request, reply, 'pages/errors/too-many-requests.njk', { seconds: retryAfterSeconds }, 429);
}

/** The second step succeeded: the new session id goes to the browser and the pre-session goes. */
export function handOverSession(deps: RouteDeps, reply: FastifyReply, sessionToken: string): void {
  reply.setCookie(deps.cookies.session, sessionToken, cookieOptions(deps.cookieSecure));
  reply.clearCookie(deps.cookies.preSession, cookieOptions(deps.cookieSecure));
}
