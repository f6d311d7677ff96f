import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Each field at most 1,024 characters: scrypt's input stays bounded (libs/auth hashes it). */
const MAX_FIELD = 1024;

export class LoginDto {
  @ApiProperty({ type: String, maxLength: MAX_FIELD })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_FIELD)
  username!: string;

  @ApiProperty({ type: String, maxLength: MAX_FIELD, format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_FIELD)
  password!: string;

  @ApiPropertyOptional({ type: String, maxLength: 64, description: 'TOTP code, or a recovery code' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ type: String, maxLength: MAX_FIELD, format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_FIELD)
  currentPassword!: string;

  @ApiProperty({ type: String, maxLength: MAX_FIELD, format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_FIELD)
  newPassword!: string;
}

export class TotpCodeDto {
  @ApiProperty({ type: String, maxLength: 64, example: '123456' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code!: string;
}

export class SignInUserDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class SignInDto {
  @ApiProperty({ enum: ['signed-in', 'password-change-required', 'totp-enrollment-required'] }) status!: string;
  @ApiProperty({ type: String, description: 'Send it as X-CSRF-Token on every write' }) csrfToken!: string;
  @ApiProperty({ type: SignInUserDto }) user!: SignInUserDto;
}

export class SignInStatusDto {
  @ApiProperty({ enum: ['signed-in', 'password-change-required', 'totp-enrollment-required'] }) status!: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ type: String }) otpauthUri!: string;
  @ApiProperty({ type: String, description: 'The base32 secret, for manual entry' }) secret!: string;
  @ApiProperty({ type: String, description: 'The otpauth URI as a QR code (SVG)' }) qrSvg!: string;
}

export class TotpConfirmedDto extends SignInStatusDto {
  @ApiProperty({ type: [String], description: 'Recovery codes, shown once' }) recoveryCodes!: string[];
}
