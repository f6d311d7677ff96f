import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { actorOf, contextOf, type ContextRequest } from './principal';
import { Access, Allow } from './access.decorator';
import { ApiTokenService, type NewTokenRequest } from './api-token.service';

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
  async create(@Body() body: NewTokenRequest, @Req() req: ContextRequest, @Res({ passthrough: true }) res: Response) {
    const ctx = contextOf(req);
    const r = await this.tokens.create(body ?? ({} as NewTokenRequest), actorOf(ctx.principal).actorId, ctx);
    res.setHeader('Cache-Control', 'no-store');
    return { ...r.view, token: r.token };
  }

  @Get()
  @Allow(Access.admin)
  @ApiOperation({ summary: 'List API tokens (never their secrets)' })
  list() {
    return this.tokens.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow(Access.admin)
  @ApiOperation({ summary: 'Revoke an API token' })
  async revoke(@Param('id') id: string, @Req() req: ContextRequest): Promise<void> {
    await this.tokens.revoke(id, contextOf(req));
  }
}
