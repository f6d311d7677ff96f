import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LiveSettings, type AppConfig } from '@delineo/config';
import { SeriesStatusRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { EventStreamHub } from './event-stream-hub';
import { PipelineEvents } from './pipeline-events';
import {
  InProcessSeriesEventBus,
  RedisSeriesEventBus,
  type SeriesEventBus,
  type SeriesStateEvent,
} from './series-event-bus';

/** Proxies commonly close a response idle for 30-60 s; a comment every 15 s keeps it open. */
export const HEARTBEAT_MS = 15_000;
export const RETRY_MS = 3_000;
/** Unsent bytes a client may have before it is dropped (a few hundred events). */
export const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * The console's live feed (issue 15): series transitions and periodic stats over Server-Sent
 * Events. Transitions come from ONE place, the pipeline's typed bus (series-completed,
 * series-state, series-segmented), are read back from the row (ids and UIDs only) and carried to
 * every instance by the series event bus. Stats are computed once per interval, only while a stream
 * is open. A `settings` event names each new live settings version, so open pages reload them.
 */
@Injectable()
export class LiveEventsService implements OnModuleInit, OnModuleDestroy {
  readonly hub: EventStreamHub;
  private readonly bus: SeriesEventBus;
  private stats?: NodeJS.Timeout;
  private order: Promise<void> = Promise.resolve();

  constructor(
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'warn'>,
    @Inject(PipelineEvents) private readonly events: PipelineEvents,
    @Inject(SeriesStatusRepository) private readonly repo: SeriesStatusRepository,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'subscribe'>,
  ) {
    this.hub = new EventStreamHub({
      maxStreams: config.console.maxEventStreams,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      heartbeatMs: HEARTBEAT_MS,
      retryMs: RETRY_MS,
    });
    const q = config.mode.queue;
    this.bus =
      q.kind === 'redis' ? new RedisSeriesEventBus(q.url.reveal(), q.prefix, log) : new InProcessSeriesEventBus();
  }

  onModuleInit(): void {
    this.bus.subscribe((e) => this.hub.broadcast('series', e));
    this.events.on('series-completed', 'console.live', (e) => this.changed(e.seriesId, 'complete'));
    this.events.on('series-segmented', 'console.live', (e) => this.changed(e.seriesId, 'segmented'));
    this.events.on('series-state', 'console.live', (e) => this.changed(e.seriesId, e.state));
    // Every instance applies each settings version (NOTIFY), so each tells its own streams.
    this.live.subscribe((next) => this.hub.broadcast('settings', { version: next.version }));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.stats) clearInterval(this.stats);
    this.hub.endAll();
    await this.bus.close();
  }

  /** Starts the stats ticker with the first stream; false when the stream limit is reached. */
  open(sink: Parameters<EventStreamHub['open']>[0]): boolean {
    if (!this.hub.open(sink)) return false;
    if (!this.stats) {
      this.stats = setInterval(() => void this.tick(), this.config.console.statsIntervalSeconds * 1000);
      this.stats.unref();
      void this.tick();
    }
    return true;
  }

  close(sink: Parameters<EventStreamHub['close']>[0]): void {
    this.hub.close(sink);
    if (this.hub.size === 0 && this.stats) {
      clearInterval(this.stats);
      this.stats = undefined;
    }
  }

  /**
   * Fire and forget: never delays or fails the pipeline step that reported the change. The reads
   * are chained so that events leave in the order the steps reported them.
   */
  changed(seriesId: string, state?: string): void {
    this.order = this.order
      .then(() => this.repo.eventRow(seriesId))
      .then((row) => {
        if (!row) return;
        const event: SeriesStateEvent = {
          id: row.id,
          seriesInstanceUid: row.seriesInstanceUid,
          studyInstanceUid: row.studyInstanceUid,
          state: state ?? row.state,
          generation: row.generation,
          modelId: row.modelId,
          // The row may have moved on (a fast step); its time is then another state's.
          stateChangedAt: row.state === (state ?? row.state) ? new Date(row.stateChangedAt).toISOString() : null,
          publishedAt: new Date().toISOString(),
        };
        this.bus.publish(event);
      })
      .catch((err: unknown) => this.log.warn({ err, event: 'live-event-failed' }, 'live series event not published'));
  }

  private async tick(): Promise<void> {
    try {
      const s = await this.repo.liveStats();
      const by = s.seriesByState;
      this.hub.broadcast('stats', {
        ...s,
        failures: (by.failed ?? 0) + s.deadLetters,
        // The database is the queue's truth: series completed but not yet taken by a worker.
        queueDepth: (by.complete ?? 0) + (by.queued ?? 0),
        at: new Date().toISOString(),
      });
    } catch (err) {
      this.log.warn({ err, event: 'live-stats-failed' }, 'live stats not computed');
    }
  }
}
