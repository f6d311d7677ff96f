/**
 * Caps on open TCP connections to the DIMSE listener, all together and per remote address, applied
 * when a connection is accepted and before anything is read from it. `maxAssociations` only counts
 * connections that got as far as an accepted A-ASSOCIATE-RQ; without these caps, thousands of idle
 * or half-sent connections each held a socket and a PDU buffer.
 */
export type GateRefusal = 'connection-limit' | 'address-limit';

export class ConnectionGate {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly maxConnections: number,
    private readonly maxPerAddress: number,
  ) {}

  get open(): number {
    return this.total;
  }

  /** Counts the connection in, or says why not. Every admitted one must be `leave()`d once. */
  enter(address: string): GateRefusal | undefined {
    if (this.total >= this.maxConnections) return 'connection-limit';
    const n = this.perAddress.get(address) ?? 0;
    if (n >= this.maxPerAddress) return 'address-limit';
    this.total++;
    this.perAddress.set(address, n + 1);
    return undefined;
  }

  leave(address: string): void {
    this.total = Math.max(0, this.total - 1);
    const n = (this.perAddress.get(address) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, n);
  }
}

/**
 * Logs refusals at most once per interval with a count, so that a flood of connections cannot
 * become a flood of log lines.
 */
export class RefusalLog {
  private counts = new Map<GateRefusal, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly flush: (reason: GateRefusal, count: number) => void,
    private readonly intervalMs = 10_000,
  ) {}

  refused(reason: GateRefusal): void {
    const first = this.counts.size === 0 && !this.timer;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    if (first) {
      this.emit(); // the first refusal is logged at once
      this.timer = setTimeout(() => this.tick(), this.intervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.emit();
  }

  private tick(): void {
    this.timer = undefined;
    if (this.counts.size === 0) return;
    this.emit();
    this.timer = setTimeout(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private emit(): void {
    for (const [reason, count] of this.counts) this.flush(reason, count);
    this.counts.clear();
  }
}
