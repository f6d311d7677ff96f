/** Injection tokens for values and ports the gateway wires in app.module.ts. */
export const GatewayTokens = {
  Config: Symbol('AppConfig'),
  StowSettings: Symbol('StowSettings'),
  DataSource: Symbol('DataSource'),
  ObjectStore: Symbol('ObjectStore'),
  JobQueue: Symbol('JobQueue'),
  Logger: Symbol('Logger'),
  Secrets: Symbol('Secrets'),
  EmbeddedDb: Symbol('EmbeddedDb'),
} as const;

export interface StowSettings {
  maxPartBytes: number;
}
