import { sql, type Kysely } from 'kysely';

/**
 * Cases become event streams (DESIGN.md, Case lifecycle): `case_events` is the record;
 * `cases` and `case_clocks` are projections rebuilt from it in the same transaction.
 * Existing reports are carried over as streams, so no clock already running is lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('practitioner','designated_safeguarding_person',
      'duty_social_worker','team_manager','senior_manager','conference_chair','allegations_lead','board_analyst','administrator'));

    -- An unborn child's record is linked to the child's record at birth (DOMAIN.md C19).
    ALTER TABLE people ADD COLUMN born_person_id uuid REFERENCES people(id);

    CREATE TABLE cases (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('child','adult')),
      local_authority_id uuid NOT NULL REFERENCES organisations(id),
      transfer_to_local_authority_id uuid REFERENCES organisations(id),
      household_id uuid NOT NULL,
      report_id uuid NOT NULL REFERENCES reports(id),
      person_id uuid NOT NULL REFERENCES people(id),
      stage text NOT NULL,
      registered boolean NOT NULL DEFAULT false,
      categories text[] NOT NULL DEFAULT '{}',
      registered_at timestamptz,
      coordinator_id uuid REFERENCES users(id),
      allocated_to uuid REFERENCES users(id),
      next_review_due date,
      missing_since timestamptz,
      immediate_protection text,
      opened_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL
    );
    CREATE INDEX cases_la_stage_idx ON cases (local_authority_id, stage);
    CREATE INDEX cases_register_idx ON cases (local_authority_id, next_review_due) WHERE registered;
    CREATE INDEX cases_household_idx ON cases (household_id);
    CREATE INDEX cases_report_idx ON cases (report_id);
    CREATE INDEX cases_transfer_idx ON cases (transfer_to_local_authority_id) WHERE transfer_to_local_authority_id IS NOT NULL;

    CREATE TABLE case_events (
      case_id uuid NOT NULL REFERENCES cases(id),
      seq integer NOT NULL CHECK (seq > 0),
      type text NOT NULL,
      data jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid REFERENCES users(id),
      ruleset text NOT NULL,
      PRIMARY KEY (case_id, seq)
    );

    -- Events are facts: never changed, never removed.
    CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_events is append-only: % is not allowed', TG_OP;
    END $$;
    CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
    CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only();

    CREATE TABLE case_clocks (
      case_id uuid NOT NULL REFERENCES cases(id),
      key text NOT NULL,
      timer_id text NOT NULL,
      local_authority_id uuid NOT NULL REFERENCES organisations(id),
      started_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      due_date date NOT NULL,
      stopped_at timestamptz,
      stop_reason text,
      outcome text CHECK (outcome IN ('met','missed','ended')),
      paused_at timestamptz,
      pause_reason text,
      exception_reason text,
      exception_by uuid REFERENCES users(id),
      PRIMARY KEY (case_id, key)
    );
    CREATE INDEX case_clocks_running_idx ON case_clocks (local_authority_id, due_at) WHERE stopped_at IS NULL;

    CREATE TABLE case_alerts (
      case_id uuid NOT NULL REFERENCES cases(id),
      seq integer NOT NULL,
      local_authority_id uuid NOT NULL REFERENCES organisations(id),
      reason text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, seq)
    );
    CREATE INDEX case_alerts_la_idx ON case_alerts (local_authority_id, created_at);

    -- Settings for values the procedures leave to regions: an append-only history;
    -- the settings version is the id of the latest change.
    CREATE TABLE rule_setting_changes (
      id bigserial PRIMARY KEY,
      key text NOT NULL,
      value jsonb NOT NULL,
      changed_at timestamptz NOT NULL,
      changed_by uuid NOT NULL REFERENCES users(id)
    );

    CREATE TABLE calendar_closures (
      closed_on date PRIMARY KEY,
      name_en text NOT NULL,
      name_cy text NOT NULL,
      added_by uuid NOT NULL REFERENCES users(id),
      added_at timestamptz NOT NULL
    );

    -- Carry every existing report over as a stream: received, its clock, and its decision.
    INSERT INTO cases (id, kind, local_authority_id, household_id, report_id, person_id, stage, opened_at, updated_at, version)
    SELECT r.id, r.subject_kind, r.local_authority_id, gen_random_uuid(), r.id, c.person_id,
           CASE WHEN r.status = 'received' THEN 'received'
                WHEN r.decision IN ('part3_assessment') THEN 'part3_assessment'
                WHEN r.decision IN ('strategy_discussion','immediate_protection') THEN 'strategy_pending'
                WHEN r.decision = 'section126_enquiries' THEN 'section126_enquiry'
                WHEN r.decision = 'information_and_advice' THEN 'information_and_advice'
                WHEN r.decision = 'refer_to_other_services' THEN 'referred_to_other_services'
                ELSE 'closed_nfa' END,
           r.received_at, coalesce(r.decided_at, r.received_at), 0
    FROM reports r JOIN concerns c ON c.id = r.concern_id;

    INSERT INTO case_events (case_id, seq, type, data, occurred_at, actor_user_id, ruleset)
    SELECT r.id, 1, 'ReportReceived',
           jsonb_build_object('type','ReportReceived','reportId',r.id,'concernId',r.concern_id,'personId',c.person_id,
             'householdId',k.household_id,'localAuthorityId',r.local_authority_id,'receivedAt',to_char(r.received_at AT TIME ZONE 'UTC','YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'channel','written','unborn',p.date_of_birth IS NULL AND p.expected_due_date IS NOT NULL,
             'dateOfBirth',p.date_of_birth::text,'expectedDueDate',p.expected_due_date::text),
           r.received_at, r.reported_by, 'migrated-from-reports'
    FROM reports r JOIN concerns c ON c.id = r.concern_id JOIN people p ON p.id = c.person_id JOIN cases k ON k.id = r.id;

    INSERT INTO case_events (case_id, seq, type, data, occurred_at, actor_user_id, ruleset)
    SELECT k.report_id, 2, 'ClockStarted',
           jsonb_build_object('type','ClockStarted','key',k.rule_id,'timerId',k.rule_id,
             'startedAt',to_char(k.started_at AT TIME ZONE 'UTC','YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'dueAt',to_char(k.due_at AT TIME ZONE 'UTC','YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'dueDate',((k.due_at - interval '1 millisecond') AT TIME ZONE 'Europe/London')::date::text),
           k.started_at, NULL, 'migrated-from-reports'
    FROM clocks k;

    INSERT INTO case_events (case_id, seq, type, data, occurred_at, actor_user_id, ruleset)
    SELECT r.id, 3, 'DecisionRecorded',
           jsonb_build_object('type','DecisionRecorded','decision',r.decision,'rationale',r.decision_rationale,'crimeSuspected',false),
           r.decided_at, r.decided_by, 'migrated-from-reports'
    FROM reports r WHERE r.status = 'decided';

    INSERT INTO case_events (case_id, seq, type, data, occurred_at, actor_user_id, ruleset)
    SELECT k.report_id, 4, 'ClockStopped',
           jsonb_build_object('type','ClockStopped','key',k.rule_id,
             'at',to_char(k.stopped_at AT TIME ZONE 'UTC','YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),'reason','decision_recorded','outcome','met'),
           k.stopped_at, NULL, 'migrated-from-reports'
    FROM clocks k WHERE k.stopped_at IS NOT NULL;

    UPDATE cases k SET version = (SELECT max(seq) FROM case_events e WHERE e.case_id = k.id);

    INSERT INTO case_clocks (case_id, key, timer_id, local_authority_id, started_at, due_at, due_date, stopped_at, stop_reason, outcome)
    SELECT report_id, rule_id, rule_id, local_authority_id, started_at, due_at,
           ((due_at - interval '1 millisecond') AT TIME ZONE 'Europe/London')::date, stopped_at, stop_reason,
           CASE WHEN stopped_at IS NULL THEN NULL ELSE 'met' END
    FROM clocks;

    DROP TABLE clocks;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Diogel migrations are forward-only');
}
