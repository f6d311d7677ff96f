import IORedis from 'ioredis';
import type { Logger } from '@delineo/observability';

/** A series changed state. Pseudonymous only: our id, the archive's UIDs, model id, numbers, times. */
export interface SeriesStateEvent {
  id: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  state: string;
  generation: number;
  modelId: string | null;
  /** When the row took this state (PostgreSQL now() of the transition); null if it had moved on when read. */
  stateChangedAt: string | null;
  /** When this gateway instance published the event. */
  publishedAt: string;
}

export type SeriesEventListener = (e: SeriesStateEvent) => void;

/**
 * Carries series events to every gateway instance: Redis pub/sub when the deployment has Redis
 * (several instances), a plain in-process call otherwise. Publishing is fire and forget: a Redis
 * outage is logged, never thrown into the pipeline that published.
 */
export interface SeriesEventBus {
  publish(e: SeriesStateEvent): void;
  subscribe(fn: SeriesEventListener): void;
  close(): Promise<void>;
}

export class InProcessSeriesEventBus implements SeriesEventBus {
  private readonly listeners: SeriesEventListener[] = [];

  publish(e: SeriesStateEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  subscribe(fn: SeriesEventListener): void {
    this.listeners.push(fn);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class RedisSeriesEventBus implements SeriesEventBus {
  private readonly pub: IORedis;
  private readonly sub: IORedis;
  private readonly listeners: SeriesEventListener[] = [];
  private readonly channel: string;

  constructor(
    url: string,
    prefix: string,
    private readonly log: Pick<Logger, 'warn'>,
  ) {
    this.channel = `${prefix}:series-events`;
    // Pub/sub needs its own connection (a subscribed connection takes no other command).
    // maxRetriesPerRequest 1: while Redis is down, queued publishes fail (logged) at the first
    // reconnection attempt instead of piling up in memory.
    this.pub = new IORedis(url, { maxRetriesPerRequest: 1 });
    this.sub = new IORedis(url, { maxRetriesPerRequest: null });
    for (const c of [this.pub, this.sub]) c.on('error', (err) => this.warn(err));
    this.sub.on('message', (_ch: string, raw: string) => this.deliver(raw));
    this.sub.subscribe(this.channel).catch((err: unknown) => this.warn(err));
  }

  publish(e: SeriesStateEvent): void {
    this.pub.publish(this.channel, JSON.stringify(e)).catch((err: unknown) => this.warn(err));
  }

  subscribe(fn: SeriesEventListener): void {
    this.listeners.push(fn);
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
    return Promise.resolve();
  }

  private deliver(raw: string): void {
    let e: SeriesStateEvent;
    try {
      e = JSON.parse(raw) as SeriesStateEvent;
    } catch (err) {
      return this.warn(err);
    }
    for (const fn of this.listeners) fn(e);
  }

  private warn(err: unknown): void {
    this.log.warn({ err, event: 'series-events-redis-failed' }, 'live series events: Redis pub/sub failed');
  }
}
