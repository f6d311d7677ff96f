import type tls from 'node:tls';
import { association as assoc, constants, requests, type responses } from 'dcmjs-dimse';
import { speakAsDelineo } from '../dimse/implementation';
import { openScu } from '../dimse/scu-network';
import type { StoreResult } from '../delivery/senders/store-scu';

/** Verification SOP Class (PS3.4 Annex A.4). */
export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

export interface EchoRequest {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  tls?: tls.ConnectionOptions;
  timeoutMs: number;
}

/** Where the association was when it ended: the console's Test result names the failed step. */
export type EchoPhase = 'connect' | 'associate' | 'echo';

/** The same outcomes as a C-STORE attempt (delivery's mappers class them), less the encoding one. */
export type EchoResult = { phase: EchoPhase; result: Exclude<StoreResult, { kind: 'unencodable' }> };

/**
 * One association, one C-ECHO (PS3.7 §9.1.5), then A-RELEASE (PS3.8 §7.2), opened exactly as
 * delivery's C-STORE SCU opens it (store-scu.ts): same transport, identity and deadline. Never rejects.
 */
export function echoOnce(req: EchoRequest): Promise<EchoResult> {
  return new Promise((resolve) => {
    let errorCode: string | undefined;
    const noteError = (err: NodeJS.ErrnoException): void => void (errorCode ??= err.code ?? 'ERR');
    const { tcp, socket, network } = openScu({ ...req, onError: noteError });
    let phase: EchoPhase = 'connect';
    let status: number | undefined;
    let done = false;
    const finish = (result: EchoResult['result']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.end();
      setTimeout(() => (socket.destroy(), tcp.destroy()), 1000).unref();
      resolve({ phase, result });
    };
    const answer = (): EchoResult['result'] | undefined =>
      status === undefined ? undefined : { kind: 'status', status };
    const timer = setTimeout(() => {
      if (status === undefined) network.sendAbort();
      finish(answer() ?? { kind: 'timeout' });
    }, req.timeoutMs);

    const association = new assoc.Association(req.callingAeTitle, req.calledAeTitle);
    speakAsDelineo(association);
    const pcId = association.addPresentationContext(VERIFICATION_SOP_CLASS);
    // Implicit VR Little Endian is the default every SCP supports (PS3.5 §10.1); Explicit first.
    for (const ts of [EXPLICIT_LE, IMPLICIT_LE]) association.addTransferSyntaxToPresentationContext(pcId, ts);
    const start = (): void => {
      phase = 'associate';
      network.sendAssociationRequest(association);
    };
    if (req.tls) socket.once('secureConnect', start);
    else network.on('connect', start);

    network.on('associationRejected', (reject: { result: number; source: number; reason: number }) =>
      finish({ kind: 'rejected', reject }),
    );
    network.on('associationAccepted', () => {
      const pc = association.getPresentationContext(pcId);
      if (pc.getResult() !== constants.PresentationContextResult.Accept) {
        network.sendAssociationReleaseRequest();
        return finish({ kind: 'context-rejected', result: pc.getResult() });
      }
      phase = 'echo';
      const request = new requests.CEchoRequest();
      request.on('response', (rsp: responses.CEchoResponse) => void (status = rsp.getStatus()));
      network.on('done', () => network.sendAssociationReleaseRequest());
      network.sendRequests(request);
    });
    network.on('associationReleaseResponse', () =>
      finish(answer() ?? { kind: 'network', code: 'released-without-response' }),
    );
    network.on('abort', (a: { source: number; reason: number }) => finish(answer() ?? { kind: 'aborted', ...a }));
    network.on('networkError', () => finish(answer() ?? { kind: 'network', code: errorCode ?? 'protocol-error' }));
    network.on('close', () => finish(answer() ?? { kind: 'network', code: errorCode ?? 'connection-closed' }));
  });
}
