export * from './errors';
export { base32Decode, base32Encode } from './base32';
export {
  generateTotpSecret,
  hotp,
  totp,
  totpStep,
  totpUri,
  verifyTotp,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
} from './totp';
export type { TotpUriInput, VerifyTotpOptions } from './totp';
export { hashPassword, needsRehash, SCRYPT_DEFAULTS, verifyPassword } from './password';
export type { ScryptParams } from './password';
export {
  assertPasswordPolicy,
  passwordPolicy,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PROBLEM_CODES,
} from './password-policy';
export type { PasswordContext, PasswordProblem, PasswordProblemCode } from './password-policy';
export { consumeRecoveryCode, generateRecoveryCodes, RECOVERY_CODE_ALPHABET } from './recovery-codes';
export type { RecoveryCodes } from './recovery-codes';
export {
  API_SCOPES,
  API_TOKEN_PREFIX,
  generateApiToken,
  isApiScope,
  parseApiToken,
  validateApiScopes,
  verifyApiToken,
} from './api-token';
export type { ApiScope, GeneratedApiToken } from './api-token';
export { isRole, mapGroupsToRoles, ROLES, validateRoleMapping } from './roles';
export type { Role, RoleMapping } from './roles';
export { isSafeReturnTo, safeReturnTo } from './return-to';
export {
  AUDIT_ACTOR_TYPES,
  AUDIT_OUTCOMES,
  canonicalAuditJson,
  chainHash,
  chainLink,
  GENESIS_HASH,
  verifyChain,
} from './audit-chain';
export type {
  AuditActorType,
  AuditDetailValue,
  AuditOutcome,
  AuditRecordInput,
  ChainedAuditRecord,
  ChainLink,
  ChainVerification,
} from './audit-chain';
