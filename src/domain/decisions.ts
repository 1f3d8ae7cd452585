import type { SubjectKind } from './concern.js';

/**
 * What a local authority may decide on receiving a report.
 * Children: Wales Safeguarding Procedures c3pt1-p4 (DOMAIN.md row C3).
 * Adults: a3pt1-p5 (DOMAIN.md row A3) — no further action for one of three reasons,
 * section 126 enquiries, or a Part 3 assessment of care and support needs.
 */
export const CHILD_DECISIONS = [
  'no_further_action',
  'information_and_advice',
  'refer_to_other_services',
  'part3_assessment',
  'strategy_discussion',
  'immediate_protection',
] as const;

export const ADULT_DECISIONS = [
  'nfa_no_abuse',
  'nfa_not_abuse_or_neglect',
  'nfa_one_off_low_risk',
  'section126_enquiries',
  'part3_assessment',
] as const;

export type ChildDecision = (typeof CHILD_DECISIONS)[number];
export type AdultDecision = (typeof ADULT_DECISIONS)[number];
export type ReportDecision = ChildDecision | AdultDecision;

export function decisionsFor(kind: SubjectKind): readonly ReportDecision[] {
  return kind === 'child' ? CHILD_DECISIONS : ADULT_DECISIONS;
}

export function isDecisionAllowed(kind: SubjectKind, decision: string): decision is ReportDecision {
  return (decisionsFor(kind) as readonly string[]).includes(decision);
}

/**
 * Whether recording the decision stops the report's receipt clock.
 * For an adult, the 7-working-day clock runs until the section 126 enquiries
 * conclude, so deciding to make enquiries leaves it running.
 */
export function decisionStopsReceiptClock(decision: ReportDecision): boolean {
  return decision !== 'section126_enquiries';
}
