import type { Db, Tx } from './database.js';

export interface PersonRecord {
  id: string;
  kind: string;
  fullName: string;
  dateOfBirth: string | null;
  expectedDueDate: string | null;
  address: string | null;
  firstLanguage: string | null;
  welshPreferred: boolean | null;
  communicationNeeds: string | null;
  bornPersonId: string | null;
}

export async function findPerson(db: Db | Tx, id: string): Promise<PersonRecord | undefined> {
  const r = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.id,
    kind: r.kind,
    fullName: r.full_name,
    dateOfBirth: r.date_of_birth,
    expectedDueDate: r.expected_due_date,
    address: r.address,
    firstLanguage: r.first_language,
    welshPreferred: r.welsh_preferred,
    communicationNeeds: r.communication_needs,
    bornPersonId: r.born_person_id ?? null,
  };
}

/** At birth the unborn child's record points to the child's own record (DOMAIN.md C19). */
export async function linkBornPerson(tx: Tx, unbornId: string, bornId: string): Promise<void> {
  await tx.updateTable('people').set({ born_person_id: bornId }).where('id', '=', unbornId).execute();
}
