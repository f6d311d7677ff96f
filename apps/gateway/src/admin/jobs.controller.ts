import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LiveSettings } from '@delineo/config';
import type { JobQueue } from '@delineo/queue';
import { Access, Allow } from '../auth/access.decorator';
import { contextOf, type ContextRequest } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import { DeadLetterService } from './dead-letter.service';
import { FailedJobDto, FailedJobsQueryDto, ReplayFailedJobsDto, ReplayOutcomeDto } from './jobs.dto';

/** Failed jobs stay in the queue (BullMQ removeOnFail: false) so an operator can see why. */
@ApiTags('jobs')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(
    @Inject(CoreTokens.JobQueue) private readonly queue: JobQueue,
    @Inject(DeadLetterService) private readonly deadLetters: DeadLetterService,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {}

  @Get('failed')
  @Allow(Access.pipelineOperate)
  @ApiOperation({ summary: 'Jobs that failed after their last retry: id, payload ids, attempts and the coded reason' })
  @ApiOkResponse({ type: [FailedJobDto] })
  @ApiProblems(400, 401, 403, 503)
  async failed(@Query(validated(FailedJobsQueryDto)) q: FailedJobsQueryDto): Promise<FailedJobDto[]> {
    const name = q.name ?? 'segment-series';
    // deliver-result runs one queue partition per destination (DeliverResultProcessor).
    const partitions = name === 'deliver-result' ? this.live.current().destinations.map((d) => d.name) : [undefined];
    const jobs = (await Promise.all(partitions.map((p) => this.queue.listFailed(name, p)))).flat();
    // Locators are capabilities (pre-signed URLs): show ids only.
    return jobs.map((j) => ({
      id: j.id,
      name: j.name,
      attemptsMade: j.attemptsMade,
      attemptsStarted: j.attemptsStarted,
      failedReason: j.failedReason,
      seriesId: j.data.seriesId,
      modelId: j.data.modelId,
      destination: j.data.destination,
    }));
  }

  @Post('failed/replay')
  @HttpCode(200)
  @Allow(Access.pipelineOperate)
  @ApiOperation({
    summary: 'Replay dead letters in bulk (1–500 unique ids), each as its single retry or replay; an outcome per id',
  })
  @ApiOkResponse({ type: [ReplayOutcomeDto] })
  @ApiProblems(400, 401, 403, 503)
  replay(
    @Body(validated(ReplayFailedJobsDto)) body: ReplayFailedJobsDto,
    @Req() req: ContextRequest,
  ): Promise<ReplayOutcomeDto[]> {
    return this.deadLetters.replay(body.ids, contextOf(req));
  }
}
