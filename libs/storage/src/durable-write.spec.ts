import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fs from 'node:fs';
import { FsObjectStore } from './fs.object-store';

describe('FsObjectStore synchronous durable path', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'delineo-sync-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes, fdatasyncs the file, fsyncs the directory chain, and leaves no temp file', async () => {
    const synced: number[] = [];
    const datasynced: number[] = [];
    const store = new FsObjectStore(
      root,
      {},
      {
        fsyncSync: (fd: number) => void synced.push(fd),
        fdatasyncSync: (fd: number) => void datasynced.push(fd),
      },
    );
    await store.put('a/b/c.dcm', [Buffer.from('hello '), Buffer.from('world')]);
    expect(readFileSync(join(root, 'a/b/c.dcm'), 'utf8')).toBe('hello world');
    expect(readdirSync(join(root, 'a/b'))).toEqual(['c.dcm']);
    expect(datasynced).toHaveLength(1);
    // the file's directory after the rename, plus root, a and a/b on first use of the directory
    expect(synced).toHaveLength(3);
    await store.put('a/b/d.dcm', Buffer.from('again'));
    expect(datasynced).toHaveLength(2);
    expect(synced).toHaveLength(4); // a known directory: only the rename is made durable
    expect(await store.head('a/b/c.dcm')).toEqual({ size: 11 });
  });

  it('maps ENOSPC to storage/full and removes the temp file', async () => {
    const enospc = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    const store = new FsObjectStore(
      root,
      {},
      {
        writeSync: (() => {
          throw enospc;
        }) as unknown as typeof fs.writeSync,
      },
    );
    await expect(store.put('x/y.dcm', Buffer.from('data'))).rejects.toMatchObject({ code: 'storage/full' });
    expect(readdirSync(join(root, 'x'))).toEqual([]);
    expect(existsSync(join(root, 'x/y.dcm'))).toBe(false);
  });

  it('maps a failing rename to storage/unavailable and keeps nothing', async () => {
    const eio = Object.assign(new Error('io'), { code: 'EIO' });
    const store = new FsObjectStore(
      root,
      {},
      {
        renameSync: () => {
          throw eio;
        },
      },
    );
    await expect(store.put('x/z.dcm', Buffer.from('data'))).rejects.toMatchObject({ code: 'storage/unavailable' });
    expect(readdirSync(join(root, 'x'))).toEqual([]);
  });
});
