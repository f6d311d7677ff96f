/**
 * One STOW-RS POST (PS3.18 §10.5) of many Part 10 files, streamed from disk one file at a time as
 * multipart/related; type="application/dicom". Success is judged per instance (ReferencedSOPSequence),
 * never by the status code alone: Orthanc answers 200 even when it stored nothing.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';

export interface StowResult {
  seconds: number;
  status: number;
  stored: number;
  failed: number;
  problem?: string;
}

export async function stowFiles(
  url: string,
  files: string[],
  extraHeaders: Record<string, string> = {},
): Promise<StowResult> {
  const boundary = `delineo-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const crlf = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  let length = tail.length;
  for (const f of files) length += head.length + (await stat(f)).size + crlf.length;
  async function* body(): AsyncGenerator<Buffer> {
    for (const f of files) {
      yield head;
      yield await readFile(f);
      yield crlf;
    }
    yield tail;
  }

  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`refusing to POST to ${target.hostname}: loopback only`);
  const t0 = performance.now();
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(target.port),
        path: target.pathname,
        method: 'POST',
        agent: false,
        headers: {
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          'content-length': String(length),
          accept: 'application/dicom+json',
          ...extraHeaders,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('socket', (s) => s.setNoDelay(true));
    req.on('error', reject);
    pipeline(Readable.from(body()), req).catch(reject);
  });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, status, ...countResults(status, text) };
}

function countResults(status: number, text: string): { stored: number; failed: number; problem?: string } {
  if (status !== 200 && status !== 202)
    return { stored: 0, failed: 0, problem: `HTTP ${status}: ${text.slice(0, 300)}` };
  let json: Record<string, { Value?: unknown[] }>;
  try {
    json = JSON.parse(text) as Record<string, { Value?: unknown[] }>;
  } catch {
    return { stored: 0, failed: 0, problem: `HTTP ${status} with a body that is not DICOM JSON` };
  }
  return {
    stored: json[REFERENCED_SOP_SEQUENCE]?.Value?.length ?? 0,
    failed: json[FAILED_SOP_SEQUENCE]?.Value?.length ?? 0,
  };
}
