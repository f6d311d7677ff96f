import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import { Access, Allow } from './access.decorator';
import { contextOf, type ContextRequest } from './principal';
import {
  CreateUserDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserPageDto,
  UsersQueryDto,
  UserViewDto,
  UserWithPasswordDto,
} from './users.dto';
import { UsersService } from './users.service';

const ID = { name: 'id', description: 'The user id (uuid)', schema: { type: 'string', format: 'uuid' } } as const;

/** Users, roles and local accounts (admin). One-time passwords are in the answer only, once. */
@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @Allow(Access.admin)
  @ApiOperation({ summary: 'List accounts by username, paged (never a password hash or TOTP secret)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 401, 403, 503)
  list(@Query(validated(UsersQueryDto)) q: UsersQueryDto): Promise<UserPageDto> {
    return this.users.list(q.limit ?? 50, q.offset ?? 0);
  }

  @Post()
  @Allow(Access.admin)
  @ApiOperation({ summary: 'Create a local account with roles; answers its one-time password, shown once' })
  @ApiCreatedResponse({ type: UserWithPasswordDto })
  @ApiProblems(400, 401, 403, 409, 503)
  create(
    @Body(validated(CreateUserDto)) body: CreateUserDto,
    @Req() req: ContextRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserWithPasswordDto> {
    res.setHeader('Cache-Control', 'no-store');
    return this.users.create(body, contextOf(req));
  }

  @Patch(':id')
  @Allow(Access.admin)
  @ApiOperation({
    summary: 'Change roles (local accounts) or disable (signs the user out everywhere); not your own admin role',
  })
  @ApiParam(ID)
  @ApiOkResponse({ type: UserViewDto })
  @ApiProblems(400, 401, 403, 404, 409, 503)
  update(
    @Param('id') id: string,
    @Body(validated(UpdateUserDto)) body: UpdateUserDto,
    @Req() req: ContextRequest,
  ): Promise<UserViewDto> {
    return this.users.update(id, body, contextOf(req));
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @Allow(Access.admin)
  @ApiOperation({ summary: 'A new one-time password for a local account (and, if asked, TOTP enrolment again)' })
  @ApiParam(ID)
  @ApiOkResponse({ type: UserWithPasswordDto })
  @ApiProblems(400, 401, 403, 404, 409, 503)
  resetPassword(
    @Param('id') id: string,
    @Body(validated(ResetPasswordDto)) body: ResetPasswordDto,
    @Req() req: ContextRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserWithPasswordDto> {
    res.setHeader('Cache-Control', 'no-store');
    return this.users.resetPassword(id, body, contextOf(req));
  }
}
