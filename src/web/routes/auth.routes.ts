import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import type { SecondStepResult } from '../../services/sign-in.service.js';
import { renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from '../forms/form-data.js';
import { cookieOptions } from '../request-context.js';
import { handOverSession, renderLocked, renderTooManyRequests } from './sign-in-pages.js';
import { qrCodeDataUri } from './qr-code.js';

/**
 * Signing in: the password (/sign-in), then a code from the authenticator app
 * (/sign-in/code) or a recovery code (/sign-in/recovery-code); someone without an app
 * sets one up first (/sign-in/set-up-app). Each page works without JavaScript.
 */
export async function authRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  type Page = { template: string; field: string; requiredKey: string; wrongKey: string };
  const CODE: Page = { template: 'pages/sign-in-code.njk', field: 'code', requiredKey: 'error.totpCode.required', wrongKey: 'error.totpCode.wrong' };
  const RECOVERY: Page = { template: 'pages/sign-in-recovery-code.njk', field: 'recoveryCode', requiredKey: 'error.recoveryCode.required', wrongKey: 'error.recoveryCode.wrong' };

  app.get<{ Querystring: { signedOut?: string; timedOut?: string } }>('/sign-in', async (request, reply) => {
    if (request.caller) return reply.redirect('/');
    return renderPage(views, request, reply, 'pages/sign-in.njk', { signedOut: request.query.signedOut === '1', timedOut: request.query.timedOut === '1' });
  });

  app.post('/sign-in', async (request, reply) => {
    const body = request.body as FormBody;
    const email = (text(body, 'email') ?? '').trim();
    const password = text(body, 'password') ?? '';
    const errors: Record<string, string> = {};
    if (!email) errors.email = 'error.email.required';
    if (!password) errors.password = 'error.password.required';
    if (Object.keys(errors).length === 0) {
      const result = await services.signIn.password(email, password, request.preSessionId, request.ctx);
      switch (result.kind) {
        case 'next':
          // A new pre-session id from here on: whatever id the browser arrived with is not the one the password step is bound to.
          reply.setCookie(deps.cookies.preSession, result.preSessionId, cookieOptions(deps.cookieSecure));
          return reply.redirect(result.stage === 'code' ? '/sign-in/code' : '/sign-in/set-up-app', 303);
        case 'throttled':
          return renderTooManyRequests(deps, request, reply, result.retryAfterSeconds);
        case 'locked':
          return renderLocked(deps, request, reply, result.minutes, email);
        case 'invalid':
        case 'expired':
          errors.email = 'error.signIn.invalid';
      }
    }
    return renderPage(views, request, reply, 'pages/sign-in.njk', { values: { email }, ...errorViewModel(errors, request.locale) }, 400);
  });

  /** A second-step page: only while a password step is waiting for this browser. */
  async function showSecondStep(request: FastifyRequest, reply: FastifyReply, page: Page) {
    if (request.caller) return reply.redirect('/');
    const pending = await services.signIn.pending(request.preSessionId);
    if (pending?.stage === 'code') return renderPage(views, request, reply, page.template, {});
    if (pending?.stage === 'enrol') return reply.redirect('/sign-in/set-up-app');
    return reply.redirect(pending?.stage === 'expired' ? '/sign-in?timedOut=1' : '/sign-in');
  }

  async function answerSecondStep(request: FastifyRequest, reply: FastifyReply, page: Page, check: (input: string) => Promise<SecondStepResult>) {
    if (request.caller) return reply.redirect('/', 303);
    const input = (text(request.body as FormBody, page.field) ?? '').trim();
    let error = page.requiredKey;
    if (input) {
      const result = await check(input);
      switch (result.kind) {
        case 'signed_in':
          handOverSession(deps, reply, result.sessionToken);
          return reply.redirect('/', 303);
        case 'throttled':
          return renderTooManyRequests(deps, request, reply, result.retryAfterSeconds);
        case 'locked':
          return renderLocked(deps, request, reply, result.minutes);
        case 'expired':
          return reply.redirect('/sign-in?timedOut=1', 303);
        case 'invalid':
          error = result.reason === 'reused' ? 'error.totpCode.reused' : page.wrongKey;
      }
    }
    return renderPage(views, request, reply, page.template, errorViewModel({ [page.field]: error }, request.locale), 400);
  }

  app.get('/sign-in/code', (request, reply) => showSecondStep(request, reply, CODE));
  app.post('/sign-in/code', (request, reply) => answerSecondStep(request, reply, CODE, (input) => services.signIn.code(request.preSessionId, input, request.ctx)));
  app.get('/sign-in/recovery-code', (request, reply) => showSecondStep(request, reply, RECOVERY));
  app.post('/sign-in/recovery-code', (request, reply) =>
    answerSecondStep(request, reply, RECOVERY, (input) => services.signIn.recoveryCode(request.preSessionId, input, request.ctx)),
  );

  async function setUpPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown>, status = 200) {
    const pending = await services.signIn.pending(request.preSessionId);
    if (pending?.stage !== 'enrol') {
      if (pending?.stage === 'code') return reply.redirect('/sign-in/code', 303);
      return reply.redirect(pending?.stage === 'expired' ? '/sign-in?timedOut=1' : '/sign-in', 303);
    }
    return renderPage(views, request, reply, 'pages/sign-in-set-up-app.njk', { secret: pending.secret, uri: pending.uri, qrCode: qrCodeDataUri(pending.uri), ...extra }, status);
  }

  app.get('/sign-in/set-up-app', async (request, reply) => {
    if (request.caller) return reply.redirect('/');
    return setUpPage(request, reply, {});
  });

  app.post('/sign-in/set-up-app', async (request, reply) => {
    if (request.caller) return reply.redirect('/', 303);
    const input = (text(request.body as FormBody, 'code') ?? '').trim();
    if (!input) return setUpPage(request, reply, errorViewModel({ code: 'error.totpCode.required' }, request.locale), 400);
    const result = await services.signIn.enrol(request.preSessionId, input, request.ctx);
    switch (result.kind) {
      case 'signed_in':
        // The codes are in this answer only (never stored in clear); a reload finds the person signed in and goes home.
        handOverSession(deps, reply, result.sessionToken);
        return renderPage(views, request, reply, 'pages/account/recovery-codes-issued.njk', { recoveryCodes: result.recoveryCodes, continueTo: '/' });
      case 'throttled':
        return renderTooManyRequests(deps, request, reply, result.retryAfterSeconds);
      case 'locked':
        return renderLocked(deps, request, reply, result.minutes);
      case 'expired':
        return reply.redirect('/sign-in?timedOut=1', 303);
      case 'invalid':
        return setUpPage(request, reply, errorViewModel({ code: result.reason === 'reused' ? 'error.totpCode.reused' : 'error.totpCode.wrong' }, request.locale), 400);
    }
  });

  app.post('/sign-out', { config: { auth: true } }, async (request, reply) => {
    if (request.caller && request.sessionToken) await services.auth.signOut(request.sessionToken, request.caller, request.ctx);
    reply.clearCookie(deps.cookies.session, cookieOptions(deps.cookieSecure));
    return reply.redirect('/sign-in?signedOut=1', 303);
  });
}
