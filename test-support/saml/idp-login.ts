/**
 * Drives the IdP's real pages over HTTP like a browser without JavaScript: global `fetch`, redirects
 * followed by hand so every hop's cookies land in a small jar, the login form filled in and POSTed,
 * and the auto-POST form the IdP returns parsed. Only URLs on the IdP's origin are fetched; the first
 * redirect elsewhere (the SP) is returned instead.
 */

export interface IdpLoginResult {
  samlResponse: string;
  relayState?: string;
  /** Where the IdP's auto-POST form sends the response: the SP's ACS. */
  acsUrl: string;
  /** Whether the IdP asked for the password (false: its SSO session answered alone). */
  promptedForPassword: boolean;
}

/** One user agent: its cookies (per origin, by name) survive from login to logout. */
export class IdpBrowser {
  private readonly cookies = new Map<string, Map<string, string>>();

  constructor(private readonly idpOrigin: string) {}

  /** GET, following redirects on the IdP; returns the final IdP page, or the URL of a redirect that leaves it. */
  async get(url: string): Promise<{ page: string; url: string } | { leftTo: string }> {
    return this.follow(await this.request(url, { method: 'GET' }), url);
  }

  async postForm(
    url: string,
    fields: Record<string, string>,
  ): Promise<{ page: string; url: string } | { leftTo: string }> {
    const body = new URLSearchParams(fields).toString();
    const res = await this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return this.follow(res, url);
  }

  private async follow(first: Response, firstUrl: string): Promise<{ page: string; url: string } | { leftTo: string }> {
    let res = first;
    let url = firstUrl;
    for (let hops = 0; ; hops++) {
      if (res.status < 300 || res.status >= 400) {
        const page = await res.text();
        if (res.status !== 200)
          throw new Error(`IdP answered ${res.status} for ${new URL(url).pathname}: ${page.slice(0, 500)}`);
        return { page, url };
      }
      await res.arrayBuffer();
      const next = new URL(res.headers.get('location') ?? '', url).toString();
      if (new URL(next).origin !== this.idpOrigin) return { leftTo: next };
      if (hops > 20) throw new Error('too many redirects at the IdP');
      url = next;
      res = await this.request(url, { method: 'GET' });
    }
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const origin = new URL(url).origin;
    if (origin !== this.idpOrigin) throw new Error(`refusing to fetch outside the IdP: ${origin}`);
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    this.cookies.set(origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) storeCookie(jar, line);
    return res;
  }
}

function storeCookie(jar: Map<string, string>, line: string): void {
  const [pair, ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const expired = attrs.some((a) => {
    const [k, v = ''] = a.split('=').map((s) => s.trim());
    return (/^max-age$/i.test(k) && Number(v) <= 0) || (/^expires$/i.test(k) && Date.parse(v) <= Date.now());
  });
  if (expired || value === 'deleted') jar.delete(name);
  else jar.set(name, value);
}

/**
 * SP-initiated login: from the SP's login redirect URL to the SAMLResponse the IdP posts back. Logs in
 * with the form when the IdP shows it; with an SSO session in `browser` the IdP may answer directly.
 */
export async function idpLogin(
  browser: IdpBrowser,
  loginUrl: string,
  username: string,
  password: string,
): Promise<IdpLoginResult> {
  let at = await browser.get(loginUrl);
  if ('leftTo' in at) throw new Error(`IdP redirected away instead of answering: ${at.leftTo}`);
  let prompted = false;
  const login = findForm(at.page, (f) => 'password' in f.fields);
  if (login) {
    prompted = true;
    at = await browser.postForm(new URL(login.action || at.url, at.url).toString(), {
      ...login.fields,
      username,
      password,
    });
    if ('leftTo' in at) throw new Error(`IdP redirected away after login: ${at.leftTo}`);
  }
  const post = findForm(at.page, (f) => 'SAMLResponse' in f.fields);
  if (!post) throw new Error(`no SAMLResponse form on the IdP page (wrong password?): ${at.page.slice(0, 500)}`);
  return {
    samlResponse: post.fields.SAMLResponse,
    relayState: post.fields.RelayState,
    acsUrl: post.action,
    promptedForPassword: prompted,
  };
}

/** SP-initiated logout: from the SP's SLO redirect URL to the IdP's LogoutResponse redirect back to the SP. */
export async function idpLogout(browser: IdpBrowser, sloRedirectUrl: string): Promise<string> {
  const at = await browser.get(sloRedirectUrl);
  if (!('leftTo' in at)) throw new Error(`IdP did not redirect back to the SP: ${at.page.slice(0, 500)}`);
  return at.leftTo;
}

interface HtmlForm {
  action: string;
  fields: Record<string, string>;
}

/** The first <form> whose inputs satisfy `want`; attribute values HTML-decoded. */
function findForm(html: string, want: (f: HtmlForm) => boolean): HtmlForm | undefined {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const fields: Record<string, string> = {};
    for (const input of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const name = htmlAttr(input[1], 'name');
      const type = (htmlAttr(input[1], 'type') ?? 'text').toLowerCase();
      if (name && type !== 'submit' && type !== 'checkbox') fields[name] = htmlAttr(input[1], 'value') ?? '';
    }
    const form = { action: htmlAttr(m[1], 'action') ?? '', fields };
    if (want(form)) return form;
  }
  return undefined;
}

function htmlAttr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2]) : undefined;
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] !== '#') return Object.hasOwn(named, e.toLowerCase()) ? named[e.toLowerCase()] : all;
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}
