import type { AccessTables } from './access-schema.js';
import type { SignInTables } from './sign-in-schema.js';
import type { ColumnType, Generated } from 'kysely';
import type { GuidanceTables } from './guidance-schema.js';
import type { HarmRouteTables } from './harm-routes-schema.js';

/** Row types for Kysely. They never leave `store/`. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type JsonObject = ColumnType<Record<string, unknown>, string, string>;

export interface OrganisationsTable {
  id: string;
  name_en: string;
  name_cy: string;
  kind: string;
  local_authority_id: string | null;
  created_at: Generated<Timestamp>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  organisation_id: string;
  role: string;
  created_at: Generated<Timestamp>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  data: JsonObject;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PeopleTable {
  id: string;
  kind: string;
  full_name: string;
  date_of_birth: string | null;
  expected_due_date: string | null;
  address: string | null;
  first_language: string | null;
  welsh_preferred: boolean | null;
  communication_needs: string | null;
  born_person_id?: string | null;
  /** Ten digits, no spaces (migration 009); the service checks the check digit. */
  nhs_number: ColumnType<string | null, string | null | undefined, string | null>;
  /** The words of the name as search compares them; the database computes it (migration 009). */
  search_words: ColumnType<string[], never, never>;
  organisation_id: string;
  created_at: Timestamp;
}

export interface ConcernsTable {
  id: string;
  reference: string;
  organisation_id: string;
  raised_by: string;
  person_id: string;
  subject_kind: string;
  account: string;
  own_words: string | null;
  occurred_on: string | null;
  occurred_time: string | null;
  location: string | null;
  harm_categories: string[];
  specific_risks: string[];
  immediate_danger: boolean;
  told_to_call_999_at: Timestamp | null;
  person_knows: string;
  person_not_told_reason: string | null;
  status: string;
  no_report_reason: string | null;
  dsp_decided_by: string | null;
  dsp_decided_at: Timestamp | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export interface ReportsTable {
  id: string;
  concern_id: string;
  local_authority_id: string;
  subject_kind: string;
  received_at: Timestamp;
  reported_by: string;
  status: string;
  decision: string | null;
  decision_rationale: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  version: Generated<number>;
}

export interface CasesTable {
  id: string;
  kind: string;
  local_authority_id: string;
  transfer_to_local_authority_id: string | null;
  household_id: string;
  report_id: string;
  person_id: string;
  stage: string;
  registered: Generated<boolean>;
  categories: Generated<string[]>;
  registered_at: Timestamp | null;
  coordinator_id: string | null;
  allocated_to: string | null;
  next_review_due: string | null;
  missing_since: Timestamp | null;
  immediate_protection: string | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface CaseEventsTable {
  case_id: string;
  seq: number;
  type: string;
  data: JsonObject;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  ruleset: string;
}

export interface CaseClocksTable {
  case_id: string;
  key: string;
  timer_id: string;
  local_authority_id: string;
  started_at: Timestamp;
  due_at: Timestamp;
  due_date: string;
  stopped_at: Timestamp | null;
  stop_reason: string | null;
  outcome: string | null;
  paused_at: Timestamp | null;
  pause_reason: string | null;
  exception_reason: string | null;
  exception_by: string | null;
}

export interface CaseAlertsTable {
  case_id: string;
  seq: number;
  local_authority_id: string;
  reason: string;
  created_at: Timestamp;
}

export interface RuleSettingChangesTable {
  id: Generated<string>;
  key: string;
  value: ColumnType<unknown, string, string>;
  changed_at: Timestamp;
  changed_by: string;
}

export interface CalendarClosuresTable {
  closed_on: string;
  name_en: string;
  name_cy: string;
  added_by: string;
  added_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  organisation_id: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: string;
  detail: JsonObject | null;
  /** Why the person looked or acted; NULL when the action needs no stated reason. */
  purpose: ColumnType<string | null, string | null | undefined, string | null>;
  /** The inserting transaction (xid8, as text): set by the database, read by the sealer. */
  txid: ColumnType<string, never, never>;
}

export interface AuditCheckpointsTable {
  seq: ColumnType<string, string | number, never>;
  prev_hash: ColumnType<string, string, never>;
  last_txid: ColumnType<string, string, never>;
  last_event_id: ColumnType<string, string, never>;
  event_count: ColumnType<string, string | number, never>;
  total_count: ColumnType<string, string | number, never>;
  chain_head: ColumnType<string, string, never>;
  sealed_at: ColumnType<Date, string, never>;
  key_id: ColumnType<string, string, never>;
  signature: ColumnType<string, string, never>;
}

export interface AllegationsTable {
  id: string;
  local_authority_id: string;
  stage: string;
  subject_name: string;
  subject_user_id: string | null;
  employer: string;
  outcome: string | null;
  notified_at: Timestamp;
  opened_by: string;
  opened_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface AllegationEventsTable {
  allegation_id: string;
  seq: number;
  type: string;
  data: JsonObject;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  ruleset: string;
}

export interface AllegationMembersTable {
  allegation_id: string;
  user_id: string;
}

export interface AllegationCaseLinksTable {
  allegation_id: string;
  case_id: string;
}

export interface AllegationClocksTable {
  allegation_id: string;
  key: string;
  timer_id: string;
  local_authority_id: string;
  started_at: Timestamp;
  due_at: Timestamp;
  due_date: string;
  stopped_at: Timestamp | null;
  stop_reason: string | null;
  outcome: string | null;
  exception_reason: string | null;
  exception_by: string | null;
}

/** Every word of every name (person search's dictionary; kept by a trigger on people). */
export interface PersonNameWordsTable {
  word: ColumnType<string, never, never>;
}

export interface Database extends AccessTables, SignInTables, GuidanceTables, HarmRouteTables {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  people: PeopleTable;
  person_name_words: PersonNameWordsTable;
  concerns: ConcernsTable;
  reports: ReportsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_clocks: CaseClocksTable;
  case_alerts: CaseAlertsTable;
  rule_setting_changes: RuleSettingChangesTable;
  calendar_closures: CalendarClosuresTable;
  audit_events: AuditEventsTable;
  audit_checkpoints: AuditCheckpointsTable;
  allegations: AllegationsTable;
  allegation_events: AllegationEventsTable;
  allegation_members: AllegationMembersTable;
  allegation_case_links: AllegationCaseLinksTable;
  allegation_clocks: AllegationClocksTable;
}
