import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@delineo/auth';

/** The signed-in user as the console needs it; never a password hash, TOTP secret or session id. */
export class MeDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, description: 'Display name, or the username without one' }) name!: string;
  @ApiProperty({ type: String }) username!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: String, example: 'local', description: 'local, saml or oidc' }) authMethod!: string;
  @ApiProperty({
    type: Boolean,
    description: 'Must still change the password or enrol TOTP: only those routes and this one answer',
  })
  restricted!: boolean;
  @ApiProperty({ type: String, description: 'Send as X-CSRF-Token with every cookie-authenticated write' })
  csrfToken!: string;
}

export class LogoutDto {
  @ApiProperty({ enum: ['signed-out'] }) status!: 'signed-out';
  @ApiPropertyOptional({
    type: String,
    example: '/auth/saml/logout',
    description: 'SAML users: go on here for single logout at the IdP',
  })
  singleLogout?: string;
}
