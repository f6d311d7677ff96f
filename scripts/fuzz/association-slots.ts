/** The association-slot check after a live run (dimse.maxAssociations, PS3.8 A-ASSOCIATE-RJ "local limit exceeded"). */
import { connect } from 'node:net';
import { releasePdu } from '../../libs/dicom/src/fuzz';
import { pduLabel } from './pdu-labels';

/**
 * Opens `n` associations at once (each A-ASSOCIATE-RQ `rq`), counts how many the gateway accepts
 * while all are open, then releases them. With `n` = dimse.maxAssociations every one must be
 * accepted once earlier conversations are over: one refused for the local limit is a leaked slot.
 */
export async function concurrentAssociations(port: number, n: number, rq: Buffer): Promise<string[]> {
  const sockets = Array.from({ length: n }, () => connect({ port, host: '127.0.0.1', noDelay: true }));
  const first = sockets.map(
    (s) =>
      new Promise<string>((resolve) => {
        let got = Buffer.alloc(0);
        s.on('error', () => undefined);
        s.on('data', (c: Buffer) => {
          got = Buffer.concat([got, c]);
          if (got.length >= 6 && got.length >= 6 + got.readUInt32BE(2)) resolve(pduLabel(got[0], got.subarray(6)));
        });
        s.once('close', () => resolve('closed'));
        setTimeout(() => resolve('no answer'), 5_000).unref();
        s.once('connect', () => s.write(rq));
      }),
  );
  const answers = await Promise.all(first);
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.destroyed) return resolve();
          s.once('close', () => resolve());
          // PS3.8 AR-4: on A-RELEASE-RP (or anything else) the requestor closes the transport.
          s.once('data', () => s.destroy());
          s.write(releasePdu());
          setTimeout(() => s.destroy(), 2_000).unref();
        }),
    ),
  );
  return answers;
}
