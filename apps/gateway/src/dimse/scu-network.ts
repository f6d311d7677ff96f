import net, { type Socket } from 'node:net';
import tls, { type ConnectionOptions } from 'node:tls';
import { Scp } from 'dcmjs-dimse';

/**
 * dcmjs-dimse's Network (the PS3.8 upper-layer state machine under its Client and Scp) is declared
 * in its typings but not exported; Scp extends it. Our SCUs (result delivery, C-MOVE) drive it
 * directly rather than use Client, which proposes Implicit VR first, creates the socket out of our
 * reach (TCP_NODELAY) and ignores A-ABORT. `typeof Scp` types it: same constructor, and we use only
 * the Network methods.
 */
export const Network = Object.getPrototypeOf(Scp) as typeof Scp;
if (typeof Network?.prototype?.sendAssociationRequest !== 'function')
  throw new Error('dcmjs-dimse: Network class not found');

export type ScuNetwork = InstanceType<typeof Scp>;

/**
 * Opens the transport of an SCU association: TCP with TCP_NODELAY (Nagle + the peer's delayed ACK
 * cost ~40 ms per PDU, shared/TESTBED.md), DICOM TLS on top when asked (PS3.15 Annex B.1), and the
 * Network on it. `onError` is registered before Network's own listeners, so the caller learns the
 * socket's error code first. Network's timers are set past `timeoutMs`: the caller's deadline rules.
 */
export function openScu(o: {
  host: string;
  port: number;
  tls?: ConnectionOptions;
  timeoutMs: number;
  onError: (err: NodeJS.ErrnoException) => void;
}): { tcp: Socket; socket: Socket; network: ScuNetwork } {
  const tcp = net.connect({ host: o.host, port: o.port });
  tcp.setNoDelay(true);
  const socket: Socket = o.tls ? tls.connect({ ...o.tls, socket: tcp }) : tcp;
  tcp.on('error', o.onError);
  if (socket !== tcp) socket.on('error', o.onError);
  const slack = o.timeoutMs * 2;
  const network = new Network(socket, {
    connectTimeout: slack,
    associationTimeout: slack,
    pduTimeout: slack,
    logCommandDatasets: false,
    logDatasets: false,
  });
  return { tcp, socket, network };
}
