import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Pool as PgPool, PoolConfig } from 'pg';

/**
 * The bare servers that Diogel's figures are divided by: the least a server on the same
 * stack (the same Fastify, the same driver and engine, a pool of the same size) must do
 * for the same work. Each runs in a process of its own, started by a benchmark with
 * `node --import tsx bench/bare.ts <kind>`, like Diogel (`npm start` also runs through
 * tsx). Only what a kind needs is imported, so the start-up one loads Fastify alone.
 *
 * Environment: PORT; BARE_DATABASE_URL (PostgreSQL) or BARE_DATA_DIR (the embedded
 * database in <dir>/pgdata, as Diogel keeps it); BARE_POOL_SIZE (10, Diogel's).
 *
 * - hello: GET / answers a short text (start-up to first response).
 * - intake: POST /intake inserts the JSON concern it is sent as one row, in a transaction.
 * - case-page: GET /cases/:id reads the case by primary key, then its person, and renders
 *   a GOV.UK summary list of their fields with nunjucks; ?rows=N repeats the list's rows so
 *   the page can be made as large as Diogel's.
 */
export type BareKind = 'hello' | 'intake' | 'case-page';

interface Pool {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  transaction<T>(fn: (q: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>) => Promise<T>): Promise<T>;
}

async function openPool(): Promise<Pool> {
  const pg = (await import('pg')).default;
  const size = Number(process.env.BARE_POOL_SIZE ?? 10);
  let pool: PgPool;
  if (process.env.BARE_DATABASE_URL) {
    pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: size });
  } else {
    const dir = process.env.BARE_DATA_DIR;
    if (!dir) throw new Error('BARE_DATABASE_URL or BARE_DATA_DIR is needed');
    // The same embedded engine, opened as Diogel opens it (src/store/database.ts), lock and all.
    const { takeDataDirLock } = await import('../src/store/database.js');
    const release = takeDataDirLock(dir);
    process.once('exit', release);
    const { PGlite } = await import('@electric-sql/pglite');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const path = await import('node:path');
    const pglite = await PGlite.create(path.join(dir, 'pgdata'));
    pool = new pg.Pool(createPgConfig(pglite) as unknown as PoolConfig);
  }
  pool.on('error', () => {});
  return {
    query: (text, params) => pool.query(text, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn((text, params) => client.query(text, params));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

async function serve(kind: BareKind): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  if (kind === 'intake') await intakeRoutes(app, await openPool());
  else if (kind === 'case-page') await casePageRoutes(app, await openPool());
  else app.get('/', async () => 'ok');
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

type App = FastifyInstance;

/** One row much like a concern (its person's name and dates folded in), written in a transaction. */
async function intakeRoutes(app: App, pool: Pool): Promise<void> {
  const { randomUUID } = await import('node:crypto');
  await pool.query(`create table if not exists bare_intake (
    id uuid primary key, subject_kind text not null, full_name text not null, date_of_birth date, expected_due_date date,
    welsh_preferred boolean, account text not null, own_words text, occurred_on date, location text,
    harm_categories text[] not null, specific_risks text[] not null, immediate_danger boolean not null,
    person_knows text not null, person_not_told_reason text, created_at timestamptz not null)`);
  app.post('/intake', async (request, reply) => {
    const c = request.body as Record<string, unknown>;
    const id = randomUUID();
    await pool.transaction((q) =>
      q(
        `insert into bare_intake values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          id, c.subjectKind, c.fullName, c.dateOfBirth ?? null, c.expectedDueDate ?? null, c.welshPreferred === 'yes', c.account, c.ownWords ?? null,
          c.occurredOn ?? null, c.location ?? null, c.harmCategories, c.specificRisks ?? [], c.immediateDanger === true, c.personKnows, c.personNotToldReason ?? null, new Date(),
        ],
      ),
    );
    return reply.status(201).send({ id });
  });
}

/** The case by primary key, then its person by primary key, rendered with govuk-frontend's summary list. */
async function casePageRoutes(app: App, pool: Pool): Promise<void> {
  const nunjucks = (await import('nunjucks')).default;
  const { GOVUK_FRONTEND_DIST } = await import('../src/web/view.js');
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([GOVUK_FRONTEND_DIST]), { autoescape: true, trimBlocks: true, lstripBlocks: true });
  const template = nunjucks.compile(CASE_TEMPLATE, env);
  app.get<{ Params: { id: string }; Querystring: { rows?: string } }>('/cases/:id', async (request, reply) => {
    const found = (await pool.query('select * from cases where id = $1', [request.params.id])).rows[0];
    if (!found) return reply.status(404).send('Not found');
    const person = (await pool.query('select * from people where id = $1', [found.person_id])).rows[0] ?? {};
    const fields = [...Object.entries(found), ...Object.entries(person).map(([k, v]) => [`person ${k}`, v] as const)].map(([k, v]) => ({
      key: { text: k.replace(/_/g, ' ') },
      value: { text: v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(', ') : String(v ?? '—') },
    }));
    const repeat = Math.max(1, Number(request.query.rows ?? 1));
    const rows = Array.from({ length: repeat }, (_, i) => fields[i % fields.length]!);
    const html = template.render({ title: String(person.full_name ?? 'Case'), rows, caseId: found.id, stage: found.stage });
    return reply.type('text/html; charset=utf-8').send(html);
  });
}

const CASE_TEMPLATE = `{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}
{% from "govuk/components/tag/macro.njk" import govukTag %}
<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head><meta charset="utf-8"><title>{{ title }} – case</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<link rel="stylesheet" href="/assets/diogel.css"></head>
<body class="govuk-template__body">
<header class="diogel-masthead" role="banner"><div class="govuk-width-container"><a href="/" class="diogel-masthead__name">Diogel</a></div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<span class="govuk-caption-l">Case {{ caseId }}</span>
<h1 class="govuk-heading-l">{{ title }}</h1>
{{ govukTag({ text: stage }) }}
{{ govukSummaryList({ rows: rows }) }}
</main></div>
<script type="module" src="/assets/govuk/govuk-frontend.min.js"></script>
</body></html>`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kind = process.argv[2] as BareKind;
  if (!['hello', 'intake', 'case-page'].includes(kind)) throw new Error(`usage: bare.ts hello|intake|case-page`);
  await serve(kind);
}
