import { sql, type Kysely } from 'kysely';

// Written for PostgreSQL 15 (the production floor); PGlite (PostgreSQL 18) runs the same SQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      id uuid PRIMARY KEY,
      name_en text NOT NULL,
      name_cy text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('local_authority','school','care_provider','health_board','police','voluntary')),
      local_authority_id uuid REFERENCES organisations(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY,
      email text NOT NULL,
      name text NOT NULL,
      password_hash text NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      role text NOT NULL CHECK (role IN ('practitioner','designated_safeguarding_person','duty_social_worker',
        'team_manager','conference_chair','allegations_lead','board_analyst','administrator')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      data jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

    CREATE TABLE people (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('child','adult')),
      full_name text NOT NULL,
      date_of_birth date,
      expected_due_date date,
      address text,
      first_language text,
      welsh_preferred boolean,
      communication_needs text,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      created_at timestamptz NOT NULL
    );

    CREATE TABLE concerns (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      raised_by uuid NOT NULL REFERENCES users(id),
      person_id uuid NOT NULL REFERENCES people(id),
      subject_kind text NOT NULL CHECK (subject_kind IN ('child','adult')),
      account text NOT NULL,
      own_words text,
      occurred_on date,
      occurred_time text,
      location text,
      harm_categories text[] NOT NULL,
      specific_risks text[] NOT NULL,
      immediate_danger boolean NOT NULL,
      told_to_call_999_at timestamptz,
      person_knows text NOT NULL CHECK (person_knows IN ('yes','no')),
      person_not_told_reason text,
      status text NOT NULL CHECK (status IN ('awaiting_dsp','reported','not_reported')),
      no_report_reason text,
      dsp_decided_by uuid REFERENCES users(id),
      dsp_decided_at timestamptz,
      created_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 0,
      -- A concern is never dropped silently: not reporting needs a reason.
      CHECK (status <> 'not_reported' OR (no_report_reason IS NOT NULL AND length(no_report_reason) > 0)),
      -- Someone in immediate danger: the reporter must have been told to ring 999.
      CHECK (NOT immediate_danger OR told_to_call_999_at IS NOT NULL)
    );
    CREATE INDEX concerns_org_status_idx ON concerns (organisation_id, status, created_at);
    CREATE INDEX concerns_raised_by_idx ON concerns (raised_by, created_at);

    CREATE TABLE reports (
      id uuid PRIMARY KEY,
      concern_id uuid NOT NULL UNIQUE REFERENCES concerns(id),
      local_authority_id uuid NOT NULL REFERENCES organisations(id),
      subject_kind text NOT NULL CHECK (subject_kind IN ('child','adult')),
      received_at timestamptz NOT NULL,
      reported_by uuid NOT NULL REFERENCES users(id),
      status text NOT NULL CHECK (status IN ('received','decided')),
      decision text,
      decision_rationale text,
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      version integer NOT NULL DEFAULT 0,
      CHECK (status <> 'decided' OR (decision IS NOT NULL AND decision_rationale IS NOT NULL))
    );
    CREATE INDEX reports_la_status_idx ON reports (local_authority_id, status, received_at);

    CREATE TABLE clocks (
      id uuid PRIMARY KEY,
      local_authority_id uuid NOT NULL REFERENCES organisations(id),
      report_id uuid NOT NULL REFERENCES reports(id),
      rule_id text NOT NULL,
      started_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      stopped_at timestamptz,
      stop_reason text,
      UNIQUE (report_id, rule_id)
    );
    CREATE INDEX clocks_running_idx ON clocks (local_authority_id, due_at) WHERE stopped_at IS NULL;

    CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid,
      action text NOT NULL,
      record_type text,
      record_id uuid,
      organisation_id uuid,
      request_id text,
      ip text,
      outcome text NOT NULL CHECK (outcome IN ('success','denied','not_found','failure')),
      detail jsonb
    );
    CREATE INDEX audit_events_record_idx ON audit_events (record_type, record_id, occurred_at);

    -- The audit trail is append-only for everyone, the application included.
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
    END $$;
    CREATE TRIGGER audit_events_no_update_delete
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Diogel migrations are forward-only');
}
