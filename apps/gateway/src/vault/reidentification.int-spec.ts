import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_PARSE_LIMITS, parsePart10, Tag } from '@delineo/dicom';
import { createKeyring } from '@delineo/deid';
import { FsObjectStore } from '@delineo/storage';
import { InstanceCommitRepository, VaultRecordEntity, VaultRepository } from '@delineo/db';
import { describeEachBackend, entityRowsOf, repositoryOf } from '../../../../libs/db/test/backends';
import { RepositoryArchiveWriter } from '../ingest/archive-writer.adapter';
import { EnvelopeVaultSealer, ProfileDeidentifier } from '../ingest/deid.adapter';
import { IngestService } from '../ingest/ingest.service';
import { ObjectStoreBlobs } from '../ingest/object-store.adapter';
import { RuleRouter } from '../ingest/router';
import { ReidentificationService } from './reidentification.service';

const SERIES = resolve(__dirname, '../../../../../shared/data/dcm_qa_nih/20180918GE/mr_0004');
const DEID = { current: () => ({ deid: { options: {}, burnedInAnnotation: 'reject' as const } }) } as never;

describeEachBackend('vault round trip through ingest', (db) => {
  const projectKey = randomBytes(32);
  const keyring = createKeyring({ k1: randomBytes(32) }, 'k1');

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function ingestService() {
    const dir = mkdtempSync(join(tmpdir(), 'delineo-vault-'));
    dirs.push(dir);
    return new IngestService(
      new ProfileDeidentifier(DEID, projectKey),
      new EnvelopeVaultSealer(keyring),
      new RuleRouter([]),
      new ObjectStoreBlobs(new FsObjectStore(dir)),
      new RepositoryArchiveWriter(repositoryOf(db(), InstanceCommitRepository)),
      { instanceStored: () => undefined },
      { info: () => undefined, warn: () => undefined },
      DEFAULT_PARSE_LIMITS,
    );
  }

  it('maps pseudonymized UIDs back to the originals, with the patient and study identifiers', async () => {
    const file = join(SERIES, readdirSync(SERIES).sort()[0]);
    const original = parsePart10(readFileSync(file)).dataset;
    const stored = await ingestService().ingestPart10(readFileSync(file), { via: 'stow' });
    expect(stored.sopInstanceUid).not.toBe(original.string(Tag.SOPInstanceUID));

    const ids = await new ReidentificationService(repositoryOf(db(), VaultRepository), keyring).identifiersFor(
      stored.sopInstanceUid,
    );
    expect(ids.patient.PatientID).toBe(original.string(Tag.PatientID));
    expect(ids.patient.PatientName).toBe(original.string(Tag.PatientName));
    expect(ids.study.StudyInstanceUID).toBe(original.string(Tag.StudyInstanceUID));
    expect(ids.uids[stored.sopInstanceUid]).toBe(original.string(Tag.SOPInstanceUID));
    expect(ids.uids[stored.seriesInstanceUid]).toBe(original.string(Tag.SeriesInstanceUID));
    expect(ids.uids[stored.studyInstanceUid]).toBe(original.string(Tag.StudyInstanceUID));
  });

  it('fails loudly on tampered ciphertext, a record moved to another row, or a wrong key', async () => {
    const files = readdirSync(SERIES)
      .sort()
      .slice(1, 3)
      .map((f) => readFileSync(join(SERIES, f)));
    const [a, b] = [
      await ingestService().ingestPart10(files[0], { via: 'stow' }),
      await ingestService().ingestPart10(files[1], { via: 'stow' }),
    ];
    const repo = entityRowsOf(db(), VaultRecordEntity);
    const rowA = await repo.findOneByOrFail({ lookupKey: a.sopInstanceUid });
    const rowB = await repo.findOneByOrFail({ lookupKey: b.sopInstanceUid });
    const reid = new ReidentificationService(repositoryOf(db(), VaultRepository), keyring);

    const flipped = Buffer.from(rowA.ciphertext);
    flipped[0] ^= 0xff;
    await repo.update(rowA.id, { ciphertext: flipped });
    await expect(reid.identifiersFor(a.sopInstanceUid)).rejects.toMatchObject({ code: 'vault/tampered' });

    // B's sealed bytes copied under A's key: the AAD binding refuses them.
    await repo.update(rowA.id, {
      ciphertext: rowB.ciphertext,
      iv: rowB.iv,
      tag: rowB.tag,
      wrappedKey: rowB.wrappedKey,
    });
    await expect(reid.identifiersFor(a.sopInstanceUid)).rejects.toMatchObject({ code: 'vault/tampered' });

    const otherKeyring = createKeyring({ k1: randomBytes(32) }, 'k1');
    await expect(
      new ReidentificationService(repositoryOf(db(), VaultRepository), otherKeyring).identifiersFor(b.sopInstanceUid),
    ).rejects.toMatchObject({
      code: 'vault/tampered',
    });
    const unknownKey = createKeyring({ k2: randomBytes(32) }, 'k2');
    await expect(
      new ReidentificationService(repositoryOf(db(), VaultRepository), unknownKey).identifiersFor(b.sopInstanceUid),
    ).rejects.toMatchObject({
      code: 'vault/unknown-key',
    });
  });
});
