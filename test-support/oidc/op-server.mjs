// A test OpenID Provider (oidc-provider 9) on 127.0.0.1 for the OIDC integration tests and bench.
// Plain ESM run with `node` as a child process, so the ESM-only oidc-provider never meets jest's
// CommonJS module registry. Prints one JSON line {"issuer": "http://127.0.0.1:PORT"} once listening.
//
// Options, as --name=value or env OP_NAME: client-id, client-secret, redirect-uri,
// post-logout-redirect-uri, port (0 = any), id-token-claims=1 (put scope claims such as groups in the
// ID token too, not only in UserInfo), check=1 (start, print, exit: a preflight for the tests).
// Users and passwords: op-users.json. Login and consent are two small HTML forms (see op-login.ts).
import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const arg = (name) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ??
  process.env[`OP_${name.toUpperCase().replaceAll('-', '_')}`];
const USERS = JSON.parse(readFileSync(new URL('./op-users.json', import.meta.url), 'utf8'));
const redirectUri = arg('redirect-uri') ?? 'https://delineo.hospital.test/auth/oidc/callback';

const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(arg('port') ?? 0), '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: arg('client-id') ?? 'delineo',
      client_secret: arg('client-secret') ?? 'delineo-test-secret',
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [arg('post-logout-redirect-uri') ?? new URL('/', redirectUri).href],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-op-rs256', use: 'sig' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  pkce: { required: () => true }, // RFC 7636 for every client, not only public ones
  claims: { email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  conformIdTokenClaims: arg('id-token-claims') !== '1',
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource: (ctx) => (ctx.body = 'signed out') },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (_ctx, id) =>
    Object.hasOwn(USERS, id) ? { accountId: id, claims: () => ({ sub: id, ...claimsOf(USERS[id]) }) } : undefined,
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, IdToken: 600, AccessToken: 600, AuthorizationCode: 60 },
});

function claimsOf({ email, name, groups }) {
  return { email, email_verified: true, name, groups };
}

function logoutSource(ctx, form) {
  ctx.body = `<!DOCTYPE html><title>Sign out</title>${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button>`;
}

const page = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!DOCTYPE html><html><body>${body}</body></html>`);
};

const loginForm = (uid, problem = '') =>
  `${problem && `<p role="alert">${problem}</p>`}<form data-prompt="login" method="post" action="/interaction/${uid}">` +
  '<input name="username"><input name="password" type="password">' +
  '<button name="action" value="login">Sign in</button><button name="action" value="deny">Cancel</button></form>';

const consentForm = (uid, scopes) =>
  `<p>Share ${scopes.join(', ')}?</p><form data-prompt="consent" method="post" action="/interaction/${uid}">` +
  '<button name="action" value="approve">Allow</button><button name="action" value="deny">Deny</button></form>';

function passwordMatches(username, password) {
  if (!Object.hasOwn(USERS, username)) return false;
  const [a, b] = [Buffer.from(USERS[username].password), Buffer.from(password)];
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res) {
  const { uid, prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    const scopes = prompt.details.missingOIDCScope ?? [];
    return page(res, 200, prompt.name === 'login' ? loginForm(uid) : consentForm(uid, scopes));
  }
  const form = await readForm(req);
  if (form.get('action') === 'deny') {
    const result = { error: 'access_denied', error_description: 'End-User denied the request' };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'login') {
    const username = form.get('username') ?? '';
    if (!passwordMatches(username, form.get('password') ?? '')) return page(res, 401, loginForm(uid, 'Wrong password'));
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: username } },
      { mergeWithLastSubmission: false },
    );
  }
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const result = { consent: { grantId: await grant.save() } };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

const handle = provider.callback();
server.on('request', (req, res) => {
  if (!/^\/interaction\/[\w-]+(\?|$)/.test(req.url)) return handle(req, res);
  interaction(req, res).catch((err) => page(res, 500, `interaction failed: ${err.name}`));
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop); // the parent went away: do not linger
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
if (arg('check') === '1') stop();
