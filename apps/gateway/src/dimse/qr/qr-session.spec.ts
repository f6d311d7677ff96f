import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { association as assoc, Dataset, requests, type responses } from 'dcmjs-dimse';
import { tagOf, TransferSyntax } from '@delineo/dicom';
import { dicomJsonAttribute, type DicomJsonObject } from '@delineo/dicomweb';
import { QrSession } from './qr-session';
import type { QrArchive, QrAuditEvent } from './qr.port';

const STUDY_ROOT_FIND = '1.2.840.10008.5.1.4.1.2.2.1';

function study(i: number): DicomJsonObject {
  return {
    ...dicomJsonAttribute(tagOf('StudyInstanceUID')!, 'UI', [`2.25.${i}`]),
    ...dicomJsonAttribute(tagOf('PatientID')!, 'LO', [`DLN-${i}`]),
  };
}

function setup(matches: number, ignored: string[] = []) {
  const audits: QrAuditEvent[] = [];
  const searches: unknown[] = [];
  const archive: QrArchive = {
    search: async (level, params, scope) => {
      searches.push({ level, params, scope });
      const offset = Number(params.offset ?? 0);
      return { body: offset === 0 ? Array.from({ length: matches }, (_, i) => study(i)) : [], ignored };
    },
    instances: async () => [],
    read: async () => Buffer.alloc(0),
    audit: (e) => void audits.push(e),
  };
  const socket = Object.assign(new EventEmitter(), { writableLength: 0, destroyed: false }) as unknown as Socket;
  const session = new QrSession({
    archive,
    aeTitle: 'DELINEO',
    info: { id: 'a1', callingAeTitle: 'WS', calledAeTitle: 'DELINEO', remoteAddress: '127.0.0.1' },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    destinations: [],
    move: { callingAeTitle: 'DELINEO', timeoutMs: 1000, tls: () => undefined },
    scp: { pending: [] },
    socket,
    association: new assoc.Association('WS', 'DELINEO'),
    peerMaxPdu: 16384,
    begin: () => undefined,
    done: () => undefined,
  });
  return { session, audits, searches };
}

function findRequest(elements: Record<string, unknown>): requests.CFindRequest {
  const req = new requests.CFindRequest();
  req.setAffectedSopClassUid(STUDY_ROOT_FIND);
  req.setMessageId(7);
  req.setDataset(new Dataset(elements, TransferSyntax.ExplicitVRLittleEndian));
  return req;
}

const statuses = (rs: responses.CFindResponse[]) => rs.map((r) => r.getStatus());

describe('QrSession C-FIND', () => {
  it('sends one pending response per match with an identifier, then success, and audits the studies', async () => {
    const { session, audits, searches } = setup(3);
    const sent: responses.CFindResponse[] = [];
    await session.find(findRequest({ QueryRetrieveLevel: 'STUDY', PatientID: 'DLN*', StudyInstanceUID: '' }), (r) =>
      sent.push(...[r].flat()),
    );
    expect(statuses(sent)).toEqual([0xff00, 0xff00, 0xff00, 0x0000]);
    expect(sent.slice(0, 3).every((r) => r.hasDataset())).toBe(true);
    expect(sent[3].hasDataset()).toBe(false);
    expect(sent[0].getAffectedSopClassUid()).toBe(STUDY_ROOT_FIND);
    expect(searches[0]).toMatchObject({ level: 'studies', params: { PatientID: 'DLN*', limit: '1000', offset: '0' } });
    expect(audits).toEqual([
      expect.objectContaining({ operation: 'find', callingAeTitle: 'WS', studies: ['2.25.0', '2.25.1', '2.25.2'] }),
    ]);
  });

  it('answers pending 0xFF01 when QIDO-RS could not match a key', async () => {
    const { session } = setup(1, ['StudyID']);
    const sent: responses.CFindResponse[] = [];
    await session.find(findRequest({ QueryRetrieveLevel: 'STUDY', StudyID: '12' }), (r) => sent.push(...[r].flat()));
    expect(statuses(sent)).toEqual([0xff01, 0x0000]);
  });

  it('stops at a C-CANCEL and answers 0xFE00', async () => {
    const { session } = setup(5);
    const sent: responses.CFindResponse[] = [];
    const cancel = { getMessageIdBeingRespondedTo: () => 7 } as unknown as requests.CCancelRequest;
    await session.find(findRequest({ QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '' }), (r) => {
      sent.push(...[r].flat());
      if (sent.length === 2) session.cancel(cancel);
    });
    expect(statuses(sent)).toEqual([0xff00, 0xff00, 0xfe00]);
  });

  it('answers 0xA900 for an identifier without QueryRetrieveLevel, with the code as error comment', async () => {
    const { session, audits } = setup(1);
    const sent: responses.CFindResponse[] = [];
    await session.find(findRequest({ PatientID: 'X' }), (r) => sent.push(...[r].flat()));
    expect(statuses(sent)).toEqual([0xa900]);
    expect(sent[0].getErrorComment()).toBe('qr/missing-level');
    expect(audits[0].status).toBe(0xa900);
  });
});
