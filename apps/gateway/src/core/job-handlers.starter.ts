import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LiveSettings, type AppConfig, type DestinationSettings } from '@delineo/config';
import type { Logger } from '@delineo/observability';
import { JobHandlerRegistry, type JobQueue, type OwnedJob } from '@delineo/queue';
import { CoreTokens } from './core.tokens';

/**
 * The jobs this gateway consumes: one deliver-result queue per destination of the live settings
 * at start (one added later is attached by the delivery processor), and
 * segment-series when the worker runs in this process. Areas register their handlers while
 * their modules initialise; here, once every module is up, the registry refuses to start on a
 * missing, doubled or unexpected handler (a wiring bug found at boot, not a job never run).
 */
export function ownedJobs(
  config: Pick<AppConfig, 'worker'> & { destinations: readonly DestinationSettings[] },
): OwnedJob[] {
  const owned: OwnedJob[] = config.destinations.map((d) => ({ name: 'deliver-result' as const, partition: d.name }));
  if (config.worker.inProcess) owned.push('segment-series');
  return owned;
}

@Injectable()
export class JobHandlersStarter implements OnApplicationBootstrap {
  constructor(
    @Inject(JobHandlerRegistry) private readonly handlers: JobHandlerRegistry,
    @Inject(CoreTokens.JobQueue) private readonly queue: JobQueue,
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
    @Inject(CoreTokens.Logger) private readonly log: Logger,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {}

  onApplicationBootstrap(): void {
    const destinations = this.live.current().destinations;
    this.handlers.start(this.queue, ownedJobs({ worker: this.config.worker, destinations }));
    this.log.info({ event: 'job-handlers-started', handlers: this.handlers.registered() }, 'job handlers attached');
  }
}
