/**
 * Signing keys and self-signed certificates for SAML tests, made with the `openssl` CLI (Node's
 * crypto cannot issue X.509 certificates). RSA 2048 with SHA-256, like a real IdP's metadata cert.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface KeyPair {
  keyPem: string;
  certPem: string;
}

/** A fresh RSA 2048 key and a self-signed SHA-256 certificate for `/CN=<cn>`, valid for 30 days. */
export function makeKeyPair(cn: string): KeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-saml-key-'));
  try {
    writeKeyPair(dir, 'cert', cn);
    return {
      keyPem: readFileSync(path.join(dir, 'cert.key'), 'utf8'),
      certPem: readFileSync(path.join(dir, 'cert.crt'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `<dir>/<name>.key` (PKCS#8) and `<dir>/<name>.crt`. */
export function writeKeyPair(dir: string, name: string, cn: string): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-sha256',
      '-nodes',
      '-days',
      '30',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      path.join(dir, `${name}.key`),
      '-out',
      path.join(dir, `${name}.crt`),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/** The base64 DER body of a PEM certificate (what SAML metadata's X509Certificate holds). */
export function certBody(certPem: string): string {
  return certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
