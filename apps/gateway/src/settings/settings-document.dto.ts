import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * OpenAPI shapes of the live settings document (libs/config RuntimeDocument). They document and
 * type the console's client; the checks themselves are libs/config's (the file's schema and
 * cross-checks), so a request's `settings` is validated there, with every problem's path.
 */

export class AllowedCallerDto {
  @ApiProperty({ type: String, maxLength: 16 }) aeTitle!: string;
  @ApiPropertyOptional({ type: String, description: 'Only from this host or address' }) host?: string;
  @ApiPropertyOptional({ type: String, description: 'Common Name of its client certificate (DICOM TLS)' })
  certSubject?: string;
  @ApiProperty({ type: Boolean, description: 'May query and retrieve (C-FIND, C-MOVE, C-GET)' }) query!: boolean;
}

export class DimseLiveDto {
  @ApiProperty({ type: [AllowedCallerDto] }) allowedCallers!: AllowedCallerDto[];
}

export class DestinationDto {
  @ApiProperty({ type: String, pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }) name!: string;
  @ApiProperty({ enum: ['dimse', 'dicomweb', 'fhir'] }) type!: 'dimse' | 'dicomweb' | 'fhir';
  @ApiPropertyOptional({ type: String, description: 'dimse' }) aeTitle?: string;
  @ApiPropertyOptional({ type: String, description: 'dimse' }) host?: string;
  @ApiPropertyOptional({ type: Number, description: 'dimse' }) port?: number;
  @ApiPropertyOptional({ type: Boolean, description: 'dimse: DICOM TLS' }) tls?: boolean;
  @ApiPropertyOptional({ type: String, description: 'dicomweb, fhir: base URL' }) url?: string;
  @ApiPropertyOptional({ type: Boolean }) allowPlaintext?: boolean;
  @ApiPropertyOptional({ type: String, description: 'fhir: Identifier.system of PatientID' })
  patientIdentifierSystem?: string;
  @ApiPropertyOptional({ type: String, description: 'fhir: e.g. +0100' }) timezoneOffset?: string;
}

export class RoutingMatchDto {
  @ApiPropertyOptional({ type: String }) modality?: string;
  @ApiPropertyOptional({ type: String, description: 'Regular expression; (?i) for case-insensitive' })
  seriesDescription?: string;
  @ApiPropertyOptional({ type: String }) bodyPart?: string;
  @ApiPropertyOptional({ type: String }) sopClassUid?: string;
  @ApiPropertyOptional({ type: String }) callingAeTitle?: string;
  @ApiPropertyOptional({ type: String, description: 'STOW-RS: the source of the API token' }) source?: string;
}

export class RoutingRuleDto {
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: RoutingMatchDto }) match!: RoutingMatchDto;
  @ApiProperty({ type: String }) model!: string;
  @ApiProperty({ type: [String] }) deliverTo!: string[];
  @ApiPropertyOptional({ type: Number, description: '1 is highest' }) priority?: number;
}

export class DeidOptionsDto {
  @ApiProperty({ type: Boolean }) retainSafePrivate!: boolean;
  @ApiProperty({ type: Boolean }) retainUids!: boolean;
  @ApiProperty({ type: Boolean }) retainDeviceIdentity!: boolean;
  @ApiProperty({ type: Boolean }) retainInstitutionIdentity!: boolean;
  @ApiProperty({ type: Boolean }) retainPatientCharacteristics!: boolean;
  @ApiProperty({ type: Boolean }) retainLongitudinalModifiedDates!: boolean;
  @ApiProperty({ type: Boolean }) cleanDescriptors!: boolean;
}

export class DeidLiveDto {
  @ApiProperty({ type: DeidOptionsDto }) options!: DeidOptionsDto;
  @ApiProperty({ enum: ['reject', 'accept-flagged'] }) burnedInAnnotation!: 'reject' | 'accept-flagged';
}

export class ModelsLiveDto {
  @ApiProperty({ type: [String] }) disabled!: string[];
}

export class ViewerLiveDto {
  @ApiPropertyOptional({ type: String, description: 'URL with {StudyInstanceUID}' }) urlTemplate?: string;
}

export class SettingsDocumentDto {
  @ApiProperty({ type: DimseLiveDto }) dimse!: DimseLiveDto;
  @ApiProperty({ type: [DestinationDto] }) destinations!: DestinationDto[];
  @ApiProperty({ type: [RoutingRuleDto] }) routing!: RoutingRuleDto[];
  @ApiProperty({ type: DeidLiveDto }) deid!: DeidLiveDto;
  @ApiProperty({ type: ModelsLiveDto }) models!: ModelsLiveDto;
  @ApiProperty({ type: ViewerLiveDto }) viewer!: ViewerLiveDto;
}
