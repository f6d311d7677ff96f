/** The part of dcmjs-dimse 0.3's Network that matches a response to its request (`_performDimse`). */
interface PendingEntry {
  getMessageId(): number;
  raiseResponseEvent(rsp: { getStatus(): number }): void;
  raiseDoneEvent(): void;
}
interface NetworkInternals {
  pending?: PendingEntry[];
}

/**
 * Awaits the C-STORE-RSP of a sub-operation we sent ourselves (store-request.ts). dcmjs-dimse's
 * state machine reads the response and looks its Message ID Being Responded To up in `pending`;
 * we put an entry there for each request and take it out once answered. `close()` ends every
 * wait when the association goes away, with no status.
 */
export class StoreResponses {
  private readonly waiting = new Map<number, (status: number | undefined) => void>();
  private nextId = 0;

  constructor(private readonly net: object) {
    if (!Array.isArray((net as NetworkInternals).pending))
      throw new Error('dcmjs-dimse internals are not as expected: no pending request list');
  }

  /** A Message ID no request of ours on this association is still waiting with (PS3.7 §9.3.1.2). */
  messageId(): number {
    do this.nextId = (this.nextId % 0xffff) + 1;
    while (this.waiting.has(this.nextId));
    return this.nextId;
  }

  /** Resolves with the response's status, or undefined if the association ended first. */
  wait(messageId: number): Promise<number | undefined> {
    const pending = (this.net as NetworkInternals).pending!;
    return new Promise((resolve) => {
      let status: number | undefined;
      const entry: PendingEntry = {
        getMessageId: () => messageId,
        raiseResponseEvent: (rsp) => void (status = rsp.getStatus()),
        raiseDoneEvent: () => finish(status),
      };
      const finish = (s: number | undefined): void => {
        const i = pending.indexOf(entry);
        if (i >= 0) pending.splice(i, 1);
        this.waiting.delete(messageId);
        resolve(s);
      };
      this.waiting.set(messageId, finish);
      pending.push(entry);
    });
  }

  close(): void {
    for (const finish of [...this.waiting.values()]) finish(undefined);
  }
}
