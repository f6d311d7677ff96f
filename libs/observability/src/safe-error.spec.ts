import { registerSafeErrorClass, safeError } from './safe-error';

class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

describe('safeError', () => {
  it('keeps name, code and message of a domain error', () => {
    expect(safeError(new DomainError('storage/full', 'object store is full'))).toMatchObject({
      name: 'DomainError',
      code: 'storage/full',
      message: 'object store is full',
    });
  });

  it('drops the message of an unknown error but keeps name and code', () => {
    const err = Object.assign(new Error('null value in column "patient_name" = DOE^JANE'), { code: '23502' });
    const out = safeError(err);
    expect(out).toMatchObject({ name: 'Error', code: '23502' });
    expect(out.message).toBeUndefined();
    expect(JSON.stringify(out)).not.toContain('DOE');
  });

  it('strips the message line from stacks and sanitizes causes', () => {
    const cause = new TypeError('bad value DOE^JANE');
    const err = new DomainError('deid/failed', 'de-identification failed');
    (err as Error & { cause?: unknown }).cause = cause;
    const out = safeError(err);
    expect(JSON.stringify(out)).not.toContain('DOE');
    expect(out.cause).toMatchObject({ name: 'TypeError' });
    expect(out.stack).toMatch(/^\s+at /);
  });

  it('honours explicitly registered safe classes and handles non-errors', () => {
    class ConstMessageError extends Error {}
    registerSafeErrorClass(ConstMessageError);
    expect(safeError(new ConstMessageError('fixed text')).message).toBe('fixed text');
    expect(safeError('DOE^JANE')).toEqual({ name: 'string' });
  });
});
