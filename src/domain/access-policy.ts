/**
 * Who may do what, decided in one place (DESIGN.md, Access; STYLE.md rule 5).
 *
 * Roles give coarse capabilities. Whether a person may see a particular record is
 * decided from their relationship to it, expressed as a scope that the store turns
 * into a SQL filter — so lists, counts and single reads can never disagree, and a
 * record out of scope is indistinguishable from one that does not exist.
 */
export const ROLES = [
  'practitioner',
  'designated_safeguarding_person',
  'duty_social_worker',
  'team_manager',
  'senior_manager',
  'conference_chair',
  'allegations_lead',
  'board_analyst',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['local_authority', 'school', 'care_provider', 'health_board', 'police', 'voluntary'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface Actor {
  userId: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
}

export type Capability =
  | 'concern.raise'
  | 'concern.triage'
  | 'report.receive'
  | 'record.who_has_seen'
  | 'case.work'
  | 'rules.view'
  | 'rules.manage'
  | 'api_token.manage';

const LOCAL_AUTHORITY_ROLES: readonly Role[] = ['duty_social_worker', 'team_manager', 'senior_manager'];
/** Local-authority roles that work on child and adult protection cases. */
const CASE_ROLES: readonly Role[] = ['duty_social_worker', 'team_manager', 'senior_manager', 'conference_chair'];

export function can(actor: Actor, capability: Capability): boolean {
  switch (capability) {
    case 'concern.raise':
      // Reporting is not a matter of personal choice: anyone who works with people may raise one.
      return actor.role !== 'board_analyst' && actor.role !== 'administrator';
    case 'concern.triage':
      return actor.role === 'designated_safeguarding_person';
    case 'report.receive':
      return LOCAL_AUTHORITY_ROLES.includes(actor.role) && actor.organisationKind === 'local_authority';
    case 'record.who_has_seen':
      return (
        actor.role === 'designated_safeguarding_person' ||
        ((actor.role === 'team_manager' || actor.role === 'senior_manager') && actor.organisationKind === 'local_authority')
      );
    case 'case.work':
      return CASE_ROLES.includes(actor.role) && actor.organisationKind === 'local_authority';
    case 'rules.view':
      return can(actor, 'case.work') || actor.role === 'administrator';
    case 'rules.manage':
      return actor.role === 'administrator';
    case 'api_token.manage':
      return true;
    default: {
      const unreachable: never = capability;
      return unreachable;
    }
  }
}

/** The facts about a concern that access depends on. */
export interface ConcernFacts {
  raisedBy: string;
  organisationId: string;
  reportedToLocalAuthorityId: string | null;
}

/**
 * A record-level scope: the record is visible when any clause matches.
 * An empty list means nothing is visible.
 */
export type ConcernScopeClause =
  | { kind: 'raised_by'; userId: string }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'reported_to_local_authority'; localAuthorityId: string };
export type ConcernScope = readonly ConcernScopeClause[];

export function concernScope(actor: Actor): ConcernScope {
  const clauses: ConcernScopeClause[] = [];
  if (can(actor, 'concern.raise')) clauses.push({ kind: 'raised_by', userId: actor.userId });
  if (can(actor, 'concern.triage')) clauses.push({ kind: 'organisation', organisationId: actor.organisationId });
  if (can(actor, 'report.receive')) {
    clauses.push({ kind: 'reported_to_local_authority', localAuthorityId: actor.organisationId });
  }
  return clauses;
}

export function scopeMatches(scope: ConcernScope, facts: ConcernFacts): boolean {
  return scope.some((clause) => {
    switch (clause.kind) {
      case 'raised_by':
        return facts.raisedBy === clause.userId;
      case 'organisation':
        return facts.organisationId === clause.organisationId;
      case 'reported_to_local_authority':
        return facts.reportedToLocalAuthorityId === clause.localAuthorityId;
    }
  });
}

export function canViewConcern(actor: Actor, facts: ConcernFacts): boolean {
  return scopeMatches(concernScope(actor), facts);
}

/** The DSP of the organisation that raised it decides whether to report it. */
export function canTriageConcern(actor: Actor, facts: ConcernFacts): boolean {
  return can(actor, 'concern.triage') && facts.organisationId === actor.organisationId;
}

/** The local authority the report was sent to records the decision. */
export function canDecideReport(actor: Actor, facts: ConcernFacts): boolean {
  return can(actor, 'report.receive') && facts.reportedToLocalAuthorityId === actor.organisationId;
}

/** Managers see who has opened a record: the DSP for their organisation, the team manager for their authority. */
export function canSeeWhoHasSeen(actor: Actor, facts: ConcernFacts): boolean {
  if (!can(actor, 'record.who_has_seen')) return false;
  if (actor.role === 'designated_safeguarding_person') return facts.organisationId === actor.organisationId;
  return facts.reportedToLocalAuthorityId === actor.organisationId;
}

/**
 * Cases: the local authority responsible, and — while a registered child's move is
 * pending — the receiving authority, which holds the transfer-in conference (c4-p10).
 * Issue 5 adds relationships (allocation, conference membership, break-glass).
 */
export type CaseScopeClause =
  | { kind: 'local_authority'; localAuthorityId: string }
  | { kind: 'receiving_local_authority'; localAuthorityId: string };

export function caseScope(actor: Actor): CaseScopeClause[] {
  if (!can(actor, 'case.work')) return [];
  return [
    { kind: 'local_authority', localAuthorityId: actor.organisationId },
    { kind: 'receiving_local_authority', localAuthorityId: actor.organisationId },
  ];
}

export interface CaseFacts {
  localAuthorityId: string;
  transferToLocalAuthorityId: string | null;
}

export function canViewCase(actor: Actor, facts: CaseFacts): boolean {
  return caseScope(actor).some((c) =>
    c.kind === 'local_authority'
      ? facts.localAuthorityId === c.localAuthorityId
      : facts.transferToLocalAuthorityId === c.localAuthorityId,
  );
}

/**
 * Allegations about practitioners (Section 5) are restricted (DOMAIN.md §10.4): the
 * authority's allegations lead (the designated officer for safeguarding) sees its
 * allegations; anyone else only those they have been added to; the practitioner the
 * allegation is about never sees it, whatever their role. The store applies this as a
 * SQL filter, so an allegation out of scope is indistinguishable from one that does not exist.
 */
export interface AllegationScope {
  /** The authority whose allegations this person leads on, if any. */
  leadOfLocalAuthorityId: string | null;
  userId: string;
}

export function allegationScope(actor: Actor): AllegationScope {
  const lead = actor.role === 'allegations_lead' && actor.organisationKind === 'local_authority';
  return { leadOfLocalAuthorityId: lead ? actor.organisationId : null, userId: actor.userId };
}

export interface AllegationFacts {
  localAuthorityId: string;
  members: readonly string[];
  subjectUserId: string | null;
}

export function canViewAllegation(actor: Actor, facts: AllegationFacts): boolean {
  const scope = allegationScope(actor);
  if (facts.subjectUserId === actor.userId) return false;
  return scope.leadOfLocalAuthorityId === facts.localAuthorityId || facts.members.includes(actor.userId);
}

/** Leads the allegation: opens it, holds the meetings, adds people, closes it. */
export function leadsAllegation(actor: Actor, facts: Pick<AllegationFacts, 'localAuthorityId' | 'subjectUserId'>): boolean {
  return allegationScope(actor).leadOfLocalAuthorityId === facts.localAuthorityId && facts.subjectUserId !== actor.userId;
}
