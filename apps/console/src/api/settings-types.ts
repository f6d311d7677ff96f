/**
 * The runtime settings of GET/PUT /api/v1/settings and their history, as the generated schema
 * describes them (libs/config settings schema, apps/gateway settings DTOs).
 */
import type { components } from './schema';
import { everyMember } from './types';

type Schemas = components['schemas'];

export type AllowedCaller = Schemas['AllowedCallerDto'];
export type Destination = Schemas['DestinationDto'];
export type DestinationType = Destination['type'];
export type RoutingMatch = Schemas['RoutingMatchDto'];
export type MatchCriterion = keyof RoutingMatch;
export const MATCH_CRITERIA = everyMember<MatchCriterion>()([
  'modality',
  'seriesDescription',
  'bodyPart',
  'sopClassUid',
  'callingAeTitle',
  'source',
]);
export type RoutingRule = Schemas['RoutingRuleDto'];
export type DeidOption = keyof Schemas['DeidOptionsDto'];
export const DEID_OPTIONS = everyMember<DeidOption>()([
  'retainSafePrivate',
  'retainUids',
  'retainDeviceIdentity',
  'retainInstitutionIdentity',
  'retainPatientCharacteristics',
  'retainLongitudinalModifiedDates',
  'cleanDescriptors',
]);
export type Settings = Schemas['SettingsDocumentDto'];
export type SettingsDocument = Schemas['SettingsViewDto'];
export type SettingsVersionSummary = Schemas['SettingsVersionSummaryDto'];
export type SettingsVersionsPage = Schemas['SettingsVersionPageDto'];
/**
 * `before`/`after` are any JSON value (a string, a list, an object); the document declares them as
 * objects, so the console reads them as `unknown` and only prints them.
 */
export type SettingsDiffEntry = Omit<Schemas['SettingsChangeDto'], 'before' | 'after'> & {
  before?: unknown;
  after?: unknown;
};
export type SettingsVersion = Omit<Schemas['SettingsVersionDetailDto'], 'diff'> & { diff: SettingsDiffEntry[] };
