import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from '../forms/form-data.js';

/** Personal API tokens: created here, shown once, revocable. */
export async function accountRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const config = { config: { auth: true, capability: 'api_token.manage' as const } };

  async function page(request: FastifyRequest, extra: Record<string, unknown>) {
    const tokens = await services.auth.listApiTokens(request.caller!);
    return { tokens, values: {}, ...extra };
  }

  app.get('/account/api-tokens', config, async (request, reply) => {
    return renderPage(views, request, reply, 'pages/account/api-tokens.njk', await page(request, {}));
  });

  app.post('/account/api-tokens', config, async (request, reply) => {
    const name = text(request.body as FormBody, 'name') ?? '';
    try {
      const created = await services.auth.createApiToken(request.caller!, name, request.ctx);
      return renderPage(views, request, reply, 'pages/account/api-tokens.njk', await page(request, { created }), 201);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'validation')) throw err;
      return renderPage(
        views,
        request,
        reply,
        'pages/account/api-tokens.njk',
        await page(request, { values: { name }, ...errorViewModel(err.fields, request.locale) }),
        400,
      );
    }
  });

  app.post<{ Params: { id: string } }>('/account/api-tokens/:id/revoke', config, async (request, reply) => {
    await services.auth.revokeApiToken(request.caller!, request.params.id, request.ctx);
    return reply.redirect('/account/api-tokens', 303);
  });
}
