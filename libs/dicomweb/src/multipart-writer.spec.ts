import { DicomWebError } from './errors';
import { readMultipart } from './multipart-reader';
import {
  encodeMultipart,
  encodeMultipartBuffer,
  multipartContentType,
  OutgoingPart,
  randomBoundary,
} from './multipart-writer';
import { parseContentType } from './content-type';

async function concat(gen: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of gen) out.push(b);
  return Buffer.concat(out);
}

const parts: OutgoingPart[] = [
  { contentType: 'application/dicom', body: Buffer.from('DICM\r\n--x'), headers: { 'Content-Location': '/studies/1' } },
  { contentType: 'application/octet-stream', body: [Buffer.from('frag1'), Buffer.alloc(0), Buffer.from('frag2')] },
];

describe('encodeMultipart', () => {
  it('streams the same bytes as the whole-body encoder', async () => {
    const boundary = randomBoundary();
    expect(await concat(encodeMultipart(parts, boundary))).toEqual(encodeMultipartBuffer(parts, boundary));
  });

  it('writes the RFC 2046 layout: first delimiter without CRLF, CRLF before later ones, close delimiter', () => {
    const text = encodeMultipartBuffer(
      [
        { contentType: 'text/plain', body: Buffer.from('a') },
        { contentType: 'text/plain', body: Buffer.from('b') },
      ],
      'BB',
    );
    expect(text.toString()).toBe(
      '--BB\r\nContent-Type: text/plain\r\n\r\na\r\n--BB\r\nContent-Type: text/plain\r\n\r\nb\r\n--BB--\r\n',
    );
  });

  it('round-trips through readMultipart, pulling parts from an async source', async () => {
    const boundary = randomBoundary();
    async function* source(): AsyncGenerator<OutgoingPart> {
      yield* parts;
    }
    const read = [];
    for await (const p of readMultipart(encodeMultipart(source(), boundary), boundary, { maxPartBytes: 1024 }))
      read.push(p);
    expect(read.map((p) => p.body.toString())).toEqual(['DICM\r\n--x', 'frag1frag2']);
    expect(read[0].headers).toEqual({ 'content-type': 'application/dicom', 'content-location': '/studies/1' });
  });

  it('encodes zero parts as a lone close delimiter', async () => {
    expect((await concat(encodeMultipart([], 'BB'))).toString()).toBe('--BB--\r\n');
  });

  it('refuses header values that could inject headers or delimiters', async () => {
    const evil = [{ contentType: 'application/dicom\r\n--BB', body: Buffer.alloc(0) }];
    expect(() => encodeMultipartBuffer(evil, 'BB')).toThrow(DicomWebError);
    await expect(concat(encodeMultipart(evil, 'BB'))).rejects.toMatchObject({ code: 'dicomweb/malformed-multipart' });
  });

  it('builds a Content-Type that parses back to the same boundary and type', () => {
    const boundary = randomBoundary();
    const ct = parseContentType(multipartContentType(boundary, 'application/dicom'));
    expect(ct).toEqual({ mediaType: 'multipart/related', params: { type: 'application/dicom', boundary } });
  });
});
