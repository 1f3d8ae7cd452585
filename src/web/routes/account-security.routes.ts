import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from '../forms/form-data.js';
import { cookieOptions } from '../request-context.js';
import { lockedErrors } from './sign-in-pages.js';

/**
 * The person's own account: how many recovery codes are left, new ones for a current app
 * code, and changing the password. Every signed-in person has these, whatever their role.
 */
export async function accountSecurityRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const config = { config: { auth: true } };

  app.get<{ Querystring: { changed?: string } }>('/account', config, async (request, reply) => {
    const recoveryCodesLeft = await services.account.recoveryCodesLeft(request.caller!);
    return renderPage(views, request, reply, 'pages/account/index.njk', { recoveryCodesLeft, passwordChanged: request.query.changed === 'password' });
  });

  app.get('/account/password', config, async (request, reply) => {
    return renderPage(views, request, reply, 'pages/account/password.njk', {});
  });

  app.post('/account/password', config, async (request, reply) => {
    const body = request.body as FormBody;
    const input = {
      currentPassword: text(body, 'currentPassword') ?? '',
      newPassword: text(body, 'newPassword') ?? '',
      confirmPassword: text(body, 'confirmPassword') ?? '',
    };
    const result = await services.account.changePassword(request.caller!, request.sessionToken!, input, request.ctx);
    if (result.kind === 'changed') {
      if (result.sessionToken) reply.setCookie(deps.cookies.session, result.sessionToken, cookieOptions(deps.cookieSecure));
      return reply.redirect('/account?changed=password', 303);
    }
    // Passwords are never sent back into the form.
    const errors =
      result.kind === 'locked'
        ? lockedErrors(request.locale, 'currentPassword', result.minutes)
        : errorViewModel(result.errors, request.locale);
    return renderPage(views, request, reply, 'pages/account/password.njk', errors, 400);
  });

  app.get('/account/recovery-codes', config, async (request, reply) => {
    const recoveryCodesLeft = await services.account.recoveryCodesLeft(request.caller!);
    return renderPage(views, request, reply, 'pages/account/recovery-codes.njk', { recoveryCodesLeft });
  });

  app.post('/account/recovery-codes', config, async (request, reply) => {
    const code = text(request.body as FormBody, 'code') ?? '';
    const result = await services.account.regenerateRecoveryCodes(request.caller!, request.sessionToken!, code, request.ctx);
    if (result.kind === 'issued') {
      if (result.sessionToken) reply.setCookie(deps.cookies.session, result.sessionToken, cookieOptions(deps.cookieSecure));
      return renderPage(views, request, reply, 'pages/account/recovery-codes-issued.njk', { recoveryCodes: result.recoveryCodes, continueTo: '/account' });
    }
    const recoveryCodesLeft = await services.account.recoveryCodesLeft(request.caller!);
    const errors =
      result.kind === 'locked' ? lockedErrors(request.locale, 'code', result.minutes) : errorViewModel(result.errors, request.locale);
    return renderPage(views, request, reply, 'pages/account/recovery-codes.njk', { recoveryCodesLeft, ...errors }, 400);
  });
}
