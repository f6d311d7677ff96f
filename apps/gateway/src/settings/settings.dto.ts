import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SettingsDocumentDto } from './settings-document.dto';

const MAX_VERSION = 2_000_000_000;
const ORIGINS = ['seed', 'file', 'console', 'restore'];

export class UpdateSettingsDto {
  @ApiProperty({ type: Number, description: 'The version you edited: refused with 409 if it is no longer the latest' })
  @IsInt()
  @Min(0)
  @Max(MAX_VERSION)
  baseVersion!: number;

  @ApiProperty({ type: SettingsDocumentDto, description: 'The whole live document (checked as DELINEO_CONFIG is)' })
  @IsObject()
  settings!: Record<string, unknown>;

  @ApiPropertyOptional({ type: String, maxLength: 500, description: 'Why (shown in the history)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class RestoreSettingsDto {
  @ApiProperty({ type: Number, description: 'The latest version you saw: refused with 409 if it is not' })
  @IsInt()
  @Min(0)
  @Max(MAX_VERSION)
  baseVersion!: number;
}

export class ModelEnabledDto {
  @ApiProperty({ type: Boolean })
  @IsBoolean()
  enabled!: boolean;
}

export class SettingsVersionsQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ type: Number, description: 'Versions older than this one (the `next` of a page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  before?: number;
}

export class SettingsVersionSummaryDto {
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ type: String, description: 'Username, token:<name> or system' }) author!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ORIGINS }) origin!: 'seed' | 'file' | 'console' | 'restore';
  @ApiPropertyOptional({ type: Number }) restoredFrom?: number;
  @ApiPropertyOptional({ type: String }) comment?: string;
  @ApiProperty({ type: Number, description: 'Settings changed from the version before' }) changes!: number;
}

export class SettingsViewDto extends SettingsVersionSummaryDto {
  @ApiProperty({ enum: ['database', 'file'] }) source!: 'database' | 'file';
  @ApiProperty({ type: Boolean, description: 'config.source is file: the console cannot change settings' })
  readOnly!: boolean;
  @ApiPropertyOptional({ type: String }) viewerUrlTemplate?: string;
  @ApiProperty({ type: SettingsDocumentDto }) settings!: SettingsDocumentDto;
}

export class SettingsChangeDto {
  @ApiProperty({ type: String, example: 'routing[0].model' }) path!: string;
  // Any JSON value (a leaf, or a whole added or removed entry). The type is explicit because tsx
  // (test processes, benches) emits no design types, and Swagger cannot describe `unknown` alone.
  @ApiPropertyOptional({ type: Object, description: 'Absent: added' }) before?: unknown;
  @ApiPropertyOptional({ type: Object, description: 'Absent: removed' }) after?: unknown;
}

export class SettingsVersionDetailDto extends SettingsVersionSummaryDto {
  @ApiProperty({ type: SettingsDocumentDto }) settings!: SettingsDocumentDto;
  @ApiProperty({ type: [SettingsChangeDto], description: 'Against the version before' }) diff!: SettingsChangeDto[];
}

export class SettingsVersionPageDto {
  @ApiProperty({ type: [SettingsVersionSummaryDto] }) items!: SettingsVersionSummaryDto[];
  @ApiPropertyOptional({ type: Number, description: 'Pass as `before` for older versions' }) next?: number;
}
