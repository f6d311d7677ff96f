/**
 * View models of answers whose OpenAPI schema is still loose (`content?: never`). Where the
 * generated schema has a component, it is used instead, so the two cannot drift apart.
 */
import type { components } from './schema';

export const ROLES = ['admin', 'operator', 'radiologist', 'auditor', 'researcher'] as const;
export type Role = (typeof ROLES)[number];

export interface Me {
  id: string;
  name: string;
  username: string;
  email: string | null;
  roles: Role[];
  authMethod: 'local' | 'saml' | 'oidc' | string;
  restricted: boolean;
  csrfToken: string;
}

export type SignInStatus = 'signed-in' | 'password-change-required' | 'totp-enrollment-required';
export interface SignInAnswer {
  status: SignInStatus;
  csrfToken: string;
}
export interface TotpEnrolment {
  otpauthUri: string;
  secret: string;
  qrSvg: string;
}
export interface TotpConfirmation {
  status: SignInStatus;
  recoveryCodes: string[];
}

export const SERIES_STATES = ['received', 'complete', 'queued', 'running', 'segmented', 'delivered', 'failed'] as const;
export type SeriesState = (typeof SERIES_STATES)[number];

export interface Volume {
  label: number;
  name: string;
  voxels: number;
  volumeMl: number;
}
export interface Delivery {
  destination: string;
  state: string;
  attempts: number;
  errorCode: string | null;
  deliveredAt: string | null;
}
/** Every UID here is the pseudonymized one; descriptions are the de-identified values. */
export interface SeriesView {
  id: string;
  seriesInstanceUid: string;
  studyInstanceUid?: string;
  modality: string | null;
  seriesDescription: string | null;
  state: SeriesState;
  generation: number;
  route: { modelId: string; ruleName?: string; deliverTo?: string[] } | null;
  model: { id: string; version?: string; engine?: string } | null;
  progress: number;
  attempts: number;
  errorCode: string | null;
  timings: {
    receivedAt: string;
    stateChangedAt: string | null;
    stagesMs: Record<string, number | null | Record<string, number>>;
  };
  volumes: Volume[];
  deliveries: Delivery[];
  instances?: number;
}
export interface SeriesPage {
  total?: number | null;
  limit: number;
  offset?: number;
  next?: string | null;
  items: SeriesView[];
}

export interface FailedJob {
  id: string;
  name: string;
  attemptsMade: number;
  failedReason: string;
  seriesId?: string;
  modelId?: string;
  destination?: string;
}

export interface LiveStats {
  seriesByState: Partial<Record<SeriesState, number>>;
  instancesLastMinute: number;
  deadLetters: number;
  failures: number;
  queueDepth: number;
  at: string;
}
export interface SeriesEvent {
  id: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  state: SeriesState;
  generation: number;
  modelId: string | null;
  stateChangedAt: string | null;
}

export interface AuditRecord {
  seq: string;
  time: string;
  actorType: string;
  actorId: string;
  action: string;
  target: string | null;
  outcome: string;
  sourceAddress: string | null;
  requestId: string | null;
  details?: Record<string, string | number | boolean | null>;
}
export type ChainState =
  { ok: true; count: number; last?: { seq: string; hash: string } } | { ok: false; seq: number; reason: string };

export interface TokenView {
  id: string;
  name: string;
  scopes: string[];
  source: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export const API_SCOPES = ['dicomweb:read', 'dicomweb:write', 'status:read', 'pipeline:operate', 'admin'] as const;

export interface UserView {
  id: string;
  username: string;
  displayName?: string | null;
  email?: string | null;
  authMethod: string;
  roles: Role[];
  disabled?: boolean;
  disabledAt?: string | null;
  lastLoginAt?: string | null;
}

export interface ModelView {
  name: string;
  version: string;
  enabled: boolean;
  description?: string;
  input?: Record<string, unknown>;
  labels?: { value?: number; label?: number; name: string }[];
  lastRun?: Record<string, Record<string, number>>;
}

export type DestinationTestResult = components['schemas']['DestinationTestResult'];
export type DryRunResult = components['schemas']['DryRunResultDto'];
