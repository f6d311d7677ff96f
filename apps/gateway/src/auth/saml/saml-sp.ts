/**
 * The SAML 2.0 service provider core, framework-free: the HTTP controllers call it; it never sees a
 * request object. Built on node-saml 5.1's SAML class for message generation, request signing and
 * signature verification; closes that release's gaps itself (README.md, "Conformance").
 */
import { checkVerifiedAssertion, type SamlIdentity } from './saml-assertion';
import { checkResponseEnvelope } from './saml-envelope';
import { SamlError } from './saml-errors';
import {
  checkLogoutRequest,
  checkLogoutResponse,
  verifyLogoutMessage,
  type LogoutContext,
  type SamlLogoutInput,
} from './saml-logout';
import { spMetadataXml } from './saml-metadata';
import {
  resolveSamlSettings,
  type ResolvedSamlSettings,
  type SamlEndpoints,
  type SamlSpSettings,
} from './saml-settings';
import { VerifyingSaml } from './saml-signature';
import { decodeBase64, inflate, parseSamlXml, requiredId } from './saml-xml';
import type { SamlRequestIdStore } from './request-id.store';

export type { SamlIdentity, SamlLogoutInput };

export type SamlLogoutResult =
  | { kind: 'response'; relayState?: string }
  | { kind: 'request'; nameId: string; nameIdFormat?: string; sessionIndex?: string; responseUrl: string };

const UNSPECIFIED_NAMEID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

export class SamlServiceProvider {
  private readonly s: ResolvedSamlSettings;
  /** Builds and signs our requests; verifies responses where only the assertion is signed. */
  private readonly saml: VerifyingSaml;
  /** Verifies responses that carry a Response signature too: then both signatures must verify. */
  private readonly samlResponseSigned: VerifyingSaml;
  private readonly metadataXml: string;

  constructor(
    settings: SamlSpSettings,
    private readonly store: SamlRequestIdStore,
  ) {
    this.s = resolveSamlSettings(settings);
    const config = {
      entryPoint: this.s.entryPoint,
      logoutUrl: this.s.logoutUrl,
      issuer: this.s.entityId,
      callbackUrl: this.s.acsUrl,
      logoutCallbackUrl: this.s.sloUrl,
      idpCert: this.s.idpCerts,
      privateKey: this.s.spKey,
      publicCert: this.s.spCert,
      // No NameIDPolicy Format and no RequestedAuthnContext: the IdP's own policy decides (MFA, Kerberos).
      identifierFormat: null,
      disableRequestedAuthnContext: true,
    };
    this.saml = new VerifyingSaml({ ...config, wantAuthnResponseSigned: false });
    this.samlResponseSigned = new VerifyingSaml({ ...config, wantAuthnResponseSigned: true });
    this.metadataXml = spMetadataXml(this.s, this.s.spCert);
  }

  get endpoints(): SamlEndpoints {
    return { entityId: this.s.entityId, acsUrl: this.s.acsUrl, sloUrl: this.s.sloUrl };
  }

  metadata(): string {
    return this.metadataXml;
  }

  /** SP-initiated login: the IdP URL with a signed (RSA-SHA256) AuthnRequest; its ID is saved first. */
  async loginUrl(relayState: string, now = new Date()): Promise<string> {
    const url = await this.saml.getAuthorizeUrlAsync(relayState, undefined, {});
    await this.rememberRequest(url, now);
    return url;
  }

  /** The ACS: checks a base64 SAMLResponse (HTTP-POST binding) and returns who signed in. */
  async acceptResponse(samlResponseB64: string, now = new Date()): Promise<SamlIdentity> {
    const xml = decodeBase64(samlResponseB64, 'SAMLResponse');
    const envelope = checkResponseEnvelope(xml, this.s);
    const verifier = envelope.responseSigned ? this.samlResponseSigned : this.saml;
    const assertion = await verifier.verifiedAssertion(xml);
    if (requiredId(assertion) !== envelope.assertionId) {
      throw new SamlError('saml/bad-signature', 'verified Assertion is not the received one');
    }
    const checked = checkVerifiedAssertion(assertion, {
      ...this.s,
      now: now.getTime(),
      envelopeInResponseTo: envelope.inResponseTo,
    });
    const inResponseTo = checked.identity.inResponseTo;
    if (inResponseTo === undefined && !this.s.allowIdpInitiated) {
      throw new SamlError('saml/idp-initiated-disabled', 'unsolicited Response (no InResponseTo) is disabled');
    }
    // SAML Profiles §4.1.4.5: a bearer assertion is accepted once, solicited or not.
    if (!(await this.store.markUsed(checked.id, checked.usableUntil, now))) {
      throw new SamlError('saml/replayed', 'Assertion was already used');
    }
    if (inResponseTo !== undefined && !(await this.store.consume(inResponseTo, now))) {
      throw new SamlError('saml/unknown-request', 'InResponseTo names no pending AuthnRequest');
    }
    return checked.identity;
  }

  /** SP-initiated SLO: the IdP URL with a signed LogoutRequest (HTTP-Redirect); its ID is saved first. */
  async logoutUrl(
    identity: { nameId: string; nameIdFormat?: string; sessionIndex?: string },
    relayState: string,
    now = new Date(),
  ): Promise<string> {
    if (!this.s.logoutUrl) throw new SamlError('saml/invalid-settings', 'logoutUrl is not configured');
    const url = await this.saml.getLogoutUrlAsync(
      {
        issuer: this.s.idpIssuer,
        nameID: identity.nameId,
        nameIDFormat: identity.nameIdFormat ?? UNSPECIFIED_NAMEID,
        sessionIndex: identity.sessionIndex,
      },
      relayState,
      {},
    );
    await this.rememberRequest(url, now);
    return url;
  }

  /**
   * The SLO endpoint. A LogoutResponse must answer a LogoutRequest we sent; an IdP-initiated
   * LogoutRequest yields the signed LogoutResponse URL, to redirect to AFTER ending the local
   * sessions of `nameId` (and `sessionIndex`, when given).
   */
  async acceptLogout(input: SamlLogoutInput, now = new Date()): Promise<SamlLogoutResult> {
    const { root, relayState } = verifyLogoutMessage(input, this.s.idpCerts);
    const ctx: LogoutContext = { ...this.s, now: now.getTime() };
    if (root.localName === 'LogoutResponse') {
      const res = checkLogoutResponse(root, ctx);
      await this.markUsed(res.id, res.usableUntil, now);
      if (!(await this.store.consume(res.inResponseTo, now))) {
        throw new SamlError('saml/unknown-request', 'InResponseTo names no pending LogoutRequest');
      }
      return { kind: 'response', relayState };
    }
    const req = checkLogoutRequest(root, ctx);
    await this.markUsed(req.id, req.usableUntil, now);
    const responseUrl = await this.saml.getLogoutResponseUrlAsync(
      {
        ID: req.id,
        issuer: this.s.idpIssuer,
        nameID: req.nameId,
        nameIDFormat: req.nameIdFormat ?? UNSPECIFIED_NAMEID,
      },
      relayState ?? '',
      {},
      true,
    );
    return {
      kind: 'request',
      nameId: req.nameId,
      nameIdFormat: req.nameIdFormat,
      sessionIndex: req.sessionIndex,
      responseUrl,
    };
  }

  private async markUsed(id: string, until: Date, now: Date): Promise<void> {
    if (!(await this.store.markUsed(id, until, now)))
      throw new SamlError('saml/replayed', 'logout message was already used');
  }

  /** Saves the ID of the request inside a redirect URL we built: exactly the ID the IdP will answer. */
  private async rememberRequest(url: string, now: Date): Promise<void> {
    const encoded = new URL(url).searchParams.get('SAMLRequest') ?? '';
    const doc = parseSamlXml(inflate(decodeBase64(encoded, 'SAMLRequest'), 'SAMLRequest'), 'SAMLRequest');
    await this.store.save(requiredId(doc.documentElement), new Date(now.getTime() + this.s.requestTtlMs));
  }
}
