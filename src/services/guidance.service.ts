import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';
import type { Clock } from '../platform/clock.js';
import { DomainError } from '../domain/errors.js';
import { can } from '../domain/access-policy.js';
import {
  GUIDANCE_DOCUMENTS,
  GUIDANCE_RESOURCES,
  allClauses,
  clauseById,
  documentById,
  RESOURCE_DIRECTORY_ID,
  type LocatedClause,
} from '../domain/guidance/catalogue/index.js';
import { identifyDocument, matchDocument, type ImportMatch } from '../domain/guidance/importer.js';
import { GUIDANCE_TAGS, type GuidanceDocument, type GuidanceResource } from '../domain/guidance/types.js';
import { stepsCiting } from '../domain/guidance/step-guidance.js';
import * as repo from '../store/guidance.repository.js';
import type { GuidanceEntryRow, SearchHit } from '../store/guidance.repository.js';
import { audit } from './audit.js';
import type { Caller, RequestContext } from './context.js';

export type Language = 'en' | 'cy';

export function entryId(documentId: string, ref: string): string {
  return `${documentId}/${ref}`;
}

/** The catalogue as table rows, in library order. */
export function catalogueRows(): GuidanceEntryRow[] {
  const rows: GuidanceEntryRow[] = [];
  for (const { document, section, clause } of allClauses()) {
    rows.push({
      id: entryId(document.id, clause.ref),
      document_id: document.id,
      ref: clause.ref,
      kind: 'clause',
      position: rows.length,
      number: clause.number,
      title_en: clause.title.en,
      title_cy: clause.title.cy,
      summary_en: clause.summary.en,
      summary_cy: clause.summary.cy,
      section_title_en: section.title.en,
      section_title_cy: section.title.cy,
      level: clause.level ?? null,
      tags: [...clause.tags],
    });
  }
  for (const r of GUIDANCE_RESOURCES) {
    rows.push({
      id: entryId(RESOURCE_DIRECTORY_ID, r.ref),
      document_id: RESOURCE_DIRECTORY_ID,
      ref: r.ref,
      kind: 'resource',
      position: rows.length,
      number: null,
      title_en: r.title.en,
      title_cy: r.title.cy,
      summary_en: r.summary.en,
      summary_cy: r.summary.cy,
      section_title_en: null,
      section_title_cy: null,
      level: null,
      tags: [...r.tags, r.category, r.audience],
    });
  }
  return rows;
}

export interface ImportReport {
  importId: string;
  documentId: string;
  language: Language;
  matched: { ref: string; line: number; characters: number }[];
  unmatched: string[];
  unplaced: { line: number; number: string }[];
  contentsLinesDropped: number;
}

export interface ImportInput {
  fileName: string;
  text: string;
  /** The catalogue document the text is; found from the text when not given. */
  documentId?: string | undefined;
  language?: Language | undefined;
}

/** Texts over this size are refused: the largest seed is 60 KB. */
export const MAX_IMPORT_BYTES = 2_000_000;

export function createGuidanceService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const rows = catalogueRows();
  const digest = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  let ready: Promise<boolean> | undefined;

  /** Load the catalogue into the database once per process (and again only if it changed). */
  function catalogueReady(): Promise<boolean> {
    ready ??= repo.syncCatalogue(db, rows, digest, clock.now()).catch((e: unknown) => {
      ready = undefined;
      throw e;
    });
    return ready;
  }

  function requireRead(caller: Caller) {
    if (!can(caller, 'guidance.read')) throw new DomainError('not_found', 'error.notFound');
  }

  return {
    catalogueReady,
    documents: GUIDANCE_DOCUMENTS,
    resources: GUIDANCE_RESOURCES,
    tags: GUIDANCE_TAGS,

    /** The library's documents with how many of their clauses this organisation has full text for. */
    async library(caller: Caller) {
      requireRead(caller);
      await catalogueReady();
      const imports = await repo.latestImports(db, caller.organisationId);
      const withText = await repo.entryIdsWithText(db, caller.organisationId);
      return GUIDANCE_DOCUMENTS.map((document) => {
        const ids =
          document.id === RESOURCE_DIRECTORY_ID
            ? GUIDANCE_RESOURCES.map((r) => entryId(document.id, r.ref))
            : document.sections.flatMap((s) => s.clauses.map((c) => entryId(document.id, c.ref)));
        return {
          document,
          entries: ids.length,
          withFullText: ids.filter((id) => withText.has(id)).length,
          lastImport: imports.find((i) => i.document_id === document.id && i.language === 'en') ?? null,
        };
      });
    },

    document(caller: Caller, documentId: string): GuidanceDocument {
      requireRead(caller);
      const document = documentById(documentId);
      if (!document) throw new DomainError('not_found', 'error.notFound');
      return document;
    },

    /** One clause, with its full text where the organisation supplied it, and what cites it. */
    async clause(caller: Caller, documentId: string, ref: string) {
      requireRead(caller);
      const located = clauseById(documentId, ref);
      if (!located) throw new DomainError('not_found', 'error.notFound');
      const texts = await repo.textsOf(db, caller.organisationId, [entryId(documentId, ref)]);
      return {
        ...located,
        fullText: texts.get(entryId(documentId, ref)) ?? [],
        references: (located.clause.crossReferences ?? [])
          .map((x) => clauseById(x.document, x.clause))
          .filter((x): x is LocatedClause => x !== undefined),
        citedBy: citedBy(documentId, ref),
        steps: stepsCiting(documentId, ref),
      };
    },

    async resource(caller: Caller, ref: string): Promise<{ resource: GuidanceResource; fullText: { body: string; language: Language }[] }> {
      requireRead(caller);
      const resource = GUIDANCE_RESOURCES.find((r) => r.ref === ref);
      if (!resource) throw new DomainError('not_found', 'error.notFound');
      const texts = await repo.textsOf(db, caller.organisationId, [entryId(RESOURCE_DIRECTORY_ID, ref)]);
      return { resource, fullText: texts.get(entryId(RESOURCE_DIRECTORY_ID, ref)) ?? [] };
    },

    /** Ranked full-text search; the text is validated by the caller (1–200 characters). */
    async search(
      caller: Caller,
      query: { text: string; locale: Language; documentId?: string | undefined; tag?: string | undefined; limit?: number },
    ): Promise<SearchHit[]> {
      requireRead(caller);
      await catalogueReady();
      return repo.searchGuidance(db, {
        text: query.text,
        locale: query.locale,
        organisationId: caller.organisationId,
        documentId: query.documentId,
        tag: query.tag,
        limit: query.limit ?? 25,
      });
    },

    /**
     * Attach a supplied full text to the catalogue for an organisation. Nothing is stored
     * unless the text is recognised as a catalogue document; the report says what matched.
     */
    async importText(caller: Caller | null, organisationId: string, input: ImportInput, ctx: RequestContext): Promise<ImportReport> {
      if (caller && (!can(caller, 'guidance.import') || caller.organisationId !== organisationId)) {
        throw new DomainError('not_permitted', 'error.guidance.importNotPermitted');
      }
      if (!input.text.trim()) throw new DomainError('validation', 'error.guidance.import.empty', { text: 'error.guidance.import.empty' });
      if (Buffer.byteLength(input.text, 'utf8') > MAX_IMPORT_BYTES) {
        throw new DomainError('validation', 'error.guidance.import.tooLarge', { text: 'error.guidance.import.tooLarge' });
      }
      let match: ImportMatch;
      if (input.documentId) {
        const document = documentById(input.documentId);
        if (!document) throw new DomainError('validation', 'error.guidance.import.unknownDocument', { document: 'error.guidance.import.unknownDocument' });
        match = matchDocument(document, input.text, GUIDANCE_RESOURCES);
      } else {
        const found = identifyDocument(GUIDANCE_DOCUMENTS, input.text, GUIDANCE_RESOURCES);
        if (!found) throw new DomainError('validation', 'error.guidance.import.notRecognised', { text: 'error.guidance.import.notRecognised' });
        match = matchDocument(found.document, input.text, GUIDANCE_RESOURCES);
      }
      if (match.matched.length === 0) {
        throw new DomainError('validation', 'error.guidance.import.notRecognised', { text: 'error.guidance.import.notRecognised' });
      }
      await catalogueReady();
      const language = input.language ?? 'en';
      const importId = randomUUID();
      const now = clock.now();
      const sha256 = createHash('sha256').update(input.text).digest('hex');
      await db.transaction().execute(async (trx) => {
        const org = await trx.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
        if (!org) throw new DomainError('validation', 'error.guidance.import.unknownOrganisation', { organisation: 'error.guidance.import.unknownOrganisation' });
        await repo.saveImport(
          trx,
          {
            id: importId,
            organisation_id: organisationId,
            document_id: match.documentId,
            language,
            file_name: input.fileName.slice(0, 200),
            sha256,
            imported_by: caller?.userId ?? null,
            imported_at: now,
            matched: match.matched.length,
            unmatched: [...match.unmatched],
            unplaced: match.unplaced.length,
          },
          match.matched.map((m) => ({ entryId: entryId(match.documentId, m.ref), body: m.body })),
        );
        await audit(trx, now, caller, ctx, 'guidance.imported', { type: 'guidance_import', id: importId }, 'success', {
          organisationId,
          document: match.documentId,
          language,
          fileName: input.fileName.slice(0, 200),
          sha256,
          matched: match.matched.length,
          unmatched: match.unmatched.length,
          unplaced: match.unplaced.length,
        });
      });
      return {
        importId,
        documentId: match.documentId,
        language,
        matched: match.matched.map((m) => ({ ref: m.ref, line: m.line, characters: m.body.length })),
        unmatched: [...match.unmatched],
        unplaced: [...match.unplaced],
        contentsLinesDropped: match.contentsLinesDropped,
      };
    },
  };
}

/** Clauses of other documents that point at this one. */
function citedBy(documentId: string, ref: string): LocatedClause[] {
  return allClauses().filter((c) => (c.clause.crossReferences ?? []).some((x) => x.document === documentId && x.clause === ref));
}

export type GuidanceService = ReturnType<typeof createGuidanceService>;
