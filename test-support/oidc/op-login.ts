/**
 * Drives the test OP's login and consent forms (op-server.mjs) over HTTP with global fetch and a
 * small cookie jar, as a browser would, and stops at the redirect to the RP's callback.
 */

/** Enough of RFC 6265 for one loopback OP: name=value, deletions honoured, paths and expiry ignored. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface OpLoginOptions {
  username: string;
  password: string;
  /** What to answer on the consent page. Default approve. */
  consent?: 'approve' | 'deny';
  /** The RP's redirect URI: the walk stops at the first redirect that starts with it. */
  redirectUri: string;
  /** Reuse a jar to keep the OP session (SSO) across logins. */
  jar?: CookieJar;
}

export class OpLoginError extends Error {}

const MAX_STEPS = 20;

/** Returns the callback URL the OP redirected to (`?code=…&state=…`, or `?error=…`). */
export async function loginAtOp(authorizationUrl: string, options: OpLoginOptions): Promise<string> {
  const jar = options.jar ?? new CookieJar();
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body && { 'content-type': 'application/x-www-form-urlencoded' }) },
      body,
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url).href;
      if (next.startsWith(options.redirectUri)) return next;
      [url, body] = [next, undefined];
      continue;
    }
    const html = await response.text();
    if (response.status === 401) throw new OpLoginError(`the OP refused the credentials of ${options.username}`);
    const form = /<form data-prompt="(login|consent)" method="post" action="([^"]+)"/.exec(html);
    if (response.status !== 200 || !form) {
      throw new OpLoginError(`unexpected OP page: HTTP ${response.status} at ${new URL(url).pathname}`);
    }
    const action = options.consent ?? 'approve';
    url = new URL(form[2], url).href;
    body =
      form[1] === 'login'
        ? new URLSearchParams({ username: options.username, password: options.password, action: 'login' })
        : new URLSearchParams({ action });
  }
  throw new OpLoginError(`no redirect to the RP after ${MAX_STEPS} steps`);
}

/** A copy of a callback URL with parameters replaced (a value) or removed (null), for negative tests. */
export function tamperCallback(callbackUrl: string, changes: Record<string, string | null>): string {
  const url = new URL(callbackUrl);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.href;
}

/**
 * RP-initiated logout at the OP as the browser of `jar`: loads the end-session URL, submits its
 * confirmation form (with its hidden xsrf field) and returns where the OP redirects afterwards.
 */
export async function logoutAtOp(logoutUrl: string, jar: CookieJar): Promise<string> {
  const page = await fetch(logoutUrl, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.store(page);
  const html = await page.text();
  const action = /<form[^>]* method="post" action="([^"]+)"/.exec(html);
  if (page.status !== 200 || !action) throw new OpLoginError(`unexpected OP logout page: HTTP ${page.status}`);
  const body = new URLSearchParams({ logout: 'yes' });
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([\w-]+)" value="([^"]*)"/g)) {
    body.set(name, value);
  }
  const confirm = await fetch(new URL(action[1], logoutUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  jar.store(confirm);
  await confirm.body?.cancel();
  const location = confirm.headers.get('location');
  if (confirm.status < 300 || confirm.status >= 400 || !location) {
    throw new OpLoginError(`the OP did not redirect after logout: HTTP ${confirm.status}`);
  }
  return new URL(location, logoutUrl).href;
}
