import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import { constants as zlib } from 'node:zlib';
import type { Logger } from '../platform/logger.js';
import type { Services } from '../services/index.js';
import { can, type Capability } from '../domain/access-policy.js';
import { isLocale } from './i18n/i18n.js';
import { GOVUK_FRONTEND_DIST, createViewEnvironment } from './view.js';
import {
  cookieNames,
  cookieOptions,
  csrfTokenFor,
  csrfTokenValid,
  newPreSessionId,
  requestContextFor,
} from './request-context.js';
import { notFound, registerErrorHandling, renderPage } from './pages.js';
import { authRoutes } from './routes/auth.routes.js';
import { guidanceRoutes } from './routes/guidance.routes.js';
import { postCheckRoutes } from './routes/post-check.routes.js';
import { homeRoutes } from './routes/home.routes.js';
import { systemRoutes } from './routes/system.routes.js';
import { concernJourneyRoutes } from './routes/concern-journey.routes.js';
import { concernRoutes } from './routes/concern.routes.js';
import { reportRoutes } from './routes/report.routes.js';
import { accountRoutes } from './routes/account.routes.js';
import { accountSecurityRoutes } from './routes/account-security.routes.js';
import { caseRoutes } from './routes/case.routes.js';
import { workRoutes } from './routes/work.routes.js';
import { settingsRoutes } from './routes/settings.routes.js';
import { allegationRoutes } from './routes/allegation.routes.js';
import { caseAccessRoutes } from './routes/case-access.routes.js';
import { harmRouteRoutes } from './routes/harm-routes.routes.js';
import { personSearchRoutes } from './routes/person-search.routes.js';
import { apiRoutes } from '../api/api.routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    capability?: Capability;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const PUBLIC_BUILD_DIR = path.resolve(here, '../../public/build');

export interface AppDeps {
  services: Services;
  logger: Logger;
  cookieSecure: boolean;
  /** Secret for CSRF tokens. */
  csrfSecret: Buffer;
}

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { services, csrfSecret } = deps;
  const names = cookieNames(deps.cookieSecure);
  const views = createViewEnvironment();

  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 256 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });

  await app.register(formbody);
  await app.register(cookie);
  // Pages and assets compressed (a first visit went from about 200 kB to about 30; bench/page-weight.ts).
  // Brotli at a middling quality: most of the size saved for a fraction of the CPU of its best.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } });
  type CspNonce = { script: string; style: string };
  // Security headers (helmet), made once: each response draws its own nonces for the policy
  // (@fastify/helmet built helmet's middleware afresh for every request, a few per cent of a
  // request's CPU).
  const nonceOf = (kind: 'script' | 'style') => (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as ServerResponse & { cspNonce: CspNonce }).cspNonce[kind]}'`;
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonceOf('script')],
        styleSrc: ["'self'", nonceOf('style')],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: deps.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    // No page here is meant to be framed: X-Frame-Options says the same as frame-ancestors 'none' for older browsers.
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    // Two nonces of 192 bits each, from one draw.
    const drawn = randomBytes(48).toString('base64url');
    const cspNonce: CspNonce = { script: drawn.slice(0, 32), style: drawn.slice(32) };
    (reply as unknown as { cspNonce: CspNonce }).cspNonce = cspNonce;
    (reply.raw as ServerResponse & { cspNonce: CspNonce }).cspNonce = cspNonce;
    securityHeaders(reply.request.raw, reply.raw, (err) => done(err as Error | undefined));
  });
  await app.register(fastifyStatic, { root: [PUBLIC_BUILD_DIR, path.join(here, 'static')], prefix: '/assets/', maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: path.join(GOVUK_FRONTEND_DIST, 'govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    maxAge: '1d',
    allowedPath: (p) => p.endsWith('.js') || p.startsWith('/assets/images/'),
  });

  app.decorateRequest('locale', 'en');
  app.decorateRequest('caller', undefined);
  app.decorateRequest('allegationsArea', false);
  app.decorateRequest('casesArea', false);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('sessionData', undefined as unknown as Record<string, unknown>);
  app.decorateRequest('preSessionId', undefined);
  app.decorateRequest('ctx', undefined as unknown as { requestId: string; ip: string | null });
  app.decorateRequest('csrfToken', function (this: { sessionToken?: string; preSessionId?: string }) {
    const binding = this.sessionToken ?? this.preSessionId;
    return binding ? csrfTokenFor(csrfSecret, binding) : '';
  });

  // Who is asking, and in which language. The API authenticates with bearer tokens instead.
  app.addHook('onRequest', async (request, reply) => {
    request.ctx = requestContextFor(request);
    request.sessionData = {};
    const lang = request.cookies[names.language];
    request.locale = isLocale(lang) ? lang : 'en';
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return;
    const token = request.cookies[names.session];
    if (token && token.length <= 100) {
      const session = await services.auth.resolveSession(token, (caller) => ({
        // The Allegations area exists only for its leads and the people they add (Section 5).
        allegations: services.allegations.accessReading(caller),
        // Cases, for anyone who does not work on them (a teacher on a core group), only while they are on one.
        cases: services.cases.accessReading(caller),
      }));
      if (session) {
        request.caller = session.caller;
        request.sessionToken = token;
        request.sessionData = session.data;
        request.allegationsArea = session.about.allegations;
        request.casesArea = session.about.cases;
      } else {
        reply.clearCookie(names.session, cookieOptions(deps.cookieSecure));
      }
    }
    if (!request.caller) {
      const pre = request.cookies[names.preSession];
      if (pre && /^[A-Za-z0-9_-]{32}$/.test(pre)) request.preSessionId = pre;
      else if (request.method === 'GET') {
        request.preSessionId = newPreSessionId();
        reply.setCookie(names.preSession, request.preSessionId, cookieOptions(deps.cookieSecure));
      }
    }
  });

  // Pages: a signed-in caller where needed, a coarse role gate, and a CSRF token on every change.
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return;
    const config = request.routeOptions.config;
    if (config.auth && !request.caller) {
      return reply.redirect('/sign-in');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const body = request.body as Record<string, unknown> | undefined;
      if (!csrfTokenValid(csrfSecret, request.sessionToken ?? request.preSessionId, body?._csrf)) {
        request.log.warn({ reqId: request.id }, 'CSRF token missing or invalid');
        return renderPage(views, request, reply, 'pages/errors/csrf.njk', {}, 403);
      }
    }
    if (config.capability && (!request.caller || !can(request.caller, config.capability))) {
      if (request.caller) await services.access.refused(request.caller, request.ctx, request);
      return notFound(views, request, reply);
    }
  });

  registerErrorHandling(app, views);

  const routeDeps = { services, views, cookies: names, cookieSecure: deps.cookieSecure };
  await app.register(systemRoutes, routeDeps);
  await app.register(authRoutes, routeDeps);
  await app.register(homeRoutes, routeDeps);
  await app.register(concernJourneyRoutes, routeDeps);
  await app.register(concernRoutes, routeDeps);
  await app.register(reportRoutes, routeDeps);
  await app.register(accountRoutes, routeDeps);
  await app.register(accountSecurityRoutes, routeDeps);
  await app.register(caseRoutes, routeDeps);
  await app.register(caseAccessRoutes, routeDeps);
  await app.register(harmRouteRoutes, routeDeps);
  await app.register(workRoutes, routeDeps);
  await app.register(personSearchRoutes, routeDeps);
  await app.register(settingsRoutes, routeDeps);
  await app.register(allegationRoutes, routeDeps);
  await app.register(postCheckRoutes, routeDeps);
  await app.register(guidanceRoutes, routeDeps);
  await app.register(apiRoutes, { services, prefix: '/api' });

  return app;
}

export type RouteDeps = {
  services: Services;
  views: ReturnType<typeof createViewEnvironment>;
  cookies: ReturnType<typeof cookieNames>;
  cookieSecure: boolean;
};
