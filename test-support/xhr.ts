/**
 * The part of the browser's XMLHttpRequest that the npm `dicomweb-client` uses, over Node's fetch,
 * so the unmodified client runs in Jest against a real gateway. Semantics kept from the XHR spec
 * (https://xhr.spec.whatwg.org/): readyState 4 fires onreadystatechange once; `response` follows
 * `responseType` ('' and 'text': a string; 'json': parsed or null on bad JSON; 'arraybuffer');
 * getResponseHeader returns the raw header (charset parameters included). Network errors end with
 * status 0, as a browser reports them.
 */
type Handler = ((ev?: unknown) => void) | null;

export class NodeXMLHttpRequest {
  readyState = 0;
  status = 0;
  statusText = '';
  responseType: '' | 'text' | 'json' | 'arraybuffer' = '';
  response: unknown = null;
  responseText = '';
  withCredentials = false;
  onreadystatechange: Handler = null;
  onloadstart: Handler = null;
  onloadend: Handler = null;
  onprogress: Handler = null;
  onerror: Handler = null;
  private method = 'GET';
  private url = '';
  private readonly headers = new Headers();
  private responseHeaders = new Headers();

  open(method: string, url: string): void {
    this.method = method.toUpperCase();
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers.append(name, value);
  }

  getResponseHeader(name: string): string | null {
    return this.readyState >= 2 ? this.responseHeaders.get(name) : null;
  }

  getAllResponseHeaders(): string {
    return [...this.responseHeaders.entries()].map(([k, v]) => `${k}: ${v}\r\n`).join('');
  }

  send(body?: ArrayBuffer | ArrayBufferView | string | null): void {
    this.onloadstart?.();
    void this.run(body ?? undefined);
  }

  private async run(body: ArrayBuffer | ArrayBufferView | string | undefined): Promise<void> {
    try {
      const res = await fetch(this.url, {
        method: this.method,
        headers: this.headers,
        body: body as RequestInit['body'],
      });
      this.status = res.status;
      this.statusText = res.statusText;
      this.responseHeaders = res.headers;
      this.readyState = 2;
      const bytes = await res.arrayBuffer();
      this.responseText = this.responseType === 'arraybuffer' ? '' : new TextDecoder().decode(bytes);
      this.response = this.decode(bytes);
    } catch (err) {
      this.status = 0;
      this.response = null;
      this.onerror?.(err);
    }
    this.readyState = 4;
    this.onreadystatechange?.();
    this.onloadend?.();
  }

  private decode(bytes: ArrayBuffer): unknown {
    if (this.responseType === 'arraybuffer') return bytes;
    if (this.responseType !== 'json') return this.responseText;
    try {
      return this.responseText ? JSON.parse(this.responseText) : null;
    } catch {
      return null;
    }
  }
}

/** Installs the shim as the global XMLHttpRequest unless the runtime has one. */
export function installXhr(): void {
  const g = globalThis as { XMLHttpRequest?: unknown };
  g.XMLHttpRequest ??= NodeXMLHttpRequest;
}
