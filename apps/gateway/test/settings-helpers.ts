import { UserRepository } from '@delineo/db';
import { SessionService } from '../src/auth/session.service';
import type { TestGateway } from './harness';

export type Headers = Record<string, string>;

/** A signed-in session per role (cookie + CSRF token), made directly through the services. */
export async function sessionsFor(
  gw: TestGateway,
  prefix: string,
  roles: readonly string[],
): Promise<Map<string, Headers>> {
  const out = new Map<string, Headers>();
  for (const role of roles) {
    const u = await gw.gw.app.get(UserRepository).createLocal({
      username: `${prefix}-${role}`,
      passwordHash: 'unused',
      roles: [role as 'admin'],
      mustChangePassword: false,
    });
    const s = await gw.gw.app
      .get(SessionService)
      .start({ id: u.id }, { authMethod: 'local', restricted: false, sourceAddress: null });
    out.set(role, { cookie: s.setCookie.split(';')[0], 'x-csrf-token': s.csrfToken });
  }
  return out;
}

/** JSON over the API as one role; answers the status and the parsed body. */
export function apiAs(gw: TestGateway, sessions: Map<string, Headers>) {
  return async (role: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gw.http}${path}`, {
      method,
      headers: {
        ...sessions.get(role),
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown>;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { text };
    }
    return { status: res.status, body: json as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}
