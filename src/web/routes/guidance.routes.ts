import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { GUIDANCE_TAGS, RESOURCE_AUDIENCES, RESOURCE_CATEGORIES, type ResourceAudience } from '../../domain/guidance/types.js';
import { RESOURCE_DIRECTORY_ID, documentById } from '../../domain/guidance/catalogue/index.js';
import { notFound, renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { citedClause } from '../guidance-view.js';
import { clauseHref, searchText } from '../../domain/guidance/queries.js';
import { text, type FormBody } from '../forms/form-data.js';
import type { Locale } from '../i18n/i18n.js';

type SearchQuery = { Querystring: { q?: string; document?: string; tag?: string } };

/** Escape an extract, then mark the matched words PostgreSQL delimited with \u0001 and \u0002. */
export function highlight(extract: string): string {
  return extract
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\u0001/g, '<mark>')
    .replace(/\u0002/g, '</mark>');
}

/**
 * The practice guidance library: the documents as sections and clauses in our own words,
 * each clause with the organisation's full text where it supplied one; ranked search;
 * the resource directory; and, for an administrator, importing a full text.
 */
export async function guidanceRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const read = { config: { auth: true, capability: 'guidance.read' as const } };
  const manage = { config: { auth: true, capability: 'guidance.import' as const } };

  app.get('/guidance', read, async (request, reply) => {
    const library = await services.guidance.library(request.caller!);
    return renderPage(views, request, reply, 'pages/guidance/index.njk', { library, tags: GUIDANCE_TAGS, values: {} });
  });

  app.get<SearchQuery>('/guidance/search', read, async (request, reply) => {
    const locale = request.locale;
    const q = request.query.q ?? '';
    const documentId = request.query.document && documentById(request.query.document) ? request.query.document : undefined;
    const tag = GUIDANCE_TAGS.find((t) => t === request.query.tag);
    const parsed = searchText(q);
    if ('error' in parsed) {
      const { errors, errorList } = errorViewModel({ q: parsed.error }, locale);
      return renderPage(views, request, reply, 'pages/guidance/search.njk', { q, results: null, errors, errorList, documentId, tag, tags: GUIDANCE_TAGS, documents: services.guidance.documents }, 400);
    }
    const hits = await services.guidance.search(request.caller!, { text: parsed.text, locale, documentId, tag });
    const results = hits.map((h) => {
      const doc = documentById(h.document_id);
      return {
        href: clauseHref(h.document_id, h.ref),
        number: h.number,
        title: locale === 'cy' ? h.title_cy : h.title_en,
        document: doc ? doc.title[locale] : h.document_id,
        level: h.level,
        extract: highlight(h.extract),
        // Full texts and English summaries are in English; say so on a Welsh page.
        extractLang: h.from_full_text || locale === 'en' || !/\u0001/.test(h.extract) ? 'en' : 'cy',
        fromFullText: h.from_full_text,
      };
    });
    return renderPage(views, request, reply, 'pages/guidance/search.njk', {
      q: parsed.text,
      results,
      documentId,
      tag,
      tags: GUIDANCE_TAGS,
      documents: services.guidance.documents,
      errors: {},
      errorList: [],
    });
  });

  app.get<{ Querystring: { audience?: string } }>('/guidance/resources', read, async (request, reply) => {
    const audience = RESOURCE_AUDIENCES.find((a) => a === request.query.audience && a !== 'both') as ResourceAudience | undefined;
    const resources = services.guidance.resources.filter((r) => !audience || r.audience === audience || r.audience === 'both');
    const groups = RESOURCE_CATEGORIES.map((category) => ({ category, resources: resources.filter((r) => r.category === category) })).filter(
      (g) => g.resources.length > 0,
    );
    return renderPage(views, request, reply, 'pages/guidance/resources.njk', { groups, audience, directory: documentById(RESOURCE_DIRECTORY_ID) });
  });

  app.get<{ Params: { ref: string } }>('/guidance/resources/:ref', read, async (request, reply) => {
    try {
      const { resource, fullText } = await services.guidance.resource(request.caller!, request.params.ref);
      return renderPage(views, request, reply, 'pages/guidance/resource.njk', { resource, fullText, backLink: '/guidance/resources' });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'not_found') return notFound(views, request, reply, { offerEmergencyAccess: false });
      throw e;
    }
  });

  async function importPage(request: FastifyRequest, reply: FastifyReply, state: { values?: Record<string, string>; errors?: Record<string, string>; report?: unknown }, status = 200) {
    const library = await services.guidance.library(request.caller!);
    const { errors, errorList } = errorViewModel(state.errors, request.locale);
    return renderPage(
      views,
      request,
      reply,
      'pages/guidance/import.njk',
      { library, documents: services.guidance.documents, values: state.values ?? {}, errors, errorList, report: state.report ?? null, backLink: '/guidance' },
      status,
    );
  }

  app.get('/guidance/import', manage, async (request, reply) => importPage(request, reply, {}));

  app.post<{ Body: FormBody }>('/guidance/import', manage, async (request, reply) => {
    const body = request.body ?? {};
    const values = { document: text(body, 'document') ?? '', fileName: text(body, 'fileName') ?? '', text: typeof body['text'] === 'string' ? body['text'] : '' };
    const errors: Record<string, string> = {};
    if (values.document && !documentById(values.document)) errors['document'] = 'error.guidance.import.unknownDocument';
    if (!values.fileName) errors['fileName'] = 'error.guidance.import.fileName';
    else if (values.fileName.length > 200) errors['fileName'] = 'error.guidance.import.fileNameTooLong';
    if (!values.text.trim()) errors['text'] = 'error.guidance.import.empty';
    if (Object.keys(errors).length) return importPage(request, reply, { values, errors }, 400);
    try {
      const report = await services.guidance.importText(
        request.caller!,
        request.caller!.organisationId,
        { fileName: values.fileName, text: values.text, documentId: values.document || undefined },
        request.ctx,
      );
      // The pasted text is not shown again: it is now stored clause by clause.
      return importPage(request, reply, { report: reportView(report, request.locale) });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation') {
        return importPage(request, reply, { values, errors: { ...(e.fields ?? { text: e.message }) } }, 400);
      }
      throw e;
    }
  });

  app.get<{ Params: { document: string } }>('/guidance/:document', read, async (request, reply) => {
    const document = documentById(request.params.document);
    if (!document || document.id === RESOURCE_DIRECTORY_ID) {
      if (document) return reply.redirect('/guidance/resources');
      return notFound(views, request, reply, { offerEmergencyAccess: false });
    }
    return renderPage(views, request, reply, 'pages/guidance/document.njk', { document, backLink: '/guidance' });
  });

  app.get<{ Params: { document: string; ref: string } }>('/guidance/:document/:ref', read, async (request, reply) => {
    try {
      const found = await services.guidance.clause(request.caller!, request.params.document, request.params.ref);
      const locale = request.locale;
      const cite = (documentId: string, ref: string) => citedClause(documentId, ref, locale);
      return renderPage(views, request, reply, 'pages/guidance/clause.njk', {
        document: found.document,
        section: found.section,
        clause: found.clause,
        fullText: found.fullText,
        references: found.references.map((r) => cite(r.document.id, r.clause.ref)),
        citedBy: found.citedBy.map((r) => cite(r.document.id, r.clause.ref)),
        steps: found.steps,
        backLink: `/guidance/${found.document.id}`,
      });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'not_found') return notFound(views, request, reply, { offerEmergencyAccess: false });
      throw e;
    }
  });
}

export function reportView(
  report: { documentId: string; matched: { ref: string; line: number; characters: number }[]; unmatched: string[]; unplaced: { line: number; number: string }[]; contentsLinesDropped: number },
  locale: Locale,
) {
  const doc = documentById(report.documentId);
  return {
    document: doc ? doc.title[locale] : report.documentId,
    documentId: report.documentId,
    matched: report.matched.length,
    unmatched: report.unmatched.map((ref) => citedClause(report.documentId, ref, locale) ?? { title: ref, href: clauseHref(report.documentId, ref), number: null }),
    unplaced: report.unplaced,
    contentsLinesDropped: report.contentsLinesDropped,
  };
}
