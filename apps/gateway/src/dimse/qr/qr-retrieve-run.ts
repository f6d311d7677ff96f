import { responses, type requests } from 'dcmjs-dimse';
import type { RetrievalRow } from '@delineo/db';
import { transferSyntaxTraits, TransferSyntax } from '@delineo/dicom';
import { readDicomPayload } from '../../delivery/senders/dicom-payload';
import { failedListIdentifier } from './encoded-identifier';
import { getStore } from './get-store';
import { MoveAssociation } from './move-association';
import { readIdentifier } from './qr-identifier';
import { resolveInstances } from './qr-retrieve';
import { qrSopClass } from './qr-sop-classes';
import { QrError, QrStatus } from './qr-status';
import type { MoveDestination } from './qr.port';
import type { OperationOutcome, RetrieveDeps } from './qr-operation.types';
import { finalStatus, type Progress, runSubOperations, type StoreOne } from './sub-operations';

type Rsp = responses.CMoveResponse | responses.CGetResponse;
type Send = (r: Rsp | Rsp[]) => void;

function response(request: requests.CMoveRequest | requests.CGetRequest, op: 'move' | 'get', status: number): Rsp {
  const rsp =
    op === 'move'
      ? responses.CMoveResponse.fromRequest(request as requests.CMoveRequest)
      : responses.CGetResponse.fromRequest(request as requests.CGetRequest);
  rsp.setAffectedSopClassUid(request.getAffectedSopClassUid());
  rsp.setStatus(status);
  return rsp;
}

export function failRetrieve(
  request: requests.CMoveRequest | requests.CGetRequest,
  op: 'move' | 'get',
  status: number,
  code: string,
  send: Send,
): void {
  const rsp = response(request, op, status);
  rsp.setErrorComment(code);
  send(rsp);
}

/**
 * C-MOVE (PS3.4 C.4.2) or C-GET (C.4.3): resolves the instances, runs one C-STORE sub-operation per
 * instance (to the move destination on a new association, or back on this one), a pending
 * response after each with the four counts, and a final response with the counts and, when some
 * failed, the Failed SOP Instance UID List.
 */
export async function retrieve(
  d: RetrieveDeps,
  request: requests.CMoveRequest | requests.CGetRequest,
  op: 'move' | 'get',
  ts: string | undefined,
  stop: () => boolean,
  send: Send,
): Promise<OperationOutcome> {
  const kind = qrSopClass(request.getAffectedSopClassUid())!;
  let destination: MoveDestination | undefined;
  if (op === 'move') {
    const ae = String(request.getCommandDataset().getElement('MoveDestination') ?? '').trim();
    destination = d.destinations.find((x) => x.aeTitle === ae);
    if (!destination) throw new QrError('qr/unknown-destination', 'Move Destination is not a dimse destination');
  }
  const id = readIdentifier(kind.model, request.getDataset()?.getElements() ?? {});
  const rows = await resolveInstances(d.archive, id);
  const studies = [...new Set(rows.map((r) => r.studyInstanceUid))].slice(0, 20);
  const outcome = (p: Progress, status: number): OperationOutcome => ({
    status,
    level: id.level,
    studies,
    destination: destination?.aeTitle,
    completed: p.completed + p.warning,
    failed: p.failed,
  });
  const progress = (p: Progress, status: number, final: boolean): Rsp => {
    const rsp = response(request, op, status);
    if (!final || status === QrStatus.Cancel) rsp.setRemaining(p.remaining);
    rsp.setCompleted(p.completed);
    rsp.setFailures(p.failed);
    rsp.setWarnings(p.warning);
    if (final && p.failedUids.length > 0) rsp.setDataset(failedListIdentifier(p.failedUids, ts));
    return rsp;
  };
  let store: StoreOne;
  let close = async (): Promise<void> => undefined;
  if (destination && rows.length > 0) {
    const mv = await MoveAssociation.open({
      host: destination.host,
      port: destination.port,
      callingAeTitle: d.move.callingAeTitle,
      calledAeTitle: destination.aeTitle,
      tls: d.move.tls(destination),
      timeoutMs: d.move.timeoutMs,
      contexts: proposedContexts(rows),
    });
    if ('failure' in mv) {
      // PS3.4 C.4.2.1.5: the destination is known but no sub-operation can be performed.
      const p: Progress = {
        remaining: 0,
        completed: 0,
        failed: rows.length,
        warning: 0,
        failedUids: rows.map((r) => r.sopInstanceUid),
      };
      send(progress(p, QrStatus.OutOfResourcesSubOperations, true));
      return { ...outcome(p, QrStatus.OutOfResourcesSubOperations), code: `move-${mv.failure}` };
    }
    const originator = { aeTitle: d.info.callingAeTitle, messageId: request.getMessageId() };
    store = async (row) => {
      const payload = readDicomPayload(await d.archive.read(row));
      const ctx = mv.contextFor(payload.sopClassUid, payload.proposedSyntaxes);
      if (!ctx) return undefined;
      return mv.store(ctx, payload, payload.encode(ctx.transferSyntaxUid), originator);
    };
    close = () => mv.release();
  } else {
    store = (row) => getStore(d, row);
  }
  try {
    const done = await runSubOperations(rows, store, (p) => send(progress(p, QrStatus.Pending, false)), stop);
    const status = finalStatus(done.progress, done.cancelled);
    send(progress(done.progress, status, true));
    return outcome(done.progress, status);
  } finally {
    await close();
  }
}

/** One context per SOP class and stored syntax: that syntax, then the uncompressed ones we can re-encode to. */
function proposedContexts(rows: RetrievalRow[]): { sopClassUid: string; syntaxes: string[] }[] {
  const seen = new Map<string, { sopClassUid: string; syntaxes: string[] }>();
  for (const r of rows) {
    const key = `${r.sopClassUid}|${r.transferSyntaxUid}`;
    if (seen.has(key)) continue;
    const native = transferSyntaxTraits(r.transferSyntaxUid)?.encapsulated === false;
    const syntaxes = native
      ? [
          ...new Set([
            r.transferSyntaxUid,
            TransferSyntax.ExplicitVRLittleEndian,
            TransferSyntax.ImplicitVRLittleEndian,
          ]),
        ]
      : [r.transferSyntaxUid];
    seen.set(key, { sopClassUid: r.sopClassUid, syntaxes });
  }
  // PS3.8 §9.3.2.2: presentation context IDs are the odd numbers 1–255, so at most 128 contexts.
  return [...seen.values()].slice(0, 128);
}
