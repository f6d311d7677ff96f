import type { ApiScope, Role } from '@delineo/auth';
import type { Request } from 'express';
import { AccessError } from './access.error';

/** Who is calling: a signed-in user (session cookie) or a service account (API token). */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      displayName: string | null;
      email: string | null;
      roles: Role[];
      authMethod: string;
      sessionHash: string;
      csrfToken: string;
      /** Must still change the password or enrol TOTP: only those routes and /me. */
      restricted: boolean;
    }
  | { kind: 'token'; tokenId: string; name: string; scopes: ApiScope[]; source: string | null };

/** What the request-context middleware and the guard attach to each request. */
export interface RequestContext {
  requestId: string;
  sourceAddress: string | null;
  principal?: Principal;
}

export type ContextRequest = Request & { delineo?: RequestContext };

export function contextOf(req: ContextRequest): RequestContext {
  req.delineo ??= { requestId: 'unknown', sourceAddress: req.socket?.remoteAddress ?? null };
  return req.delineo;
}

/** The signed-in user of a request the guard let through a user route; 401 otherwise. */
export function signedInUser(req: ContextRequest): Extract<Principal, { kind: 'user' }> {
  const p = contextOf(req).principal;
  if (p?.kind !== 'user') throw new AccessError('access/unauthenticated', 'sign in first');
  return p;
}

/** The audit actor of a principal (ids only). */
export function actorOf(p: Principal | undefined): { actorType: 'user' | 'token' | 'system'; actorId: string } {
  if (!p) return { actorType: 'system', actorId: 'anonymous' };
  return p.kind === 'user' ? { actorType: 'user', actorId: p.userId } : { actorType: 'token', actorId: p.tokenId };
}
