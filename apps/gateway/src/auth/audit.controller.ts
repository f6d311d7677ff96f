import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditRepository } from '@delineo/db';
import { Access, Allow } from './access.decorator';
import { AccessError } from './access.error';
import { verifyAuditChain } from './audit-chain.verifier';

const int = (v: string | undefined, name: string, min: number, max: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max)
    throw new AccessError('access/invalid-request', `${name} must be an integer ${min}–${max}`);
  return n;
};
const date = (v: string | undefined, name: string): Date | undefined => {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (v.length > 40 || Number.isNaN(d.getTime()))
    throw new AccessError('access/invalid-request', `${name} must be an ISO 8601 instant`);
  return d;
};
const text = (v: string | undefined, name: string): string | undefined => {
  if (v !== undefined && !/^[A-Za-z0-9._:@-]{1,128}$/.test(v))
    throw new AccessError('access/invalid-request', `${name} is not a valid filter`);
  return v;
};

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
  async search(
    @Query('action') action?: string,
    @Query('actor') actor?: string,
    @Query('outcome') outcome?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('before') before?: string,
    @Query('limit') limit?: string,
  ) {
    const take = int(limit, 'limit', 1, 1000) ?? 100;
    const items = await this.audit.search({
      action: text(action, 'action'),
      actorId: text(actor, 'actor'),
      outcome: text(outcome, 'outcome'),
      from: date(from, 'from'),
      to: date(to, 'to'),
      beforeSeq: int(before, 'before', 1, Number.MAX_SAFE_INTEGER),
      limit: take,
    });
    return { items, next: items.length === take ? items[items.length - 1].seq : null };
  }

  @Get('export')
  @Allow(Access.audit)
  @ApiOperation({ summary: 'The whole log as JSON lines (application/x-ndjson), in chain order' })
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
  verify() {
    return verifyAuditChain(this.audit.all());
  }
}
