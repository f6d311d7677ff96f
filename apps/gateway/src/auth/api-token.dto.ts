import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { API_SCOPES, type ApiScope } from '@delineo/auth';

export class CreateTokenDto {
  @ApiProperty({ type: String, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$', example: 'pacs-router' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, {
    message: 'name must be 1–64 letters, digits, space, ".", "_" or "-"',
  })
  name!: string;

  @ApiProperty({ enum: API_SCOPES, isArray: true, minItems: 1, maxItems: API_SCOPES.length })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_SCOPES.length)
  @ArrayUnique()
  @IsIn(API_SCOPES, { each: true })
  scopes!: ApiScope[];

  @ApiPropertyOptional({ type: String, description: 'Required with dicomweb:write: the source routing rules match' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,31}$/, { message: 'source must be 1–32 lower-case letters, digits, "_" or "-"' })
  source?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 3650 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

/** A token as listed: never its secret or hash. */
export class TokenViewDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ enum: API_SCOPES, isArray: true }) scopes!: string[];
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: Date | null;
}

export class CreatedTokenDto extends TokenViewDto {
  @ApiProperty({ type: String, description: 'The token (dln_…), shown in this answer only' })
  token!: string;
}
