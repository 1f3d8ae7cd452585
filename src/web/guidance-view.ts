import { clauseById, resourceByRef, RESOURCE_DIRECTORY_ID } from '../domain/guidance/catalogue/index.js';
import { citationsFor, guidanceKey, splitCitation } from '../domain/guidance/step-guidance.js';
import type { ClauseLevel } from '../domain/guidance/types.js';
import type { Locale } from './i18n/i18n.js';
import { clauseHref } from '../domain/guidance/queries.js';

export interface CitedClause {
  href: string;
  document: string;
  number: string | null;
  title: string;
  summary: string;
  level: ClauseLevel | null;
}

export { clauseHref };

/** A citation in the page's language; null for one the catalogue does not hold. */
export function citedClause(documentId: string, ref: string, locale: Locale): CitedClause | null {
  if (documentId === RESOURCE_DIRECTORY_ID) {
    const r = resourceByRef(ref);
    if (!r) return null;
    return { href: clauseHref(documentId, ref), document: '', number: null, title: r.title[locale], summary: r.summary[locale], level: null };
  }
  const found = clauseById(documentId, ref);
  if (!found) return null;
  return {
    href: clauseHref(documentId, ref),
    document: found.document.title[locale],
    number: found.clause.number,
    title: found.clause.title[locale],
    summary: found.clause.summary[locale],
    level: found.clause.level ?? null,
  };
}

/** "Guidance for this step" of a page, in its language. */
export function stepGuidanceFor(template: string, type: unknown, locale: Locale): CitedClause[] {
  return citationsFor(guidanceKey(template, type))
    .map((c) => {
      const { document, ref } = splitCitation(c);
      return citedClause(document, ref, locale);
    })
    .filter((c): c is CitedClause => c !== null);
}
