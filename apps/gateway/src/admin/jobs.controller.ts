import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DicomWebError } from '@delineo/dicomweb';
import { isJobName, JOB_NAMES } from '@delineo/jobs';
import type { JobQueue } from '@delineo/queue';
import { Access, Allow } from '../auth/access.decorator';
import { CoreTokens } from '../core/core.tokens';

/** Failed jobs stay in the queue (BullMQ removeOnFail: false) so an operator can see why. */
@ApiTags('jobs')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(@Inject(CoreTokens.JobQueue) private readonly queue: JobQueue) {}

  @Get('failed')
  @Allow(Access.pipelineOperate)
  @ApiOperation({ summary: 'Jobs that failed after their last retry: id, payload ids, attempts and the coded reason' })
  @ApiQuery({ name: 'name', required: false, enum: JOB_NAMES })
  async failed(@Query('name') name = 'segment-series') {
    if (!isJobName(name)) throw new DicomWebError('dicomweb/bad-query', `name must be one of ${JOB_NAMES.join(', ')}`);
    const jobs = await this.queue.listFailed(name);
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
}
