import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeXMLHttpRequest } from './xhr';

/** Sends one request through the shim and resolves at readyState 4. */
function send(
  url: string,
  responseType: NodeXMLHttpRequest['responseType'],
  body?: string,
): Promise<NodeXMLHttpRequest> {
  const xhr = new NodeXMLHttpRequest();
  xhr.open(body ? 'post' : 'get', url);
  xhr.responseType = responseType;
  xhr.setRequestHeader('X-Echo', 'yes');
  return new Promise((resolve) => {
    xhr.onreadystatechange = () => xhr.readyState === 4 && resolve(xhr);
    xhr.send(body);
  });
}

describe('NodeXMLHttpRequest (the XHR subset dicomweb-client uses)', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/bad') return res.writeHead(400, { 'content-type': 'text/plain' }).end('not json');
        res.writeHead(200, { 'content-type': 'application/dicom+json; charset=utf-8' });
        res.end(JSON.stringify({ method: req.method, echo: req.headers['x-echo'], body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('parses JSON, sends the headers and body set, and reports the Content-Type as sent', async () => {
    const xhr = await send(`${url}/x`, 'json', 'hello');
    expect(xhr.status).toBe(200);
    expect(xhr.response).toEqual({ method: 'POST', echo: 'yes', body: 'hello' });
    expect(xhr.getResponseHeader('Content-Type')).toBe('application/dicom+json; charset=utf-8');
  });

  it('gives text for the default responseType and an ArrayBuffer for arraybuffer', async () => {
    expect(typeof (await send(`${url}/x`, '')).response).toBe('string');
    const bin = await send(`${url}/x`, 'arraybuffer');
    expect(bin.response).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(bin.response as ArrayBuffer).toString()).toContain('"method":"GET"');
  });

  it('answers null for a JSON response that is not JSON, with its status', async () => {
    const xhr = await send(`${url}/bad`, 'json');
    expect([xhr.status, xhr.response]).toEqual([400, null]);
  });

  it('ends a refused connection with status 0, as a browser does', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const xhr = await send(`http://127.0.0.1:${port}/`, 'json');
    expect([xhr.readyState, xhr.status]).toEqual([4, 0]);
  });
});
