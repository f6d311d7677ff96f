/**
 * The timers of one DIMSE connection (PS3.8 §9.1.5, §9.2.3). dcmjs-dimse has its own, but they
 * only start on a client's 'connect' event, which an accepted socket never emits: on our listener
 * they never ran, and an idle socket stayed open for ever. So the acceptor keeps its own:
 *
 * - ARTIM from the transport connection until the A-ASSOCIATE-RQ arrives (state Sta2), and again
 *   after we sent A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT until the peer closes (Sta13);
 * - an idle timer while associated: no PDU for `idleMs` ends the association with A-ABORT — but
 *   never while we owe the peer something (a C-STORE being ingested) or hold its socket paused
 *   for backpressure, since then the silence is ours.
 */
export type ClockExpiry = 'artim-expired' | 'association-idle';

export class AssociationClock {
  private artim?: NodeJS.Timeout;
  private idle?: NodeJS.Timeout;
  private busy = 0;
  private stopped = false;

  constructor(
    private readonly artimMs: number,
    private readonly idleMs: number,
    private readonly onExpire: (why: ClockExpiry) => void,
  ) {
    this.startArtim();
  }

  /** A-ASSOCIATE-AC sent: ARTIM stops, the idle timer starts. */
  associated(): void {
    if (this.stopped) return;
    this.clearArtim();
    this.idle = setTimeout(() => this.idleExpired(), this.idleMs);
  }

  /** A PDU (or part of one) arrived: the peer is not idle. */
  activity(): void {
    this.idle?.refresh();
  }

  /** We owe a reply, or paused the socket: idleness is not the peer's until `done()`. */
  begin(): void {
    this.busy++;
  }

  done(): void {
    this.busy = Math.max(0, this.busy - 1);
    this.idle?.refresh();
  }

  /** We sent A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT: the peer has ARTIM to close its end. */
  awaitClose(): void {
    if (this.stopped) return;
    this.clearIdle();
    this.clearArtim();
    this.startArtim();
  }

  stop(): void {
    this.stopped = true;
    this.clearArtim();
    this.clearIdle();
  }

  private startArtim(): void {
    this.artim = setTimeout(() => {
      if (!this.stopped) this.onExpire('artim-expired');
    }, this.artimMs);
  }

  private idleExpired(): void {
    if (this.stopped) return;
    if (this.busy > 0) {
      this.idle?.refresh();
      return;
    }
    this.onExpire('association-idle');
  }

  private clearArtim(): void {
    if (this.artim) clearTimeout(this.artim);
    this.artim = undefined;
  }

  private clearIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
  }
}
