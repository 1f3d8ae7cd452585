import type { GuidanceClause, GuidanceDocument, GuidanceResource, GuidanceSection } from '../types.js';
import { CODE_PRACTICE_GUIDANCE } from './code-practice-guidance.js';
import { WALES_SAFEGUARDING_PROCEDURES } from './wales-safeguarding-procedures.js';
import { SOCIAL_MEDIA } from './social-media.js';
import { WELLBEING_ETHICS_CODE } from './wellbeing-ethics-code.js';
import { RESOURCE_DIRECTORY_DOCUMENT, RESOURCES } from './resource-directory.js';

/** Every document of the library, in the order the library page lists them. */
export const GUIDANCE_DOCUMENTS: readonly GuidanceDocument[] = [
  CODE_PRACTICE_GUIDANCE,
  WALES_SAFEGUARDING_PROCEDURES,
  SOCIAL_MEDIA,
  WELLBEING_ETHICS_CODE,
  RESOURCE_DIRECTORY_DOCUMENT,
];

export const GUIDANCE_RESOURCES: readonly GuidanceResource[] = RESOURCES;

export const RESOURCE_DIRECTORY_ID = RESOURCE_DIRECTORY_DOCUMENT.id;

export function documentById(id: string): GuidanceDocument | undefined {
  return GUIDANCE_DOCUMENTS.find((d) => d.id === id);
}

export interface LocatedClause {
  readonly document: GuidanceDocument;
  readonly section: GuidanceSection;
  readonly clause: GuidanceClause;
}

/** Every clause with its document and section, in document order. */
export function allClauses(): LocatedClause[] {
  return GUIDANCE_DOCUMENTS.flatMap((document) =>
    document.sections.flatMap((section) => section.clauses.map((clause) => ({ document, section, clause }))),
  );
}

export function clauseById(documentId: string, ref: string): LocatedClause | undefined {
  const document = documentById(documentId);
  if (!document) return undefined;
  for (const section of document.sections) {
    const clause = section.clauses.find((c) => c.ref === ref);
    if (clause) return { document, section, clause };
  }
  return undefined;
}

export function resourceByRef(ref: string): GuidanceResource | undefined {
  return GUIDANCE_RESOURCES.find((r) => r.ref === ref);
}
