import { RESOURCE_DIRECTORY_ID } from './catalogue/index.js';

/** The page address of a clause or resource of the library. */
export function clauseHref(documentId: string, ref: string): string {
  return documentId === RESOURCE_DIRECTORY_ID ? `/guidance/resources/${encodeURIComponent(ref)}` : `/guidance/${documentId}/${encodeURIComponent(ref)}`;
}

export const SEARCH_MAX_LENGTH = 200;

/** The words to search for: 1–200 characters after trimming; otherwise the error's message key. */
export function searchText(raw: unknown): { text: string } | { error: string } {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) return { error: 'error.guidance.search.empty' };
  if (value.length > SEARCH_MAX_LENGTH) return { error: 'error.guidance.search.tooLong' };
  return { text: value };
}
