import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditRepository } from '@delineo/db';
import { Access, Allow } from './access.decorator';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import { AuditChainDto, AuditPageDto, AuditQueryDto } from './audit.dto';
import { verifyAuditChain } from './audit-chain.verifier';

/** The audit log for administrators and auditors: search, JSON-lines export, chain state. */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  @Get()
  @Allow(Access.audit)
  @ApiOperation({
    summary:
      'Audit records, newest first: filters action, actor, outcome, from, to; paging by before (a seq) and limit',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(400, 401, 403, 503)
  async search(@Query(validated(AuditQueryDto)) q: AuditQueryDto): Promise<AuditPageDto> {
    const take = q.limit ?? 100;
    const items = await this.audit.search({
      action: q.action,
      actorId: q.actor,
      outcome: q.outcome,
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
      beforeSeq: q.before,
      limit: take,
    });
    return { items, next: items.length === take ? items[items.length - 1].seq : null };
  }

  @Get('export')
  @Allow(Access.audit)
  @ApiOperation({ summary: 'The whole log as JSON lines (application/x-ndjson), in chain order' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'One audit record (AuditRecordDto) per line', schema: { type: 'string' } })
  @ApiProblems(401, 403, 503)
  async export(@Res() res: Response): Promise<void> {
    res.status(200).type('application/x-ndjson');
    for await (const row of this.audit.all()) {
      if (!res.write(`${JSON.stringify(row)}\n`)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  @Get('verify')
  @Allow(Access.audit)
  @ApiOperation({ summary: 'Verifies the hash chain; names the first broken record' })
  @ApiOkResponse({ type: AuditChainDto })
  @ApiProblems(401, 403, 503)
  verify(): Promise<AuditChainDto> {
    return verifyAuditChain(this.audit.all());
  }
}
