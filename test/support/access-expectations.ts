import type { Role } from '../../src/domain/access-policy.js';

/**
 * THE access table: every role × every relationship a person can have to one child's
 * safeguarding record (a concern raised at a school S, reported to local authority A,
 * which opened a case at A), with what they may do stated by hand — never computed
 * from the policy it checks. Both the pure policy test and the HTTP matrix (every
 * page and API route) read it.
 *
 * Letters: concern — V view, T triage (report it or not), D decide the report, S see who
 *          has seen the concern;
 *          case    — R read, W work (take steps), M manage who can see it, H see who has
 *          seen it (and the subject access report, with M);
 *          B       — may ask for emergency (break-glass) access to a case at all;
 *          G       — sees the authority's allegation about a practitioner (as its lead).
 */
export const STATES = [
  'unrelated',            // a care provider with nothing to do with it
  'raised_concern',       // raised the concern (at the school)
  'same_organisation',    // works at the school, did not raise it
  'la_team',              // the local authority's team, case not restricted
  'la_team_restricted',   // the local authority's team, case restricted to named people
  'allocated',            // the case is allocated to them
  'allocated_restricted', // allocated, and the case is restricted
  'conference_member',    // member of the child protection conference (another agency)
  'core_group',           // member of the core group (a school colleague)
  'named_restricted',     // named on the restricted case (at the authority)
  'other_la',             // another local authority
  'receiving_la',         // the authority the registered child is moving to
  'break_glass',          // another authority, emergency access given with a reason
  'break_glass_expired',  // the same, an hour and more later
] as const;
export type State = (typeof STATES)[number];

/** Where each relationship puts the person: the school S, a care provider H, the authority A, another authority B. */
export const ORGANISATION_OF: Record<State, 'S' | 'H' | 'A' | 'B'> = {
  unrelated: 'H',
  raised_concern: 'S',
  same_organisation: 'S',
  la_team: 'A',
  la_team_restricted: 'A',
  allocated: 'A',
  allocated_restricted: 'A',
  conference_member: 'H',
  core_group: 'S',
  named_restricted: 'A',
  other_la: 'B',
  receiving_la: 'B',
  break_glass: 'B',
  break_glass_expired: 'B',
};

type Row = Record<Role, string>;
const none: Row = {
  practitioner: '', designated_safeguarding_person: '', duty_social_worker: '', team_manager: '', senior_manager: '',
  conference_chair: '', allegations_lead: '', board_analyst: '', administrator: '',
};
const row = (r: Partial<Row>): Row => ({ ...none, ...r });

//                                practitioner  DSP        duty             team manager         senior manager       chair       allegations lead
export const EXPECTED: Record<State, Row> = {
  unrelated:            row({}),
  raised_concern:       row({ practitioner: 'V', designated_safeguarding_person: 'VTS', duty_social_worker: 'V', team_manager: 'V', senior_manager: 'V', conference_chair: 'V', allegations_lead: 'V' }),
  same_organisation:    row({ designated_safeguarding_person: 'VTS' }),
  la_team:              row({ duty_social_worker: 'VDRWB', team_manager: 'VDSRWMHB', senior_manager: 'VDSRWMHB', conference_chair: 'RWB', allegations_lead: 'G' }),
  la_team_restricted:   row({ duty_social_worker: 'VDB', team_manager: 'VDSB', senior_manager: 'VDSB', conference_chair: 'B', allegations_lead: 'G' }),
  allocated:            row({ practitioner: 'R', designated_safeguarding_person: 'R', duty_social_worker: 'VDRWB', team_manager: 'VDSRWMHB', senior_manager: 'VDSRWMHB', conference_chair: 'RWB', allegations_lead: 'RG' }),
  allocated_restricted: row({ practitioner: 'R', designated_safeguarding_person: 'R', duty_social_worker: 'VDRWB', team_manager: 'VDSRWMHB', senior_manager: 'VDSRWMHB', conference_chair: 'RWB', allegations_lead: 'RG' }),
  conference_member:    row({ practitioner: 'R', designated_safeguarding_person: 'R', duty_social_worker: 'R', team_manager: 'R', senior_manager: 'R', conference_chair: 'R', allegations_lead: 'R' }),
  core_group:           row({ practitioner: 'R', designated_safeguarding_person: 'VTSR', duty_social_worker: 'R', team_manager: 'R', senior_manager: 'R', conference_chair: 'R', allegations_lead: 'R' }),
  named_restricted:     row({ practitioner: 'R', designated_safeguarding_person: 'R', duty_social_worker: 'VDRWB', team_manager: 'VDSRWMHB', senior_manager: 'VDSRWMHB', conference_chair: 'RWB', allegations_lead: 'RG' }),
  other_la:             row({ duty_social_worker: 'B', team_manager: 'B', senior_manager: 'B', conference_chair: 'B' }),
  receiving_la:         row({ duty_social_worker: 'RWB', team_manager: 'RWB', senior_manager: 'RWB', conference_chair: 'RWB' }),
  break_glass:          row({ practitioner: 'R', designated_safeguarding_person: 'R', duty_social_worker: 'RB', team_manager: 'RB', senior_manager: 'RB', conference_chair: 'RB', allegations_lead: 'R' }),
  break_glass_expired:  row({ duty_social_worker: 'B', team_manager: 'B', senior_manager: 'B', conference_chair: 'B' }),
};

export function expected(state: State, role: Role, letter: string): boolean {
  return EXPECTED[state][role].includes(letter);
}
