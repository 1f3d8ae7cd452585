/**
 * The words of the adult safeguarding process (Wales Safeguarding Procedures, adults,
 * sections 3 and 4; Social Services and Well-being (Wales) Act 2014 ss126–127;
 * DOMAIN.md §3, §4 and §10.3), as closed unions.
 */

/** Abuse and neglect (s197): each adult case carries its categories as data; there is no register for adults. */
export const ADULT_ABUSE_CATEGORIES = ['physical', 'sexual', 'psychological_emotional', 'financial', 'neglect'] as const;
export type AdultAbuseCategory = (typeof ADULT_ABUSE_CATEGORIES)[number];

/** Stages of an adult's case (DOMAIN.md §10.3). The order and immediate protection are side records. */
export const ADULT_STAGES = [
  'received',
  'initial_checks',
  'part3_assessment',
  'section126_enquiry',
  'immediate_protection',
  'strategy_pending',
  'strategy_concluded',
  'investigation',
  'conference_pending',
  'conference_concluded',
  'plan_active',
  'plan_ended',
  'closed_nfa',
  'closed',
] as const;
export type AdultStage = (typeof ADULT_STAGES)[number];

/** The adult's position on the concern being acted on (a3pt1-p4). */
export const CONSENT_POSITIONS = ['given', 'withheld', 'lacks_capacity', 'not_yet_sought'] as const;
export type ConsentPosition = (typeof CONSENT_POSITIONS)[number];

/** Mental Capacity Act 2005: the outcome of an assessment for one decision. */
export const CAPACITY_OUTCOMES = ['has_capacity', 'lacks_capacity'] as const;
export type CapacityOutcome = (typeof CAPACITY_OUTCOMES)[number];

/** Where in the process capacity and consent were recorded (A2, A7, A10, and closure). */
export const CAPACITY_POINTS = ['initial_checks', 'strategy', 'plan', 'plan_review', 'closure', 'other'] as const;
export type CapacityPoint = (typeof CAPACITY_POINTS)[number];

export const ADVOCACY_KINDS = ['informal', 'independent_professional'] as const;
export type AdvocacyKind = (typeof ADVOCACY_KINDS)[number];

/** Section 126 enquiry determinations (a3pt1-p13), or no further action. */
export const ADULT_DETERMINATIONS = ['1', '2', '3', 'nfa'] as const;
export type AdultDetermination = (typeof ADULT_DETERMINATIONS)[number];

/** What a strategy discussion or meeting decides (a3pt1-p14, a3pt1-p16, a3pt1-p19). */
export const ADULT_STRATEGY_OUTCOMES = ['investigate', 'conference', 'plan', 'no_further_action'] as const;
export type AdultStrategyOutcome = (typeof ADULT_STRATEGY_OUTCOMES)[number];

export const INVESTIGATION_KINDS = ['criminal', 'non_criminal'] as const;
export type InvestigationKind = (typeof INVESTIGATION_KINDS)[number];

export const APC_OUTCOMES = ['protection_plan', 'no_plan'] as const;
export type ApcOutcome = (typeof APC_OUTCOMES)[number];

export const PLAN_REVIEW_OUTCOMES = ['continue', 'end_plan'] as const;
export type PlanReviewOutcome = (typeof PLAN_REVIEW_OUTCOMES)[number];

/** Why an adult's case closes (a4-p7); disengagement is its own route with its own record. */
export const ADULT_CLOSURE_ROUTES = ['risk_reduced', 'aims_met', 'adult_disengaged', 'no_protection_role'] as const;
export type AdultClosureRoute = (typeof ADULT_CLOSURE_ROUTES)[number];

/** s127(4): every ground must hold before an order can be made. */
export const APSO_GROUNDS = ['adult_at_risk_suspected', 'access_necessary', 'order_necessary', 'no_greater_risk'] as const;
export type ApsoGround = (typeof APSO_GROUNDS)[number];

export const APSO_OUTCOMES = ['granted', 'refused'] as const;
export type ApsoOutcome = (typeof APSO_OUTCOMES)[number];

/** s127(2)(b): whether the person is making decisions freely, as found at the visit. */
export const FREE_DECISION_FINDINGS = ['yes', 'no', 'unclear'] as const;
export type FreeDecisionFinding = (typeof FREE_DECISION_FINDINGS)[number];

export const ADULT_ALERT_REASONS = ['no_lead_practitioner'] as const;
