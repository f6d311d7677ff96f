import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { actorOf, contextOf, type ContextRequest } from './principal';
import { Access, Allow } from './access.decorator';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import { CreatedTokenDto, CreateTokenDto, TokenViewDto } from './api-token.dto';
import { ApiTokenService } from './api-token.service';

/** Service-account tokens (admin). The token itself is in the creation answer only. */
@ApiTags('auth')
@Controller('api/v1/tokens')
export class ApiTokenController {
  constructor(@Inject(ApiTokenService) private readonly tokens: ApiTokenService) {}

  @Post()
  @Allow(Access.admin)
  @ApiOperation({
    summary: 'Create an API token: { name, scopes, source? (with dicomweb:write), expiresInDays? }; shown once',
  })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  @ApiProblems(400, 401, 403, 503)
  async create(
    @Body(validated(CreateTokenDto)) body: CreateTokenDto,
    @Req() req: ContextRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedTokenDto> {
    const ctx = contextOf(req);
    const r = await this.tokens.create(body, actorOf(ctx.principal).actorId, ctx);
    res.setHeader('Cache-Control', 'no-store');
    return { ...r.view, token: r.token };
  }

  @Get()
  @Allow(Access.admin)
  @ApiOperation({ summary: 'List API tokens (never their secrets)' })
  @ApiOkResponse({ type: [TokenViewDto] })
  @ApiProblems(401, 403, 503)
  list(): Promise<TokenViewDto[]> {
    return this.tokens.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow(Access.admin)
  @ApiOperation({ summary: 'Revoke an API token' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(401, 403, 404, 503)
  async revoke(@Param('id') id: string, @Req() req: ContextRequest): Promise<void> {
    await this.tokens.revoke(id, contextOf(req));
  }
}
