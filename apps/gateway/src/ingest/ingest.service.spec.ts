import {
  Dataset,
  DEFAULT_PARSE_LIMITS,
  DicomError,
  parsePart10,
  Tag,
  TransferSyntax,
  writePart10,
} from '@delineo/dicom';
import { IngestService } from './ingest.service';
import type {
  ArchiveWriter,
  BlobStore,
  CommitResult,
  Deidentifier,
  DerivedInstanceRecord,
  InstanceRecord,
  Pseudonyms,
} from './ingest.ports';
import { RuleRouter } from './router';

function original(overrides: Partial<Record<number, string>> = {}): Buffer {
  const ds = new Dataset();
  const v: Record<number, string> = {
    [Tag.SOPClassUID]: '1.2.840.10008.5.1.4.1.1.2',
    [Tag.SOPInstanceUID]: '1.2.3.4.5',
    [Tag.StudyInstanceUID]: '1.2.3',
    [Tag.SeriesInstanceUID]: '1.2.3.4',
    [Tag.PatientName]: 'Doe^Jane',
    [Tag.Modality]: 'CT',
    [Tag.SeriesDescription]: 'CHEST W/O',
    ...overrides,
  };
  for (const [tag, value] of Object.entries(v)) {
    const t = Number(tag);
    ds.setString(
      t,
      t === Tag.PatientName ? 'PN' : t === Tag.Modality ? 'CS' : t === Tag.SeriesDescription ? 'LO' : 'UI',
      value ?? '',
    );
  }
  return writePart10(ds, {
    transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    mediaStorageSopInstanceUid: '1.2.3.4.5',
  });
}

const pseudo: Pseudonyms = {
  patientId: 'P1',
  studyInstanceUid: '2.25.1',
  seriesInstanceUid: '2.25.2',
  sopInstanceUid: '2.25.3',
};

function setup(commitImpl?: (r: InstanceRecord, persist: () => Promise<void>) => Promise<CommitResult>) {
  const objects = new Map<string, Buffer>();
  const store: BlobStore = {
    exists: async (k) => objects.has(k),
    get: async (k) => objects.get(k) ?? Promise.reject(new Error('no such object')),
    put: async (k, d) => void objects.set(k, d),
    delete: async (k) => void objects.delete(k),
  };
  const deid: Deidentifier = {
    deidentify: (ds) => {
      ds.setString(Tag.PatientName, 'PN', 'P1');
      for (const [t, u] of [
        [Tag.SOPInstanceUID, '2.25.3'],
        [Tag.StudyInstanceUID, '2.25.1'],
        [Tag.SeriesInstanceUID, '2.25.2'],
      ] as const)
        ds.setString(t, 'UI', u);
      return { dataset: ds, identifiers: { PatientName: 'Doe^Jane' }, pseudonyms: pseudo };
    },
  };
  const records: InstanceRecord[] = [];
  const derived: DerivedInstanceRecord[] = [];
  const archive: ArchiveWriter = {
    commit:
      commitImpl ??
      (async (r, persist) => {
        await persist(); // the contract: the object is durable before the row commits
        records.push(r);
        return { outcome: 'created', seriesId: 's1', seriesReopened: false };
      }),
    commitDerived: async (r, persist) => {
      await persist();
      derived.push(r);
      return { outcome: derived.length > 1 ? 'identical' : 'created', seriesId: 'seg1', seriesReopened: false };
    },
  };
  const tracked: string[] = [];
  const svc = new IngestService(
    deid,
    {
      seal: (_i, key) => ({
        keyId: 'k',
        wrappedKey: Buffer.from(key),
        iv: Buffer.alloc(12),
        tag: Buffer.alloc(16),
        ciphertext: Buffer.from('x'),
      }),
    },
    new RuleRouter([
      { name: 'chest', match: { modality: 'CT', seriesDescription: /chest/i }, model: 'ct-body', deliverTo: ['pacs'] },
    ]),
    store,
    archive,
    { instanceStored: (id) => void tracked.push(id) },
    { info: () => undefined, warn: () => undefined },
    DEFAULT_PARSE_LIMITS,
  );
  return { svc, objects, records, derived, tracked };
}

describe('IngestService', () => {
  it('stores only the de-identified bytes and commits the routing decision', async () => {
    const { svc, objects, records, tracked } = setup();
    const res = await svc.ingestPart10(original(), { via: 'stow' });
    expect(res).toMatchObject({ sopInstanceUid: '2.25.3', outcome: 'created' });
    expect(objects.size).toBe(1);
    const [bytes] = [...objects.values()];
    expect(bytes.includes(Buffer.from('Doe^Jane'))).toBe(false);
    expect(parsePart10(bytes).dataset.string(Tag.SOPInstanceUID)).toBe('2.25.3');
    expect(records[0].route).toEqual({ ruleName: 'chest', modelId: 'ct-body', deliverTo: ['pacs'] });
    expect(records[0].vaultRecord.wrappedKey.toString()).toBe('2.25.3');
    expect(tracked).toEqual(['s1']);
  });

  it('refuses an instance with an empty SOP Instance UID and stores nothing', async () => {
    const { svc, objects, records } = setup();
    await expect(svc.ingestPart10(original({ [Tag.SOPInstanceUID]: '' }), { via: 'stow' })).rejects.toMatchObject({
      code: 'dicom/missing-sop-instance-uid',
    });
    expect(objects.size).toBe(0);
    expect(records).toHaveLength(0);
  });

  it('rejects a dataset whose SOP Instance UID differs from the C-STORE command', async () => {
    const { svc, objects } = setup();
    await expect(
      svc.ingestPart10(original(), {
        via: 'dimse',
        affectedSopInstanceUid: '9.9.9',
        affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      }),
    ).rejects.toMatchObject({ code: 'ingest/sop-instance-mismatch' });
    expect(objects.size).toBe(0);
  });

  it('rejects a STOW instance outside the study named in the URL', async () => {
    const { svc } = setup();
    await expect(
      svc.ingestPart10(original(), { via: 'stow', expectedStudyInstanceUid: '1.2.999' }),
    ).rejects.toMatchObject({
      code: 'ingest/study-mismatch',
    });
  });

  it('removes the written object when the database commit fails', async () => {
    const { svc, objects } = setup(async (_r, persist) => {
      await persist();
      throw Object.assign(new Error('boom'), { code: 'ECONNREFUSED' });
    });
    await expect(svc.ingestPart10(original(), { via: 'dimse' })).rejects.toBeDefined();
    expect(objects.size).toBe(0);
  });

  it('does not commit when the object cannot be made durable', async () => {
    let committed = false;
    const { svc, objects } = setup(async (_r, persist) => {
      await persist();
      committed = true;
      return { outcome: 'created', seriesId: 's1', seriesReopened: false };
    });
    const failing = svc as unknown as { store: { put: () => Promise<void> } };
    failing.store.put = async () => {
      throw Object.assign(new Error('disk'), { code: 'storage/full' });
    };
    await expect(svc.ingestPart10(original(), { via: 'dimse' })).rejects.toMatchObject({ code: 'storage/full' });
    expect(committed).toBe(false);
    expect(objects.size).toBe(0);
  });

  it('rejects bytes that are not DICOM with a coded error', async () => {
    const { svc } = setup();
    await expect(svc.ingestPart10(Buffer.from('hello'), { via: 'stow' })).rejects.toBeInstanceOf(DicomError);
  });

  it('returns a refusal carrying the UIDs the sender sent, from the one parse, and stores nothing', async () => {
    const { svc, objects, records } = setup();
    const outcome = await svc.tryIngestPart10(original(), { via: 'stow', expectedStudyInstanceUid: '1.2.999' });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'ingest/study-mismatch' },
      sent: { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.4.5' },
    });
    expect(objects.size).toBe(0);
    expect(records).toHaveLength(0);
  });

  it("echoes the sender's UIDs, not the pseudonyms, when a refusal comes after de-identification", async () => {
    const { svc } = setup(async () => {
      throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
    });
    const outcome = await svc.tryIngestPart10(original(), { via: 'stow' });
    expect(outcome).toMatchObject({ ok: false, sent: { sopInstanceUid: '1.2.3.4.5' } });
  });

  it('returns a refusal without UIDs when the bytes do not parse', async () => {
    const { svc } = setup();
    const outcome = await svc.tryIngestPart10(Buffer.from('hello'), { via: 'stow' });
    expect(outcome).toMatchObject({ ok: false, sent: {} });
    expect(!outcome.ok && outcome.error).toBeInstanceOf(DicomError);
  });

  describe('derived instances (the research SEG)', () => {
    function derivedSeg(identityRemoved: string | undefined): Buffer {
      const ds = new Dataset();
      ds.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.66.4');
      ds.setString(Tag.SOPInstanceUID, 'UI', '2.25.9');
      ds.setString(Tag.StudyInstanceUID, 'UI', '2.25.1');
      ds.setString(Tag.SeriesInstanceUID, 'UI', '2.25.8');
      ds.setString(Tag.PatientID, 'LO', 'DLN-1');
      if (identityRemoved !== undefined) ds.setString(Tag.PatientIdentityRemoved, 'CS', identityRemoved);
      return writePart10(ds, {
        transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
        mediaStorageSopInstanceUid: '2.25.9',
      });
    }

    it('stores the bytes as given under the given key and commits a row without route or vault record', async () => {
      const { svc, objects, derived, records } = setup();
      const seg = derivedSeg('YES');
      const r = await svc.ingestDerived(seg, 'results/s/0/seg.dcm');
      expect(r).toMatchObject({ sopInstanceUid: '2.25.9', seriesInstanceUid: '2.25.8', outcome: 'created' });
      expect(objects.get('results/s/0/seg.dcm')?.equals(seg)).toBe(true);
      expect(derived).toHaveLength(1);
      expect(derived[0]).not.toHaveProperty('vaultRecord');
      expect(derived[0]).not.toHaveProperty('route');
      expect(records).toHaveLength(0);
    });

    it('is idempotent: the same bytes again are not rewritten', async () => {
      const { svc, objects } = setup();
      const seg = derivedSeg('YES');
      await svc.ingestDerived(seg, 'results/s/0/seg.dcm');
      let puts = 0;
      const counting = svc as unknown as { store: { put: (k: string, d: Buffer) => Promise<void> } };
      const put = counting.store.put;
      counting.store.put = async (k, d) => (puts++, put(k, d));
      expect((await svc.ingestDerived(seg, 'results/s/0/seg.dcm')).outcome).toBe('identical');
      expect(puts).toBe(0);
      expect(objects.size).toBe(1);
    });

    it.each([['NO'], [undefined]])('refuses an instance whose Patient Identity Removed is %s', async (flag) => {
      const { svc, objects, derived } = setup();
      await expect(svc.ingestDerived(derivedSeg(flag), 'results/s/0/seg.dcm')).rejects.toMatchObject({
        code: 'ingest/not-deidentified',
      });
      expect(objects.size).toBe(0);
      expect(derived).toHaveLength(0);
    });
  });
});
