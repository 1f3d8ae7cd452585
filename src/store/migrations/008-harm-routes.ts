import { sql, type Kysely } from 'kysely';

/**
 * Specific harm routes (DOMAIN.md §6.2): the tasks a specific risk creates on a concern or
 * on a case — who must act, by when, and the reference they record (a police reference, an
 * NRM or MS1 reference, a MAPPA category and level…). A task belongs to the concern it was
 * raised with or to the case it was added on, never both; it is open until done and never
 * deleted. `organisation_id` is the tenancy key (DESIGN.md): the reporting organisation for
 * a concern's task, the case's local authority for a case's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE harm_route_tasks (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      concern_id uuid REFERENCES concerns(id),
      case_id uuid REFERENCES cases(id),
      risk text NOT NULL,
      task_id text NOT NULL,
      subject_kind text NOT NULL CHECK (subject_kind IN ('child','adult')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
      due_at timestamptz,
      created_at timestamptz NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      completed_at timestamptz,
      completed_by uuid REFERENCES users(id),
      reference text CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 100),
      reference_detail jsonb,
      notes text CHECK (notes IS NULL OR length(notes) <= 2000),
      CHECK ((concern_id IS NULL) <> (case_id IS NULL)),
      CHECK ((status = 'done') = (completed_at IS NOT NULL AND completed_by IS NOT NULL))
    );
    CREATE INDEX harm_route_tasks_concern_idx ON harm_route_tasks (concern_id, created_at) WHERE concern_id IS NOT NULL;
    CREATE INDEX harm_route_tasks_case_idx ON harm_route_tasks (case_id, created_at) WHERE case_id IS NOT NULL;
    CREATE INDEX harm_route_tasks_open_due_idx ON harm_route_tasks (organisation_id, due_at) WHERE status = 'open';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Diogel migrations are forward-only');
}
