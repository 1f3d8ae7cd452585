import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from '../forms/form-data.js';
import { cookieOptions } from '../request-context.js';

export async function authRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;

  app.get<{ Querystring: { signedOut?: string } }>('/sign-in', async (request, reply) => {
    if (request.caller) return reply.redirect('/');
    return renderPage(views, request, reply, 'pages/sign-in.njk', { signedOut: request.query.signedOut === '1' });
  });

  app.post('/sign-in', async (request, reply) => {
    const body = request.body as FormBody;
    const email = (text(body, 'email') ?? '').trim();
    const password = text(body, 'password') ?? '';
    const errors: Record<string, string> = {};
    if (!email) errors.email = 'error.email.required';
    if (!password) errors.password = 'error.password.required';
    if (Object.keys(errors).length === 0) {
      try {
        const { sessionToken } = await services.auth.signIn(email, password, request.ctx);
        // A new session id at every sign-in; the pre-session binding is dropped.
        reply.setCookie(deps.cookies.session, sessionToken, cookieOptions(deps.cookieSecure));
        reply.clearCookie(deps.cookies.preSession, cookieOptions(deps.cookieSecure));
        return reply.redirect('/', 303);
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'unauthenticated')) throw err;
        errors.email = 'error.signIn.invalid';
      }
    }
    return renderPage(views, request, reply, 'pages/sign-in.njk', { values: { email }, ...errorViewModel(errors, request.locale) }, 400);
  });

  app.post('/sign-out', { config: { auth: true } }, async (request, reply) => {
    if (request.caller && request.sessionToken) await services.auth.signOut(request.sessionToken, request.caller, request.ctx);
    reply.clearCookie(deps.cookies.session, cookieOptions(deps.cookieSecure));
    return reply.redirect('/sign-in?signedOut=1', 303);
  });
}
