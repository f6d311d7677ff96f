import { readFileSync } from 'node:fs';
import type { AppConfig } from '@delineo/config';
import type { AuthNonceRepository } from '@delineo/db';
import type { SamlRequestIdStore } from './request-id.store';
import { SamlServiceProvider } from './saml-sp';

export const SAML_SP = Symbol('SamlServiceProvider');

/** The request-id and replay stores on PostgreSQL, so every gateway instance shares them. */
export function samlStore(nonces: Pick<AuthNonceRepository, 'save' | 'consume' | 'claim'>): SamlRequestIdStore {
  return {
    save: (id, expiresAt) => nonces.save(`saml-request:${id}`, 'saml-request', expiresAt),
    consume: async (id, now) => (await nonces.consume(`saml-request:${id}`, 'saml-request', now)) !== undefined,
    markUsed: (id, expiresAt, now) => nonces.claim(`saml-used:${id}`, 'saml-used', expiresAt, now),
  };
}

/** The SP from the settings file, or undefined when SAML is not configured. */
export function samlFromConfig(
  config: Pick<AppConfig, 'auth' | 'http'>,
  nonces: Pick<AuthNonceRepository, 'save' | 'consume' | 'claim'>,
): SamlServiceProvider | undefined {
  const s = config.auth.saml;
  if (!s || !config.http.publicUrl) return undefined;
  const certFiles = s.idpCertFiles ?? (s.idpCertFile ? [s.idpCertFile] : []);
  return new SamlServiceProvider(
    {
      publicUrl: config.http.publicUrl,
      entryPoint: s.entryPoint,
      logoutUrl: s.logoutUrl,
      idpIssuer: s.idpIssuer,
      idpCerts: certFiles.map((f) => readFileSync(f, 'utf8')),
      spKey: readFileSync(s.spKeyFile, 'utf8'),
      spCert: readFileSync(s.spCertFile, 'utf8'),
      groupsAttribute: s.groupsAttribute,
      allowIdpInitiated: s.allowIdpInitiated,
    },
    samlStore(nonces),
  );
}
