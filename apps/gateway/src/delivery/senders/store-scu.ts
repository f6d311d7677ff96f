import tls from 'node:tls';
import { association as assoc, constants, Dataset, requests, type responses } from 'dcmjs-dimse';
import { speakAsDelineo } from '../../dimse/implementation';
import { openScu } from '../../dimse/scu-network';
import type { AssociateReject } from './dimse-status.mapper';

export interface StoreRequest {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  sopClassUid: string;
  sopInstanceUid: string;
  /** Proposed in one presentation context, best first (PS3.8 §9.3.2.2). */
  syntaxes: string[];
  /** The dataset in the transfer syntax the peer accepted. */
  encode(transferSyntaxUid: string): Buffer;
  tls?: tls.ConnectionOptions;
  timeoutMs: number;
}

export type StoreResult =
  | { kind: 'status'; status: number }
  | { kind: 'rejected'; reject: AssociateReject }
  | { kind: 'context-rejected'; result: number }
  | { kind: 'aborted'; source: number; reason: number }
  | { kind: 'network'; code: string }
  | { kind: 'timeout' }
  | { kind: 'unencodable'; transferSyntaxUid: string };

/** Sends the dataset's bytes as given: dcmjs-dimse writes what getDenaturalizedDataset returns. */
class EncodedDataset extends Dataset {
  constructor(
    private readonly bytes: Buffer,
    transferSyntaxUid: string,
    sopClassUid: string,
    sopInstanceUid: string,
  ) {
    super({ SOPClassUID: sopClassUid, SOPInstanceUID: sopInstanceUid }, transferSyntaxUid);
  }
  override getDenaturalizedDataset(): Buffer {
    return this.bytes;
  }
}

/** One association, one C-STORE, then A-RELEASE (PS3.8 §7.2). Never rejects. */
export function storeOnce(req: StoreRequest): Promise<StoreResult> {
  return new Promise((resolve) => {
    let errorCode: string | undefined;
    const noteError = (err: NodeJS.ErrnoException): void => void (errorCode ??= err.code ?? 'ERR');
    const { tcp, socket, network } = openScu({ ...req, onError: noteError });
    let answer: StoreResult | undefined;
    let done = false;
    const finish = (r: StoreResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // end() lets a queued A-ABORT leave before the FIN; a peer that never reads is cut off.
      socket.end();
      setTimeout(() => (socket.destroy(), tcp.destroy()), 1000).unref();
      resolve(r);
    };
    const timer = setTimeout(() => {
      if (!answer) network.sendAbort();
      finish(answer ?? { kind: 'timeout' });
    }, req.timeoutMs);

    const association = new assoc.Association(req.callingAeTitle, req.calledAeTitle);
    // The same implementation identity as our Part 10 files (PS3.7 §D.3.3.2), so a PACS log names us.
    speakAsDelineo(association);
    const pcId = association.addPresentationContext(req.sopClassUid);
    for (const ts of req.syntaxes) association.addTransferSyntaxToPresentationContext(pcId, ts);
    const start = (): void => network.sendAssociationRequest(association);
    if (req.tls) socket.once('secureConnect', start);
    else network.on('connect', start);

    network.on('associationRejected', (rj: AssociateReject) => finish({ kind: 'rejected', reject: rj }));
    network.on('associationAccepted', () => {
      const pc = association.getPresentationContext(pcId);
      const ts = pc.getAcceptedTransferSyntaxUid();
      // A syntax we did not propose counts as "transfer-syntaxes-not-supported" (4): we cannot use it.
      if (pc.getResult() !== constants.PresentationContextResult.Accept || !ts || !req.syntaxes.includes(ts)) {
        answer = {
          kind: 'context-rejected',
          result: pc.getResult() === constants.PresentationContextResult.Accept ? 4 : pc.getResult(),
        };
        return network.sendAssociationReleaseRequest();
      }
      let bytes: Buffer;
      try {
        bytes = req.encode(ts);
      } catch {
        network.sendAbort(); // A-ABORT (PS3.8 §7.3): nothing sensible can be sent on this association
        return finish({ kind: 'unencodable', transferSyntaxUid: ts });
      }
      const request = new requests.CStoreRequest(new EncodedDataset(bytes, ts, req.sopClassUid, req.sopInstanceUid));
      request.on('response', (rsp: responses.CStoreResponse) => {
        answer = { kind: 'status', status: rsp.getStatus() };
      });
      network.on('done', () => network.sendAssociationReleaseRequest());
      network.sendRequests(request);
    });
    // After the C-STORE-RSP the outcome is known; how the association ends no longer changes it.
    network.on('associationReleaseResponse', () =>
      finish(answer ?? { kind: 'network', code: 'released-without-response' }),
    );
    network.on('abort', (a: { source: number; reason: number }) => finish(answer ?? { kind: 'aborted', ...a }));
    network.on('networkError', () => finish(answer ?? { kind: 'network', code: errorCode ?? 'protocol-error' }));
    network.on('close', () => finish(answer ?? { kind: 'network', code: errorCode ?? 'connection-closed' }));
  });
}
