import type { RetrievalRow } from '@delineo/db';
import { readDicomPayload } from '../../delivery/senders/dicom-payload';
import { acceptedContext } from './move-association';
import type { RetrieveDeps } from './qr-operation.types';
import { encodeStoreRequest, writePdus } from './store-request';

/**
 * One C-GET sub-operation (PS3.4 C.4.3.3.1): a C-STORE-RQ on the C-GET's own association, on a
 * storage context the requestor proposed for the instance's SOP class and for which it took the SCP
 * role (SCP/SCU Role Selection, PS3.7 D.3.3.4). Without such a context the sub-operation fails.
 * The stored bytes go out as stored; an uncompressed object may go out in the other uncompressed
 * little-endian syntax (element headers re-encoded, values unchanged).
 */
export async function getStore(d: RetrieveDeps, row: RetrievalRow): Promise<number | undefined> {
  const own = d.own;
  if (!own || d.socket.destroyed) return undefined;
  const payload = readDicomPayload(await d.archive.read(row));
  if (!requestorIsScp(d, payload.sopClassUid)) return undefined;
  const ctx = acceptedContext(d.association, payload.sopClassUid, payload.proposedSyntaxes);
  if (!ctx) return undefined;
  const messageId = own.messageId();
  const answered = own.wait(messageId);
  const pdus = encodeStoreRequest(
    {
      presentationContextId: ctx.id,
      messageId,
      sopClassUid: payload.sopClassUid,
      sopInstanceUid: payload.sopInstanceUid,
      dataset: payload.encode(ctx.transferSyntaxUid),
    },
    d.peerMaxPdu,
  );
  await writePdus(d.socket, pdus);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), d.move.timeoutMs)));
  const status = await Promise.race([answered, timeout]);
  clearTimeout(timer);
  return status;
}

/** dcmjs-dimse records the negotiated roles on the first context of each abstract syntax. */
function requestorIsScp(d: RetrieveDeps, sopClassUid: string): boolean {
  return d.association
    .getPresentationContexts()
    .some(({ context }) => context.getAbstractSyntaxUid() === sopClassUid && context.getProviderRole() === true);
}
