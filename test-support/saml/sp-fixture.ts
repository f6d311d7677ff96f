/**
 * A SamlServiceProvider wired for unit tests: fixed endpoints, generated IdP keys (the real one, an
 * impostor with the SAME subject CN, a rollover one), an in-memory store, and a Response template that
 * the SP accepts as is, so each negative test changes exactly one thing.
 */
import { SamlServiceProvider } from '../../apps/gateway/src/auth/saml/saml-sp';
import { samlEndpoints, type SamlSpSettings } from '../../apps/gateway/src/auth/saml/saml-settings';
import { InMemoryRequestIdStore } from './in-memory-request-id.store';
import type { ForgeResponseOptions } from './saml-forge';
import { makeKeyPair, type KeyPair } from './test-keys';

export const PUBLIC_URL = 'https://delineo.hospital.example';
export const ENDPOINTS = samlEndpoints(PUBLIC_URL);
export const IDP_ISSUER = 'https://idp.example/metadata';
export const IDP_SSO = 'https://idp.example/sso';
export const IDP_SLO = 'https://idp.example/slo';
/** A fixed clock: tests pass it as `now`, never touch timers. */
export const NOW = new Date('2026-06-01T10:00:00Z');

export interface SamlTestKeys {
  idp: KeyPair;
  /** Self-signed with the same subject (CN=idp.example) as `idp`: only the key tells them apart. */
  impostor: KeyPair;
  rollover: KeyPair;
  sp: KeyPair;
}

export function makeSamlTestKeys(): SamlTestKeys {
  return {
    idp: makeKeyPair('idp.example'),
    impostor: makeKeyPair('idp.example'),
    rollover: makeKeyPair('idp.example'),
    sp: makeKeyPair('delineo.hospital.example'),
  };
}

export function makeTestSp(
  keys: SamlTestKeys,
  over: Partial<SamlSpSettings> = {},
): { sp: SamlServiceProvider; store: InMemoryRequestIdStore } {
  const store = new InMemoryRequestIdStore();
  const settings: SamlSpSettings = {
    publicUrl: PUBLIC_URL,
    entryPoint: IDP_SSO,
    logoutUrl: IDP_SLO,
    idpIssuer: IDP_ISSUER,
    idpCerts: [keys.idp.certPem],
    spKey: keys.sp.keyPem,
    spCert: keys.sp.certPem,
    groupsAttribute: 'groups',
    allowIdpInitiated: false,
    ...over,
  };
  return { sp: new SamlServiceProvider(settings, store), store };
}

/** Starts a login (so the store holds a request ID) and returns that ID. */
export async function pendingRequestId(sp: SamlServiceProvider, store: InMemoryRequestIdStore): Promise<string> {
  const before = new Set(store.pending.keys());
  await sp.loginUrl('/studies', NOW);
  const id = [...store.pending.keys()].find((k) => !before.has(k));
  if (!id) throw new Error('loginUrl saved no request ID');
  return id;
}

/** A Response the SP accepts: right issuer, endpoints, audience, window; assertion signed by `idp`. */
export function goodResponse(keys: SamlTestKeys, inResponseTo: string | undefined): ForgeResponseOptions {
  return {
    issuer: IDP_ISSUER,
    destination: ENDPOINTS.acsUrl,
    recipient: ENDPOINTS.acsUrl,
    audience: ENDPOINTS.entityId,
    inResponseTo,
    now: NOW,
    nameId: 'alice@hospital.test',
    sessionIndex: '_sess-alice',
    attributes: {
      email: ['alice@hospital.test'],
      displayName: ['Alice Admin'],
      groups: ['pacs-admins', 'radiology-users'],
    },
    signing: { key: keys.idp.keyPem, cert: keys.idp.certPem, signAssertion: true, signResponse: false },
  };
}
