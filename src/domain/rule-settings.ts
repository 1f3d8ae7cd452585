/**
 * Values the Wales Safeguarding Procedures leave to regions or do not state
 * (marked GAP, INFERRED or UNVERIFIED in DOMAIN.md). Each is a setting with a
 * documented default; an administrator changes it on the settings page, and every
 * case event records the settings version in force when it happened.
 */
export interface RuleSettings {
  /** T-C3: strategy discussion after the decision to hold one (GAP; Powys uses 1 working day). */
  strategyDiscussionWorkingDays: number;
  /** T-C5a: local target for concluding section 47 enquiries (GAP nationally; Powys aims for 10). */
  section47ConclusionWorkingDays: number;
  /** T-C19: pre-birth conference held at least this many weeks before the expected due date (GAP; regional). */
  preBirthConferenceWeeksBeforeDue: number;
  /** Quorum: agencies besides social services that must attend a conference (GAP; England's usual rule is 2). */
  conferenceQuorumOtherAgencies: number;
  /** T-C14: written information to the receiving authority, in calendar days ("three days", unit as written). */
  transferInformationDays: number;
  /** T-APSO: the longest period an adult protection and support order may run, in days (s127(6), UNVERIFIED 7). */
  apsoMaximumDays: number;
  /** T-P2a: Section 5 professional strategy discussion after the designated officer is told (GAP; "as soon as possible"). */
  professionalStrategyDiscussionWorkingDays: number;
  /** T-P2: first professional strategy meeting after the threshold is met (GAP). */
  professionalStrategyMeetingWorkingDays: number;
  /** T-P1: the start of the working day, for "out of hours" (INFERRED; 24-hour clock). */
  officeHoursStart: number;
  /** T-P1: the end of the working day, for "out of hours" (INFERRED; 24-hour clock). */
  officeHoursEnd: number;
  /** Working-day definition: whether Christmas Eve is a non-working day (the Welsh SI 2008/1848 variant). */
  christmasEveClosed: boolean;
}

export type RuleSettingKey = keyof RuleSettings;

export interface RuleSettingDefinition {
  key: RuleSettingKey;
  kind: 'integer' | 'boolean';
  min?: number;
  max?: number;
  default: number | boolean;
  /** GAP: not stated nationally; INFERRED: our reading; UNVERIFIED: unconfirmed figure. */
  status: 'GAP' | 'INFERRED' | 'UNVERIFIED';
  source: string;
}

export const RULE_SETTING_DEFINITIONS: readonly RuleSettingDefinition[] = [
  {
    key: 'strategyDiscussionWorkingDays',
    kind: 'integer',
    min: 0,
    max: 15,
    default: 1,
    status: 'GAP',
    source: 'DOMAIN.md C5 and §11.1: no national figure; Powys local timescale is 1 working day',
  },
  {
    key: 'section47ConclusionWorkingDays',
    kind: 'integer',
    min: 1,
    max: 42,
    default: 10,
    status: 'GAP',
    source: 'DOMAIN.md C6 and §11.3: only the 42-working-day continuing assessment is national; Powys aims for 10',
  },
  {
    key: 'preBirthConferenceWeeksBeforeDue',
    kind: 'integer',
    min: 0,
    max: 30,
    default: 10,
    status: 'GAP',
    source: 'DOMAIN.md C19 and §11.4: pre-birth conference timing is set by regional protocols',
  },
  {
    key: 'conferenceQuorumOtherAgencies',
    kind: 'integer',
    min: 0,
    max: 6,
    default: 2,
    status: 'GAP',
    source: 'DOMAIN.md C8 and §11.2: the quoracy rule was not retrieved; social services plus 2 agencies is an analogue',
  },
  {
    key: 'transferInformationDays',
    kind: 'integer',
    min: 1,
    max: 10,
    default: 3,
    status: 'INFERRED',
    source: 'Wales Safeguarding Procedures c4-p10: "three days", read as calendar days because no unit is given',
  },
  {
    key: 'apsoMaximumDays',
    kind: 'integer',
    min: 1,
    max: 7,
    default: 7,
    status: 'UNVERIFIED',
    source: 'DOMAIN.md §4 and §11.6: s127(6) is read as a 7-day maximum; the stored statute text stopped at (5)(c)',
  },
  {
    key: 'professionalStrategyDiscussionWorkingDays',
    kind: 'integer',
    min: 0,
    max: 15,
    default: 1,
    status: 'GAP',
    source: 'DOMAIN.md P2 and §11.5: "as soon as possible", with no figure; 1 working day is our default',
  },
  {
    key: 'professionalStrategyMeetingWorkingDays',
    kind: 'integer',
    min: 1,
    max: 30,
    default: 5,
    status: 'GAP',
    source: 'DOMAIN.md P3 and §11.5: meeting timescales are not stated; later meetings are set at each meeting',
  },
  {
    key: 'officeHoursStart',
    kind: 'integer',
    min: 0,
    max: 12,
    default: 9,
    status: 'INFERRED',
    source: 'DOMAIN.md P0: a concern arising out of hours is notified the next working day; office hours are not defined',
  },
  {
    key: 'officeHoursEnd',
    kind: 'integer',
    min: 13,
    max: 24,
    default: 17,
    status: 'INFERRED',
    source: 'DOMAIN.md P0: a concern arising out of hours is notified the next working day; office hours are not defined',
  },
  {
    key: 'christmasEveClosed',
    kind: 'boolean',
    default: false,
    status: 'INFERRED',
    source: 'DOMAIN.md §9 and §11.9: the statutory definition excludes weekends and bank holidays; SI 2008/1848 also excludes Christmas Eve',
  },
];

export const DEFAULT_RULE_SETTINGS: Readonly<RuleSettings> = Object.freeze(
  Object.fromEntries(RULE_SETTING_DEFINITIONS.map((d) => [d.key, d.default])) as unknown as RuleSettings,
);

/** Apply stored values over the defaults, ignoring anything unknown or out of range. */
export function resolveRuleSettings(stored: Readonly<Record<string, unknown>>): RuleSettings {
  const out: Record<string, number | boolean> = { ...DEFAULT_RULE_SETTINGS };
  for (const def of RULE_SETTING_DEFINITIONS) {
    const value = stored[def.key];
    if (def.kind === 'boolean' && typeof value === 'boolean') out[def.key] = value;
    if (
      def.kind === 'integer' &&
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= (def.min ?? 0) &&
      value <= (def.max ?? Number.MAX_SAFE_INTEGER)
    ) {
      out[def.key] = value;
    }
  }
  return out as unknown as RuleSettings;
}

/**
 * The rule set in force: the procedures' version and our rules' version. Stored with
 * every case event together with the settings version, so a case can be replayed
 * against the rules in force when each event happened (DOMAIN.md §11.10).
 */
export const RULESET_VERSION = 'wsp-2019.11+2022.02/diogel-rules-1';

export function rulesetLabel(settingsVersion: number): string {
  return `${RULESET_VERSION}/settings-${settingsVersion}`;
}
