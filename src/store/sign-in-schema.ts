import type { ColumnType } from 'kysely';

/** Tables of migration 005 (sign-in: second factor, lock-out, throttling). They never leave `store/`. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UserMfaTable {
  user_id: string;
  /** AES-256-GCM, sealed with MFA_ENCRYPTION_KEY and the user's id (platform/secret-box.ts). */
  totp_secret: string;
  enrolled_at: Timestamp;
  last_used_step: number | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SignInPendingTable {
  binding_hash: string;
  user_id: string;
  stage: string;
  enrolment_secret: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface SignInFailuresTable {
  email_key: string;
  failures: number;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface SignInThrottleTable {
  client_address: string;
  window_start: Timestamp;
  attempts: number;
}

export interface SignInTables {
  user_mfa: UserMfaTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_pending: SignInPendingTable;
  sign_in_failures: SignInFailuresTable;
  sign_in_throttle: SignInThrottleTable;
}
