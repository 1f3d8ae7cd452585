import { sql, type Kysely } from 'kysely';

/**
 * The practice guidance library. `guidance_entries` holds the catalogue we wrote (clause
 * numbers, titles, our summaries, tags and levels), loaded from the code at start-up so
 * that it can be searched in SQL; `guidance_texts` holds the full texts an organisation
 * supplied, clause by clause, searched only for that organisation's staff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE guidance_entries (
      id text PRIMARY KEY,
      document_id text NOT NULL,
      ref text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('clause','resource')),
      position integer NOT NULL,
      number text,
      title_en text NOT NULL,
      title_cy text NOT NULL,
      summary_en text NOT NULL,
      summary_cy text NOT NULL,
      section_title_en text,
      section_title_cy text,
      level text CHECK (level IS NULL OR level IN ('red_line','aspirational','practice')),
      tags text[] NOT NULL,
      search_en tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(number, '') || ' ' || title_en), 'A') ||
        setweight(to_tsvector('english', summary_en), 'B')
      ) STORED,
      search_cy tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(number, '') || ' ' || title_cy), 'A') ||
        setweight(to_tsvector('simple', summary_cy), 'B')
      ) STORED,
      UNIQUE (document_id, ref)
    );
    CREATE INDEX guidance_entries_search_en_idx ON guidance_entries USING gin (search_en);
    CREATE INDEX guidance_entries_search_cy_idx ON guidance_entries USING gin (search_cy);

    -- Which version of the catalogue is loaded: a digest of its content.
    CREATE TABLE guidance_catalogue (
      id integer PRIMARY KEY CHECK (id = 1),
      digest text NOT NULL,
      loaded_at timestamptz NOT NULL
    );

    -- Each import of a full text: who, which file, and what matched.
    CREATE TABLE guidance_imports (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      document_id text NOT NULL,
      language text NOT NULL CHECK (language IN ('en','cy')),
      file_name text NOT NULL,
      sha256 text NOT NULL,
      imported_by uuid REFERENCES users(id),
      imported_at timestamptz NOT NULL,
      matched integer NOT NULL,
      unmatched text[] NOT NULL,
      unplaced integer NOT NULL
    );
    CREATE INDEX guidance_imports_org_idx ON guidance_imports (organisation_id, document_id, imported_at DESC);

    -- The full text of a clause, as the organisation supplied it. The entry id is not a
    -- foreign key: a catalogue update must never delete an organisation's texts.
    CREATE TABLE guidance_texts (
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      entry_id text NOT NULL,
      language text NOT NULL CHECK (language IN ('en','cy')),
      body text NOT NULL,
      import_id uuid NOT NULL REFERENCES guidance_imports(id),
      search tsvector GENERATED ALWAYS AS (
        to_tsvector(CASE WHEN language = 'cy' THEN 'simple'::regconfig ELSE 'english'::regconfig END, body)
      ) STORED,
      PRIMARY KEY (organisation_id, entry_id, language)
    );
    CREATE INDEX guidance_texts_search_idx ON guidance_texts USING gin (search);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE guidance_texts; DROP TABLE guidance_imports; DROP TABLE guidance_catalogue; DROP TABLE guidance_entries;`.execute(db);
}
