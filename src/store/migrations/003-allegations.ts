import { sql, type Kysely } from 'kysely';

/**
 * Allegations about practitioners (Section 5) live apart from children's and adults'
 * cases: their own stream, projection, clocks, members and links. Nothing in the case
 * tables refers to them, so no case list, count, search or export can reach them; the
 * allegations store applies its own scope (the authority's allegations lead, and the
 * people they add, never the subject).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE allegations (
      id uuid PRIMARY KEY,
      local_authority_id uuid NOT NULL REFERENCES organisations(id),
      stage text NOT NULL,
      subject_name text NOT NULL,
      subject_user_id uuid REFERENCES users(id),
      employer text NOT NULL,
      outcome text,
      notified_at timestamptz NOT NULL,
      opened_by uuid NOT NULL REFERENCES users(id),
      opened_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL
    );
    CREATE INDEX allegations_la_idx ON allegations (local_authority_id, updated_at);
    CREATE TABLE allegation_events (
      allegation_id uuid NOT NULL REFERENCES allegations(id),
      seq integer NOT NULL CHECK (seq > 0),
      type text NOT NULL,
      data jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid REFERENCES users(id),
      ruleset text NOT NULL,
      PRIMARY KEY (allegation_id, seq)
    );
    CREATE FUNCTION allegation_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'allegation_events is append-only: % is not allowed', TG_OP;
    END $$;
    CREATE TRIGGER allegation_events_no_update_delete BEFORE UPDATE OR DELETE ON allegation_events
      FOR EACH ROW EXECUTE FUNCTION allegation_events_append_only();
    CREATE TRIGGER allegation_events_no_truncate BEFORE TRUNCATE ON allegation_events
      FOR EACH STATEMENT EXECUTE FUNCTION allegation_events_append_only();
    CREATE TABLE allegation_members (
      allegation_id uuid NOT NULL REFERENCES allegations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      PRIMARY KEY (allegation_id, user_id)
    );
    CREATE INDEX allegation_members_user_idx ON allegation_members (user_id);
    CREATE TABLE allegation_case_links (
      allegation_id uuid NOT NULL REFERENCES allegations(id),
      case_id uuid NOT NULL REFERENCES cases(id),
      PRIMARY KEY (allegation_id, case_id)
    );
    CREATE INDEX allegation_case_links_case_idx ON allegation_case_links (case_id);
    CREATE TABLE allegation_clocks (
      allegation_id uuid NOT NULL REFERENCES allegations(id),
      key text NOT NULL,
      timer_id text NOT NULL,
      local_authority_id uuid NOT NULL REFERENCES organisations(id),
      started_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      due_date date NOT NULL,
      stopped_at timestamptz,
      stop_reason text,
      outcome text CHECK (outcome IN ('met','missed','ended')),
      exception_reason text,
      exception_by uuid REFERENCES users(id),
      PRIMARY KEY (allegation_id, key)
    );
    CREATE INDEX allegation_clocks_running_idx ON allegation_clocks (local_authority_id, due_at) WHERE stopped_at IS NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('003-allegations cannot be reversed: allegation events are kept');
}
