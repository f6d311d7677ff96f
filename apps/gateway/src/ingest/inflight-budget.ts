/**
 * One budget of dataset bytes in flight — received but not yet ingested, or being ingested — shared
 * by every DIMSE association and every STOW request, so that many senders at once cannot hold more
 * than `limit` bytes of datasets in memory. A receive that finds the budget used up is told to wait:
 * DIMSE stops reading its socket (TCP backpressure), STOW stops reading its request body.
 *
 * Liveness: if every holder waited, a budget full of half-received datasets would never drain. So
 * the oldest open holder never waits: it may go over the limit by at most one dataset, finishes,
 * releases, and the next oldest becomes the one that goes on. The bound on dataset bytes in memory
 * is therefore `limit + largest dataset` (see docs/limits.md for the whole-process arithmetic).
 */
export class InflightBudget {
  private used = 0;
  private seq = 0;
  private readonly open = new Map<number, BudgetHold>();
  private waiters: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Bytes held right now, by every open hold. */
  get inUse(): number {
    return this.used;
  }

  /** True when a new request should not start at all (STOW answers 503 rather than queue). */
  get exhausted(): boolean {
    return this.used >= this.limit;
  }

  /** A hold for one receive (a C-STORE's dataset, a STOW request); release it when done. */
  hold(): BudgetHold {
    const id = ++this.seq;
    const h = new BudgetHold(this, id);
    this.open.set(id, h);
    return h;
  }

  /** @internal */
  take(h: BudgetHold, n: number): boolean {
    this.used += n;
    return this.used <= this.limit || this.isOldest(h);
  }

  /** @internal */
  give(h: BudgetHold, n: number, closed: boolean): void {
    this.used = Math.max(0, this.used - n);
    if (closed) this.open.delete(h.id);
    const wake = this.waiters;
    this.waiters = [];
    for (const w of wake) w();
  }

  /** @internal resolves when the hold may take more: the budget has room, or it became the oldest. */
  waitFor(h: BudgetHold): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!h.isOpen || this.used <= this.limit || this.isOldest(h)) resolve();
        else this.waiters.push(check);
      };
      check();
    });
  }

  private isOldest(h: BudgetHold): boolean {
    for (const id of this.open.keys()) return id === h.id; // Map iterates in insertion order
    return false;
  }
}

export class BudgetHold {
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly budget: InflightBudget,
    readonly id: number,
  ) {}

  get held(): number {
    return this.bytes;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Counts `n` more bytes; false when the caller must stop reading until `ready()` resolves. */
  add(n: number): boolean {
    if (this.closed) return true;
    this.bytes += n;
    return this.budget.take(this, n);
  }

  /** Resolves when reading may go on. */
  ready(): Promise<void> {
    return this.budget.waitFor(this);
  }

  /** Gives back `n` of the bytes counted (a STOW part once ingested) and keeps the hold's place. */
  free(n: number): void {
    const k = Math.min(n, this.bytes);
    this.bytes -= k;
    this.budget.give(this, k, false);
  }

  /** Gives everything back and ends the hold; safe to call twice. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    const n = this.bytes;
    this.bytes = 0;
    this.budget.give(this, n, true);
  }
}
