import { AuthError, type AuthErrorCode } from '@delineo/auth';
import { isDicomWebError, type DicomWebErrorCode } from '@delineo/dicomweb';
import { AccessError, accessHttpStatus } from '../auth/access.error';
import { UsersError, usersHttpStatus } from '../auth/users.error';
import { SettingsError, settingsHttpStatus } from '../settings/settings.error';
import { codeOf, DomainErrorCode } from './error-code';
import { RequestError, requestHttpStatus, type FieldProblem } from './request.error';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  /** Every finding of an input checked as a whole (a new password against the policy). */
  problems?: readonly string[];
  /** Every invalid field of a request body or query, with its path (a DTO's checks). */
  errors?: readonly FieldProblem[];
}

/** libs/auth codes over HTTP: a caller's bad input is 400/401; a stored value we cannot read is ours. */
function authHttpStatus(code: AuthErrorCode): number {
  switch (code) {
    case 'auth/weak-password':
    case 'auth/unknown-role':
    case 'auth/unknown-scope':
    case 'auth/malformed-totp-secret':
      return 400;
    case 'auth/malformed-token':
      return 401;
    case 'auth/malformed-password-hash':
    case 'auth/malformed-hash':
    case 'auth/invalid-audit-record':
    case 'auth/invalid-parameter':
      return 500;
  }
}

/** The one HTTP mapping table for domain codes (RFC 9457 problem details). */
function httpStatusFor(code: DomainErrorCode): number {
  switch (code) {
    case 'storage/full':
    case 'storage/unavailable':
    case 'db/unavailable':
      return 503;
    case 'internal/unexpected':
      return 500;
    case 'dicom/not-part10':
    case 'dicom/truncated':
    case 'dicom/malformed':
    case 'dicom/missing-sop-instance-uid':
    case 'dicom/missing-sop-class-uid':
    case 'dicom/missing-study-instance-uid':
    case 'dicom/missing-series-instance-uid':
    case 'dicom/invalid-uid':
    case 'ingest/sop-instance-mismatch':
    case 'ingest/sop-class-mismatch':
    case 'ingest/study-mismatch':
    case 'deid/burned-in-annotation':
    case 'deid/failed':
    case 'ingest/not-deidentified':
      return 400;
    case 'dicom/unsupported-transfer-syntax':
      return 415;
    case 'dicom/too-deep':
    case 'dicom/too-many-elements':
    case 'dicom/too-many-items':
      return 400;
    case 'dicom/inflate-limit':
      return 413;
  }
}

const DICOMWEB_STATUS: Record<DicomWebErrorCode, number> = {
  'dicomweb/bad-content-type': 415,
  'dicomweb/malformed-multipart': 400,
  'dicomweb/part-too-large': 413,
  'dicomweb/request-too-large': 413,
  // RFC 9110 §15.6.4: overloaded for now; the STOW controller adds Retry-After (§10.2.3).
  'dicomweb/busy': 503,
  'dicomweb/bad-query': 400,
  'dicomweb/not-acceptable': 406,
  'dicomweb/not-found': 404,
  'dicomweb/conflict': 409,
};

/**
 * Turns any error into a problem document. Only our own coded errors keep their message (they are
 * written never to contain dataset values); anything else is reduced to its code.
 */
export function toProblem(err: unknown): Problem {
  if (err instanceof AccessError) return problem(err.code, accessHttpStatus(err.code), { detail: err.message });
  if (err instanceof RequestError) {
    return problem(err.code, requestHttpStatus(err.code), { detail: err.message, errors: err.errors });
  }
  if (err instanceof UsersError) return problem(err.code, usersHttpStatus(err.code), { detail: err.message });
  if (err instanceof SettingsError) {
    const errors = err.errors.length > 0 ? { errors: err.errors } : {};
    return problem(err.code, settingsHttpStatus(err.code), { detail: err.message, ...errors });
  }
  if (err instanceof AuthError) {
    const status = authHttpStatus(err.code);
    return problem(err.code, status, status < 500 ? { detail: err.message, problems: err.problems } : {});
  }
  if (isDicomWebError(err)) {
    return problem(err.code, DICOMWEB_STATUS[err.code], { detail: err.message, problems: err.problems });
  }
  const code = codeOf(err);
  const known = code !== 'internal/unexpected' && !code.endsWith('/unavailable');
  return problem(code, httpStatusFor(code), known ? { detail: (err as Error).message } : {});
}

function problem(code: string, status: number, extra: Pick<Problem, 'detail' | 'problems' | 'errors'>): Problem {
  return { type: `urn:delineo:problem:${code}`, title: titleFor(status), status, code, ...extra };
}

function titleFor(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    429: 'Too Many Requests',
    404: 'Not Found',
    406: 'Not Acceptable',
    409: 'Conflict',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return titles[status] ?? 'Error';
}
