import { sql, type Kysely } from 'kysely';

/**
 * Sign-in with a second factor (issue 5): each person's authenticator-app secret
 * (encrypted; the key is not in the database), their single-use recovery codes (hashes
 * only), the password step waiting for its code (bound to the pre-session, 5 minutes),
 * consecutive failures per email address (hashed, so addresses typed by mistake are not
 * kept) and attempts per client address per minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE user_mfa (
      user_id uuid PRIMARY KEY REFERENCES users(id),
      totp_secret text NOT NULL,
      enrolled_at timestamptz NOT NULL,
      -- RFC 6238 time step of the last code accepted: a 30-second step fits an integer until the year 4010.
      last_used_step integer
    );

    CREATE TABLE recovery_codes (
      user_id uuid NOT NULL REFERENCES users(id),
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    );

    CREATE TABLE sign_in_pending (
      binding_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      stage text NOT NULL CHECK (stage IN ('code','enrol')),
      enrolment_secret text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      CHECK ((stage = 'enrol') = (enrolment_secret IS NOT NULL))
    );
    CREATE INDEX sign_in_pending_user_idx ON sign_in_pending (user_id);
    CREATE INDEX sign_in_pending_expires_idx ON sign_in_pending (expires_at);

    CREATE TABLE sign_in_failures (
      email_key text PRIMARY KEY,
      failures integer NOT NULL CHECK (failures >= 0),
      last_failure_at timestamptz NOT NULL,
      locked_until timestamptz
    );

    CREATE TABLE sign_in_throttle (
      client_address text NOT NULL,
      window_start timestamptz NOT NULL,
      attempts integer NOT NULL CHECK (attempts > 0),
      PRIMARY KEY (client_address, window_start)
    );
    CREATE INDEX sign_in_throttle_window_idx ON sign_in_throttle (window_start);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('005-sign-in cannot be reversed: enrolled authenticator apps would be lost');
}
