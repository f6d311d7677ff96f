/**
 * SP metadata (SAML Metadata §2.4.4): signing certificate, ACS on HTTP-POST, SLO on HTTP-Redirect and
 * HTTP-POST, signed AuthnRequests, signed assertions wanted. No encryption key is published, so IdPs
 * do not encrypt assertions (the SP refuses EncryptedAssertion). node-saml's generator knows one SLO
 * binding only, hence this small template.
 */
import type { SamlEndpoints } from './saml-settings';

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export function spMetadataXml(endpoints: SamlEndpoints, spCertPem: string): string {
  const cert = spCertPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  const e = (v: string): string =>
    v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${e(endpoints.entityId)}">`,
    '  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true" WantAssertionsSigned="true">',
    '    <md:KeyDescriptor use="signing">',
    `      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`,
    '    </md:KeyDescriptor>',
    `    <md:SingleLogoutService Binding="${REDIRECT}" Location="${e(endpoints.sloUrl)}"/>`,
    `    <md:SingleLogoutService Binding="${POST}" Location="${e(endpoints.sloUrl)}"/>`,
    `    <md:AssertionConsumerService Binding="${POST}" Location="${e(endpoints.acsUrl)}" index="0" isDefault="true"/>`,
    '  </md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}
