import type { ClauseLocator, GuidanceDocument, GuidanceResource } from './types.js';

/**
 * Attaching a supplied full text to the catalogue. The catalogue says where each clause
 * starts (a number, a heading, or the n-th bullet under a heading); this finds those
 * places in the text and cuts the text between them. It copes with the layouts of the
 * documents we know: plain text with headings, numbered clauses (also written "1. 3"),
 * bullet lists, tables of contents (dot leaders or a tab before a page number), words
 * hyphenated across line breaks, markdown emphasis and links, and section headings that
 * a PDF export split over several lines.
 */

/** Something the importer can place: a clause of a document, or a resource of the directory. */
export interface Placeable {
  readonly ref: string;
  readonly locator: ClauseLocator;
}

export interface MatchedPart {
  readonly ref: string;
  /** The text of the clause as supplied, tidied (line breaks within paragraphs joined). */
  readonly body: string;
  /** 1-based line of the cleaned text where the clause starts (for the report). */
  readonly line: number;
}

export interface ImportMatch {
  readonly documentId: string;
  readonly matched: readonly MatchedPart[];
  /** Catalogue refs the text did not contain. */
  readonly unmatched: readonly string[];
  /** Numbered lines in the text that no catalogue clause claims (new or renumbered clauses). */
  readonly unplaced: readonly { readonly line: number; readonly number: string }[];
  /** Table-of-contents lines dropped before matching. */
  readonly contentsLinesDropped: number;
}

export function placeablesOf(document: GuidanceDocument, resources: readonly GuidanceResource[] = []): Placeable[] {
  const clauses: Placeable[] = document.sections.flatMap((s) => s.clauses);
  return document.kind === 'resource_directory' ? [...clauses, ...resources] : clauses;
}

/** A line of the table of contents: a title then dot leaders or a tab, then a page number. */
const CONTENTS_LINE = /(?:\.{3,}|…{2,}|\t)\s*\d{1,3}\s*$/;
const BULLET = /^\s*(?:[-*•▪‣◦]|\d+[.)](?=\s+\D))\s+/;

export interface CleanText {
  readonly lines: readonly string[];
  readonly contentsLinesDropped: number;
}

/** Normalise a supplied text into lines the locators can be compared with. */
export function cleanText(raw: string): CleanText {
  let text = raw.replace(/\r\n?/g, '\n').replace(/\u00ad/g, '').replace(/\u00a0/g, ' ');
  // Markdown links keep their words; emphasis markers go.
  text = text.replace(/\[((?:\\.|[^\]])*)\]\([^)]*\)/g, '$1').replace(/\\([()[\]*_#.-])/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1').replace(/\*\*/g, '');
  // A word broken by a hyphen at the end of a line ("work-\ning") is joined again.
  // The rest of the word moves up; the line stays, so line numbers match the supplied file.
  text = text.replace(/([a-z])-[ \t]*\n[ \t]*([a-z]+)[ \t]?/g, '$1$2\n');
  let dropped = 0;
  const lines = text.split('\n').map((l) => l.replace(/[ \t]+$/g, ''));
  const kept = lines.map((l) => {
    if (CONTENTS_LINE.test(l) && l.trim().length < 140) {
      dropped++;
      return '';
    }
    return l;
  });
  return { lines: kept, contentsLinesDropped: dropped };
}

/** Compare headings ignoring case, punctuation, emphasis and spacing. */
export function headingKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[‘’']/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

function numberPattern(number: string): RegExp {
  const parts = number.split('.').map((p) => p.replace(/[^0-9a-z]/gi, ''));
  return new RegExp(`^\\s*${parts.join('\\.\\s?')}(?![0-9])\\.?(?:\\s|$)`);
}

/** Any line that starts the way a numbered clause does ("3.10 ", "1. 3 "). */
const NUMBERED_LINE = /^\s*(\d{1,2})\.\s?(\d{1,2})(?![0-9])\.?\s+\S/;
/** A numbered section heading ("3. Promote Clear Contracting", "Section 4: …"). */
const SECTION_LINE = /^\s*(?:\d{1,2}\.\s+\p{Lu}[^.]{0,80}|section\s+\d+\b.{0,100})$/iu;

/**
 * The line that is the heading; failing that, the first line that begins with it (a long
 * heading is located by its opening words, so the catalogue need not hold it whole).
 */
function findHeading(lines: readonly string[], text: string): number {
  const key = headingKey(text);
  const keys = lines.map(headingKey);
  const exact = keys.indexOf(key);
  return exact >= 0 ? exact : keys.findIndex((k) => k.startsWith(`${key} `));
}

interface Start {
  readonly ref: string;
  readonly index: number;
  readonly bullet: boolean;
}

function locate(lines: readonly string[], p: Placeable): number {
  const loc = p.locator;
  switch (loc.kind) {
    case 'numbered': {
      const re = numberPattern(loc.number);
      let seen = 0;
      for (let i = 0; i < lines.length; i++) {
        if (re.test(lines[i]!) && ++seen === (loc.occurrence ?? 1)) return i;
      }
      return -1;
    }
    case 'heading':
      return findHeading(lines, loc.text);
    case 'bullet': {
      const h = findHeading(lines, loc.heading);
      if (h < 0) return -1;
      let seen = 0;
      for (let i = h + 1; i < lines.length; i++) {
        const l = lines[i]!;
        if (BULLET.test(l)) {
          seen++;
          if (seen === loc.index) return i;
        } else if (seen > 0 && l.trim() !== '' && !/^\s/.test(l) && i > 0 && lines[i - 1]!.trim() === '') {
          // A paragraph after a blank line ends the list.
          return -1;
        }
      }
      return -1;
    }
  }
}

/** Join the lines of each paragraph; keep paragraphs and bullets on lines of their own. */
function tidy(lines: readonly string[]): string {
  const out: string[] = [];
  let para = '';
  const flush = () => {
    if (para) out.push(para);
    para = '';
  };
  for (const raw of lines) {
    const l = raw.trim();
    if (!l) {
      flush();
      continue;
    }
    if (BULLET.test(raw)) {
      flush();
      para = l;
    } else {
      para = para ? `${para} ${l}` : l;
    }
  }
  flush();
  return out.join('\n');
}

/**
 * Place every clause of one document in the text. A clause runs from its start to the
 * next clause start or section heading; a bullet clause is its bullet and the lines that
 * continue it.
 */
export function matchDocument(document: GuidanceDocument, raw: string, resources: readonly GuidanceResource[] = []): ImportMatch {
  const { lines, contentsLinesDropped } = cleanText(raw);
  const placeables = placeablesOf(document, resources);
  const starts: Start[] = [];
  const unmatched: string[] = [];
  for (const p of placeables) {
    const index = locate(lines, p);
    if (index < 0) unmatched.push(p.ref);
    else starts.push({ ref: p.ref, index, bullet: p.locator.kind === 'bullet' });
  }
  // Boundaries: every non-bullet start, every section heading line, and every numbered
  // line (a clause the catalogue does not know must not run on inside the one before it).
  const boundaries = new Set<number>(starts.filter((s) => !s.bullet).map((s) => s.index));
  lines.forEach((l, i) => {
    if ((SECTION_LINE.test(l) && !NUMBERED_LINE.test(l)) || NUMBERED_LINE.test(l)) boundaries.add(i);
  });
  const sorted = [...boundaries].sort((a, b) => a - b);
  const claimedNumbers = new Set(starts.map((s) => s.index));

  const matched: MatchedPart[] = starts
    .map((s) => {
      let end: number;
      if (s.bullet) {
        end = s.index + 1;
        while (end < lines.length && lines[end]!.trim() !== '' && !BULLET.test(lines[end]!)) end++;
      } else {
        end = sorted.find((b) => b > s.index) ?? lines.length;
      }
      return { ref: s.ref, body: tidy(lines.slice(s.index, end)), line: s.index + 1 };
    })
    .sort((a, b) => a.line - b.line);

  const unplaced: { line: number; number: string }[] = [];
  lines.forEach((l, i) => {
    const m = NUMBERED_LINE.exec(l);
    if (m && !claimedNumbers.has(i)) unplaced.push({ line: i + 1, number: `${m[1]}.${m[2]}` });
  });
  return { documentId: document.id, matched, unmatched, unplaced, contentsLinesDropped };
}

export interface Identification {
  readonly document: GuidanceDocument;
  /** Share of the document's clauses found in the text, 0..1. */
  readonly score: number;
}

/**
 * Which catalogue document a text is: the one whose clauses it contains the largest share
 * of. Null when no document reaches half, so a stray file is not attached to anything.
 */
export function identifyDocument(
  documents: readonly GuidanceDocument[],
  raw: string,
  resources: readonly GuidanceResource[] = [],
): Identification | null {
  let best: Identification | null = null;
  for (const document of documents) {
    const m = matchDocument(document, raw, resources);
    const total = m.matched.length + m.unmatched.length;
    if (total === 0) continue;
    const score = m.matched.length / total;
    if (!best || score > best.score) best = { document, score };
  }
  return best && best.score >= 0.5 ? best : null;
}
