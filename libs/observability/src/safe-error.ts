/**
 * Error serializer that never lets a value-bearing message into the logs. Our domain errors carry a
 * stable code of the form `<lib>/<kebab-code>` and their messages are written to be safe; any other
 * error (a driver, a parser, Node itself) may embed dataset values or SQL parameters in its message,
 * so only its name and code are kept.
 */
export interface SafeError {
  name: string;
  code?: string;
  message?: string;
  /** Stack frames without the first line (which repeats the message). */
  stack?: string;
  cause?: SafeError;
}

const DOMAIN_CODE = /^[a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;
const SAFE_CODE = /^[A-Za-z0-9_./-]{1,64}$/;
/** Any class, abstract or not, whatever its constructor takes: only used on the right of `instanceof`. */
type ErrorClass = abstract new (...args: never[]) => Error;

const safeClasses = new Set<ErrorClass>();

/** Opt a class in explicitly, e.g. an error type whose messages are constant strings. */
export function registerSafeErrorClass(ctor: ErrorClass): void {
  safeClasses.add(ctor);
}

export function isDomainError(err: unknown): err is Error & { code: string } {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && DOMAIN_CODE.test(code)) || [...safeClasses].some((c) => err instanceof c);
}

function framesOnly(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l));
  return frames.length > 0 ? frames.join('\n') : undefined;
}

export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) {
    return { name: err === null ? 'null' : typeof err };
  }
  const rawCode = (err as { code?: unknown }).code;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : undefined;
  const out: SafeError = { name: typeof err.name === 'string' ? err.name.slice(0, 64) : 'Error' };
  if (code !== undefined && SAFE_CODE.test(code)) out.code = code;
  if (isDomainError(err)) out.message = err.message;
  const stack = framesOnly(err.stack);
  if (stack) out.stack = stack;
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined && depth < 3) out.cause = safeError(cause, depth + 1);
  return out;
}
