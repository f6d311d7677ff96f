import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore } from '../fs.object-store';
import { ObjectJournal } from './object-journal';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'delineo-journal-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const blob = (n: number, size = 40_000) => Buffer.alloc(size, n);
const journals = () => (existsSync(join(root, '.journal')) ? readdirSync(join(root, '.journal')) : []);
const segmentBytes = (): Buffer =>
  Buffer.concat(
    journals().flatMap((d) =>
      readdirSync(join(root, '.journal', d)).map((f) => readFileSync(join(root, '.journal', d, f))),
    ),
  );

/** Runs the journal in a child process that is SIGKILLed once its writes are acknowledged (no checkpoint yet). */
function crashAfter(script: string): void {
  const code = `
    const { ObjectJournal } = require(${JSON.stringify(join(__dirname, 'object-journal.ts'))});
    const j = ObjectJournal.open(${JSON.stringify(root)}, { segmentBytes: 1024 * 1024, idleCheckpointMs: 60000 });
    const blob = (n, size = 40000) => Buffer.alloc(size, n);
    (async () => { ${script}; process.kill(process.pid, 'SIGKILL'); })();`;
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', code], { encoding: 'utf8', timeout: 60_000 });
  expect(r.signal).toBe('SIGKILL');
}

describe('ObjectJournal', () => {
  it('acknowledged puts and deletes survive a crash that loses every unflushed file change', () => {
    crashAfter(`
      for (let i = 0; i < 12; i++) await j.put('studies/s/i' + i + '.dcm', [blob(i)]);
      await j.delete('studies/s/i3.dcm');
      await j.put('studies/t/late.dcm', [Buffer.from('late')]);`);
    // What a power loss may leave of files that were written but never flushed:
    truncateSync(join(root, 'studies/s/i5.dcm'), 0);
    rmSync(join(root, 'studies/t'), { recursive: true });
    writeFileSync(join(root, 'studies/s/i3.dcm'), blob(3)); // the unlink did not reach the disk
    expect(journals()).toHaveLength(1);

    const j = ObjectJournal.open(root);
    expect(j.recovered).toMatchObject({ journals: 1, deletes: 1 });
    for (let i = 0; i < 12; i++) {
      if (i === 3) expect(existsSync(join(root, 'studies/s/i3.dcm'))).toBe(false);
      else expect(readFileSync(join(root, `studies/s/i${i}.dcm`)).equals(blob(i))).toBe(true);
    }
    expect(readFileSync(join(root, 'studies/t/late.dcm')).toString()).toBe('late');
    expect(journals()).toHaveLength(1); // only the new, open one
    return j.close();
  });

  it('leaves the journal of a live process alone and replays it once that process is gone', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const dir = join(root, '.journal', `${other.pid}-abc`);
    mkdirSync(dir, { recursive: true });
    crashAfter(`await j.put('a/x.dcm', [blob(9)])`);
    for (const name of journals()) {
      if (!name.startsWith(`${other.pid}-`)) {
        for (const f of readdirSync(join(root, '.journal', name)))
          writeFileSync(join(dir, f), readFileSync(join(root, '.journal', name, f)));
        rmSync(join(root, '.journal', name), { recursive: true });
      }
    }
    rmSync(join(root, 'a'), { recursive: true });
    const first = ObjectJournal.open(root);
    expect(first.recovered.journals).toBe(0);
    expect(existsSync(join(root, 'a/x.dcm'))).toBe(false);
    await first.close();
    other.kill('SIGKILL');
    await new Promise((r) => other.once('exit', r));
    const second = ObjectJournal.open(root);
    expect(second.recovered).toMatchObject({ journals: 1, puts: 1 });
    expect(readFileSync(join(root, 'a/x.dcm')).equals(blob(9))).toBe(true);
    await second.close();
  });

  it('zeroes a deleted object in the journal: its bytes do not outlive it', async () => {
    const j = ObjectJournal.open(root, { segmentBytes: 256 * 1024, idleCheckpointMs: 60_000 });
    const secret = Buffer.from('DEIDENTIFIED-BUT-DELETED-'.repeat(100));
    const kept = Buffer.from('STILL-STORED-'.repeat(100));
    await j.put('a/gone.dcm', [secret]);
    await j.put('a/kept.dcm', [kept]);
    for (let i = 0; i < 10; i++) await j.put(`b/${i}.dcm`, [blob(i)]); // rolls: gone.dcm now in the standby segment
    await j.delete('a/gone.dcm');
    const image = segmentBytes();
    expect(image.includes(secret.subarray(0, 50))).toBe(false);
    expect(image.includes(Buffer.from('a/gone.dcm'))).toBe(true); // the tombstone
    expect(existsSync(join(root, 'a/gone.dcm'))).toBe(false);
    await j.close();
    expect(journals()).toEqual([]);
    expect(readFileSync(join(root, 'a/kept.dcm')).equals(kept)).toBe(true);
  });

  it('commits parallel puts across many segment reuses, byte-exact', async () => {
    const j = ObjectJournal.open(root, { segmentBytes: 200 * 1024, idleCheckpointMs: 5 });
    const keys = Array.from({ length: 60 }, (_, i) => `p/${i % 7}/o${i}.dcm`);
    await Promise.all(keys.map((k, i) => j.put(k, [blob(i, 10_000 + i * 997)])));
    keys.forEach((k, i) => expect(readFileSync(join(root, k)).equals(blob(i, 10_000 + i * 997))).toBe(true));
    await j.close();
  });
});

describe('FsObjectStore with a journal', () => {
  it('stores through the journal, hides it from listings, and streams objects too big for a segment', async () => {
    const store = new FsObjectStore(root, {}, undefined, { journal: { segmentBytes: 256 * 1024 } });
    await store.init();
    await store.put('s/a.dcm', Buffer.from('small'));
    await store.put('s/big.dcm', [blob(1, 300 * 1024)]);
    expect(segmentBytes().includes(Buffer.from('small'))).toBe(true);
    expect((await store.get('s/big.dcm')).length).toBe(300 * 1024);
    const listed: string[] = [];
    for await (const k of store.list('')) listed.push(k);
    expect(listed).toEqual(['s/a.dcm', 's/big.dcm']);
    await store.delete('s/a.dcm');
    expect(await store.head('s/a.dcm')).toBeUndefined();
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toMatchObject({ code: 'storage/invalid-key' });
    await store.close();
    expect(journals()).toEqual([]);
  });
});
