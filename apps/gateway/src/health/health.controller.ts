import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseHealth } from '@delineo/db';
import type { ObjectStore } from '@delineo/storage';
import type { JobQueue } from '@delineo/queue';
import { Public } from '../auth/access.decorator';
import { CoreTokens } from '../core/core.tokens';

type Check = 'ok' | 'failed';

@ApiTags('ops')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(DatabaseHealth) private readonly db: DatabaseHealth,
    @Inject(CoreTokens.ObjectStore) private readonly store: ObjectStore,
    @Inject(CoreTokens.JobQueue) private readonly queue: JobQueue,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is running' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, object store and queue are reachable' })
  async ready(@Res() res: Response): Promise<void> {
    const checks: Record<'database' | 'store' | 'queue', Check> = {
      database: await probe(() => this.db.ping()),
      store: await probe(() => this.store.ping()),
      queue: await probe(() => this.queue.ping()),
    };
    const ok = Object.values(checks).every((c) => c === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', checks });
  }
}

async function probe(fn: () => Promise<unknown>): Promise<Check> {
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
    ]);
    return 'ok';
  } catch {
    return 'failed';
  }
}
