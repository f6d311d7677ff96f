import type { TotpEnrolment } from '../../api/types';

interface Props {
  enrolment?: TotpEnrolment;
  busy: boolean;
  onStart(): void;
  onConfirm(code: string): void;
}

/** TOTP enrolment (RFC 6238): the QR code the gateway rendered as SVG, its secret, then a first code. */
export function TotpStep({ enrolment, busy, onStart, onConfirm }: Props) {
  if (!enrolment)
    return (
      <section aria-labelledby="totp-h">
        <h2 id="totp-h">Set up two-factor authentication</h2>
        <p>Local accounts need an authenticator app (TOTP). Start, then scan the code with the app.</p>
        <button type="button" onClick={onStart} disabled={busy}>
          Start enrolment
        </button>
      </section>
    );
  return (
    <form
      aria-labelledby="totp-h"
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(String(new FormData(e.currentTarget).get('totp-code') ?? '').trim());
      }}
    >
      <h2 id="totp-h">Scan this code with your authenticator app</h2>
      {/* The gateway's own rendering (qrcode, SVG markup only), never user input. */}
      <div className="qr" role="img" aria-label="TOTP QR code" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
      <p>
        Or type the secret: <code data-testid="totp-secret">{enrolment.secret}</code>
      </p>
      <label htmlFor="totp-code">Authentication code</label>
      <input id="totp-code" name="totp-code" inputMode="numeric" autoComplete="one-time-code" required />
      <button type="submit" disabled={busy}>
        Confirm
      </button>
    </form>
  );
}

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  return (
    <section aria-labelledby="rc-h">
      <h2 id="rc-h">Recovery codes</h2>
      <p>Each code signs you in once if you lose your authenticator. They are shown only now: keep them safe.</p>
      <ul className="codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDone}>
        I have saved them
      </button>
    </section>
  );
}
