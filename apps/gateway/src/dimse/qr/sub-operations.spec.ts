import { association as assoc, constants } from 'dcmjs-dimse';
import type { RetrievalRow } from '@delineo/db';
import { TransferSyntax } from '@delineo/dicom';
import { DicomWebError } from '@delineo/dicomweb';
import { negotiateQueryRetrieve } from './qr-sop-classes';
import { QrError, QrStatus, qrStatusFor } from './qr-status';
import { finalStatus, runSubOperations } from './sub-operations';

const rows = (n: number): RetrievalRow[] =>
  Array.from({ length: n }, (_, i) => ({
    studyInstanceUid: '2.25.1',
    seriesInstanceUid: '2.25.2',
    sopInstanceUid: `2.25.3.${i}`,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    objectKey: `k${i}`,
  }));

describe('runSubOperations (PS3.4 C.4.2.3.1)', () => {
  it('counts completed, warning and failed sub-operations and lists the failed instances', async () => {
    const statuses = [0x0000, 0xb007, 0xa700, undefined];
    const seen: number[] = [];
    let i = 0;
    const { progress, cancelled } = await runSubOperations(
      rows(4),
      async () => statuses[i++],
      (p) => seen.push(p.remaining),
      () => false,
    );
    expect(cancelled).toBe(false);
    expect(progress).toMatchObject({ remaining: 0, completed: 1, warning: 1, failed: 2 });
    expect(progress.failedUids).toEqual(['2.25.3.2', '2.25.3.3']);
    expect(seen).toEqual([3, 2, 1]); // a pending response after each but the last
    expect(finalStatus(progress, false)).toBe(QrStatus.SubOperationsFailed);
  });
  it('stops between sub-operations once cancelled, leaving the rest remaining', async () => {
    let stored = 0;
    const r = await runSubOperations(
      rows(5),
      async () => (stored++, 0),
      () => undefined,
      () => stored >= 2,
    );
    expect(r.cancelled).toBe(true);
    expect(r.progress).toMatchObject({ remaining: 3, completed: 2 });
    expect(finalStatus(r.progress, true)).toBe(QrStatus.Cancel);
  });
  it('final status: success, or 0xA702 when every sub-operation failed', () => {
    const p = { remaining: 0, completed: 0, warning: 0, failed: 0, failedUids: [] };
    expect(finalStatus(p, false)).toBe(QrStatus.Success);
    expect(finalStatus({ ...p, failed: 2 }, false)).toBe(QrStatus.OutOfResourcesSubOperations);
  });
});

describe('negotiateQueryRetrieve', () => {
  const propose = (): assoc.Association => {
    const a = new assoc.Association('SCU', 'DELINEO');
    const find = a.addPresentationContext('1.2.840.10008.5.1.4.1.2.2.1');
    a.addTransferSyntaxToPresentationContext(find, TransferSyntax.DeflatedExplicitVRLittleEndian);
    a.addTransferSyntaxToPresentationContext(find, TransferSyntax.ImplicitVRLittleEndian);
    const get = a.addPresentationContext('1.2.840.10008.5.1.4.1.2.1.3');
    a.addTransferSyntaxToPresentationContext(get, '1.2.840.10008.1.2.4.90');
    const ct = a.addPresentationContext('1.2.840.10008.5.1.4.1.1.2');
    a.addTransferSyntaxToPresentationContext(ct, TransferSyntax.ExplicitVRLittleEndian);
    return a;
  };
  const results = (a: assoc.Association) =>
    a.getPresentationContexts().map(({ context }) => [context.getResult(), context.getAcceptedTransferSyntaxUid()]);
  it('accepts Q/R contexts in an uncompressed little-endian syntax for a caller that may query', () => {
    const a = propose();
    negotiateQueryRetrieve(a, true);
    const [find, get, ct] = results(a);
    expect(find).toEqual([constants.PresentationContextResult.Accept, TransferSyntax.ImplicitVRLittleEndian]);
    expect(get[0]).toBe(constants.PresentationContextResult.RejectTransferSyntaxesNotSupported);
    expect(ct[0]).toBe(constants.PresentationContextResult.Proposed); // storage is presentation.ts's to decide
  });
  it('answers user-rejection for every Q/R context of a caller that may not', () => {
    const a = propose();
    negotiateQueryRetrieve(a, false);
    const [find, get] = results(a);
    expect(find[0]).toBe(constants.PresentationContextResult.RejectUser);
    expect(get[0]).toBe(constants.PresentationContextResult.RejectUser);
  });
});

describe('qrStatusFor (PS3.4 C.4.1.1.4, C.4.2.1.5)', () => {
  it.each([
    [new QrError('qr/missing-level', 'x'), 0xa900],
    [new QrError('qr/unknown-destination', 'x'), 0xa801],
    [new DicomWebError('dicomweb/bad-query', 'x'), 0xa900],
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 0xa700],
    [new Error('boom'), 0xc000],
  ])('%s → %s', (err, status) => {
    expect(qrStatusFor(err).status).toBe(status);
  });
});
