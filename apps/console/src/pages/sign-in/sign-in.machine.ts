import type { SignInStatus, TotpEnrolment } from '../../api/types';

/**
 * The local sign-in steps (apps/gateway/src/auth/README.md "Sign-in"): credentials, then as the
 * gateway asks, a password change and/or TOTP enrolment (either order), then the recovery codes
 * shown once, then signed in.
 */
export type SignInStep =
  | { step: 'credentials' }
  | { step: 'password' }
  | { step: 'totp'; enrolment?: TotpEnrolment }
  | { step: 'recovery-codes'; codes: string[]; then: SignInStatus }
  | { step: 'done' };

export type SignInEvent =
  | { type: 'answered'; status: SignInStatus }
  | { type: 'enrolment'; enrolment: TotpEnrolment }
  | { type: 'confirmed'; status: SignInStatus; recoveryCodes: string[] }
  | { type: 'codes-saved' }
  | { type: 'restart' };

const after = (status: SignInStatus): SignInStep => {
  switch (status) {
    case 'signed-in':
      return { step: 'done' };
    case 'password-change-required':
      return { step: 'password' };
    case 'totp-enrollment-required':
      return { step: 'totp' };
  }
};

export function signInReducer(state: SignInStep, event: SignInEvent): SignInStep {
  switch (event.type) {
    case 'answered':
      return after(event.status);
    case 'enrolment':
      return state.step === 'totp' ? { step: 'totp', enrolment: event.enrolment } : state;
    case 'confirmed':
      // Recovery codes are answered once: they are shown before anything else happens.
      return event.recoveryCodes.length
        ? { step: 'recovery-codes', codes: event.recoveryCodes, then: event.status }
        : after(event.status);
    case 'codes-saved':
      return state.step === 'recovery-codes' ? after(state.then) : state;
    case 'restart':
      return { step: 'credentials' };
  }
}
