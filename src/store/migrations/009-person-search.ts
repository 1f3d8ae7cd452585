import { sql, type Kysely } from 'kysely';

/**
 * Person search (DESIGN.md, performance targets: name, date of birth and NHS number, p95
 * under 50 ms at Wales scale) and the person's NHS number.
 *
 * - `nhs_number`: ten digits, stored without spaces. The service checks the Modulus 11
 *   check digit; the table checks the shape, so nothing malformed is stored by any path.
 * - `person_search_words(full_name)`: the words of a name as they are compared — accents
 *   folded (Siân, Gwenllïan and Ŵyn are typed without them as often as with), lower case,
 *   split at spaces, hyphens, apostrophes and stops. The separators are listed rather than
 *   left to the regular expression's idea of a letter, which depends on the database's
 *   collation (PGlite's is C): the two engines must split a name the same way.
 * - `people.search_words`, those words stored, with a GIN index: the people whose name has
 *   any of a set of words, found from the index alone.
 * - `person_name_words`: every word of every name (a dictionary: words, never who they
 *   belong to), kept up to date by a trigger, with a pg_trgm index. A word typed in a
 *   search is first matched against it, typos allowed ("jenkens" → jenkins, jenkinson), and
 *   the people are then found by the words it matched. Matching a few hundred thousand
 *   distinct words instead of every name keeps a search of a million people quick.
 * - btree indexes on date of birth and NHS number; and cases by person, so the access
 *   check (a case about the person in the caller's scope) is a probe per candidate.
 *
 * pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+), so the
 * database owner can create it; PGlite loads it when the database opens (store/database.ts).
 */
const ACCENTED = 'ÀÁÂÄàáâäÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÖòóôöÙÚÛÜùúûüẀẂŴẄẁẃŵẅỲÝŶŸỳýŷÿ';
const PLAIN = 'aaaaaaaaeeeeeeeeiiiiiiiioooooooouuuuuuuuwwwwwwwwyyyyyyyy';
/** Between the words of a name (a regular expression bracket; no collation-dependent classes). */
const SEPARATORS = "[ \\t\\n\\r.,;:/()\"'‘’`-]+";

/**
 * The folded name, written out in each function rather than one calling the other: a
 * generated column is recomputed when a dump is restored, with an empty search path, and
 * built-in functions are the only ones found then.
 */
const FOLDED = sql.raw(`lower(translate(name, '${ACCENTED}', '${PLAIN}'))`);

export async function up(db: Kysely<unknown>): Promise<void> {
  if (ACCENTED.length !== PLAIN.length) throw new Error('person_search_name: the two letter lists must be the same length');
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    ALTER TABLE people ADD COLUMN nhs_number text CHECK (nhs_number IS NULL OR nhs_number ~ '^[0-9]{10}$');

    CREATE FUNCTION person_search_name(name text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT ${FOLDED} $$;
    CREATE FUNCTION person_search_words(name text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT array_remove(regexp_split_to_array(${FOLDED}, ${sql.raw(`'${SEPARATORS.replaceAll("'", "''")}'`)}), '') $$;

    ALTER TABLE people ADD COLUMN search_words text[] GENERATED ALWAYS AS (person_search_words(full_name)) STORED;
    CREATE INDEX people_search_words_idx ON people USING gin (search_words);

    -- No unique key, on purpose: two transactions adding the same new word at once each add
    -- it (the search reads each word once), rather than one waiting for the other, or the two
    -- deadlocking on words taken in opposite orders, in the middle of raising a concern.
    CREATE TABLE person_name_words (word text NOT NULL);
    CREATE INDEX person_name_words_word_idx ON person_name_words (word);
    CREATE INDEX person_name_words_trgm_idx ON person_name_words USING gin (word gin_trgm_ops);
    INSERT INTO person_name_words (word) SELECT DISTINCT unnest(search_words) FROM people;
    -- Once per statement, from the rows it wrote: a bulk load adds its new words in one go.
    CREATE FUNCTION person_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO person_name_words (word)
      SELECT DISTINCT w.word FROM written_people p CROSS JOIN LATERAL unnest(p.search_words) AS w(word)
      WHERE NOT EXISTS (SELECT 1 FROM person_name_words d WHERE d.word = w.word);
      RETURN NULL;
    END $$;
    CREATE TRIGGER people_name_words_insert AFTER INSERT ON people
      REFERENCING NEW TABLE AS written_people FOR EACH STATEMENT EXECUTE FUNCTION person_name_words_add();
    CREATE TRIGGER people_name_words_update AFTER UPDATE ON people
      REFERENCING NEW TABLE AS written_people FOR EACH STATEMENT EXECUTE FUNCTION person_name_words_add();

    CREATE INDEX people_date_of_birth_idx ON people (date_of_birth);
    CREATE INDEX people_nhs_number_idx ON people (nhs_number) WHERE nhs_number IS NOT NULL;
    CREATE INDEX cases_person_idx ON cases (person_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Diogel migrations are forward-only');
}
