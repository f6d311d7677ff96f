/**
 * Injection tokens for values and ports that have no class of their own. Every constructor names
 * its token explicitly: tsx/esbuild (bench scripts start the gateway) emits no decorator metadata.
 */
export const CoreTokens = {
  Config: Symbol('AppConfig'),
  Logger: Symbol('Logger'),
  ObjectStore: Symbol('ObjectStore'),
  JobQueue: Symbol('JobQueue'),
  /** The 32-byte HMAC key of pseudonyms, UIDs and date shifts (libs/deid). */
  ProjectKey: Symbol('ProjectKey'),
  /** Vault master keys (libs/deid Keyring). */
  Keyring: Symbol('Keyring'),
} as const;
