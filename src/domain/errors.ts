/** Domain errors carry a code from a closed union; one table maps codes to HTTP status. */
export type DomainErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'validation'
  | 'conflict'
  | 'invalid_state'
  | 'not_permitted'
  | 'unauthenticated';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const HTTP_STATUS_FOR: Readonly<Record<DomainErrorCode, number>> = {
  not_found: 404,
  // Out of scope looks exactly like not found (DESIGN.md, Access).
  forbidden: 404,
  validation: 400,
  conflict: 409,
  invalid_state: 409,
  // The record is visible, but this person's role may not take this step (e.g. ratification).
  not_permitted: 403,
  unauthenticated: 401,
};
