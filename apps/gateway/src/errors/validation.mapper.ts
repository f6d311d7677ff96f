import type { ValidationError } from 'class-validator';
import type { FieldProblem } from './request.error';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `a.b`, `a[0]` (array items) or `a["odd key"]`: how a client names the field in its own object. */
function join(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  if (!IDENTIFIER.test(property)) return `${parent}[${JSON.stringify(property)}]`;
  return parent ? `${parent}.${property}` : property;
}

/**
 * Flattens class-validator's tree into every problem with its path, depth first in the order of
 * the DTO's properties. Only the constraint messages are kept: class-validator's `value` (what
 * the client sent) never reaches the answer or a log.
 */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const path = join(parent, e.property);
    for (const message of Object.values(e.constraints ?? {})) out.push({ path: path || '(body)', message });
    if (e.children?.length) out.push(...fieldProblems(e.children, path));
  }
  return out;
}
