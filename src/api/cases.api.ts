import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.js';

/** The case API: cases, their steps, chronology, the work tray, the register and the rules. */
export async function caseApiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  void app;
  void opts;
}
