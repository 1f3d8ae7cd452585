import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';

export async function caseRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  void app;
  void deps;
}
