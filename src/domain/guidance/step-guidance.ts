/**
 * "Guidance for this step": which clauses of the library apply to each form in Diogel.
 *
 * A form is named by its page template (without `pages/` and `.njk`) and, for the pages
 * that serve many steps, the step type after a `#` (`case/step#close_case`). A test
 * walks every template with a form and every step type of the three processes, so a form
 * added later without guidance fails the build until it is given some here.
 */

/** `<document id>/<clause or resource ref>` */
export type GuidanceCitation = `${string}/${string}`;

const CODE = (ref: string): GuidanceCitation => `code-practice-guidance/${ref}`;
const WSP = (ref: string): GuidanceCitation => `wales-safeguarding-procedures/${ref}`;
const RES = (ref: string): GuidanceCitation => `resource-directory/${ref}`;
const ETHICS = (ref: string): GuidanceCitation => `wellbeing-ethics-code/${ref}`;

// Shared groups, so that each step lists the few clauses a worker needs there.
const DUTY_TO_REPORT = [WSP('s2'), CODE('4.2')];
const RESPONDING = [WSP('s3-1'), CODE('4.2')];
const INFORMATION_SHARING = [CODE('4.3'), RES('seven-golden-rules'), RES('waspi'), CODE('2.2')];
const CONFERENCE = [WSP('s3-2'), CODE('4.3'), CODE('1.1')];
const PLANNING = [WSP('s4'), CODE('3.5'), CODE('3.4')];
const ENDINGS = [CODE('3.6'), ETHICS('3.15'), CODE('6.1')];
const RECORDS = [CODE('2.2'), CODE('6.1')];
const CONFIDENTIALITY = [CODE('2.2'), CODE('4.3')];
const ALLEGATIONS = [WSP('s5'), CODE('7.4'), CODE('5.2')];
const ADULT_SAFEGUARDING = [CODE('4.2'), CODE('4.1'), CODE('1.1')];
const CAPACITY = [RES('mca-code-of-practice'), CODE('1.1'), CODE('3.3')];
const APSO = [RES('wtsp-volume-4'), CODE('4.2')];
const MISSING = [WSP('pg-missing'), WSP('s4')];
const SPECIFIC_HARMS = [WSP('s6'), WSP('pg-trafficked'), WSP('pg-cultural-religious'), RES('the-right-to-choose')];

export const STEP_GUIDANCE: Readonly<Record<string, readonly GuidanceCitation[]>> = {
  // Raising a concern (DOMAIN.md §2 C0–C1, §3 A0–A1): the duty to report and what a report holds.
  'concern/subject': DUTY_TO_REPORT,
  'concern/person': [WSP('s2'), CODE('1.4'), CODE('1.2')],
  'concern/what-happened': [WSP('s2'), CODE('6.1'), CODE('4.2')],
  'concern/harm': [WSP('s2'), ...SPECIFIC_HARMS],
  'concern/danger': [WSP('s2'), CODE('4.2')],
  'concern/knows': [WSP('s2'), CODE('2.1'), CODE('4.3')],
  'concern/check': [WSP('s2'), CODE('6.1')],
  'concern/report': [WSP('s2'), CODE('4.3'), CODE('4.2')],
  'concern/no-report': [WSP('s2'), CODE('4.2'), CODE('4.3')],
  'report/show': RESPONDING,
  'case/sibling-new': RESPONDING,

  // A child's case (DOMAIN.md §2, §10.2).
  'case/step#acknowledge_reporter': [WSP('s3-1'), CODE('4.3')],
  'case/step#allocate': RESPONDING,
  'case/step#record_decision': RESPONDING,
  'case/step#complete_task': RESPONDING,
  'case/step#take_immediate_protection': [WSP('s3-1'), CODE('4.2'), CODE('4.1')],
  'case/step#extend_emergency_protection_order': [WSP('s3-1'), CODE('4.2')],
  'case/step#end_immediate_protection': [WSP('s3-1'), CODE('4.2')],
  'case/step#record_strategy_discussion': [...INFORMATION_SHARING, WSP('s3-1')],
  'case/step#complete_continuing_assessment': [WSP('s3-1'), CODE('3.5')],
  'case/step#record_section47_determination': [WSP('s3-2'), CODE('4.2')],
  'case/step#ratify_determination': [WSP('s3-2'), CODE('7.3')],
  'case/step#return_determination': [WSP('s3-2'), CODE('7.3')],
  'case/step#schedule_conference': CONFERENCE,
  'case/step#postpone_conference': CONFERENCE,
  'case/step#record_conference': CONFERENCE,
  'case/step#circulate_conference_records': [...CONFIDENTIALITY, WSP('s3-2')],
  'case/step#name_coordinator': PLANNING,
  'case/step#record_core_group': PLANNING,
  'case/step#record_plan': PLANNING,
  'case/step#add_plan_action': PLANNING,
  'case/step#complete_plan_action': PLANNING,
  'case/step#record_visit': [WSP('s4'), CODE('1.1')],
  'case/step#notify_transfer': [WSP('s4'), ...INFORMATION_SHARING],
  'case/step#make_move_permanent': [WSP('s4'), CODE('4.3')],
  'case/step#send_transfer_information': [WSP('s4'), ...INFORMATION_SHARING],
  'case/step#report_missing': MISSING,
  'case/step#record_found': MISSING,
  'case/step#record_birth': [WSP('s2'), WSP('s4')],
  'case/step#deregister_automatically': [WSP('s4')],
  'case/step#close_case': ENDINGS,
  'case/step#record_timescale_exception': [CODE('7.3'), CODE('6.4')],
  'case/step#add_chronology_entry': RECORDS,

  // An adult's case (DOMAIN.md §3, §4, §10.3).
  'case/adult-step#allocate': ADULT_SAFEGUARDING,
  'case/adult-step#record_initial_checks': [...CAPACITY, CODE('4.2')],
  'case/adult-step#record_decision': ADULT_SAFEGUARDING,
  'case/adult-step#complete_task': ADULT_SAFEGUARDING,
  'case/adult-step#record_enquiry_determination': ADULT_SAFEGUARDING,
  'case/adult-step#record_immediate_protection': [CODE('4.2'), CODE('4.1')],
  'case/adult-step#record_strategy': [...INFORMATION_SHARING, CODE('4.2')],
  'case/adult-step#name_lead_practitioner': [CODE('3.4'), CODE('3.5')],
  'case/adult-step#complete_investigation': [CODE('4.2'), CODE('6.1')],
  'case/adult-step#offer_advocacy': [CODE('3.3'), CODE('1.4')],
  'case/adult-step#record_capacity_assessment': CAPACITY,
  'case/adult-step#schedule_conference': [CODE('4.3'), CODE('3.4')],
  'case/adult-step#postpone_conference': [CODE('4.3'), CODE('3.4')],
  'case/adult-step#record_agency_reports': [CODE('4.3'), CODE('6.1')],
  'case/adult-step#record_conference': [CODE('4.3'), CODE('4.2'), CODE('1.1')],
  'case/adult-step#record_plan': [CODE('3.5'), CODE('4.1'), CODE('3.2')],
  'case/adult-step#add_plan_action': [CODE('3.5'), CODE('3.4')],
  'case/adult-step#complete_plan_action': [CODE('3.5'), CODE('3.4')],
  'case/adult-step#record_plan_review': [CODE('3.5'), CODE('4.1')],
  'case/adult-step#consider_apso': APSO,
  'case/adult-step#apply_for_apso': APSO,
  'case/adult-step#record_apso_outcome': APSO,
  'case/adult-step#record_apso_visit': APSO,
  'case/adult-step#close_case': ENDINGS,
  'case/adult-step#record_timescale_exception': [CODE('7.3'), CODE('6.4')],
  'case/adult-step#add_chronology_entry': RECORDS,

  // Allegations about practitioners (DOMAIN.md §5, §10.4).
  'allegation/form#open_allegation': ALLEGATIONS,
  'allegation/form#add_member': [...CONFIDENTIALITY, WSP('s5')],
  'allegation/form#remove_member': [...CONFIDENTIALITY, WSP('s5')],
  'allegation/form#link_case': [WSP('s5'), CODE('4.3')],
  'allegation/form#record_strategy_discussion': [WSP('s5'), ...INFORMATION_SHARING],
  'allegation/form#record_strategy_meeting': [WSP('s5'), CODE('4.3')],
  'allegation/form#update_track': ALLEGATIONS,
  'allegation/form#record_concluding_meeting': ALLEGATIONS,
  'allegation/form#add_referral': [WSP('s5'), CODE('5.2')],
  'allegation/form#complete_referral': [WSP('s5'), CODE('5.2')],
  'allegation/form#close_allegation': [WSP('s5'), CODE('3.6')],
  'allegation/form#add_note': [WSP('s5'), ...RECORDS],

  // Who may see a case, and emergency access (DESIGN.md, Access).
  'case/access': CONFIDENTIALITY,
  'case/emergency-access': [CODE('2.2'), CODE('4.3'), CODE('4.2')],

  // Routes for specific harms (DOMAIN.md §6.2).
  'case/harm-route-new': SPECIFIC_HARMS,
  'case/harm-route-record': [...SPECIFIC_HARMS, CODE('4.3')],

  // The service's own settings and a person's account.
  'settings/index': [CODE('7.3'), CODE('6.4')],
  'settings/remove-closure': [CODE('7.3'), CODE('6.4')],
  'account/password': [CODE('2.2')],
  'account/api-tokens': [CODE('2.2'), CODE('4.3')],
  'account/recovery-codes': [CODE('2.2')],

  // The practice guidance pages' own forms.
  'guidance/before-you-post': [`social-media/privacy`, `social-media/integrity`, `social-media/tip-5`],
  'guidance/import': [CODE('2.2')],
};

/**
 * Forms that are not a step of practice and show no guidance: signing in, and the
 * language switch (no page of its own).
 */
export const FORMS_WITHOUT_GUIDANCE: ReadonlySet<string> = new Set([
  'sign-in',
  'sign-in-code',
  'sign-in-recovery-code',
  'sign-in-set-up-app',
]);

/** The guidance key of a page: its template, with the step type for the pages of many steps. */
export function guidanceKey(template: string, type?: unknown): string {
  const base = template.replace(/^pages\//, '').replace(/\.njk$/, '');
  return typeof type === 'string' && `${base}#${type}` in STEP_GUIDANCE ? `${base}#${type}` : base;
}

export function citationsFor(key: string): readonly GuidanceCitation[] {
  return STEP_GUIDANCE[key] ?? [];
}

/** The forms that cite a clause ("used in these steps" on the clause page). */
export function stepsCiting(documentId: string, ref: string): string[] {
  const target = `${documentId}/${ref}`;
  return Object.entries(STEP_GUIDANCE)
    .filter(([, cites]) => cites.includes(target as GuidanceCitation))
    .map(([key]) => key);
}

export function splitCitation(c: GuidanceCitation): { document: string; ref: string } {
  const i = c.indexOf('/');
  return { document: c.slice(0, i), ref: c.slice(i + 1) };
}
