import { Writable } from 'node:stream';
import type { Response } from 'express';
import type { OutgoingPart } from '@delineo/dicomweb';
import { DicomError } from '@delineo/dicom';
import { MultipartResponder } from './multipart-response';

function sink(): Response & { body: Buffer[] } {
  const body: Buffer[] = [];
  const w = new Writable({ write: (c: Buffer, _e, cb) => (body.push(c), cb()) });
  return Object.assign(w, { body, status: () => w, setHeader: () => w }) as unknown as Response & { body: Buffer[] };
}

async function* failingAfterOne(): AsyncGenerator<OutgoingPart> {
  yield { contentType: 'application/dicom', body: Buffer.from('first') };
  throw new DicomError('dicom/truncated', 'value 1.2.3 cut short');
}

describe('MultipartResponder', () => {
  it('logs a response cut short after its first part with the code only, never the message', async () => {
    const log = { warn: jest.fn(), debug: jest.fn() };
    const res = sink();
    await new MultipartResponder(log).send(res, 'application/dicom', failingAfterOne());
    expect(Buffer.concat(res.body).toString()).toContain('first');
    expect(log.warn).toHaveBeenCalledWith({ event: 'wado-response-cut', code: 'dicom/truncated' }, expect.any(String));
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('1.2.3');
  });
});
