import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { canRequestBreakGlass } from '../domain/access-policy.js';
import { baseContext } from './view.js';
import { stepGuidanceFor } from './guidance-view.js';

/** Render a page with the common context (language, caller, CSRF token, CSP nonce). */
export function renderPage(
  views: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  status = 200,
): FastifyReply {
  const stepGuidance = stepGuidanceFor(template, data['type'], request.locale);
  const html = views.render(template, { ...baseContext(request, reply), stepGuidance, ...data });
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export function notFound(
  views: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { offerEmergencyAccess?: boolean } = {},
): FastifyReply {
  const emergencyAccessHref = options.offerEmergencyAccess === false ? null : emergencyAccessFor(request);
  return renderPage(views, request, reply, 'pages/errors/not-found.njk', { emergencyAccessHref }, 404);
}

const CASE_ADDRESS = /^\/cases\/([^/?#]+)(?:[/?#]|$)/;

/**
 * On a case's address, someone who may ask for emergency access is offered it. It depends
 * on the address and the person only, never on the case, so the page reads the same for a
 * case that does not exist and for one they may not see.
 */
function emergencyAccessFor(request: FastifyRequest): string | null {
  const id = CASE_ADDRESS.exec(request.url)?.[1];
  if (!id || !isUuid(id) || !request.caller || !canRequestBreakGlass(request.caller)) return null;
  return `/cases/${id}/emergency-access`;
}

export interface KeptAnswer {
  /** Message key of the question. */
  label: string;
  value: string;
  /** The value is itself a message key (a chosen option). */
  translate?: boolean;
}

/**
 * Run a form's change and answer the way every form here does: redirect on success;
 * on a concurrent change, a conflict page that keeps what the person typed; on
 * invalid answers, the form again with its errors. Anything else is a real error.
 */
export async function submitForm(
  views: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  form: {
    change: () => Promise<unknown>;
    redirectTo: string;
    kept: KeptAnswer[];
    showErrors: (fields: Readonly<Record<string, string>> | undefined) => Promise<FastifyReply>;
  },
): Promise<FastifyReply> {
  try {
    await form.change();
    return reply.redirect(form.redirectTo, 303);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'conflict') {
      return renderPage(views, request, reply, 'pages/errors/conflict.njk', { returnTo: form.redirectTo, kept: form.kept }, 409);
    }
    if (err.code === 'validation') return form.showErrors(err.fields);
    throw err;
  }
}

/** GOV.UK error pages for the site; never a stack trace or an internal message. */
export function registerErrorHandling(app: FastifyInstance, views: nunjucks.Environment): void {
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply
        .status(404)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: 'Not found', status: 404 });
    }
    return notFound(views, request, reply);
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'forbidden')) {
      return notFound(views, request, reply);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      request.log.info({ err: { message: error instanceof Error ? error.message : String(error), code: (error as { code?: string }).code } }, 'bad request');
      return renderPage(views, request, reply, 'pages/errors/bad-request.njk', {}, status === 413 || status === 415 ? status : 400);
    }
    request.log.error({ err: error }, 'request failed');
    return renderPage(views, request, reply, 'pages/errors/server-error.njk', {}, 500);
  });
}
