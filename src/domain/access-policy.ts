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
  | 'case.view'
  | 'person.search'
  | 'rules.view'
  | 'rules.manage'
  | 'api_token.manage'
  | 'guidance.read'
  | 'guidance.import';

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
    case 'case.view':
      // Anyone who may be on a case (team, allocation, conference, core group); the record decides.
      return !NO_RECORD_ROLES.includes(actor.role);
    case 'person.search':
      // Finding anyone by name, date of birth or NHS number is for the authority's case roles.
      // Someone on a case from another agency reaches it from their own list and needs no
      // search across names (data minimisation). Results are limited to the case scope.
      return can(actor, 'case.work');
    case 'rules.view':
      return can(actor, 'case.work') || actor.role === 'administrator';
    case 'rules.manage':
      return actor.role === 'administrator';
    case 'api_token.manage':
      return true;
    case 'guidance.read':
      // The library is professional guidance, not anyone's record: everyone signed in reads it.
      return true;
    case 'guidance.import':
      // Full texts are supplied by the organisation under its own licence.
      return actor.role === 'administrator';
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

/**
 * Raising a concern and reporting it to a local authority in the same step: only someone who
 * would triage it once raised, the organisation's designated safeguarding person.
 */
export function canReportOnRaising(actor: Actor): boolean {
  return can(actor, 'concern.raise') && canTriageConcern(actor, { raisedBy: actor.userId, organisationId: actor.organisationId, reportedToLocalAuthorityId: null });
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
 * Cases. Record-level access comes from relationships (DESIGN.md, Access):
 * - the local authority's team: the case roles of the authority responsible, and of the
 *   authority a registered child is moving to while the transfer is pending (c4-p10) —
 *   but not for a restricted case;
 * - allocated: the social worker the case is allocated to;
 * - member: a conference member, core group member, or someone named on a restricted case
 *   (added by the authority's team; they may belong to any organisation);
 * - break-glass: someone who stated a reason for emergency access, until it runs out.
 * Board analysts and administrators see no case records, whatever the data says: analysts
 * see aggregates only.
 */
export const CASE_MEMBER_RELATIONSHIPS = ['conference_member', 'core_group', 'named'] as const;
export type CaseMemberRelationship = (typeof CASE_MEMBER_RELATIONSHIPS)[number];

/** How long emergency access lasts once a reason is given. */
export const BREAK_GLASS_MINUTES = 60;

export type CaseScopeClause =
  | { kind: 'local_authority_team'; localAuthorityId: string }
  | { kind: 'receiving_local_authority_team'; localAuthorityId: string }
  | { kind: 'allocated'; userId: string }
  | { kind: 'member'; userId: string }
  | { kind: 'break_glass'; userId: string; at: Date };

/** Roles that never see an individual case. */
const NO_RECORD_ROLES: readonly Role[] = ['board_analyst', 'administrator'];

export function caseScope(actor: Actor, now: Date): CaseScopeClause[] {
  if (NO_RECORD_ROLES.includes(actor.role)) return [];
  const clauses: CaseScopeClause[] = [];
  if (can(actor, 'case.work')) {
    clauses.push(
      { kind: 'local_authority_team', localAuthorityId: actor.organisationId },
      { kind: 'receiving_local_authority_team', localAuthorityId: actor.organisationId },
    );
  }
  clauses.push(
    { kind: 'allocated', userId: actor.userId },
    { kind: 'member', userId: actor.userId },
    { kind: 'break_glass', userId: actor.userId, at: now },
  );
  return clauses;
}

export interface CaseFacts {
  localAuthorityId: string;
  transferToLocalAuthorityId: string | null;
  restricted: boolean;
  allocatedTo: string | null;
  members: readonly { userId: string; relationship: CaseMemberRelationship }[];
  breakGlass: readonly { userId: string; expiresAt: Date }[];
}

function clauseMatches(c: CaseScopeClause, facts: CaseFacts): boolean {
  switch (c.kind) {
    case 'local_authority_team':
      return !facts.restricted && facts.localAuthorityId === c.localAuthorityId;
    case 'receiving_local_authority_team':
      return !facts.restricted && facts.transferToLocalAuthorityId === c.localAuthorityId;
    case 'allocated':
      return facts.allocatedTo === c.userId;
    case 'member':
      return facts.members.some((m) => m.userId === c.userId);
    case 'break_glass':
      return facts.breakGlass.some((g) => g.userId === c.userId && g.expiresAt.getTime() > c.at.getTime());
  }
}

export function canViewCase(actor: Actor, facts: CaseFacts, now: Date): boolean {
  return caseScope(actor, now).some((c) => clauseMatches(c, facts));
}

/**
 * What someone who can see a case may do with it: `work` takes the case's steps (the
 * decider still checks each step's roles), `read` only reads it. Working on a case needs a
 * case role in the authority responsible (or receiving it) and a standing relationship:
 * the team (unrestricted), the allocation, or being named. Conference and core group
 * members from other agencies, and emergency access, read.
 */
export type CaseAccess = 'none' | 'read' | 'work';

export function caseAccess(actor: Actor, facts: CaseFacts, now: Date): CaseAccess {
  if (!canViewCase(actor, facts, now)) return 'none';
  if (!can(actor, 'case.work')) return 'read';
  const ownAuthority = actor.organisationId === facts.localAuthorityId || actor.organisationId === facts.transferToLocalAuthorityId;
  if (!ownAuthority) return 'read';
  const standing =
    (!facts.restricted) ||
    facts.allocatedTo === actor.userId ||
    facts.members.some((m) => m.userId === actor.userId && m.relationship === 'named');
  return standing ? 'work' : 'read';
}

/** Emergency access: the case roles of any authority (an emergency does not keep to boundaries). */
export function canRequestBreakGlass(actor: Actor): boolean {
  return can(actor, 'case.work');
}

/** Who manages who is on a case and what is hidden: the authority's team managers and senior managers. */
export function canManageCaseAccess(actor: Actor, facts: CaseFacts, now: Date): boolean {
  return (
    (actor.role === 'team_manager' || actor.role === 'senior_manager') &&
    actor.organisationId === facts.localAuthorityId &&
    caseAccess(actor, facts, now) === 'work'
  );
}

/**
 * Confidentiality labels on a person. Each hides fields from everyone except the readers
 * named for that label on that person; the store applies it in SQL, so the hidden value
 * never leaves the database for anyone else.
 */
export const PERSON_LABELS = { address_hidden: ['address'] } as const satisfies Record<string, readonly string[]>;
export type PersonLabel = keyof typeof PERSON_LABELS;
export const PERSON_LABEL_NAMES = Object.keys(PERSON_LABELS) as PersonLabel[];

export function hiddenFields(
  actor: Pick<Actor, 'userId'>,
  labels: readonly { label: PersonLabel; readers: readonly string[] }[],
): Set<string> {
  const hidden = new Set<string>();
  for (const l of labels) if (!l.readers.includes(actor.userId)) for (const f of PERSON_LABELS[l.label]) hidden.add(f);
  return hidden;
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
