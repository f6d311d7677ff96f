/**
 * `npx tsx test-support/oidc/oidc-smoke.ts [logins]`: the OIDC relying party against the test OP
 * outside jest (tsx, CommonJS), which proves openid-client loads there too, and times full logins.
 */
import { OidcRelyingParty } from '../../apps/gateway/src/auth/oidc/oidc-rp';
import { loginAtOp } from './op-login';
import { startTestOp, TEST_OP_USERS } from './start-op';

const client = {
  clientId: 'delineo',
  clientSecret: 'smoke-secret',
  redirectUri: 'https://delineo.hospital.test/auth/oidc/callback',
  postLogoutRedirectUri: 'https://delineo.hospital.test/',
};

async function main(): Promise<void> {
  const logins = Number(process.argv[2] ?? 20);
  const op = await startTestOp(client);
  try {
    const rp = await OidcRelyingParty.discover({ ...client, issuer: op.issuer, groupsClaim: 'groups' });
    const times: number[] = [];
    let last;
    for (let i = 0; i < logins; i++) {
      const t0 = performance.now();
      const { url, pending } = await rp.begin();
      const { password } = TEST_OP_USERS.alice;
      const callback = await loginAtOp(url, { username: 'alice', password, redirectUri: client.redirectUri });
      last = await rp.complete(callback, pending);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number): string => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(1);
    const { subject, email, groups, issuer } = last ?? {};
    console.log(
      JSON.stringify({
        script: process.argv[1],
        subject,
        email,
        groups,
        issuer,
        logins,
        p50ms: pct(0.5),
        p95ms: pct(0.95),
      }),
    );
  } finally {
    await op.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
