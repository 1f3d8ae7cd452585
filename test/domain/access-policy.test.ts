import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROLES,
  canManageCaseAccess,
  canRequestBreakGlass,
  canViewAllegation,
  canViewCase,
  caseAccess,
  hiddenFields,
  type CaseFacts,
  canDecideReport,
  canSeeWhoHasSeen,
  canReportOnRaising,
  canTriageConcern,
  canViewConcern,
  type Actor,
  type ConcernFacts,
  type OrganisationKind,
  type Role,
} from '../../src/domain/access-policy.js';
import { EXPECTED as CASE_EXPECTED, ORGANISATION_OF, STATES, type State } from '../support/access-expectations.js';

/**
 * The access matrix: every role × every relationship to one concern, with the
 * expected outcome stated once in a table. The concern was raised by user R at the
 * school and reported to local authority A.
 */
type Relationship = 'raised_it' | 'same_organisation' | 'other_organisation' | 'receiving_local_authority' | 'other_local_authority';
const RELATIONSHIPS: readonly Relationship[] = ['raised_it', 'same_organisation', 'other_organisation', 'receiving_local_authority', 'other_local_authority'];

const SCHOOL = 'org-school';
const CARE_HOME = 'org-care-home';
const LA = 'org-la-a';
const OTHER_LA = 'org-la-b';
const facts: ConcernFacts = { raisedBy: 'user-r', organisationId: SCHOOL, reportedToLocalAuthorityId: LA };

function actorFor(role: Role, rel: Relationship): Actor {
  const [organisationId, organisationKind]: [string, OrganisationKind] =
    rel === 'raised_it' || rel === 'same_organisation' ? [SCHOOL, 'school']
      : rel === 'other_organisation' ? [CARE_HOME, 'care_provider']
        : rel === 'receiving_local_authority' ? [LA, 'local_authority'] : [OTHER_LA, 'local_authority'];
  return { userId: rel === 'raised_it' ? 'user-r' : 'user-x', role, organisationId, organisationKind };
}

// V = view, T = triage (report or not), D = decide on the report, W = who has seen. '-' = nothing (looks like not found).
const EXPECTED: Record<Role, Record<Relationship, string>> = {
  practitioner:                   { raised_it: 'V', same_organisation: '-', other_organisation: '-', receiving_local_authority: '-', other_local_authority: '-' },
  designated_safeguarding_person: { raised_it: 'VTW', same_organisation: 'VTW', other_organisation: '-', receiving_local_authority: '-', other_local_authority: '-' },
  duty_social_worker:             { raised_it: 'V', same_organisation: '-', other_organisation: '-', receiving_local_authority: 'VD', other_local_authority: '-' },
  team_manager:                   { raised_it: 'V', same_organisation: '-', other_organisation: '-', receiving_local_authority: 'VDW', other_local_authority: '-' },
  senior_manager:                 { raised_it: 'V', same_organisation: '-', other_organisation: '-', receiving_local_authority: 'VDW', other_local_authority: '-' },
  conference_chair:               { raised_it: 'V', same_organisation: '-', other_organisation: '-', receiving_local_authority: '-', other_local_authority: '-' },
  allegations_lead:               { raised_it: 'V', same_organisation: '-', other_organisation: '-', receiving_local_authority: '-', other_local_authority: '-' },
  board_analyst:                  { raised_it: '-', same_organisation: '-', other_organisation: '-', receiving_local_authority: '-', other_local_authority: '-' },
  administrator:                  { raised_it: '-', same_organisation: '-', other_organisation: '-', receiving_local_authority: '-', other_local_authority: '-' },
};

describe('access to a concern: role × relationship', () => {
  for (const role of ROLES) {
    for (const rel of RELATIONSHIPS) {
      it(`${role} / ${rel} → ${EXPECTED[role][rel]}`, () => {
        const actor = actorFor(role, rel);
        const got =
          (canViewConcern(actor, facts) ? 'V' : '') +
          (canTriageConcern(actor, facts) ? 'T' : '') +
          (canDecideReport(actor, facts) ? 'D' : '') +
          (canSeeWhoHasSeen(actor, facts) ? 'W' : '');
        assert.equal(got || '-', EXPECTED[role][rel]);
      });
    }
  }

  it('never lets anyone triage, decide or see the audit of what they cannot view', () => {
    for (const role of ROLES) {
      for (const rel of RELATIONSHIPS) {
        for (const reported of [LA, null]) {
          const f = { ...facts, reportedToLocalAuthorityId: reported };
          const a = actorFor(role, rel);
          if (!canViewConcern(a, f)) {
            assert.ok(!canTriageConcern(a, f) && !canDecideReport(a, f) && !canSeeWhoHasSeen(a, f), `${role}/${rel}`);
          }
        }
      }
    }
  });

  it('lets only the organisation’s DSP report a concern in the step that raises it', () => {
    for (const role of ROLES) {
      for (const rel of RELATIONSHIPS) {
        const a = actorFor(role, rel);
        assert.equal(canReportOnRaising(a), role === 'designated_safeguarding_person', `${role}/${rel}`);
        // The same person who may triage a concern of their own organisation once it is raised.
        assert.equal(canReportOnRaising(a), canTriageConcern(a, { raisedBy: a.userId, organisationId: a.organisationId, reportedToLocalAuthorityId: null }), `${role}/${rel}`);
      }
    }
  });

  it('gives the local authority nothing before the concern is reported to it', () => {
    const notYet = { ...facts, reportedToLocalAuthorityId: null };
    assert.equal(canViewConcern(actorFor('duty_social_worker', 'receiving_local_authority'), notYet), false);
    assert.equal(canViewConcern(actorFor('team_manager', 'receiving_local_authority'), notYet), false);
  });
});

describe('access to a case and its concern: role × relationship (the table in test/support/access-expectations.ts)', () => {
  const ORG: Record<'S' | 'H' | 'A' | 'B', [string, OrganisationKind]> = {
    S: [SCHOOL, 'school'], H: [CARE_HOME, 'care_provider'], A: [LA, 'local_authority'], B: [OTHER_LA, 'local_authority'],
  };
  const NOW = new Date('2026-11-17T10:00:00Z');
  const ME = 'user-me';

  function factsFor(state: State): { concern: ConcernFacts; case: CaseFacts } {
    const restricted = state.endsWith('_restricted');
    return {
      concern: { raisedBy: state === 'raised_concern' ? ME : 'user-r', organisationId: SCHOOL, reportedToLocalAuthorityId: LA },
      case: {
        localAuthorityId: LA,
        transferToLocalAuthorityId: state === 'receiving_la' ? OTHER_LA : null,
        restricted,
        allocatedTo: state.startsWith('allocated') ? ME : 'user-worker',
        members: [
          { userId: 'user-named', relationship: 'named' },
          ...(state === 'conference_member' ? [{ userId: ME, relationship: 'conference_member' as const }] : []),
          ...(state === 'core_group' ? [{ userId: ME, relationship: 'core_group' as const }] : []),
          ...(state === 'named_restricted' ? [{ userId: ME, relationship: 'named' as const }] : []),
        ],
        breakGlass:
          state === 'break_glass' ? [{ userId: ME, expiresAt: new Date(NOW.getTime() + 30 * 60_000) }]
            : state === 'break_glass_expired' ? [{ userId: ME, expiresAt: new Date(NOW.getTime() - 60_000) }] : [],
      },
    };
  }

  for (const state of STATES) {
    for (const role of ROLES) {
      it(`${state} / ${role} → ${CASE_EXPECTED[state][role] || '-'}`, () => {
        const [organisationId, organisationKind] = ORG[ORGANISATION_OF[state]];
        const actor: Actor = { userId: ME, role, organisationId, organisationKind };
        const f = factsFor(state);
        const level = caseAccess(actor, f.case, NOW);
        assert.equal(canViewCase(actor, f.case, NOW), level !== 'none');
        const got =
          (canViewConcern(actor, f.concern) ? 'V' : '') +
          (canTriageConcern(actor, f.concern) ? 'T' : '') +
          (canDecideReport(actor, f.concern) ? 'D' : '') +
          (canSeeWhoHasSeen(actor, f.concern) ? 'S' : '') +
          (level !== 'none' ? 'R' : '') +
          (level === 'work' ? 'W' : '') +
          (canManageCaseAccess(actor, f.case, NOW) ? 'M' : '') +
          (level !== 'none' && canSeeWhoHasSeen(actor, { raisedBy: '', organisationId: '', reportedToLocalAuthorityId: LA }) ? 'H' : '') +
          (canRequestBreakGlass(actor) ? 'B' : '') +
          (canViewAllegation(actor, { localAuthorityId: LA, members: [], subjectUserId: null }) ? 'G' : '');
        assert.equal(got, CASE_EXPECTED[state][role]);
      });
    }
  }

  it('hides a labelled field from everyone but the readers named for that label', () => {
    const labels = [{ label: 'address_hidden' as const, readers: ['reader'] }];
    assert.deepEqual([...hiddenFields({ userId: 'someone' }, labels)], ['address']);
    assert.deepEqual([...hiddenFields({ userId: 'reader' }, labels)], []);
    assert.deepEqual([...hiddenFields({ userId: 'someone' }, [])], []);
  });

  it('ends emergency access at its expiry, to the millisecond', () => {
    const actor: Actor = { userId: ME, role: 'duty_social_worker', organisationId: OTHER_LA, organisationKind: 'local_authority' };
    const facts: CaseFacts = { ...factsFor('other_la').case, breakGlass: [{ userId: ME, expiresAt: NOW }] };
    assert.equal(canViewCase(actor, facts, new Date(NOW.getTime() - 1)), true);
    assert.equal(canViewCase(actor, facts, NOW), false);
    assert.equal(caseAccess(actor, facts, new Date(NOW.getTime() - 1)), 'read');
  });
});
