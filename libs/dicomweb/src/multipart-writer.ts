import { randomBytes } from 'node:crypto';
import { isValidBoundary } from './content-type';
import { DicomWebError } from './errors';

export interface OutgoingPart {
  contentType: string;
  /** Body bytes; an array is written in order without being concatenated (e.g. PS3.5 fragments). */
  body: Buffer | Buffer[];
  /** Extra part headers such as Content-Location (PS3.18 §8.6.1.2). */
  headers?: Record<string, string>;
}

/** A boundary that cannot collide in practice with DICOM content (RFC 2046 §5.1.1 bchars). */
export function randomBoundary(): string {
  return `delineo-${randomBytes(16).toString('hex')}`;
}

/** Content-Type of a WADO-RS multipart response (PS3.18 §8.7.3.3.2). */
export function multipartContentType(boundary: string, type: string): string {
  return `multipart/related; type="${type}"; boundary=${boundary}`;
}

/**
 * Encodes parts as multipart/related (RFC 2046 §5.1.1, RFC 2387), yielding buffers so a WADO-RS
 * response can stream one part at a time. Parts may come from an async source (e.g. the store).
 */
export async function* encodeMultipart(
  parts: Iterable<OutgoingPart> | AsyncIterable<OutgoingPart>,
  boundary: string,
): AsyncGenerator<Buffer> {
  assertBoundary(boundary);
  let first = true;
  for await (const part of parts) {
    yield partHead(part, boundary, first);
    for (const b of Array.isArray(part.body) ? part.body : [part.body]) if (b.length > 0) yield b;
    first = false;
  }
  yield Buffer.from(`${first ? '' : '\r\n'}--${boundary}--\r\n`, 'latin1');
}

/** Whole-body variant for small responses and tests. */
export function encodeMultipartBuffer(parts: OutgoingPart[], boundary: string): Buffer {
  assertBoundary(boundary);
  const out: Buffer[] = [];
  parts.forEach((part, i) => {
    out.push(partHead(part, boundary, i === 0));
    out.push(...(Array.isArray(part.body) ? part.body : [part.body]));
  });
  out.push(Buffer.from(`${parts.length === 0 ? '' : '\r\n'}--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(out);
}

function partHead(part: OutgoingPart, boundary: string, first: boolean): Buffer {
  const headers: [string, string][] = [['Content-Type', part.contentType], ...Object.entries(part.headers ?? {})];
  const lines = headers.map(([name, value]) => {
    // CR/LF in a header would let a value forge headers or a delimiter.
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
      throw new DicomWebError('dicomweb/malformed-multipart', 'part header contains CR or LF');
    }
    return `${name}: ${value}\r\n`;
  });
  return Buffer.from(`${first ? '' : '\r\n'}--${boundary}\r\n${lines.join('')}\r\n`, 'latin1');
}

function assertBoundary(boundary: string): void {
  if (!isValidBoundary(boundary)) throw new DicomWebError('dicomweb/bad-content-type', 'invalid multipart boundary');
}
