/** The part of a response the hub writes to (an http.ServerResponse in production). */
export interface StreamSink {
  /** false when the socket buffer is full (Node's backpressure signal). */
  write(chunk: string): boolean;
  end(): void;
  /** Drops the connection without flushing what is still buffered. */
  destroy(): void;
  readonly writableLength: number;
}

export interface HubOptions {
  maxStreams: number;
  /** Bytes a client may have unsent before it is dropped (a slow client is never buffered without limit). */
  maxBufferedBytes: number;
  heartbeatMs: number;
  /** Sent once per stream: how long a browser's EventSource waits before it reconnects. */
  retryMs: number;
}

/**
 * Fan-out of Server-Sent Events (HTML Living Standard §9.2 "Server-sent events"): each broadcast
 * is formatted once and written to every open stream. `Last-Event-ID` is not honoured: a client
 * that reconnects reloads the state through the REST API and then follows the stream.
 */
export class EventStreamHub {
  private readonly sinks = new Set<StreamSink>();
  private nextId = 1;
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly opts: HubOptions) {}

  get capacity(): number {
    return this.opts.maxStreams;
  }

  get size(): number {
    return this.sinks.size;
  }

  /** Opens a stream; false when the limit is reached (the caller answers 503). */
  open(sink: StreamSink): boolean {
    if (this.sinks.size >= this.opts.maxStreams) return false;
    this.sinks.add(sink);
    this.send(sink, `retry: ${this.opts.retryMs}\n\n`);
    if (!this.heartbeat) {
      // Comment lines keep proxies from closing an idle stream; the browser ignores them.
      this.heartbeat = setInterval(() => this.writeAll(': ping\n\n'), this.opts.heartbeatMs);
      this.heartbeat.unref();
    }
    return true;
  }

  close(sink: StreamSink): void {
    if (!this.sinks.delete(sink)) return;
    if (this.sinks.size === 0) this.stopHeartbeat();
  }

  broadcast(event: string, data: unknown): void {
    if (this.sinks.size === 0) return;
    this.writeAll(`id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends every stream (shutdown): a server close must not wait for open event streams. */
  endAll(): void {
    for (const s of [...this.sinks]) {
      this.close(s);
      s.end();
    }
    this.stopHeartbeat();
  }

  private writeAll(frame: string): void {
    for (const s of [...this.sinks]) this.send(s, frame);
  }

  private send(sink: StreamSink, frame: string): void {
    if (sink.writableLength + frame.length > this.opts.maxBufferedBytes) {
      this.close(sink);
      sink.destroy();
      return;
    }
    sink.write(frame);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
