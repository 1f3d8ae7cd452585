import { sql, type Kysely } from 'kysely';

/**
 * Tamper evidence for the audit trail (DESIGN.md, Audit).
 *
 * Writers keep appending to audit_events with no chain work at insert time. Each row now
 * records the id of the transaction that inserted it: a sealer later reads only rows whose
 * transaction is older than every transaction still running (so none can still appear
 * below them), chains them in (txid, id) order and signs the result into audit_checkpoints.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Why the person looked or acted (a break-glass reason, 'subject_access_request').
    ALTER TABLE audit_events ADD COLUMN purpose text;
    -- xid8 never wraps round. Rows already present take the id of this migration's transaction.
    ALTER TABLE audit_events ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
    -- The sealer and the verifier walk the log in this order, a batch at a time.
    CREATE INDEX audit_events_seal_order_idx ON audit_events (txid, id);

    CREATE TABLE audit_checkpoints (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      last_txid xid8 NOT NULL,
      last_event_id bigint NOT NULL,
      event_count bigint NOT NULL CHECK (event_count > 0),
      total_count bigint NOT NULL CHECK (total_count >= event_count),
      chain_head text NOT NULL CHECK (chain_head ~ '^[0-9a-f]{64}$'),
      sealed_at timestamptz NOT NULL,
      key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{64}$'),
      signature text NOT NULL
    );

    CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_checkpoints is append-only: % is not allowed', TG_OP;
    END $$;
    CREATE TRIGGER audit_checkpoints_no_update_delete
      BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
    CREATE TRIGGER audit_checkpoints_no_truncate
      BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Diogel migrations are forward-only');
}
