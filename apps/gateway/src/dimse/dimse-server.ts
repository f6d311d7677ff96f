import net from 'node:net';
import tls from 'node:tls';
import { DimseLogger, DimseSettings, StoreHandler } from './dimse.types';
import { StoreScp } from './store-scp';

/**
 * The DICOM upper-layer listener (PS3.8). We own the TCP/TLS server rather than use dcmjs-dimse's
 * Server so we can bind a chosen host, set TCP_NODELAY on every socket (Nagle + delayed ACK costs
 * ~40 ms per C-STORE against DCMTK peers), and cap concurrent associations.
 */
export class DimseServer {
  private server?: net.Server;
  private active = 0;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly settings: DimseSettings,
    private readonly handler: StoreHandler,
    private readonly log: DimseLogger,
  ) {}

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
    socket.setNoDelay(true);
    socket.on('error', () => undefined); // reported by the SCP; never crash the process
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    new StoreScp(socket, {
      settings: this.settings,
      handler: this.handler,
      log: this.log,
      acquireSlot: () => (this.active < this.settings.maxAssociations ? (this.active++, true) : false),
      releaseSlot: () => {
        this.active = Math.max(0, this.active - 1);
      },
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
