/**
 * npm run bench:auth — the identity issue's two figures, each next to a peer measured in the same run:
 *  1. the extra cost of token authentication per QIDO-RS request: Authenticator.authenticate() on
 *     a bearer token (header parse, token row lookup, SHA-256 compare), timed in-process — with the
 *     row cached (the steady state) and with the row read from the database (a token's first
 *     request, and once every 5 s) — next to the whole QIDO-RS request over loopback;
 *  2. SAML sign-in latency through the gateway against a real SimpleSAMLphp IdP on loopback
 *     (login redirect, the IdP's form, the ACS POST, the session), next to the IdP's own leg.
 * `-- --postgres` runs the gateway on PostgreSQL (postgres://postgres@127.0.0.1:5432/test).
 * Targets: token authentication < 1 ms per request; SAML sign-in p95 < 300 ms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { Authenticator } from '../apps/gateway/src/auth/authenticator.service';
import { samlEndpoints } from '../apps/gateway/src/auth/saml/saml-settings';
import { createTestDatabase } from '../apps/gateway/test/backends';
import { randomSecrets, startTestGateway } from '../apps/gateway/test/harness';
import { freePort } from '../test-support/ports';
import { IdpBrowser, idpLogin } from '../test-support/saml/idp-login';
import { samlIdpMissing, startSamlIdp } from '../test-support/saml/simplesamlphp-idp';
import { makeKeyPair } from '../test-support/saml/test-keys';

const N_QIDO = 500;
const N_AUTH = 5000;
const N_SAML = 40;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (v: number) => `${v.toFixed(3)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-bench-auth-'));
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const ep = samlEndpoints(publicUrl);
  const sp = makeKeyPair('delineo.bench');
  const missing = samlIdpMissing();
  const idp = missing.length ? undefined : await startSamlIdp({ sp: { ...ep, certPem: sp.certPem } });
  if (idp)
    for (const [f, t] of [
      ['sp.key', sp.keyPem],
      ['sp.crt', sp.certPem],
      ['idp.crt', idp.certPem],
    ])
      writeFileSync(path.join(dir, f), t);
  const db = process.argv.includes('--postgres') ? await createTestDatabase() : undefined;
  const gw = await startTestGateway({
    env: { HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...(db ? { DATABASE_URL: db.url, ...randomSecrets() } : {}) },
    settings: {
      series: { quietPeriodSeconds: 3600 },
      http: { publicUrl },
      auth: {
        roleMapping: { 'pacs-admins': 'admin' },
        ...(idp
          ? {
              saml: {
                entryPoint: idp.ssoUrl,
                idpIssuer: idp.entityId,
                idpCertFile: path.join(dir, 'idp.crt'),
                spKeyFile: path.join(dir, 'sp.key'),
                spCertFile: path.join(dir, 'sp.crt'),
              },
            }
          : {}),
      },
    },
  });
  try {
    console.log(`bench:auth on ${db ? 'PostgreSQL' : 'embedded PGlite'}`);
    await tokens(gw);
    if (idp) await saml(gw.http, ep.acsUrl, new URL(idp.baseUrl).origin);
    else console.log(`  SAML: skipped, the IdP cannot run here (missing ${missing.join(', ')})`);
  } finally {
    await gw.close();
    await idp?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function tokens(gw: Awaited<ReturnType<typeof startTestGateway>>): Promise<void> {
  const headers = { authorization: `Bearer ${gw.token}` };
  const auth = gw.gw.app.get(Authenticator);
  for (let i = 0; i < 200; i++) await auth.authenticate(headers); // warm-up
  const a: number[] = [];
  for (let i = 0; i < N_AUTH; i++) {
    const t0 = performance.now();
    await auth.authenticate(headers);
    a.push(performance.now() - t0);
  }
  const tokenId = gw.token.slice(4, 16);
  const cold: number[] = [];
  for (let i = 0; i < 500; i++) {
    auth.forget(tokenId); // as on the first request of a token, or every 5 s: one read of the token row
    const t0 = performance.now();
    await auth.authenticate(headers);
    cold.push(performance.now() - t0);
  }
  for (let i = 0; i < 50; i++) await (await gw.fetch('/dicomweb/studies')).arrayBuffer();
  const q: number[] = [];
  for (let i = 0; i < N_QIDO; i++) {
    const t0 = performance.now();
    await (await gw.fetch('/dicomweb/studies')).arrayBuffer();
    q.push(performance.now() - t0);
  }
  console.log(
    `  token authentication, ${N_AUTH}× (row cached): p50 ${ms(pct(a, 50))}  p95 ${ms(pct(a, 95))}  (target < 1 ms)`,
  );
  console.log(`  token authentication, 500× (row read):      p50 ${ms(pct(cold, 50))}  p95 ${ms(pct(cold, 95))}`);
  console.log(`  peer: QIDO-RS /studies, ${N_QIDO}×:   p50 ${ms(pct(q, 50))}  p95 ${ms(pct(q, 95))}`);
  console.log(`  ratio authentication / whole request: ${(pct(a, 50) / pct(q, 50)).toFixed(3)} (p50)`);
}

async function saml(http: string, acsUrl: string, idpOrigin: string): Promise<void> {
  const total: number[] = [];
  const idpLeg: number[] = [];
  for (let i = 0; i < N_SAML + 5; i++) {
    const t0 = performance.now();
    const res = await fetch(`${http}/auth/saml/login?returnTo=/`, { redirect: 'manual' });
    const location = res.headers.get('location')!;
    inflateRawSync(Buffer.from(new URL(location).searchParams.get('SAMLRequest')!, 'base64')); // a real AuthnRequest
    const t1 = performance.now();
    const login = await idpLogin(new IdpBrowser(idpOrigin), location, 'alice', 'alice-pass');
    const t2 = performance.now();
    const acs = await fetch(acsUrl, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ SAMLResponse: login.samlResponse }),
    });
    if (acs.status !== 303 || !acs.headers.get('set-cookie'))
      throw new Error(`sign-in ${i} answered HTTP ${acs.status}`);
    const t3 = performance.now();
    if (i >= 5) {
      total.push(t3 - t0);
      idpLeg.push(t2 - t1);
    }
  }
  console.log(
    `  SAML sign-in through the gateway, ${N_SAML}×: p50 ${ms(pct(total, 50))}  p95 ${ms(pct(total, 95))}  (target p95 < 300 ms)`,
  );
  console.log(
    `  peer: the IdP's own leg (SimpleSAMLphp form + response): p50 ${ms(pct(idpLeg, 50))}  p95 ${ms(pct(idpLeg, 95))}`,
  );
  console.log(`  ratio whole sign-in / IdP leg: ${(pct(total, 50) / pct(idpLeg, 50)).toFixed(2)} (p50)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
