import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ROLES, type Role } from '@delineo/auth';

export const USERS_MAX_LIMIT = 200;
export const USERS_MAX_OFFSET = 100_000;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class UsersQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: USERS_MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(USERS_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: USERS_MAX_OFFSET, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(USERS_MAX_OFFSET)
  offset?: number;
}

export class CreateUserDto {
  @ApiProperty({ type: String, pattern: USERNAME.source, maxLength: 64, example: 'jdoe' })
  @IsString()
  @Matches(USERNAME, { message: 'username must be 1–64 letters, digits, ".", "_", "@" or "-", starting alphanumeric' })
  username!: string;

  @ApiProperty({ enum: ROLES, isArray: true, minItems: 1, maxItems: ROLES.length })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ type: String, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  displayName?: string;

  @ApiPropertyOptional({ type: String, format: 'email', maxLength: 254 })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true, maxItems: ROLES.length, description: 'Replaces every role' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: Boolean, description: 'Disabling signs the user out everywhere' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ResetPasswordDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also remove TOTP: enrolment again' })
  @IsOptional()
  @IsBoolean()
  resetTotp?: boolean;
}

/** An account as the console shows it: never a password hash, TOTP secret or recovery code. */
export class UserViewDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) username!: string;
  @ApiProperty({ enum: ['local', 'saml', 'oidc'] }) authMethod!: 'local' | 'saml' | 'oidc';
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: Boolean }) disabled!: boolean;
  @ApiProperty({ type: Boolean }) mustChangePassword!: boolean;
  @ApiProperty({ type: Boolean }) totpEnrolled!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserViewDto] }) items!: UserViewDto[];
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Number }) limit!: number;
  @ApiProperty({ type: Number }) offset!: number;
}

export class UserWithPasswordDto {
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
  @ApiProperty({
    type: String,
    description: 'One-time password, shown once; it must be changed (and TOTP enrolled) at first sign-in',
  })
  initialPassword!: string;
}
