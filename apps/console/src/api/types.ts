/**
 * The console's view of the gateway's answers: aliases of the generated schema's components, so a
 * change in the gateway's DTOs reaches every page through `tsc`. Hand-written types remain only for
 * what the OpenAPI document does not describe; each one says why.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

/**
 * A runtime list of a schema enum's members (pickers need values, types have none); it compiles
 * only while it names every member, so a value added in the gateway fails `tsc` until listed here.
 */
export const everyMember =
  <U extends string>() =>
  <const L extends readonly U[]>(
    list: L & ([Exclude<U, L[number]>] extends [never] ? unknown : { missing: Exclude<U, L[number]> }),
  ): L =>
    list;

export type Me = Schemas['MeDto'];
export type Role = Me['roles'][number];
export const ROLES = everyMember<Role>()(['admin', 'operator', 'radiologist', 'auditor', 'researcher']);

export type SignInAnswer = Schemas['SignInDto'];
export type SignInStatus = SignInAnswer['status'];
export type TotpEnrolment = Schemas['TotpEnrolmentDto'];
export type TotpConfirmation = Schemas['TotpConfirmedDto'];

export type SeriesView = Schemas['SeriesViewDto'];
export type SeriesDetail = Schemas['SeriesDetailDto'];
export type SeriesPage = Schemas['SeriesPageDto'];
export type SeriesState = SeriesView['state'];
/** In pipeline order, for filters and counts. */
export const SERIES_STATES = everyMember<SeriesState>()([
  'received',
  'complete',
  'queued',
  'running',
  'segmented',
  'delivered',
  'failed',
]);
export type Volume = Schemas['SeriesVolumeDto'];
export type Delivery = Schemas['SeriesDeliveryDto'];

export type FailedJob = Schemas['FailedJobDto'];
export type ReplayOutcome = Schemas['ReplayOutcomeDto'];

/** The payloads of GET /api/v1/events (text/event-stream), listed in the document as extra models. */
export type LiveStats = Schemas['StatsEventDto'];
export type SeriesEvent = Schemas['SeriesEventDto'];
export type SettingsEvent = Schemas['SettingsEventDto'];

export type AuditRecord = Schemas['AuditRecordDto'];
export type AuditPage = Schemas['AuditPageDto'];
export type ChainState = Schemas['AuditChainDto'];

export type TokenView = Schemas['TokenViewDto'];
export type ApiScope = TokenView['scopes'][number];
export const API_SCOPES = everyMember<ApiScope>()([
  'dicomweb:read',
  'dicomweb:write',
  'status:read',
  'pipeline:operate',
  'admin',
]);

export type UserView = Schemas['UserViewDto'];
export type ModelView = Schemas['ModelDto'];

export type DestinationTestResult = Schemas['DestinationTestResult'];
export type DryRunResult = Schemas['DryRunResultDto'];
