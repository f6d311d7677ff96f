import { CodedError } from '@delineo/errors';

export const REQUEST_ERROR_CODES = ['request/invalid'] as const;
export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

/** One invalid field: its path in the body or query (`settings.routing[0].model`) and why. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A request body or query that failed its DTO's checks, with EVERY problem, so a console form
 * can mark each field at once. Messages name fields and rules, never the values sent.
 */
export class RequestError extends CodedError<RequestErrorCode> {
  constructor(
    code: RequestErrorCode,
    readonly errors: readonly FieldProblem[],
  ) {
    super(code, errors.map((e) => `${e.path}: ${e.message}`).join('; ') || 'the request is not valid');
  }
}

/** The HTTP mapping of request codes (one table, exhaustive). */
export function requestHttpStatus(code: RequestErrorCode): number {
  switch (code) {
    case 'request/invalid':
      return 400;
  }
}
