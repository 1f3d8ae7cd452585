import { sql } from 'kysely';
import type { Db } from './database.js';
import type { GuidanceEntriesTable, GuidanceImportsTable } from './guidance-schema.js';

export type GuidanceEntryRow = Omit<GuidanceEntriesTable, 'search_en' | 'search_cy'>;

/**
 * Load the catalogue into its table when its digest has changed. Entries no longer in the
 * catalogue are removed; an organisation's imported texts stay (they are keyed by entry id
 * and simply stop being shown if their clause is gone).
 */
export async function syncCatalogue(db: Db, entries: readonly GuidanceEntryRow[], digest: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // One loader at a time; a second waits, then sees the digest and does nothing.
    await sql`select pg_advisory_xact_lock(7007)`.execute(trx);
    const current = await trx.selectFrom('guidance_catalogue').select('digest').where('id', '=', 1).executeTakeFirst();
    if (current?.digest === digest) return false;
    await trx.deleteFrom('guidance_entries').execute();
    for (let i = 0; i < entries.length; i += 200) {
      await trx.insertInto('guidance_entries').values(entries.slice(i, i + 200).map((e) => ({ ...e, tags: e.tags }))).execute();
    }
    await trx
      .insertInto('guidance_catalogue')
      .values({ id: 1, digest, loaded_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ digest, loaded_at: now }))
      .execute();
    return true;
  });
}

export interface SearchHit {
  id: string;
  document_id: string;
  ref: string;
  kind: 'clause' | 'resource';
  number: string | null;
  title_en: string;
  title_cy: string;
  level: string | null;
  tags: string[];
  /** Highlighted extract with \u0001 and \u0002 around matches (escaped and marked up by the page). */
  extract: string;
  /** The extract is from the organisation's full text rather than our summary. */
  from_full_text: boolean;
  rank: number;
}

export interface SearchQuery {
  text: string;
  locale: 'en' | 'cy';
  organisationId: string;
  documentId?: string | undefined;
  tag?: string | undefined;
  limit: number;
}

const HEADLINE = 'StartSel=\u0001,StopSel=\u0002,MaxWords=40,MinWords=18,MaxFragments=2,FragmentDelimiter=" … "';

/**
 * Ranked full-text search over the catalogue and the organisation's imported texts.
 * English pages search the English summaries and texts with the English stemmer; Welsh
 * pages search the Welsh titles and summaries (no Welsh stemmer exists in PostgreSQL, so
 * the simple dictionary) as well as the English, and show Welsh titles.
 */
export async function searchGuidance(db: Db, q: SearchQuery): Promise<SearchHit[]> {
  const en = sql`websearch_to_tsquery('english', ${q.text})`;
  const cy = sql`websearch_to_tsquery('simple', ${q.text})`;
  const welsh = q.locale === 'cy';
  const result = await sql<SearchHit>`
    with hits as (
      select e.id, e.document_id, e.ref, e.kind, e.number, e.title_en, e.title_cy, e.level, e.tags, e.position,
             e.summary_en, e.summary_cy, t.body,
             ts_rank_cd(e.search_en, ${en}) * 1.0
               + coalesce(ts_rank_cd(setweight(t.search, 'C'), ${en}), 0)
               + ${welsh ? sql`ts_rank_cd(e.search_cy, ${cy})` : sql`0`} as rank,
             coalesce(t.search @@ ${en}, false) as in_text,
             ${welsh ? sql`e.search_cy @@ ${cy}` : sql`false`} as cy_match
        from guidance_entries e
        left join guidance_texts t
          on t.entry_id = e.id and t.organisation_id = ${q.organisationId} and t.language = 'en'
       where (e.search_en @@ ${en} or coalesce(t.search @@ ${en}, false)
              ${welsh ? sql`or e.search_cy @@ ${cy}` : sql``})
         ${q.documentId ? sql`and e.document_id = ${q.documentId}` : sql``}
         ${q.tag ? sql`and ${q.tag} = any(e.tags)` : sql``}
       order by rank desc, e.document_id, e.position
       limit ${q.limit}
    )
    select id, document_id, ref, kind, number, title_en, title_cy, level, tags, rank,
           in_text as from_full_text,
           case
             when in_text then ts_headline('english', body, ${en}, ${HEADLINE})
             when cy_match then ts_headline('simple', summary_cy, ${cy}, ${HEADLINE})
             else ts_headline('english', summary_en, ${en}, ${HEADLINE})
           end as extract
      from hits
     order by rank desc, document_id, position
  `.execute(db);
  return result.rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

export async function entry(db: Db, id: string): Promise<GuidanceEntryRow | undefined> {
  return db
    .selectFrom('guidance_entries')
    .select(['id', 'document_id', 'ref', 'kind', 'position', 'number', 'title_en', 'title_cy', 'summary_en', 'summary_cy', 'section_title_en', 'section_title_cy', 'level', 'tags'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function textsOf(
  db: Db,
  organisationId: string,
  entryIds: readonly string[],
): Promise<Map<string, { body: string; language: 'en' | 'cy'; importedAt: Date; fileName: string }[]>> {
  const out = new Map<string, { body: string; language: 'en' | 'cy'; importedAt: Date; fileName: string }[]>();
  if (entryIds.length === 0) return out;
  const rows = await db
    .selectFrom('guidance_texts as t')
    .innerJoin('guidance_imports as i', 'i.id', 't.import_id')
    .select(['t.entry_id', 't.body', 't.language', 'i.imported_at', 'i.file_name'])
    .where('t.organisation_id', '=', organisationId)
    .where('t.entry_id', 'in', [...entryIds])
    .execute();
  for (const r of rows) {
    const list = out.get(r.entry_id) ?? [];
    list.push({ body: r.body, language: r.language, importedAt: r.imported_at, fileName: r.file_name });
    out.set(r.entry_id, list);
  }
  return out;
}

/** Which entries an organisation has full text for (ids only: the library page counts them). */
export async function entryIdsWithText(db: Db, organisationId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('guidance_texts').select('entry_id').distinct().where('organisation_id', '=', organisationId).execute();
  return new Set(rows.map((r) => r.entry_id));
}

export type ImportRow = GuidanceImportsTable;

/** Replace an organisation's texts of one document in one language with a new import. */
export async function saveImport(
  trx: Db,
  row: ImportRow,
  texts: readonly { entryId: string; body: string }[],
): Promise<void> {
  await trx.insertInto('guidance_imports').values(row).execute();
  await trx
    .deleteFrom('guidance_texts')
    .where('organisation_id', '=', row.organisation_id)
    .where('language', '=', row.language)
    .where('entry_id', 'like', `${row.document_id}/%`)
    .execute();
  for (let i = 0; i < texts.length; i += 100) {
    await trx
      .insertInto('guidance_texts')
      .values(
        texts.slice(i, i + 100).map((t) => ({
          organisation_id: row.organisation_id,
          entry_id: t.entryId,
          language: row.language,
          body: t.body,
          import_id: row.id,
        })),
      )
      .execute();
  }
}

/** The newest import of each document for an organisation. */
export async function latestImports(db: Db, organisationId: string): Promise<ImportRow[]> {
  const rows = await db
    .selectFrom('guidance_imports')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('imported_at', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.document_id}/${r.language}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
