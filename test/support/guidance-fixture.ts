import fs from 'node:fs';
import path from 'node:path';
import { GUIDANCE_RESOURCES, RESOURCE_DIRECTORY_ID, documentById } from '../../src/domain/guidance/catalogue/index.js';
import type { GuidanceDocument } from '../../src/domain/guidance/types.js';

/**
 * The seed documents live beside the project (`../shared/seeds`, or SEEDS_DIR); a clean
 * clone elsewhere has none, so tests that need the real texts skip there and the rest use
 * the stand-in texts below.
 */
export const SEEDS_DIR = path.resolve(process.env.SEEDS_DIR ?? '../shared/seeds');
export const HAVE_SEEDS = fs.existsSync(SEEDS_DIR);

const SEED_PREFIX: Record<string, string> = {
  'code-practice-guidance': '000_',
  'resource-directory': '001_',
  'wales-safeguarding-procedures': '002_',
  'social-media': '003_',
  'wellbeing-ethics-code': '004_',
};

/** The seed file of a catalogue document, or null where the seeds are not here. */
export function seedOf(documentId: string): { name: string; text: string } | null {
  if (!HAVE_SEEDS) return null;
  const name = fs.readdirSync(SEEDS_DIR).find((n) => n.startsWith(SEED_PREFIX[documentId]!));
  return name ? { name, text: fs.readFileSync(path.join(SEEDS_DIR, name), 'utf8') } : null;
}

/** A word that no summary uses, so a search for it can only match a supplied full text. */
export const FULL_TEXT_WORD = 'heliotrope';

/**
 * A stand-in for a document's full text, built from the catalogue alone: each entry's
 * heading as its locator finds it, then a paragraph of our own words. It is laid out the
 * way the real documents are (a contents list, numbered clauses, headings, bullets), so the
 * importer meets the same shapes.
 */
export function standInText(documentId: string): string {
  const document = documentById(documentId);
  if (!document) throw new Error(`no document ${documentId}`);
  const body = (ref: string, summary: string) => `${summary} The supplied wording of ${ref} mentions a ${FULL_TEXT_WORD}.`;
  const out: string[] = [document.title.en, '', 'Contents', ''];
  if (documentId === RESOURCE_DIRECTORY_ID) {
    for (const r of GUIDANCE_RESOURCES) {
      if (r.locator.kind === 'heading') out.push(r.locator.text, body(r.ref, r.summary.en), '');
    }
    return out.join('\n');
  }
  const clauses = document.sections.flatMap((s) => s.clauses);
  for (const c of clauses.filter((c) => c.locator.kind === 'numbered').slice(0, 3)) out.push(`${c.number} ${c.title.en}.....\t${3 + out.length}`);
  out.push('');
  const bulletsUnder = (heading: string) =>
    clauses
      .filter((c) => c.locator.kind === 'bullet' && c.locator.heading === heading)
      .sort((a, b) => (a.locator.kind === 'bullet' && b.locator.kind === 'bullet' ? a.locator.index - b.locator.index : 0));
  const listed = new Set<string>();
  const list = (heading: string) => {
    if (listed.has(heading)) return;
    listed.add(heading);
    for (const b of bulletsUnder(heading)) out.push(`- ${body(b.ref, b.summary.en)}`);
    out.push('');
  };
  for (const section of document.sections) {
    for (const c of section.clauses) {
      const loc = c.locator;
      if (loc.kind === 'numbered') out.push(`${loc.number} ${c.title.en}`, '', body(c.ref, c.summary.en), '');
      else if (loc.kind === 'heading') {
        out.push(loc.text, '', body(c.ref, c.summary.en), '');
        if (bulletsUnder(loc.text).length) list(loc.text);
      } else if (!listed.has(loc.heading)) {
        out.push(loc.heading, '');
        list(loc.heading);
      }
    }
  }
  return out.join('\n');
}

export function entriesOf(document: GuidanceDocument): number {
  return document.id === RESOURCE_DIRECTORY_ID ? GUIDANCE_RESOURCES.length : document.sections.flatMap((s) => s.clauses).length;
}
