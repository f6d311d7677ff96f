import { CodedError } from '@delineo/errors';
/** One problem in the configuration, located by a path such as `routing[0].deliverTo[1]` or `HTTP_PORT`. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out === '' ? '(root)' : out;
}

export function formatConfigErrors(issues: readonly ConfigIssue[]): string {
  const n = issues.length;
  const lines = issues.map((i) => `  - ${i.path}: ${i.message}`);
  return [`invalid configuration (${n} error${n === 1 ? '' : 's'}):`, ...lines].join('\n');
}

/**
 * Thrown by loadConfig/loadSecrets with every issue found, so an operator fixes a file in one pass.
 * Messages name paths and rules, never secret values.
 */
export class ConfigError extends CodedError<'config/invalid'> {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super('config/invalid', formatConfigErrors(issues));
  }
}
