import type { FastifyInstance } from 'fastify';

export interface Route {
  method: string;
  url: string;
}

/** Every route Fastify has, from its route tree (HEAD is GET's twin; `*` is the static files). */
export function routesOf(app: FastifyInstance): Route[] {
  const out: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const parent = depth === 0 ? '' : stack[depth - 1]!;
    const path = parent.endsWith('/') && m[2]!.startsWith('/') ? parent + m[2]!.slice(1) : parent + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && !path.endsWith('*')) out.push({ method, url: path });
    }
  }
  return out;
}

/** Remove what differs from one request to the next (CSRF tokens, CSP nonces), and the ids asked about. */
export function normalise(body: string, ids: string[]): string {
  let b = body;
  for (const id of ids) b = b.split(id).join('{id}');
  return b.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"').replace(/nonce="[^"]*"/g, 'nonce');
}
