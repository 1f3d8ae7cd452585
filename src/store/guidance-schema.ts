import type { ColumnType } from 'kysely';

/** Tables of migration 007 (the practice guidance library). */
export interface GuidanceEntriesTable {
  id: string;
  document_id: string;
  ref: string;
  kind: 'clause' | 'resource';
  position: number;
  number: string | null;
  title_en: string;
  title_cy: string;
  summary_en: string;
  summary_cy: string;
  section_title_en: string | null;
  section_title_cy: string | null;
  level: string | null;
  tags: string[];
  search_en: ColumnType<string, never, never>;
  search_cy: ColumnType<string, never, never>;
}

export interface GuidanceCatalogueTable {
  id: number;
  digest: string;
  loaded_at: Date;
}

export interface GuidanceImportsTable {
  id: string;
  organisation_id: string;
  document_id: string;
  language: 'en' | 'cy';
  file_name: string;
  sha256: string;
  imported_by: string | null;
  imported_at: Date;
  matched: number;
  unmatched: string[];
  unplaced: number;
}

export interface GuidanceTextsTable {
  organisation_id: string;
  entry_id: string;
  language: 'en' | 'cy';
  body: string;
  import_id: string;
  search: ColumnType<string, never, never>;
}

export interface GuidanceTables {
  guidance_entries: GuidanceEntriesTable;
  guidance_catalogue: GuidanceCatalogueTable;
  guidance_imports: GuidanceImportsTable;
  guidance_texts: GuidanceTextsTable;
}
