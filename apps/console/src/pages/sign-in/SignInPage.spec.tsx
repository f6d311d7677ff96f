/** @jest-environment jsdom */
import '../../testing/polyfills';
import { fireEvent, render, screen } from '@testing-library/react';
import { api, ApiProblem } from '../../api/client';
import { SessionContext } from '../../session/session';
import SignInPage from './SignInPage';

jest.mock('../../api/client', () => jest.requireActual('../../testing/render').mockApiModule());
const post = api.post as jest.Mock;

function renderSignIn() {
  const session = {
    state: { kind: 'signed-out' as const },
    refresh: jest.fn(() => Promise.resolve()),
    signOut: jest.fn(),
  };
  render(
    <SessionContext.Provider value={session}>
      <SignInPage />
    </SessionContext.Provider>,
  );
  return session;
}
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('SignInPage', () => {
  beforeEach(() => post.mockReset());

  it('walks a first sign-in: password change, TOTP enrolment, recovery codes, then signed in', async () => {
    post.mockImplementation((url: string) => {
      switch (url) {
        case '/auth/local/login':
          return Promise.resolve({ status: 'password-change-required', csrfToken: 'csrf-1' });
        case '/auth/local/password':
          return Promise.resolve({ status: 'totp-enrollment-required' });
        case '/auth/local/totp/enroll':
          return Promise.resolve({ otpauthUri: 'otpauth://totp/x', secret: 'JBSWY3DP', qrSvg: '<svg></svg>' });
        case '/auth/local/totp/confirm':
          return Promise.resolve({ status: 'signed-in', recoveryCodes: ['r-1', 'r-2'] });
      }
      return Promise.reject(new Error(url));
    });
    const session = renderSignIn();
    type('Username', 'admin');
    type('Password', 'initial-pw');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Choose a new password' });
    expect(api.setCsrfToken).toHaveBeenCalledWith('csrf-1');
    expect(post).toHaveBeenCalledWith('/auth/local/login', { body: { username: 'admin', password: 'initial-pw' } });

    type('New password', 'a long new passphrase');
    type('Repeat new password', 'a different one');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByRole('alert').textContent).toBe('The two passwords differ.');
    expect(post).toHaveBeenCalledTimes(1);

    type('Repeat new password', 'a long new passphrase');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Start enrolment' }));
    expect(post).toHaveBeenCalledWith('/auth/local/password', {
      body: { currentPassword: 'initial-pw', newPassword: 'a long new passphrase' },
    });
    await screen.findByRole('img', { name: 'TOTP QR code' });
    expect(screen.getByTestId('totp-secret').textContent).toBe('JBSWY3DP');

    type('Authentication code', '123456');
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    const codes = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(codes.textContent).toBe('r-1r-2');
    expect(post).toHaveBeenCalledWith('/auth/local/totp/confirm', { body: { code: '123456' } });
    expect(session.refresh).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'I have saved them' }));
    await screen.findByText('Signing in…');
    expect(session.refresh).toHaveBeenCalled();
  });

  it('sends the TOTP code with the credentials and signs in directly', async () => {
    post.mockResolvedValue({ status: 'signed-in', csrfToken: 'c' });
    const session = renderSignIn();
    type('Username', 'admin');
    type('Password', 'pw');
    type('Authentication code', ' 654321 ');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Signing in…');
    expect(post).toHaveBeenCalledWith('/auth/local/login', {
      body: { username: 'admin', password: 'pw', code: '654321' },
    });
    expect(session.refresh).toHaveBeenCalled();
  });

  it("shows the gateway's problem when sign-in is refused and stays on the form", async () => {
    post.mockRejectedValue(
      new ApiProblem(401, 'Unauthorized', 'access/unauthenticated', 'wrong username, password or code'),
    );
    renderSignIn();
    type('Username', 'admin');
    type('Password', 'nope');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('wrong username, password or code');
    expect(screen.getByRole('link', { name: 'Sign in with SAML' }).getAttribute('href')).toBe(
      '/auth/saml/login?returnTo=/',
    );
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
