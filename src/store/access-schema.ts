/** Tables of migration 006 (access by relationship). */
export interface CaseMembersTable {
  case_id: string;
  user_id: string;
  relationship: string;
  added_by: string;
  added_at: Date;
}

export interface CaseRestrictionsTable {
  case_id: string;
  reason: string;
  set_by: string;
  set_at: Date;
}

export interface PersonLabelsTable {
  person_id: string;
  label: string;
  reason: string;
  set_by: string;
  set_at: Date;
}

export interface PersonLabelReadersTable {
  person_id: string;
  label: string;
  user_id: string;
  added_by: string;
  added_at: Date;
}

export interface BreakGlassGrantsTable {
  id: string;
  case_id: string;
  user_id: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
}

export interface AccessAlertsTable {
  id: string;
  recipient_user_id: string;
  case_id: string;
  grant_id: string;
  created_at: Date;
}

export interface AccessTables {
  case_members: CaseMembersTable;
  case_restrictions: CaseRestrictionsTable;
  person_labels: PersonLabelsTable;
  person_label_readers: PersonLabelReadersTable;
  break_glass_grants: BreakGlassGrantsTable;
  access_alerts: AccessAlertsTable;
}
