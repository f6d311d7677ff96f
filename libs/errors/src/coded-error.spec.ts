import { CodedError } from './coded-error';

class ExampleError extends CodedError<'example/broken' | 'example/missing'> {}

describe('CodedError', () => {
  it('carries its code, message and cause, and takes its name from the subclass', () => {
    const cause = new Error('low level');
    const e = new ExampleError('example/missing', 'field x is missing', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(ExampleError);
    expect(e).toMatchObject({ code: 'example/missing', message: 'field x is missing', name: 'ExampleError', cause });
    expect(String(e)).toBe('ExampleError: field x is missing');
  });
});
