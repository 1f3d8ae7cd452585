import { fieldHidden, visibleColumn } from './access-sql.js';
import type { Db, Tx } from './database.js';
import { reading, readOne } from './read-together.js';

export interface PersonRecord {
  id: string;
  kind: string;
  fullName: string;
  dateOfBirth: string | null;
  expectedDueDate: string | null;
  /** Ten digits, no spaces. */
  nhsNumber: string | null;
  address: string | null;
  firstLanguage: string | null;
  welshPreferred: boolean | null;
  communicationNeeds: string | null;
  bornPersonId: string | null;
  /** Fields a confidentiality label hides from this viewer (their values are null here). */
  hiddenFields: string[];
}

/**
 * One person as `viewerUserId` may see them: a field hidden by a label is NULL in the
 * row the database returns, so it can reach no page, API answer or log. `null` reads as
 * the system (copying a record at birth), never on behalf of a person.
 */
export function personReading(db: Db | Tx, id: string, viewerUserId: string | null) {
  const query = db
    .selectFrom('people as p')
    // Every column but the address, which comes only through the label check: a hidden value never leaves the database.
    .select([
      'p.id', 'p.kind', 'p.full_name', 'p.date_of_birth', 'p.expected_due_date', 'p.nhs_number', 'p.first_language', 'p.welsh_preferred',
      'p.communication_needs', 'p.born_person_id',
      visibleColumn<string>('p.address', 'p.id', 'address', viewerUserId).as('visible_address'),
      fieldHidden('p.id', 'address', viewerUserId).as('address_hidden'),
    ])
    .where('p.id', '=', id);
  return reading(query, (rows): PersonRecord | undefined => {
    const r = rows[0];
    if (!r) return undefined;
    return {
      id: r.id,
      kind: r.kind,
      fullName: r.full_name,
      dateOfBirth: r.date_of_birth,
      expectedDueDate: r.expected_due_date,
      nhsNumber: r.nhs_number,
      address: r.visible_address,
      firstLanguage: r.first_language,
      welshPreferred: r.welsh_preferred,
      communicationNeeds: r.communication_needs,
      bornPersonId: r.born_person_id ?? null,
      hiddenFields: r.address_hidden ? ['address'] : [],
    };
  });
}

export async function findPerson(db: Db | Tx, id: string, viewerUserId: string | null): Promise<PersonRecord | undefined> {
  return readOne(db, personReading(db, id, viewerUserId));
}

/** At birth the unborn child's record points to the child's own record (DOMAIN.md C19). */
export async function linkBornPerson(tx: Tx, unbornId: string, bornId: string): Promise<void> {
  await tx.updateTable('people').set({ born_person_id: bornId }).where('id', '=', unbornId).execute();
}
