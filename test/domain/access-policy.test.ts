import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROLES,
  canDecideReport,
  canSeeWhoHasSeen,
  canTriageConcern,
  canViewConcern,
  type Actor,
  type ConcernFacts,
  type OrganisationKind,
  type Role,
} from '../../src/domain/access-policy.js';

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

  it('gives the local authority nothing before the concern is reported to it', () => {
    const notYet = { ...facts, reportedToLocalAuthorityId: null };
    assert.equal(canViewConcern(actorFor('duty_social_worker', 'receiving_local_authority'), notYet), false);
    assert.equal(canViewConcern(actorFor('team_manager', 'receiving_local_authority'), notYet), false);
  });
});
