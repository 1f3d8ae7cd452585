import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services/index.js';
import type { Caller } from '../services/context.js';
import type { Capability } from '../domain/access-policy.js';
import { DomainError } from '../domain/errors.js';
import { GUIDANCE_TAGS, RESOURCE_AUDIENCES, type GuidanceClause, type GuidanceDocument, type GuidanceResource } from '../domain/guidance/types.js';
import { clauseById, documentById, RESOURCE_DIRECTORY_ID } from '../domain/guidance/catalogue/index.js';
import { citationsFor, splitCitation } from '../domain/guidance/step-guidance.js';
import { clauseHref, searchText } from '../domain/guidance/queries.js';
import { fieldErrors } from '../services/concern.input.js';
import { sendProblem } from './problem.js';
import { addRoleGate } from './role-gate.js';

const read = { config: { capability: 'guidance.read' as Capability } };
const manage = { config: { capability: 'guidance.import' as Capability } };

export const guidanceImportSchema = z.object(
  {
    document: z.string({ error: 'error.guidance.import.unknownDocument' }).refine((d) => documentById(d) !== undefined, { error: 'error.guidance.import.unknownDocument' }).optional(),
    fileName: z.string({ error: 'error.guidance.import.fileName' }).trim().min(1, { error: 'error.guidance.import.fileName' }).max(200, { error: 'error.guidance.import.fileNameTooLong' }),
    text: z.string({ error: 'error.guidance.import.empty' }).min(1, { error: 'error.guidance.import.empty' }),
    language: z.enum(['en', 'cy'], { error: 'error.validation' }).optional(),
  },
  { error: 'error.validation' },
);

/** A clause as the API gives it: both languages, never the importer's locator. */
export function clauseJson(documentId: string, c: GuidanceClause) {
  return {
    document: documentId,
    ref: c.ref,
    number: c.number,
    title: c.title,
    summary: c.summary,
    tags: c.tags,
    level: c.level ?? null,
    crossReferences: c.crossReferences ?? [],
    href: clauseHref(documentId, c.ref),
  };
}

function documentJson(d: GuidanceDocument) {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    publisher: d.publisher,
    edition: d.edition,
    sourceUrl: d.sourceUrl,
    summary: d.summary,
    graded: d.graded,
    sections: d.sections.map((s) => ({ ref: s.ref, number: s.number, title: s.title, clauses: s.clauses.map((c) => clauseJson(d.id, c)) })),
  };
}

function resourceJson(r: GuidanceResource) {
  const { locator: _locator, ...rest } = r;
  return { ...rest, href: clauseHref(RESOURCE_DIRECTORY_ID, r.ref) };
}

/** Split a PostgreSQL headline into plain segments, marking the matched words. */
export function segments(extract: string): { text: string; match: boolean }[] {
  const out: { text: string; match: boolean }[] = [];
  const re = /\u0001([^\u0002]*)\u0002/g;
  let last = 0;
  for (let m = re.exec(extract); m; m = re.exec(extract)) {
    if (m.index > last) out.push({ text: extract.slice(last, m.index), match: false });
    out.push({ text: m[1]!, match: true });
    last = m.index + m[0].length;
  }
  if (last < extract.length) out.push({ text: extract.slice(last), match: false });
  return out;
}

/** The practice guidance library over the API: documents, clauses, search, resources, step guidance and imports. */
export async function guidanceApiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const caller = (request: FastifyRequest): Caller => request.apiCaller!;

  addRoleGate(app, services);

  app.get('/guidance/documents', read, async (request) => {
    const library = await services.guidance.library(caller(request));
    return {
      items: library.map((l) => ({
        id: l.document.id,
        kind: l.document.kind,
        title: l.document.title,
        edition: l.document.edition,
        sourceUrl: l.document.sourceUrl,
        entries: l.entries,
        withFullText: l.withFullText,
      })),
    };
  });

  app.get<{ Params: { document: string } }>('/guidance/documents/:document', read, async (request) => {
    const d = services.guidance.document(caller(request), request.params.document);
    return documentJson(d);
  });

  app.get<{ Params: { document: string; ref: string } }>('/guidance/documents/:document/clauses/:ref', read, async (request) => {
    const found = await services.guidance.clause(caller(request), request.params.document, request.params.ref);
    return {
      ...clauseJson(found.document.id, found.clause),
      section: { ref: found.section.ref, number: found.section.number, title: found.section.title },
      fullText: found.fullText.map((f) => ({ language: f.language, body: f.body, fileName: f.fileName, importedAt: f.importedAt.toISOString() })),
      references: found.references.map((r) => clauseJson(r.document.id, r.clause)),
      citedBy: found.citedBy.map((r) => clauseJson(r.document.id, r.clause)),
      forms: found.steps,
    };
  });

  app.get<{ Querystring: { q?: string; lang?: string; document?: string; tag?: string } }>('/guidance/search', read, async (request, reply) => {
    const parsed = searchText(request.query.q);
    if ('error' in parsed) {
      return sendProblem(reply, 400, { detail: 'Send the words to search for as q (1–200 characters).', errors: { q: { code: parsed.error } } });
    }
    const locale = request.query.lang === 'cy' ? 'cy' : 'en';
    const document = request.query.document && documentById(request.query.document) ? request.query.document : undefined;
    const tag = GUIDANCE_TAGS.find((t) => t === request.query.tag);
    const hits = await services.guidance.search(caller(request), { text: parsed.text, locale, documentId: document, tag });
    return {
      query: parsed.text,
      items: hits.map((h) => ({
        document: h.document_id,
        ref: h.ref,
        kind: h.kind,
        number: h.number,
        title: { en: h.title_en, cy: h.title_cy },
        level: h.level,
        rank: h.rank,
        fromFullText: h.from_full_text,
        extract: segments(h.extract),
        href: clauseHref(h.document_id, h.ref),
      })),
    };
  });

  app.get<{ Querystring: { audience?: string } }>('/guidance/resources', read, async (request) => {
    const audience = RESOURCE_AUDIENCES.find((a) => a === request.query.audience);
    return {
      items: services.guidance.resources.filter((r) => !audience || r.audience === audience || r.audience === 'both').map(resourceJson),
    };
  });

  /** The guidance a form shows, by its key (`case/step#close_case`, `concern/harm`). */
  app.get<{ Querystring: { form?: string } }>('/guidance/for-form', read, async (request, reply) => {
    const key = request.query.form ?? '';
    const citations = citationsFor(key);
    if (citations.length === 0) return sendProblem(reply, 404, { detail: 'No form has that key.' });
    return {
      form: key,
      items: citations.map((c) => {
        const { document, ref } = splitCitation(c);
        if (document === RESOURCE_DIRECTORY_ID) {
          const r = services.guidance.resources.find((x) => x.ref === ref);
          return r ? { document, ...resourceJson(r) } : { document, ref };
        }
        const found = clauseById(document, ref);
        return found ? clauseJson(document, found.clause) : { document, ref };
      }),
    };
  });

  app.post('/guidance/imports', manage, async (request, reply) => {
    const parsed = guidanceImportSchema.safeParse(request.body);
    if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
    const c = caller(request);
    const report = await services.guidance.importText(
      c,
      c.organisationId,
      { fileName: parsed.data.fileName, text: parsed.data.text, documentId: parsed.data.document, language: parsed.data.language },
      request.ctx,
    );
    return reply.status(201).send(report);
  });
}
