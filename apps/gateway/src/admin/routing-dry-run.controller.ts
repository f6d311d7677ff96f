import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { AppConfig } from '@delineo/config';
import { DicomWebError } from '@delineo/dicomweb';
import { Allow } from '../auth/access.decorator';
import { AuditService } from '../auth/audit.service';
import { contextOf, type ContextRequest } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import { ProblemDto } from '../errors/problem.dto';
import { DryRunQueryDto, DryRunResultDto } from './routing-dry-run.dto';
import { RoutingDryRunService } from './routing-dry-run.service';

const PROBLEM = { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } };

/** The console's "Routing rules → dry run" (issue 15): which rule a file would take, and why. */
@ApiTags('routing')
@Controller('api/v1/routing')
export class RoutingDryRunController {
  constructor(
    @Inject(RoutingDryRunService) private readonly dryRun: RoutingDryRunService,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'console'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
  ) {}

  @Post('dry-run')
  @HttpCode(200)
  @Allow({ roles: ['admin', 'operator'] })
  @ApiOperation({
    summary:
      'Evaluate the routing rules on one DICOM Part 10 file, in memory: the matching rule and each criterion of every rule (true/false, never a dataset value). Nothing is stored or logged.',
  })
  @ApiConsumes('application/dicom')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: DryRunResultDto })
  @ApiProblems(400, 401, 403, 413, 503)
  @ApiResponse({ status: 415, description: 'Content-Type is not application/dicom', content: PROBLEM })
  async evaluate(
    @Req() req: ContextRequest,
    @Query(validated(DryRunQueryDto)) q: DryRunQueryDto,
  ): Promise<DryRunResultDto> {
    const { callingAeTitle, source } = q;
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/dicom')
      throw new DicomWebError('dicomweb/bad-content-type', 'send one application/dicom file');
    const file = await readBounded(req, this.config.console.dryRunMaxBytes);
    const ctx = contextOf(req);
    try {
      const out = this.dryRun.evaluate(file, {
        ...(callingAeTitle !== undefined ? { callingAeTitle, via: 'dimse' as const } : {}),
        ...(source !== undefined ? { source } : {}),
      });
      // Rule names come from the settings, not the file: no identifier reaches the audit log.
      void this.audit.record({
        action: 'routing.dry-run',
        outcome: 'success',
        context: ctx,
        details: { rule: out.decision?.ruleName ?? null },
      });
      return out;
    } catch (err) {
      void this.audit.record({ action: 'routing.dry-run', outcome: 'failure', context: ctx });
      throw err;
    }
  }
}

/** The body, refused with 413 past `max` bytes (by Content-Length first, then as it streams). */
async function readBounded(req: ContextRequest, max: number): Promise<Buffer> {
  const tooLarge = () => new DicomWebError('dicomweb/request-too-large', `the file is larger than ${max} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > max) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
