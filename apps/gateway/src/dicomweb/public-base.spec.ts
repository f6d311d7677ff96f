import type { Request } from 'express';
import { DicomwebBase } from './public-base';

const req = (protocol: string, host: string) => ({ protocol, host }) as Request;

describe('DicomwebBase', () => {
  it('builds Retrieve URLs on http.publicUrl when it is set, whatever the request said', () => {
    const b = new DicomwebBase({ http: { publicUrl: 'https://pacs-gw.hospital.example:8443' } as never });
    expect(b.of(req('http', 'evil.example'))).toBe('https://pacs-gw.hospital.example:8443/dicomweb');
  });

  it('otherwise keeps the scheme and the Host header, port included', () => {
    const b = new DicomwebBase({ http: {} as never });
    expect(b.of(req('http', '127.0.0.1:3000'))).toBe('http://127.0.0.1:3000/dicomweb');
  });
});
