import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const FILTER = /^[A-Za-z0-9._:@-]{1,128}$/;
const filter = { message: ({ property }: { property: string }) => `${property} is not a valid filter` };

export class AuditQueryDto {
  @ApiPropertyOptional({ type: String, example: 'user.create' })
  @IsOptional()
  @IsString()
  @Matches(FILTER, filter)
  action?: string;

  @ApiPropertyOptional({ type: String, description: 'Actor id (user id, token id, AE title)' })
  @IsOptional()
  @IsString()
  @Matches(FILTER, filter)
  actor?: string;

  @ApiPropertyOptional({ type: String, example: 'success' })
  @IsOptional()
  @IsString()
  @Matches(FILTER, filter)
  outcome?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, description: "The previous page's `next` (a seq)" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** One audit record: ids and coded details only (no dataset value is ever recorded). */
export class AuditRecordDto {
  @ApiProperty({ type: Number }) seq!: number;
  @ApiProperty({ type: String, format: 'date-time' }) time!: Date;
  @ApiProperty({ type: String }) actorType!: string;
  @ApiProperty({ type: String }) actorId!: string;
  @ApiProperty({ type: String }) action!: string;
  @ApiProperty({ type: String, nullable: true }) target!: string | null;
  @ApiProperty({ type: String }) outcome!: string;
  @ApiProperty({ type: String, nullable: true }) sourceAddress!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details!: Record<string, string | number | boolean | null> | null;
  @ApiProperty({ type: String, description: 'SHA-256 of the previous record (the chain)' }) prevHash!: string;
  @ApiProperty({ type: String }) hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditRecordDto] }) items!: AuditRecordDto[];
  @ApiProperty({ type: Number, nullable: true, description: 'The `before` of the next page; null on the last' })
  next!: number | null;
}

export class AuditChainDto {
  @ApiProperty({ type: Boolean }) ok!: boolean;
  @ApiPropertyOptional({ type: Number }) count?: number;
  @ApiPropertyOptional({ type: Number, description: 'The first broken record' }) seq?: number;
  @ApiPropertyOptional({ enum: ['hash-mismatch', 'prev-mismatch', 'seq-gap'] }) reason?: string;
}
