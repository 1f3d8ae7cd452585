import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { isLocale } from '../i18n/i18n.js';
import { safeReturnPath } from '../request-context.js';

/** Health check and the language switch. */
export async function systemRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/health', async (_request, reply) => {
    const database = await deps.services.health.database();
    return reply
      .status(database ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: database ? 'ok' : 'unavailable', database: database ? 'ok' : 'unavailable' });
  });

  // A plain link, so it works without JavaScript; the choice is kept in a cookie for a year.
  app.get<{ Params: { locale: string }; Querystring: { return?: string } }>('/language/:locale', async (request, reply) => {
    const { locale } = request.params;
    if (!isLocale(locale)) return reply.callNotFound();
    reply.setCookie(deps.cookies.language, locale, { path: '/', sameSite: 'lax', secure: deps.cookieSecure, httpOnly: true, maxAge: 31_536_000 });
    return reply.redirect(safeReturnPath(request.query.return));
  });
}
