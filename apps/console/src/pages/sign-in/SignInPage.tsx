import { useEffect, useReducer, useRef, useState } from 'react';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';
import { useSession } from '../../session/session';
import { PasswordStep } from './PasswordStep';
import { signInReducer } from './sign-in.machine';
import { RecoveryCodes, TotpStep } from './TotpStep';

/** Sign-in: the hospital's IdP (SAML, OIDC), or a local break-glass account with password and TOTP. */
export default function SignInPage() {
  const { refresh, state: session } = useSession();
  const [state, dispatch] = useReducer(signInReducer, { step: 'credentials' });
  const [problem, setProblem] = useState<unknown>(session.kind === 'signed-out' ? session.problem : undefined);
  const [busy, setBusy] = useState(false);
  // The password just typed: the forced change needs it as the current one, without asking twice.
  const password = useRef('');

  useEffect(() => {
    if (state.step === 'done') void refresh();
  }, [state.step, refresh]);

  /** Runs one step's request; its answer or its problem moves the flow on. */
  async function run<T>(work: () => Promise<T>, then: (r: T) => void) {
    setBusy(true);
    setProblem(undefined);
    try {
      then(await work());
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  function signIn(form: FormData) {
    password.current = String(form.get('password') ?? '');
    const code = String(form.get('code') ?? '').trim();
    const body = {
      username: String(form.get('username') ?? ''),
      password: password.current,
      ...(code ? { code } : {}),
    };
    void run(
      () => api.post('/auth/local/login', { body }),
      (r) => {
        api.setCsrfToken(r.csrfToken);
        dispatch({ type: 'answered', status: r.status });
      },
    );
  }

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Delineo</h1>
      <Problem error={problem} />
      {state.step === 'credentials' && (
        <>
          <section aria-labelledby="sso-h">
            <h2 id="sso-h">Hospital account</h2>
            <p className="row">
              <a className="button" href="/auth/saml/login?returnTo=/">
                Sign in with SAML
              </a>
              <a className="button" href="/auth/oidc/login?returnTo=/">
                Sign in with OpenID Connect
              </a>
            </p>
          </section>
          <form
            aria-labelledby="local-h"
            onSubmit={(e) => {
              e.preventDefault();
              signIn(new FormData(e.currentTarget));
            }}
          >
            <h2 id="local-h">Local account</h2>
            <label htmlFor="username">Username</label>
            <input id="username" name="username" autoComplete="username" required maxLength={1024} />
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
            <label htmlFor="code">Authentication code</label>
            <input
              id="code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              aria-describedby="code-hint"
            />
            <small id="code-hint" className="muted">
              The 6-digit code of your authenticator app, or a recovery code. Leave empty on a first sign-in.
            </small>
            <button type="submit" disabled={busy}>
              Sign in
            </button>
          </form>
        </>
      )}
      {state.step === 'password' && (
        <PasswordStep
          busy={busy}
          onSubmit={(newPassword) =>
            void run(
              () =>
                api.post('/auth/local/password', {
                  body: { currentPassword: password.current, newPassword },
                }),
              (r) => {
                password.current = newPassword;
                dispatch({ type: 'answered', status: r.status });
              },
            )
          }
        />
      )}
      {state.step === 'totp' && (
        <TotpStep
          enrolment={state.enrolment}
          busy={busy}
          onStart={() =>
            void run(
              () => api.post('/auth/local/totp/enroll'),
              (enrolment) => dispatch({ type: 'enrolment', enrolment }),
            )
          }
          onConfirm={(code) =>
            void run(
              () => api.post('/auth/local/totp/confirm', { body: { code } }),
              (r) => dispatch({ type: 'confirmed', status: r.status, recoveryCodes: r.recoveryCodes }),
            )
          }
        />
      )}
      {state.step === 'recovery-codes' && (
        <RecoveryCodes codes={state.codes} onDone={() => dispatch({ type: 'codes-saved' })} />
      )}
      {state.step === 'done' && <p role="status">Signing in…</p>}
    </main>
  );
}
