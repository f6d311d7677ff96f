import { preparationOutcome } from './attempt-outcome';

describe('preparationOutcome', () => {
  const coded = (code: string, message = 'patient.id is required') => Object.assign(new Error(message), { code });

  it.each(['fhir/invalid-input', 'vault/missing', 'seg/invalid-label-map'])('makes %s permanent (the input will not change)', (code) => {
    expect(preparationOutcome(coded(code))).toEqual({ kind: 'permanent', code, message: 'patient.id is required' });
  });

  it('retries a passing fault with its code, without the message', () => {
    expect(preparationOutcome(coded('storage/unavailable', 'ECONNREFUSED DOE^JANE'))).toEqual({ kind: 'retry', code: 'storage/unavailable', message: 'preparing the result failed' });
  });

  it('retries an uncoded error under a generic code, never passing its message on', () => {
    const out = preparationOutcome(new Error('value DOE^JANE too long'));
    expect(out).toEqual({ kind: 'retry', code: 'delivery/preparation-failed', message: 'preparing the result failed' });
  });
});
