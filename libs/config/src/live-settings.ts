import type { RuntimeConfig } from './runtime-settings';

export type RuntimeListener = (next: RuntimeConfig, previous: RuntimeConfig) => void;

/**
 * The live settings of one gateway instance: the newest version it has seen. Services read
 * `current()` when work starts (an association, a delivery, an ingest) and keep that snapshot for
 * the work's lifetime, so a change never applies half-way through one association (issue 15).
 * Versions only move forward: a NOTIFY and a poll may report the same change twice, or out of order.
 */
export class LiveSettings {
  private cur: RuntimeConfig;
  private readonly listeners = new Set<RuntimeListener>();

  constructor(initial: RuntimeConfig) {
    this.cur = initial;
  }

  current(): RuntimeConfig {
    return this.cur;
  }

  /**
   * Makes `next` current when it is newer, and tells every listener. A listener that throws does
   * not stop the others; the errors are returned for the caller to log.
   */
  apply(next: RuntimeConfig): { applied: boolean; errors: unknown[] } {
    if (next.version <= this.cur.version) return { applied: false, errors: [] };
    const previous = this.cur;
    this.cur = next;
    const errors: unknown[] = [];
    for (const l of [...this.listeners]) {
      try {
        l(next, previous);
      } catch (err) {
        errors.push(err);
      }
    }
    return { applied: true, errors };
  }

  subscribe(listener: RuntimeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
