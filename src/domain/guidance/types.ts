/**
 * The shape of the practice guidance catalogue. The catalogue is written by us: numbers,
 * titles and links are facts about the official documents; every summary is our own
 * wording. The documents' own text is never in the repository: an organisation supplies
 * it and `diogel guidance import` attaches it to these clauses at run time.
 */

export type Bilingual = { readonly en: string; readonly cy: string };

/** Tags a worker can filter by. Keep the list short and shared across documents. */
export const GUIDANCE_TAGS = [
  'accountability',
  'boundaries',
  'capacity',
  'communication',
  'confidentiality',
  'conduct',
  'consent',
  'equality',
  'information_sharing',
  'leadership',
  'learning',
  'record_keeping',
  'rights',
  'risk',
  'safeguarding',
  'social_media',
  'supervision',
  'wellbeing',
  'children',
  'adults',
  'reporting',
  'endings',
  'specific_harms',
  'statutory',
] as const;
export type GuidanceTag = (typeof GUIDANCE_TAGS)[number];

/**
 * Seed 004's colour code: a red line cannot be crossed; an aspirational principle is what
 * good practice aims at; practice guidance is recommended conduct.
 */
export const CLAUSE_LEVELS = ['red_line', 'aspirational', 'practice'] as const;
export type ClauseLevel = (typeof CLAUSE_LEVELS)[number];

/**
 * How the importer finds a clause in a supplied full text. Locators hold facts only
 * (numbers, headings, positions), never a sentence of the document.
 * - `numbered`: a line that starts with the clause number ("4.2", also written "4. 2" or "4.2.");
 *   `occurrence` 2 for a number the document prints twice (seed 004 has two 7.6s).
 * - `heading`: a line that is the heading text, or failing that one that starts with it
 *   (compared ignoring case, punctuation and spacing).
 * - `bullet`: the n-th bullet (1-based) under a heading.
 */
export type ClauseLocator =
  | { readonly kind: 'numbered'; readonly number: string; readonly occurrence?: number }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'bullet'; readonly heading: string; readonly index: number };

export interface CrossReference {
  readonly document: string;
  readonly clause: string;
}

export interface GuidanceClause {
  /** Unique within the document; used in addresses (`/guidance/<doc>/<ref>`). Lower case, digits, dots and hyphens. */
  readonly ref: string;
  /** The number as the document shows it ("4.2"), or null where the document does not number it. */
  readonly number: string | null;
  readonly title: Bilingual;
  /** Our own one- or two-sentence summary. Never a sentence of the source. */
  readonly summary: Bilingual;
  readonly tags: readonly GuidanceTag[];
  /** Only for documents that grade their clauses (seed 004). */
  readonly level?: ClauseLevel;
  readonly crossReferences?: readonly CrossReference[];
  readonly locator: ClauseLocator;
}

export interface GuidanceSection {
  readonly ref: string;
  readonly number: string | null;
  readonly title: Bilingual;
  readonly clauses: readonly GuidanceClause[];
}

export type DocumentKind = 'code_guidance' | 'procedures' | 'social_media' | 'ethics_code' | 'resource_directory';

export interface GuidanceDocument {
  /** Stable id used in addresses and cross-references. */
  readonly id: string;
  readonly kind: DocumentKind;
  readonly title: Bilingual;
  readonly publisher: Bilingual;
  /** Year or date of the edition the catalogue describes. */
  readonly edition: string;
  /** Link to the official source. */
  readonly sourceUrl: string;
  /** Our own description of the document (one or two sentences). */
  readonly summary: Bilingual;
  /** Whether clauses carry a level (seed 004). */
  readonly graded: boolean;
  readonly sections: readonly GuidanceSection[];
}

/** Seed 001 becomes a directory of resources rather than a clause document. */
export const RESOURCE_CATEGORIES = [
  'statutory_guidance',
  'all_wales_protocol',
  'practice_guide',
  'national_resource',
  'referral_line',
] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

export const RESOURCE_AUDIENCES = ['children', 'adults', 'both'] as const;
export type ResourceAudience = (typeof RESOURCE_AUDIENCES)[number];

export interface GuidanceResource {
  readonly ref: string;
  readonly title: Bilingual;
  readonly summary: Bilingual;
  readonly category: ResourceCategory;
  readonly audience: ResourceAudience;
  /** Year of publication where the directory gives one. */
  readonly year: string | null;
  readonly url: string | null;
  /** A telephone line, for referral lines. */
  readonly telephone: string | null;
  readonly tags: readonly GuidanceTag[];
  readonly locator: ClauseLocator;
}
