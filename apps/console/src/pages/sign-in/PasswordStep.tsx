import { useState } from 'react';

/** The forced password change of a new or reset local account (NIST SP 800-63B policy, server-side). */
export function PasswordStep({ busy, onSubmit }: { busy: boolean; onSubmit(newPassword: string): void }) {
  const [mismatch, setMismatch] = useState(false);
  return (
    <form
      aria-labelledby="pw-h"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const next = String(f.get('new-password') ?? '');
        const again = String(f.get('repeat-password') ?? '');
        setMismatch(next !== again);
        if (next === again) onSubmit(next);
      }}
    >
      <h2 id="pw-h">Choose a new password</h2>
      <p>
        Your account needs a new password before you go on. Use a long passphrase; it may not contain your username.
      </p>
      <label htmlFor="new-password">New password</label>
      <input id="new-password" name="new-password" type="password" autoComplete="new-password" required />
      <label htmlFor="repeat-password">Repeat new password</label>
      <input
        id="repeat-password"
        name="repeat-password"
        type="password"
        autoComplete="new-password"
        required
        aria-invalid={mismatch}
        aria-describedby={mismatch ? 'pw-mismatch' : undefined}
      />
      {mismatch && (
        <p id="pw-mismatch" role="alert" className="field-error">
          The two passwords differ.
        </p>
      )}
      <button type="submit" disabled={busy}>
        Change password
      </button>
    </form>
  );
}
