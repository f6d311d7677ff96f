import type { Response } from 'express';

/**
 * Content-Security-Policy of the console's pages (CSP Level 3, W3C): every script, style, font and
 * API call from our own origin only, no inline script or style (Vite emits none), images also as
 * data: URLs (the TOTP QR code, icons). `frame-ancestors 'none'` forbids framing (clickjacking);
 * X-Frame-Options says the same to older browsers. No form-action: SSO sign-in navigates on to the
 * identity provider's origin, which a form-action limited to 'self' would block on redirect.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function setConsoleSecurityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The console's URLs name series and rules; no other site needs to see them.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
