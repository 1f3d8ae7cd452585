import { sql, type Kysely } from 'kysely';

/**
 * Access by relationship (DESIGN.md, Access): who is on a case besides its authority's
 * team, which cases are restricted to named people, which of a person's details are
 * hidden by a confidentiality label (and from whom not), and emergency ("break-glass")
 * access with its reason and expiry. The policy in src/domain/access-policy.ts decides;
 * these tables are what it decides from, read as SQL conditions in the store.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Conference members, core group members and people named on a restricted case.
    CREATE TABLE case_members (
      case_id uuid NOT NULL REFERENCES cases(id),
      user_id uuid NOT NULL REFERENCES users(id),
      relationship text NOT NULL CHECK (relationship IN ('conference_member','core_group','named')),
      added_by uuid NOT NULL REFERENCES users(id),
      added_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, user_id, relationship)
    );
    CREATE INDEX case_members_user_idx ON case_members (user_id, case_id);

    -- A restricted case is seen only by its allocated worker, the people named on it and
    -- anyone who states a reason for emergency access; the authority's team does not see it.
    CREATE TABLE case_restrictions (
      case_id uuid PRIMARY KEY REFERENCES cases(id),
      reason text NOT NULL CHECK (length(reason) > 0),
      set_by uuid NOT NULL REFERENCES users(id),
      set_at timestamptz NOT NULL
    );

    -- Confidentiality labels on a person: each hides some fields from everyone but named readers.
    CREATE TABLE person_labels (
      person_id uuid NOT NULL REFERENCES people(id),
      label text NOT NULL CHECK (label IN ('address_hidden')),
      reason text NOT NULL CHECK (length(reason) > 0),
      set_by uuid NOT NULL REFERENCES users(id),
      set_at timestamptz NOT NULL,
      PRIMARY KEY (person_id, label)
    );
    CREATE TABLE person_label_readers (
      person_id uuid NOT NULL,
      label text NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      added_by uuid NOT NULL REFERENCES users(id),
      added_at timestamptz NOT NULL,
      PRIMARY KEY (person_id, label, user_id),
      FOREIGN KEY (person_id, label) REFERENCES person_labels(person_id, label) ON DELETE CASCADE
    );

    -- Emergency access: a reason, a time limit, and never edited (a grant simply runs out).
    CREATE TABLE break_glass_grants (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases(id),
      user_id uuid NOT NULL REFERENCES users(id),
      reason text NOT NULL CHECK (length(reason) > 0),
      granted_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > granted_at)
    );
    CREATE INDEX break_glass_user_idx ON break_glass_grants (user_id, case_id, expires_at);
    CREATE INDEX break_glass_case_idx ON break_glass_grants (case_id, granted_at);

    -- Told to the allocated worker and the authority's team managers: someone used emergency access.
    CREATE TABLE access_alerts (
      id uuid PRIMARY KEY,
      recipient_user_id uuid NOT NULL REFERENCES users(id),
      case_id uuid NOT NULL REFERENCES cases(id),
      grant_id uuid NOT NULL REFERENCES break_glass_grants(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX access_alerts_recipient_idx ON access_alerts (recipient_user_id, created_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Diogel migrations are forward-only');
}
