import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableWritePool } from './durable-write-pool';
import { FsObjectStore } from './fs.object-store';

describe('DurableWritePool (real writer threads)', () => {
  let root: string;
  let pool: DurableWritePool;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'delineo-pool-'));
    pool = new DurableWritePool(2);
  });
  afterEach(async () => {
    await pool.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('writes many objects concurrently, each complete, with no temp files left', async () => {
    const n = 24;
    await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const dir = join(root, `s${i % 3}`);
        const body = Buffer.alloc(64 * 1024 + i, i);
        return pool.write(root, join(dir, `.t${i}.tmp`), join(dir, `o${i}.dcm`), [
          body.subarray(0, 100),
          body.subarray(100),
        ]);
      }),
    );
    for (let i = 0; i < n; i++) {
      const got = readFileSync(join(root, `s${i % 3}`, `o${i}.dcm`));
      expect(got.length).toBe(64 * 1024 + i);
      expect(got.every((b) => b === i)).toBe(true);
    }
    for (const d of ['s0', 's1', 's2']) expect(readdirSync(join(root, d)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('reports the errno code of a failed write', async () => {
    writeFileSync(join(root, 'file'), 'x'); // a file where a directory must go
    await expect(
      pool.write(root, join(root, 'file/d/.t.tmp'), join(root, 'file/d/o.dcm'), [Buffer.from('a')]),
    ).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('maps writer-thread errors through FsObjectStore to coded storage errors', async () => {
    writeFileSync(join(root, 'objects'), 'not a directory');
    const store = new FsObjectStore(join(root, 'objects'));
    await expect(store.put('a/b.dcm', Buffer.from('x'))).rejects.toMatchObject({
      code: expect.stringMatching(/^storage\//),
    });
  });

  it('fails the writes of a thread that dies, and keeps serving with a new thread', async () => {
    const writers = (pool as unknown as { writers: Array<{ thread: { terminate(): Promise<number> } }> }).writers;
    const first = pool.write(root, join(root, 'a/.t.tmp'), join(root, 'a/o.dcm'), [Buffer.alloc(1 << 20)]);
    await writers[0].thread.terminate();
    await expect(first).rejects.toMatchObject({ code: 'EIO' });
    await pool.write(root, join(root, 'b/.t.tmp'), join(root, 'b/o.dcm'), [Buffer.from('fine')]);
    expect(readFileSync(join(root, 'b/o.dcm'), 'utf8')).toBe('fine');
  });
});
