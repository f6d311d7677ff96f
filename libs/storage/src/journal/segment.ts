import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { HEADER_BYTES, RecordType, bodyCrc, decodeHeader, encodeHeader } from './record';

/** Where one record lies in the segment file: [start, end), header included. */
interface Placed {
  key: string;
  start: number;
  end: number;
}

const ZEROS = Buffer.alloc(1024 * 1024);

/**
 * One preallocated journal file. Records are written at increasing offsets with pwrite and made
 * durable with fdatasync: the file's size and blocks never change after preallocation, so the
 * flush writes data only, with no filesystem-journal commit (about half the cost of a new file).
 * A reset starts a new generation at offset 0; bytes of the previous generation stay until
 * overwritten, so every record still physically present is indexed, and erase() zeroes those of
 * a deleted key: a deleted instance's bytes do not outlive it here.
 */
export class Segment {
  readonly fd: number;
  generation = 0;
  offset = 0;
  /** Object files written through this generation, and directories created for them. */
  readonly files = new Set<string>();
  readonly createdDirs = new Set<string>();
  private current: Placed[] = [];
  /** Older generations' records beyond `offset`, by start offset. */
  private stale: Placed[] = [];

  constructor(
    readonly path: string,
    readonly size: number,
  ) {
    this.fd = fs.openSync(path, 'w+', 0o600);
    for (let off = 0; off < size; off += ZEROS.length)
      fs.writeSync(this.fd, ZEROS, 0, Math.min(ZEROS.length, size - off), off);
    fs.fsyncSync(this.fd);
  }

  fits(bytes: number): boolean {
    return this.offset + bytes <= this.size;
  }

  append(
    generation: number,
    type: RecordType.Put | RecordType.Delete,
    key: string,
    chunks: readonly Uint8Array[],
  ): void {
    const k = Buffer.from(key, 'utf8');
    const dataLength = chunks.reduce((n, c) => n + c.length, 0);
    const header = encodeHeader({ generation, type, keyLength: k.length, dataLength, bodyCrc: bodyCrc(k, chunks) });
    const start = this.offset;
    let off = start;
    for (const part of [header, k, ...chunks]) {
      for (let done = 0; done < part.length;) done += fs.writeSync(this.fd, part, done, part.length - done, off + done);
      off += part.length;
    }
    this.offset = off;
    while (this.stale.length && this.stale[0].start < off) this.stale.shift();
    if (type === RecordType.Put) this.current.push({ key, start, end: off });
  }

  /** Zeroes key and data of every record of `key` still in the file; true when any was found. */
  erase(key: string): boolean {
    let found = false;
    for (const list of [this.current, this.stale]) {
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].key !== key) continue;
        const { start, end } = list[i];
        const head = Buffer.alloc(HEADER_BYTES);
        fs.readSync(this.fd, head, 0, HEADER_BYTES, start);
        const h = decodeHeader(head);
        for (let off = start + HEADER_BYTES; off < end; off += ZEROS.length)
          fs.writeSync(this.fd, ZEROS, 0, Math.min(ZEROS.length, end - off), off);
        if (h)
          fs.writeSync(this.fd, encodeHeader({ ...h, type: RecordType.Erased, bodyCrc: 0 }), 0, HEADER_BYTES, start);
        list.splice(i, 1);
        found = true;
      }
    }
    return found;
  }

  /** After a checkpoint: a zero header at 0 ends the segment for recovery; the next generation overwrites. */
  reset(): void {
    fs.writeSync(this.fd, ZEROS, 0, HEADER_BYTES, 0);
    fs.fdatasyncSync(this.fd);
    this.stale = [...this.current, ...this.stale.filter((p) => p.start >= this.offset)];
    this.current = [];
    this.offset = 0;
    this.files.clear();
    this.createdDirs.clear();
  }

  /** Directories whose entries a checkpoint must make durable. */
  dirsToSync(): Set<string> {
    const dirs = new Set<string>();
    for (const f of this.files) dirs.add(dirname(f));
    for (const d of this.createdDirs) dirs.add(dirname(d));
    return dirs;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
