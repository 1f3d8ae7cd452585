import { fieldHidden, visibleColumn } from './access-sql.js';
import { sql, type ExpressionBuilder } from 'kysely';
import type { ConcernScope } from '../domain/access-policy.js';
import type { Database } from './schema.js';
import type { Db, Tx } from './database.js';
import { mustReturn, writeTogether, type Write } from './write-together.js';

/** A concern as the services see it, with its person and, once reported, its report. */
export interface ConcernRecord {
  id: string;
  reference: string;
  organisationId: string;
  organisationNameEn: string;
  organisationNameCy: string;
  raisedBy: string;
  raisedByName: string;
  subjectKind: string;
  person: {
    id: string;
    fullName: string;
    dateOfBirth: string | null;
    expectedDueDate: string | null;
    /** Ten digits, no spaces. */
    nhsNumber: string | null;
    address: string | null;
    /** A confidentiality label hides the address from this viewer. */
    addressHidden: boolean;
    firstLanguage: string | null;
    welshPreferred: boolean | null;
    communicationNeeds: string | null;
  };
  account: string;
  ownWords: string | null;
  occurredOn: string | null;
  occurredTime: string | null;
  location: string | null;
  harmCategories: string[];
  specificRisks: string[];
  immediateDanger: boolean;
  toldToCall999At: Date | null;
  personKnows: string;
  personNotToldReason: string | null;
  status: string;
  noReportReason: string | null;
  dspDecidedByName: string | null;
  dspDecidedAt: Date | null;
  createdAt: Date;
  version: number;
  report: {
    id: string;
    localAuthorityId: string;
    localAuthorityNameEn: string;
    localAuthorityNameCy: string;
    receivedAt: Date;
    status: string;
    decision: string | null;
    decisionRationale: string | null;
    decidedByName: string | null;
    decidedAt: Date | null;
    version: number;
  } | null;
}

export interface NewPerson {
  id: string;
  kind: string;
  fullName: string;
  dateOfBirth: string | null;
  expectedDueDate: string | null;
  /** Ten digits, no spaces (the service has checked the check digit). */
  nhsNumber: string | null;
  address: string | null;
  firstLanguage: string | null;
  welshPreferred: boolean | null;
  communicationNeeds: string | null;
  organisationId: string;
  createdAt: Date;
}

export interface NewConcern {
  id: string;
  reference: string;
  organisationId: string;
  raisedBy: string;
  personId: string;
  subjectKind: string;
  account: string;
  ownWords: string | null;
  occurredOn: string | null;
  occurredTime: string | null;
  location: string | null;
  harmCategories: string[];
  specificRisks: string[];
  immediateDanger: boolean;
  toldToCall999At: Date | null;
  personKnows: string;
  personNotToldReason: string | null;
  createdAt: Date;
  /** Reported to a local authority as it is raised, by its designated safeguarding person */
  reported?: { by: string; at: Date };
}

export async function insertPerson(tx: Tx, p: NewPerson): Promise<void> {
  await personInsert(tx, p).execute();
}

function personInsert(db: Db | Tx, p: NewPerson) {
  return db.insertInto('people').values({
    id: p.id,
    kind: p.kind,
    full_name: p.fullName,
    date_of_birth: p.dateOfBirth,
    expected_due_date: p.expectedDueDate,
    nhs_number: p.nhsNumber,
    address: p.address,
    first_language: p.firstLanguage,
    welsh_preferred: p.welshPreferred,
    communication_needs: p.communicationNeeds,
    organisation_id: p.organisationId,
    created_at: p.createdAt,
  });
}

function concernInsert(db: Db | Tx, c: NewConcern) {
  return db.insertInto('concerns').values({
    id: c.id,
    reference: c.reference,
    organisation_id: c.organisationId,
    raised_by: c.raisedBy,
    person_id: c.personId,
    subject_kind: c.subjectKind,
    account: c.account,
    own_words: c.ownWords,
    occurred_on: c.occurredOn,
    occurred_time: c.occurredTime,
    location: c.location,
    harm_categories: c.harmCategories,
    specific_risks: c.specificRisks,
    immediate_danger: c.immediateDanger,
    told_to_call_999_at: c.toldToCall999At,
    person_knows: c.personKnows,
    person_not_told_reason: c.personNotToldReason,
    created_at: c.createdAt,
    ...(c.reported
      ? { status: 'reported', dsp_decided_by: c.reported.by, dsp_decided_at: c.reported.at, version: 1 }
      : { status: 'awaiting_dsp' }),
  });
}

/**
 * A new concern with its person and the writes that go with it (its harm-route tasks and
 * audit record, made by `also` for the reference drawn), in one statement: all or nothing.
 * `save` runs that statement (writeTogether, unless the concern's report and case go with
 * it). A reference already taken (a collision of random references, in theory) is drawn again.
 */
export async function insertNewConcern(
  db: Db,
  person: NewPerson,
  concern: Omit<NewConcern, 'reference'>,
  drawReference: () => string,
  also: (reference: string) => readonly Write[],
  save: (writes: readonly Write[]) => Promise<unknown> = (writes) => writeTogether(db, writes),
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const reference = drawReference();
    try {
      await save([personInsert(db, person), concernInsert(db, { ...concern, reference }), ...also(reference)]);
      return reference;
    } catch (e) {
      const taken = (e as { code?: string; constraint?: string }).code === '23505' && (e as { constraint?: string }).constraint === 'concerns_reference_key';
      if (!taken || attempt === 5) throw e;
    }
  }
}

/** Concerns with their person as `viewerUserId` may see them (labelled fields are NULL in SQL). */
function baseQuery(db: Db | Tx, viewerUserId: string) {
  return db
    .selectFrom('concerns as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .innerJoin('users as u', 'u.id', 'c.raised_by')
    .leftJoin('users as dsp', 'dsp.id', 'c.dsp_decided_by')
    .leftJoin('reports as r', 'r.concern_id', 'c.id')
    .leftJoin('organisations as la', 'la.id', 'r.local_authority_id')
    .leftJoin('users as dec', 'dec.id', 'r.decided_by')
    .select([
      'c.id', 'c.reference', 'c.organisation_id', 'o.name_en as org_name_en', 'o.name_cy as org_name_cy',
      'c.raised_by', 'u.name as raised_by_name', 'c.subject_kind',
      'p.id as person_id', 'p.full_name', 'p.date_of_birth', 'p.expected_due_date', 'p.nhs_number', 'p.first_language',
      'p.welsh_preferred', 'p.communication_needs',
      'c.account', 'c.own_words', 'c.occurred_on', 'c.occurred_time', 'c.location', 'c.harm_categories',
      'c.specific_risks', 'c.immediate_danger', 'c.told_to_call_999_at', 'c.person_knows', 'c.person_not_told_reason',
      'c.status', 'c.no_report_reason', 'dsp.name as dsp_name', 'c.dsp_decided_at', 'c.created_at', 'c.version',
      'r.id as report_id', 'r.local_authority_id', 'la.name_en as la_name_en', 'la.name_cy as la_name_cy',
      'r.received_at', 'r.status as report_status', 'r.decision', 'r.decision_rationale', 'dec.name as decided_by_name',
      'r.decided_at', 'r.version as report_version',
      visibleColumn<string>('p.address', 'p.id', 'address', viewerUserId).as('address'),
      fieldHidden('p.id', 'address', viewerUserId).as('address_hidden'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): ConcernRecord {
  return {
    id: r.id,
    reference: r.reference,
    organisationId: r.organisation_id,
    organisationNameEn: r.org_name_en,
    organisationNameCy: r.org_name_cy,
    raisedBy: r.raised_by,
    raisedByName: r.raised_by_name,
    subjectKind: r.subject_kind,
    person: {
      id: r.person_id,
      fullName: r.full_name,
      dateOfBirth: r.date_of_birth,
      expectedDueDate: r.expected_due_date,
      nhsNumber: r.nhs_number,
      address: r.address,
      addressHidden: r.address_hidden,
      firstLanguage: r.first_language,
      welshPreferred: r.welsh_preferred,
      communicationNeeds: r.communication_needs,
    },
    account: r.account,
    ownWords: r.own_words,
    occurredOn: r.occurred_on,
    occurredTime: r.occurred_time,
    location: r.location,
    harmCategories: r.harm_categories,
    specificRisks: r.specific_risks,
    immediateDanger: r.immediate_danger,
    toldToCall999At: r.told_to_call_999_at,
    personKnows: r.person_knows,
    personNotToldReason: r.person_not_told_reason,
    status: r.status,
    noReportReason: r.no_report_reason,
    dspDecidedByName: r.dsp_name,
    dspDecidedAt: r.dsp_decided_at,
    createdAt: r.created_at,
    version: r.version,
    report:
      r.report_id && r.local_authority_id && r.received_at && r.report_status && r.report_version !== null
        ? {
            id: r.report_id,
            localAuthorityId: r.local_authority_id,
            localAuthorityNameEn: r.la_name_en ?? '',
            localAuthorityNameCy: r.la_name_cy ?? '',
            receivedAt: r.received_at,
            status: r.report_status,
            decision: r.decision,
            decisionRationale: r.decision_rationale,
            decidedByName: r.decided_by_name,
            decidedAt: r.decided_at,
            version: r.report_version,
          }
        : null,
  };
}

/** The access scope as a SQL condition: no clauses, no rows. */
function inScope(scope: ConcernScope) {
  return (eb: ExpressionBuilder<Database & { c: Database['concerns']; r: Database['reports'] }, 'c' | 'r'>) => {
    if (scope.length === 0) return sql<boolean>`false`;
    return eb.or(
      scope.map((clause) => {
        switch (clause.kind) {
          case 'raised_by':
            return eb('c.raised_by', '=', clause.userId);
          case 'organisation':
            return eb('c.organisation_id', '=', clause.organisationId);
          case 'reported_to_local_authority':
            return eb('r.local_authority_id', '=', clause.localAuthorityId);
        }
      }),
    );
  };
}

export async function findConcernInScope(db: Db | Tx, scope: ConcernScope, id: string, viewerUserId: string): Promise<ConcernRecord | undefined> {
  const row = await baseQuery(db, viewerUserId).where('c.id', '=', id).where(inScope(scope) as never).executeTakeFirst();
  return row && toRecord(row);
}

export async function findConcernByReportInScope(
  db: Db | Tx,
  scope: ConcernScope,
  reportId: string,
  viewerUserId: string,
): Promise<ConcernRecord | undefined> {
  const row = await baseQuery(db, viewerUserId).where('r.id', '=', reportId).where(inScope(scope) as never).executeTakeFirst();
  return row && toRecord(row);
}

export interface ConcernListFilter {
  raisedBy?: string;
  organisationId?: string;
  status?: string;
  limit: number;
}

export async function listConcernsInScope(db: Db, scope: ConcernScope, viewerUserId: string, filter: ConcernListFilter): Promise<ConcernRecord[]> {
  let q = baseQuery(db, viewerUserId).where(inScope(scope) as never);
  if (filter.raisedBy) q = q.where('c.raised_by', '=', filter.raisedBy);
  if (filter.organisationId) q = q.where('c.organisation_id', '=', filter.organisationId);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  const rows = await q.orderBy('c.created_at', 'desc').limit(filter.limit).execute();
  return rows.map(toRecord);
}

/**
 * Optimistic concurrency: the concern marked reported, from the version it was read at and only while it awaits the
 * DSP: a write for writeTogether, made a guard (`mustReturn`) so that a concern changed in
 * the meantime undoes the report written with it.
 */
export function concernReportedUpdate(db: Db | Tx, id: string, expectedVersion: number, by: string, at: Date): Write {
  return mustReturn(
    db
      .updateTable('concerns')
      .set({ status: 'reported', dsp_decided_by: by, dsp_decided_at: at, version: expectedVersion + 1 })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'awaiting_dsp')
      .returning('id'),
    'concern.version',
  );
}

export async function markConcernNotReported(
  tx: Tx,
  id: string,
  expectedVersion: number,
  reason: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('concerns')
    .set({ status: 'not_reported', no_report_reason: reason, dsp_decided_by: by, dsp_decided_at: at, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'awaiting_dsp')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
