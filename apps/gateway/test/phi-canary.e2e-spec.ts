/**
 * THE PRIVACY PROOF. Real files (XA30 enhanced MR, MR with overlays, highdicom CT) carry a unique
 * canary in every attribute of PS3.15 Table E.1-1 that the profile does not keep, in private
 * elements and in nested sequences. They go in over C-STORE and STOW-RS, into embedded backends
 * and into PostgreSQL + Redis + S3. Then every place the gateway writes is searched for every
 * canary and for the real files' own names and UIDs: zero hits. The vault is the one place that
 * holds identifiers, and only as ciphertext: its bytes are searched too, then decrypted.
 */
import { readFileSync } from 'node:fs';
import { parsePart10, Tag } from '@delineo/dicom';
import { createKeyring, openRecord, pseudonymizeUid } from '@delineo/deid';
import { testDatabaseUrl, testRedisUrl } from './backends';
import { newTmpEntries, runCanaryScenario, type CanaryRun } from './canary-run';
import { items } from './dicomweb-client';
import { describeWithTools } from './harness';
import { CanaryScanner, type Hit } from './scan';

const show = (hits: Hit[]) => hits.slice(0, 20).map((h) => `${h.value} in ${h.where}`);

function privacyProof(mode: 'embedded' | 'backends', letter: string): void {
  let run: CanaryRun;
  let scanner: CanaryScanner;
  beforeAll(async () => {
    run = await runCanaryScenario(mode, letter);
    scanner = new CanaryScanner(run.factory.canaries, run.factory.originals);
  }, 240_000);
  afterAll(() => run?.cleanup());

  it('stores all 6 canary instances: 3 over C-STORE, 3 over STOW-RS', () => {
    expect(run.dimse.code).toBe(0);
    expect(run.stow.status).toBe(202); // stored, each with WarningReason B000 (coerced)
    expect(items(run.stow.body, '00081199')).toHaveLength(3);
    expect(run.instances).toHaveLength(6);
    expect(run.retrieved.size).toBe(6);
  });

  it('planted hundreds of canaries, and the scanner finds every one of them in the input files', () => {
    expect(run.factory.canaries.size).toBeGreaterThan(6 * 500);
    expect(run.factory.originals.size).toBeGreaterThan(0);
    const found = new Set<string>();
    for (const f of run.files) for (const c of scanner.found(f.part10)) found.add(c);
    const missed = [...run.factory.canaries].filter((c) => !found.has(c));
    expect(missed).toEqual([]);
  });

  it('keeps pixel data and the retained patient characteristics (sex, age)', () => {
    for (const file of run.files) {
      const sop = pseudonymizeUid(run.projectKey, parsePart10(file.part10).dataset.string(Tag.SOPInstanceUID)!);
      const bytes = run.retrieved.get(sop);
      expect(bytes).toBeDefined();
      const ds = parsePart10(bytes!).dataset;
      const px = ds.get(Tag.PixelData);
      const size = px?.value?.length ?? (px?.fragments ?? []).reduce((a, f) => a + f.length, 0);
      expect(size).toBe(file.pixelBytes);
      expect(size).toBeGreaterThan(1000);
      expect(ds.string(Tag.SOPClassUID)).toBe(file.sopClassUid);
      expect(file.patientSex).toBeDefined();
      expect(ds.string(Tag.PatientSex)).toBe(file.patientSex);
      expect(file.patientAge).toMatch(/^\d{3}[DWMY]$/);
      expect(ds.string(Tag.PatientAge)).toBe(file.patientAge);
      expect(ds.string(Tag.PatientIdentityRemoved)).toBe('YES');
    }
  });

  it('segments every series and sends the results, re-identified, to the PACS and the EHR only', () => {
    expect(run.series.filter((s) => s.state === 'delivered').length).toBeGreaterThanOrEqual(4);
    const received = run.sinks.pacs.files();
    expect(received.length).toBeGreaterThanOrEqual(4);
    // Positive control: the hospital's copies carry the original (canary) identifiers back.
    const ids = run.files.map((f) => parsePart10(f.part10).dataset.string(Tag.PatientID)!);
    const pacsIds = received.map((f) => parsePart10(readFileSync(f)).dataset.string(Tag.PatientID));
    expect(pacsIds.every((id) => ids.includes(id!))).toBe(true);
    expect(run.sinks.bundles.length).toBeGreaterThanOrEqual(4);
    expect(ids.some((id) => run.sinks.bundles.some((b) => b.includes(id)))).toBe(true);
  });

  it('leaves no canary in what WADO-RS serves', () => {
    const hits = [...run.retrieved].flatMap(([sop, b]) => scanner.scan(b, `WADO ${sop}`));
    expect(show(hits)).toEqual([]);
  });

  it('leaves no canary anywhere under DATA_DIR (database files, object store, temp files)', () => {
    const { hits, files, bytes } = scanner.scanTree(run.gw.dataDir);
    // Embedded: PGlite's files, the 6 objects and the generated secrets. Otherwise DATA_DIR may stay empty.
    if (mode === 'embedded') {
      expect(files).toBeGreaterThan(6);
      expect(bytes).toBeGreaterThan(0);
    }
    expect(show(hits)).toEqual([]);
  });

  it('leaves no canary in the object journal, which held every stored instance (embedded: fs store)', () => {
    if (mode !== 'embedded') return expect(run.journal).toEqual([]); // S3 has no journal
    const segments = run.journal.filter((f) => f.path.endsWith('.seg'));
    expect(segments.length).toBeGreaterThanOrEqual(2);
    // The journal really carried the instances: each retrieved object's pixel bytes are in a segment.
    for (const [, obj] of run.retrieved)
      expect(segments.some((f) => f.bytes.includes(obj.subarray(obj.length - 4096)))).toBe(true);
    expect(show(segments.flatMap((f) => scanner.scan(f.bytes, f.path)))).toEqual([]);
  });

  it('leaves no canary in the log', () => {
    const log = readFileSync(run.gw.logFile);
    expect(run.gw.events()).toContain('association-accepted');
    expect(show(scanner.scan(log, run.gw.logFile))).toEqual([]);
  });

  it('leaves no canary in a dump of every database table', () => {
    const received = run.tables.tables.instance.filter((i) => i.received_via !== 'derived');
    expect(received).toHaveLength(6);
    // The results' persistence paths were used: research SEGs in the archive, volumes, deliveries.
    expect(run.tables.tables.instance.length).toBeGreaterThan(6);
    expect(run.tables.tables.segment_volume.length).toBeGreaterThan(0);
    expect(run.tables.tables.delivery.length).toBeGreaterThan(0);
    expect(show(scanner.scan(Buffer.from(run.tables.text, 'latin1'), 'table dump'))).toEqual([]);
    if (run.pgDump !== undefined) {
      expect(run.pgDump).toContain('COPY public.instance');
      expect(show(scanner.scan(Buffer.from(run.pgDump, 'latin1'), 'pg_dump'))).toEqual([]);
    }
  });

  it('keeps sessions and audit records free of dataset values (ids, codes and pseudonyms only)', () => {
    const t = run.tables.tables;
    expect(t.auth_session.length).toBeGreaterThan(0);
    expect(t.app_user.length).toBeGreaterThan(0);
    const actions = t.audit_log.map((r) => String(r.action));
    // Who read which study, who stored what, who looked at the pipeline: all recorded.
    expect(actions).toEqual(
      expect.arrayContaining([
        'dicomweb.search',
        'dicomweb.retrieve',
        'dicomweb.store',
        'token.create',
        'result.deliver',
      ]),
    );
    const identity = JSON.stringify({
      sessions: t.auth_session,
      users: t.app_user,
      audit: t.audit_log,
      tokens: t.api_token,
    });
    expect(show(scanner.scan(Buffer.from(identity, 'latin1'), 'identity tables'))).toEqual([]);
  });

  it('holds the identifiers in the vault only as ciphertext that decrypts to them', () => {
    const rows = run.tables.tables.vault_record as Array<Record<string, Buffer | string>>;
    expect(rows).toHaveLength(6);
    // Every delivered series' records are scheduled for purge (vault.retentionDaysAfterDelivery).
    const delivered = run.series.filter((x) => x.state === 'delivered').length;
    expect(rows.filter((r) => r.delivered_at && r.purge_after)).toHaveLength(delivered);
    const [id, key] = run.vaultKeys.split(',')[0].split(/:(.*)/s);
    const keyring = createKeyring({ [id]: Buffer.from(key.trim(), 'base64') }, id);
    const plain: string[] = [];
    for (const r of rows) {
      for (const col of ['wrapped_key', 'iv', 'tag', 'ciphertext']) {
        expect(show(scanner.scan(r[col] as Buffer, `vault_record.${col}`))).toEqual([]);
      }
      const b64 = (c: string) => (r[c] as Buffer).toString('base64');
      const sealed = {
        v: 1 as const,
        keyId: String(r.key_id),
        wrappedKey: b64('wrapped_key'),
        iv: b64('iv'),
        tag: b64('tag'),
        ciphertext: b64('ciphertext'),
      };
      plain.push(JSON.stringify(openRecord(sealed, keyring, String(r.lookup_key))));
    }
    // Positive control: the canary identifiers did reach the gateway, and the vault is where they are.
    const inVault = scanner.found(Buffer.from(plain.join('\n'), 'latin1'));
    for (const f of run.files) expect(inVault.has(parsePart10(f.part10).dataset.string(Tag.PatientID)!)).toBe(true);
  });

  it('leaves no canary in the temp entries created during the run', () => {
    // Our own canary input, and what the hospital's PACS received; gw.dir and the s3rver dir are scanned.
    const exclude = [run.inputDir, ...run.sinks.hospitalDirs];
    const hits = newTmpEntries(run.tmpBefore).flatMap((e) => scanner.scanTree(e, exclude).hits);
    expect(newTmpEntries(run.tmpBefore)).toContain(run.gw.dir);
    expect(show(hits)).toEqual([]);
  });

  if (mode === 'backends') {
    it('leaves no canary in any object of the S3 store', () => {
      const { hits, files } = scanner.scanTree(run.s3!.dir);
      expect(files).toBeGreaterThanOrEqual(6);
      expect(show(hits)).toEqual([]);
    });

    it('leaves no canary in any Redis key or value under the queue prefix', () => {
      expect(run.redis).toBeDefined();
      expect(show(scanner.scan(Buffer.from(run.redis!.text, 'latin1'), 'redis'))).toEqual([]);
    });
  }
}

describeWithTools('PHI canary proof: embedded (PGlite + fs + in-process queue)', ['storescu'], () =>
  privacyProof('embedded', 'E'),
);

describeWithTools(
  'PHI canary proof: PostgreSQL + Redis + S3 (s3rver)',
  ['dcmsend', 'pg_dump'],
  () => privacyProof('backends', 'P'),
  [testDatabaseUrl(), testRedisUrl()],
);
