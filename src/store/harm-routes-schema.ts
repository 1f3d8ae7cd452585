import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type JsonObject = ColumnType<Record<string, unknown>, string, string>;

/** Tables of migration 008 (specific harm routes, DOMAIN.md §6.2). */
export interface HarmRouteTasksTable {
  id: string;
  organisation_id: string;
  concern_id: string | null;
  case_id: string | null;
  risk: string;
  task_id: string;
  subject_kind: string;
  status: ColumnType<string, string | undefined, string>;
  due_at: Timestamp | null;
  created_at: Timestamp;
  created_by: string;
  completed_at: Timestamp | null;
  completed_by: string | null;
  reference: string | null;
  reference_detail: JsonObject | null;
  notes: string | null;
}

export interface HarmRouteTables {
  harm_route_tasks: HarmRouteTasksTable;
}
