import { createServer, type Server, type Socket } from 'node:net';

import { loadOpenidClient } from './load-openid-client';
import { OidcError } from './oidc-errors';
import { OidcRelyingParty, type OidcRpSettings } from './oidc-rp';

const SETTINGS: Omit<OidcRpSettings, 'issuer'> = {
  clientId: 'delineo',
  clientSecret: 'secret',
  redirectUri: 'https://delineo.hospital.test/auth/oidc/callback',
  postLogoutRedirectUri: 'https://delineo.hospital.test/',
  groupsClaim: 'groups',
};

async function discoveryError(issuer: string, timeoutMs?: number): Promise<OidcError> {
  const err: unknown = await OidcRelyingParty.discover({ ...SETTINGS, issuer, timeoutMs }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OidcError);
  expect((err as OidcError).code).toBe('oidc/discovery-failed');
  return err as OidcError;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('loadOpenidClient', () => {
  it('loads the ESM-only openid-client under jest through Node’s own require(esm), once', () => {
    const client = loadOpenidClient();
    expect(typeof client.discovery).toBe('function');
    expect(typeof client.authorizationCodeGrant).toBe('function');
    expect(loadOpenidClient()).toBe(client);
  });

  it('shares URL with the main realm, where the library checks `instanceof URL`', () => {
    expect(URL).toBe(process.getBuiltinModule('node:url').URL);
  });
});

describe('OidcRelyingParty.discover', () => {
  it.each(['http://login.example', 'http://10.0.0.1:8080', 'ftp://127.0.0.1'])(
    'refuses the non-https, non-loopback issuer %s without a request',
    async (issuer) => {
      expect((await discoveryError(issuer)).message).toMatch(/must be https/);
    },
  );

  it('refuses an issuer that is not a URL', async () => {
    expect((await discoveryError('login.example')).message).toBe('the issuer is not a URL');
  });

  it('reports an unreachable loopback OP with the socket error', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    expect((await discoveryError(`http://127.0.0.1:${port}`)).message).toMatch(/ECONNREFUSED/);
  });

  it('gives up on an OP that never answers after timeoutMs', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    const port = await listen(server);
    try {
      expect((await discoveryError(`http://localhost:${port}`, 200)).message).toMatch(/discovery of .* failed/);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
