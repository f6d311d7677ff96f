import { CodedError } from '@delineo/errors';

/**
 * Domain error with a stable code; each transport maps codes to its own status in one table.
 * Messages name input fields and the kind of problem, never their values: the input carries the
 * original (re-identified) patient identity, and error messages end up in logs.
 */
export const FHIR_ERROR_CODES = [
  /** The report input is malformed; `problems` lists every finding. A caller bug. */
  'fhir/invalid-input',
  /** No FHIR Identifier.system for PatientID: neither configured nor derivable from the issuer. */
  'fhir/missing-identifier-system',
  /** A segment code uses a Coding Scheme Designator with no known FHIR system URI. */
  'fhir/unsupported-coding-scheme',
  /** A segment's category is not an anatomical site, so it cannot be an Observation.bodySite. */
  'fhir/unsupported-segment-category',
] as const;

export type FhirErrorCode = (typeof FHIR_ERROR_CODES)[number];

export class FhirError extends CodedError<FhirErrorCode> {
  constructor(
    code: FhirErrorCode,
    message: string,
    /** Every problem found, for errors that check a whole input at once. */
    readonly problems: readonly string[] = [message],
  ) {
    super(code, message);
  }
}

export function isFhirError(e: unknown): e is FhirError {
  return e instanceof FhirError;
}
