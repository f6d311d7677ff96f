/** Test certificates made with the openssl CLI (no network): RSA 2048, SHA-256, valid one day. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface KeyAndCert {
  key: string;
  cert: string;
}

const openssl = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
const newKey = (cn: string, key: string, ...out: string[]): string[] => [
  '-newkey',
  'rsa:2048',
  '-nodes',
  '-days',
  '1',
  '-subj',
  `/CN=${cn}`,
  '-keyout',
  key,
  ...out,
];

/** A self-signed certificate for CN=name, valid for 127.0.0.1. */
export function selfSigned(dir: string, name: string): KeyAndCert {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  openssl(['req', '-x509', ...newKey(name, key, '-out', cert), '-addext', 'subjectAltName=IP:127.0.0.1']);
  return { key, cert };
}

/** A CA, and `issue(name, cn, extensions)` for certificates it signs. */
export function testCa(dir: string): { ca: string; issue(name: string, cn: string, ext: string): KeyAndCert } {
  const f = (n: string) => path.join(dir, n);
  openssl(['req', '-x509', ...newKey('Delineo e2e CA', f('ca.key'), '-out', f('ca.crt'))]);
  return {
    ca: f('ca.crt'),
    issue(name, cn, ext) {
      openssl(['req', ...newKey(cn, f(`${name}.key`), '-out', f(`${name}.csr`))]);
      writeFileSync(f(`${name}.ext`), ext);
      const sign = ['-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-sha256'];
      openssl([
        'x509',
        '-req',
        '-in',
        f(`${name}.csr`),
        ...sign,
        '-extfile',
        f(`${name}.ext`),
        '-out',
        f(`${name}.crt`),
      ]);
      return { key: f(`${name}.key`), cert: f(`${name}.crt`) };
    },
  };
}
