import * as fsp from 'node:fs/promises';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsObjectStore, StorageError, createObjectStore } from './index';

let root: string;
let store: FsObjectStore;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'delineo-fs-store-'));
  store = new FsObjectStore(join(root, 'objects'));
  await store.init();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: StorageError) => e.code,
  );
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

describe('FsObjectStore', () => {
  it('round-trips objects, streams, sizes, listing and deletion', async () => {
    await store.put('studies/s1/a.dcm', Buffer.from('hello'));
    await store.put('studies/s1/b.dcm', [Buffer.from('wor'), Buffer.from('ld!')]);
    await store.put('studies/s2/c.dcm', Buffer.alloc(0));
    expect((await store.get('studies/s1/b.dcm')).toString()).toBe('world!');
    expect(await store.head('studies/s1/a.dcm')).toEqual({ size: 5 });
    expect(await store.head('studies/s1/zzz')).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const c of await store.getStream('studies/s1/a.dcm')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(await collect(store.list('studies/s1/'))).toEqual(['studies/s1/a.dcm', 'studies/s1/b.dcm']);
    expect(await collect(store.list('studies/s'))).toHaveLength(3);
    expect(await collect(store.list(''))).toHaveLength(3);
    expect(await collect(store.list('nothing/'))).toEqual([]);
    await store.delete('studies/s1/a.dcm');
    await store.delete('studies/s1/a.dcm');
    expect(await codeOf(store.get('studies/s1/a.dcm'))).toBe('storage/not-found');
    expect(await codeOf(store.getStream('studies/s1/a.dcm'))).toBe('storage/not-found');
  });

  it('overwrites atomically and leaves no temp file, with private file modes', async () => {
    await store.put('k/v', Buffer.from('one'));
    await store.put('k/v', Buffer.from('two'));
    expect((await store.get('k/v')).toString()).toBe('two');
    expect(allFiles(root)).toEqual(['v']);
    expect(statSync(join(root, 'objects', 'k', 'v')).mode & 0o777).toBe(0o600);
  });

  it.each(['../escape', '/etc/passwd', 'a/../../b', '.tmp', 'a b'])(
    'rejects invalid key %j on every operation',
    async (key) => {
      for (const p of [
        store.put(key, Buffer.from('x')),
        store.get(key),
        store.head(key),
        store.delete(key),
        store.getStream(key),
      ]) {
        expect(await codeOf(p)).toBe('storage/invalid-key');
      }
      expect(allFiles(root)).toEqual([]);
    },
  );

  it('maps ENOSPC during write to storage/full and removes the temp file', async () => {
    const enospc = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const full = new FsObjectStore(join(root, 'objects'), {
      open: (async (...args: Parameters<typeof fsp.open>) => {
        const fh = await fsp.open(...args);
        if (args[1] !== 'wx') return fh;
        return Object.assign(Object.create(fh), {
          write: () => Promise.reject(enospc),
          sync: () => fh.sync(),
          close: () => fh.close(),
        });
      }) as typeof fsp.open,
    });
    expect(await codeOf(full.put('a/b', Buffer.from('data')))).toBe('storage/full');
    expect(allFiles(root)).toEqual([]);
  });

  it('maps EDQUOT to storage/full and other errors to storage/unavailable', async () => {
    const failRename = (code: string) =>
      new FsObjectStore(join(root, 'objects'), {
        rename: () => Promise.reject(Object.assign(new Error('x'), { code })),
      });
    expect(await codeOf(failRename('EDQUOT').put('a', Buffer.from('1')))).toBe('storage/full');
    expect(await codeOf(failRename('EIO').put('a', Buffer.from('1')))).toBe('storage/unavailable');
    expect(allFiles(root)).toEqual([]);
  });

  it('does not presign and answers ping', async () => {
    expect(await codeOf(store.presignGet())).toBe('storage/unsupported');
    expect(await codeOf(store.presignPut())).toBe('storage/unsupported');
    await expect(store.ping()).resolves.toBeUndefined();
    expect(await codeOf(new FsObjectStore(join(root, 'missing')).ping())).toBe('storage/not-found');
  });

  it('is what createObjectStore builds in fs mode', () => {
    expect(
      createObjectStore({
        mode: { store: { kind: 'fs', dir: root }, db: { kind: 'pglite', dir: root }, queue: { kind: 'inprocess' } },
      }),
    ).toBeInstanceOf(FsObjectStore);
  });
});
