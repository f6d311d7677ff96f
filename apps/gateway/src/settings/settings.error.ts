import { CodedError } from '@delineo/errors';
import type { FieldProblem } from '../errors/request.error';

export const SETTINGS_ERROR_CODES = [
  'settings/invalid',
  'settings/conflict',
  'settings/read-only',
  'settings/not-found',
] as const;
export type SettingsErrorCode = (typeof SETTINGS_ERROR_CODES)[number];

/**
 * A settings change refused. `invalid` carries every problem with its path (libs/config's checks,
 * the same as the file's); messages name paths and rules, never secret values.
 */
export class SettingsError extends CodedError<SettingsErrorCode> {
  constructor(
    code: SettingsErrorCode,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(code, message);
  }
}

/** The HTTP mapping of settings codes (one table, exhaustive). */
export function settingsHttpStatus(code: SettingsErrorCode): number {
  switch (code) {
    case 'settings/invalid':
      return 400;
    case 'settings/not-found':
      return 404;
    // RFC 9110 §15.5.10: the request conflicts with the current state (a newer version; GitOps).
    case 'settings/conflict':
    case 'settings/read-only':
      return 409;
  }
}
