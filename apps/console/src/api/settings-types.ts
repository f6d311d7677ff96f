/** The runtime settings document of GET/PUT /api/v1/settings (libs/config settings schema). */
export interface AllowedCaller {
  aeTitle: string;
  host?: string;
  certSubject?: string;
  query: boolean;
}
export type DestinationType = 'dimse' | 'dicomweb' | 'fhir';
export interface Destination {
  name: string;
  type: DestinationType;
  aeTitle?: string;
  host?: string;
  port?: number;
  tls?: boolean;
  url?: string;
  allowPlaintext?: boolean;
  [other: string]: unknown;
}
export const MATCH_CRITERIA = [
  'modality',
  'seriesDescription',
  'bodyPart',
  'sopClassUid',
  'callingAeTitle',
  'source',
] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];
export interface RoutingRule {
  name: string;
  match: Partial<Record<MatchCriterion, string>>;
  model: string;
  deliverTo: string[];
  priority?: number;
}
export const DEID_OPTIONS = [
  'retainSafePrivate',
  'retainUids',
  'retainDeviceIdentity',
  'retainInstitutionIdentity',
  'retainPatientCharacteristics',
  'retainLongitudinalModifiedDates',
  'cleanDescriptors',
] as const;
export type DeidOption = (typeof DEID_OPTIONS)[number];
export interface Settings {
  dimse: { allowedCallers: AllowedCaller[]; [other: string]: unknown };
  destinations: Destination[];
  routing: RoutingRule[];
  deid: { options: Record<DeidOption, boolean>; burnedInAnnotation: 'reject' | 'accept-flagged' };
  models?: { disabled: string[] };
  /** The "Open in viewer" link, e.g. https://ohif.example/viewer?StudyInstanceUIDs={StudyInstanceUID}. */
  viewer?: { urlTemplate?: string };
  [other: string]: unknown;
}
export interface SettingsDocument {
  version: number;
  source: 'database' | 'file';
  readOnly: boolean;
  author: string;
  createdAt: string;
  comment?: string;
  settings: Settings;
  viewerUrlTemplate?: string;
}
export interface SettingsVersionSummary {
  version: number;
  author: string;
  createdAt: string;
  comment?: string;
  changes: number | string[];
}
export interface SettingsVersionsPage {
  items: SettingsVersionSummary[];
  next?: number | string | null;
}
export interface SettingsDiffEntry {
  path: string;
  before?: unknown;
  after?: unknown;
}
export interface SettingsVersion {
  version: number;
  author: string;
  createdAt: string;
  comment?: string;
  settings: Settings;
  diff: SettingsDiffEntry[];
}
