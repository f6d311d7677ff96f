/**
 * At most `limit` ingests (parse → de-identify → write → commit) at once, DIMSE and STOW together;
 * the rest wait their turn in arrival order. Parsing is where hostile input costs most memory (a
 * parsed element takes ~200 bytes of heap, 16× its smallest encoding), and each ingest also holds a
 * de-identified copy: bounding how many run at once is what turns the parse limits of one dataset
 * into a bound for the process (docs/limits.md). Waiting senders still hold their bytes in the
 * in-flight budget, so new receives slow down too.
 */
export class IngestGate {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next)
        next(); // the slot passes straight to the next waiter
      else this.running--;
    }
  }
}
