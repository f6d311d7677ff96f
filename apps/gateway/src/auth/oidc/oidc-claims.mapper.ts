import { OidcError } from './oidc-errors';

/** Who signed in, as the OP asserted it. `subject` + `issuer` is the stable key (OIDC Core §5.7). */
export interface OidcIdentity {
  readonly subject: string;
  readonly issuer: string;
  /** Informational; link accounts by subject, not email: an OP may let users set any address. */
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly name?: string;
  /** The values of the configured groups claim, deduplicated, in the OP's order; [] when absent. */
  readonly groups: readonly string[];
  /** The raw ID token, kept only as `id_token_hint` for RP-initiated logout. */
  readonly idToken: string;
}

export type Claims = Readonly<Record<string, unknown>>;

/**
 * The groups claim as a list. Some OPs send a single group as a string; anything else (a number, an
 * object, an array with a non-string) is a misconfiguration and is refused rather than guessed.
 * Array.isArray, not instanceof: under jest the claims come from another realm.
 */
export function groupsFromClaim(claims: Claims, claimName: string): string[] | undefined {
  const value = claims[claimName];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((g): g is string => typeof g === 'string')) return [...new Set(value)];
  throw new OidcError('oidc/invalid-claims', `the "${claimName}" claim is not a string or an array of strings`);
}

function optionalString(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Builds the identity from the validated ID token claims and, when fetched, the UserInfo claims
 * (already checked by openid-client to have the same `sub`, OIDC Core §5.3.2). ID token values win;
 * UserInfo fills what the ID token left out (OPs that conform ID token claims to the minimum, §5.4).
 */
export function identityFromClaims(
  idClaims: Claims,
  userinfo: Claims | undefined,
  groupsClaim: string,
  idToken: string,
): OidcIdentity {
  const emailSource = optionalString(idClaims, 'email') !== undefined ? idClaims : userinfo;
  const email = emailSource && optionalString(emailSource, 'email');
  const emailVerified = emailSource?.email_verified;
  const name = optionalString(idClaims, 'name') ?? (userinfo && optionalString(userinfo, 'name'));
  const groups = groupsFromClaim(idClaims, groupsClaim) ?? (userinfo && groupsFromClaim(userinfo, groupsClaim));
  const identity: { -readonly [K in keyof OidcIdentity]: OidcIdentity[K] } = {
    subject: String(idClaims.sub),
    issuer: String(idClaims.iss),
    groups: groups ?? [],
    idToken,
  };
  if (email !== undefined) identity.email = email;
  // email_verified belongs to the email it came with (OIDC Core §5.1).
  if (email !== undefined && typeof emailVerified === 'boolean') identity.emailVerified = emailVerified;
  if (name !== undefined) identity.name = name;
  return identity;
}
