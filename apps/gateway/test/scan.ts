/**
 * Finds canaries in bytes. Canaries have fixed shapes (see canary.ts), so each buffer is searched
 * with a few regular expressions and the matches looked up in the canary set: one pass per file,
 * however many canaries there are. Originals of the real files are searched for literally.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SHAPES = /CN[A-Z]\d{5}|1\.2\.826\.0\.1\.3680043\.10\.999\.\d{6}|-31415\d{4}|235959\.3\d{5}/g;
/**
 * A DA/DT value starts with its date, so a date must start a digit run that no "." precedes:
 * 8 digits from inside a shifted DT ("1919101210…" holds "19101210") or a pseudonymous UID
 * ("2.25.1910…") are not that date leaking, and would otherwise give chance false hits.
 */
const DATES = /(?<![\d.])(19\d{6})/g;

export interface Hit {
  where: string;
  value: string;
}

export class CanaryScanner {
  private readonly originals: Buffer[];

  constructor(
    private readonly canaries: ReadonlySet<string>,
    originals: Iterable<string>,
  ) {
    this.originals = [...originals].map((o) => Buffer.from(o, 'latin1'));
  }

  scan(buf: Buffer, where: string): Hit[] {
    const hits = new Map<string, Hit>();
    const text = buf.toString('latin1');
    for (const m of text.matchAll(SHAPES)) if (this.canaries.has(m[0])) hits.set(m[0], { where, value: m[0] });
    for (const m of text.matchAll(DATES)) if (this.canaries.has(m[1])) hits.set(m[1], { where, value: m[1] });
    for (const o of this.originals)
      if (buf.includes(o)) hits.set(o.toString('latin1'), { where, value: o.toString('latin1') });
    return [...hits.values()];
  }

  /** Distinct canaries found anywhere in `buf` (for the scanner's own positive control). */
  found(buf: Buffer): Set<string> {
    return new Set(this.scan(buf, '').map((h) => h.value));
  }

  /** Every regular file under `root` (symlinks are not followed). */
  scanTree(root: string, exclude: readonly string[] = []): { hits: Hit[]; files: number; bytes: number } {
    const out = { hits: [] as Hit[], files: 0, bytes: 0 };
    const visit = (p: string): void => {
      if (exclude.includes(p)) return;
      let st;
      try {
        st = lstatSync(p);
      } catch {
        return; // vanished while we looked (another process's temp file)
      }
      if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
      else if (st.isFile()) {
        let buf: Buffer;
        try {
          buf = readFileSync(p);
        } catch {
          return;
        }
        out.files++;
        out.bytes += buf.length;
        out.hits.push(...this.scan(buf, p));
      }
    };
    visit(root);
    return out;
  }
}
