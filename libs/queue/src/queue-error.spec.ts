import { failureCodeOf, failureReason, PermanentJobError } from './queue-error';

describe('failure reasons', () => {
  it('keep a domain code that failureCodeOf reads back', () => {
    const reason = failureReason(new PermanentJobError('models/command-failed', 'exited with 3'));
    expect(reason).toBe('models/command-failed: exited with 3');
    expect(failureCodeOf(reason)).toBe('models/command-failed');
  });

  it('keep no code (and no message) for an uncoded error', () => {
    const reason = failureReason(new Error('value DOE^JANE too long'));
    expect(reason).toBe('Error');
    expect(failureCodeOf(reason)).toBeUndefined();
    expect(failureCodeOf('job stalled more than allowable limit')).toBeUndefined();
  });
});
