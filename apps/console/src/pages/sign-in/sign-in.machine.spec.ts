import { signInReducer, type SignInStep } from './sign-in.machine';

const enrolment = { otpauthUri: 'otpauth://totp/x', secret: 'S', qrSvg: '<svg/>' };

describe('signInReducer', () => {
  it.each([
    ['signed-in', 'done'],
    ['password-change-required', 'password'],
    ['totp-enrollment-required', 'totp'],
  ] as const)('goes from the credentials to the step the gateway names (%s)', (status, step) => {
    expect(signInReducer({ step: 'credentials' }, { type: 'answered', status }).step).toBe(step);
  });

  it('keeps the enrolment only while enrolling', () => {
    expect(signInReducer({ step: 'totp' }, { type: 'enrolment', enrolment })).toEqual({ step: 'totp', enrolment });
    expect(signInReducer({ step: 'password' }, { type: 'enrolment', enrolment })).toEqual({ step: 'password' });
  });

  it('shows the recovery codes before the step that follows the confirmation', () => {
    const s = signInReducer(
      { step: 'totp', enrolment },
      { type: 'confirmed', status: 'password-change-required', recoveryCodes: ['a'] },
    );
    expect(s).toEqual({ step: 'recovery-codes', codes: ['a'], then: 'password-change-required' });
    expect(signInReducer(s, { type: 'codes-saved' })).toEqual({ step: 'password' });
  });

  it('ignores a stray codes-saved and restarts from any step', () => {
    const password: SignInStep = { step: 'password' };
    expect(signInReducer(password, { type: 'codes-saved' })).toBe(password);
    expect(signInReducer(password, { type: 'restart' })).toEqual({ step: 'credentials' });
  });
});
