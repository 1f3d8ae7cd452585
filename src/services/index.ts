import type { Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { createAuthService, type AuthSettings } from './auth.service.js';
import { createSignInService } from './sign-in.service.js';
import { createAccountService } from './account.service.js';
import { createConcernService } from './concern.service.js';
import { createReportService } from './report.service.js';
import { createCaseService } from './case.service.js';
import { createRulesService } from './rules.service.js';
import { createAllegationService } from './allegation.service.js';
import { createCaseAccessService } from './case-access.service.js';
import { createHarmRouteService } from './harm-routes.service.js';
import { createGuidanceService } from './guidance.service.js';
import { createPersonSearchService } from './person-search.service.js';
import { sql } from 'kysely';
import { audit } from './audit.js';
import type { Caller, RequestContext } from './context.js';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  calendar: WorkingDayCalendar;
  auth: AuthSettings;
}

/** Builds every service from its dependencies: the one composition root for use cases. */
export function createServices(deps: ServiceDeps) {
  return {
    auth: createAuthService({ db: deps.db, clock: deps.clock, settings: deps.auth }),
    signIn: createSignInService({ db: deps.db, clock: deps.clock, settings: deps.auth }),
    account: createAccountService({ db: deps.db, clock: deps.clock, settings: deps.auth }),
    concerns: createConcernService(deps),
    reports: createReportService(deps),
    cases: createCaseService(deps),
    rules: createRulesService(deps),
    allegations: createAllegationService(deps),
    caseAccess: createCaseAccessService(deps),
    harmRoutes: createHarmRouteService(deps),
    guidance: createGuidanceService(deps),
    personSearch: createPersonSearchService(deps),
    access: {
      /** A request refused by a route's role gate: recorded like every other refusal. */
      refused(caller: Caller, ctx: RequestContext, request: { method: string; url: string }): Promise<void> {
        return audit(deps.db, deps.clock.now(), caller, ctx, 'access.refused', null, 'denied', {
          method: request.method,
          url: request.url.slice(0, 500),
        });
      },
    },
    health: {
      async database(): Promise<boolean> {
        try {
          await sql`select 1`.execute(deps.db);
          return true;
        } catch {
          return false;
        }
      },
    },
  };
}

export type Services = ReturnType<typeof createServices>;
