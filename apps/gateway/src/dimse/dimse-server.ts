import net from 'node:net';
import tls from 'node:tls';
import type { InflightBudget } from '../ingest/inflight-budget';
import { ConnectionGate, RefusalLog } from './connection-gate';
import { DimseLogger, DimseSettings, StoreHandler } from './dimse.types';
import { StoreScp } from './store-scp';
import type { QrWiring } from './qr/query-retrieve.service';

/**
 * The DICOM upper-layer listener (PS3.8). We own the TCP/TLS server rather than use dcmjs-dimse's
 * Server so we can bind a chosen host, set TCP_NODELAY on every socket (Nagle + delayed ACK costs
 * ~40 ms per C-STORE against DCMTK peers), cap connections before anything is read from them, and
 * cap concurrent associations.
 */
export class DimseServer {
  private server?: net.Server;
  private active = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly gate: ConnectionGate;
  private readonly refusals: RefusalLog;

  constructor(
    private readonly settings: DimseSettings,
    private readonly handler: StoreHandler,
    private readonly log: DimseLogger,
    private readonly budget: InflightBudget,
    /** The Query/Retrieve SCP (PS3.4 Annex C); without it every Q/R context is refused. */
    private readonly qr?: QrWiring,
  ) {
    this.gate = new ConnectionGate(settings.maxConnections, settings.maxConnectionsPerAddress);
    this.refusals = new RefusalLog((reason, count) =>
      log.warn({ event: 'connection-refused', reason, count }, 'DIMSE connections refused at accept'),
    );
  }

  get openConnections(): number {
    return this.gate.open;
  }

  get activeAssociations(): number {
    return this.active;
  }

  async listen(): Promise<number> {
    const onSocket = (socket: net.Socket): void => this.accept(socket);
    const t = this.settings.tls;
    this.server = t
      ? tls.createServer(
          {
            cert: t.cert,
            key: t.key,
            ca: t.ca,
            requestCert: t.requireClientCert,
            rejectUnauthorized: t.requireClientCert,
            minVersion: 'TLSv1.2',
          },
          onSocket,
        )
      : net.createServer(onSocket);
    this.server.on('tlsClientError', () => this.log.warn({ event: 'tls-handshake-failed' }, 'TLS handshake failed'));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.settings.port, this.settings.host, () => resolve());
    });
    this.server.on('error', (err: NodeJS.ErrnoException) =>
      this.log.error({ event: 'dimse-server-error', code: err.code }, 'DIMSE server error'),
    );
    const port = (this.server.address() as net.AddressInfo).port;
    this.log.info({ event: 'dimse-listening', port, aeTitle: this.settings.aeTitle, tls: !!t }, 'DIMSE listening');
    return port;
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => undefined); // reported by the SCP; never crash the process
    const address = socket.remoteAddress ?? '';
    const refused = this.gate.enter(address);
    if (refused) {
      // Closed before a byte is read: no PDU buffer, no SCP, no timer for a connection over the cap.
      this.refusals.refused(refused);
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.gate.leave(address);
    });
    new StoreScp(socket, {
      settings: this.settings,
      handler: this.handler,
      log: this.log,
      budget: this.budget,
      qr: this.qr,
      acquireSlot: () => (this.active < this.settings.maxAssociations ? (this.active++, true) : false),
      releaseSlot: () => {
        this.active = Math.max(0, this.active - 1);
      },
    });
  }

  async close(): Promise<void> {
    this.refusals.stop();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
