import type { Actor } from '../domain/access-policy.js';

/** Where a request came from: written to every audit event. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
}

export interface Caller extends Actor {
  name: string;
  email: string;
  organisationNameEn: string;
  organisationNameCy: string;
}
