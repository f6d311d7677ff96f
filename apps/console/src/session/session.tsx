import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiProblem } from '../api/client';
import type { Me } from '../api/types';

type SessionState = { kind: 'loading' } | { kind: 'signed-out'; problem?: ApiProblem } | { kind: 'signed-in'; me: Me };

interface SessionValue {
  state: SessionState;
  /** Reads /api/v1/me again (after a sign-in step); its CSRF token goes on every write. */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await api.get('/api/v1/me');
      api.setCsrfToken(me.csrfToken);
      setState(me.restricted ? { kind: 'signed-out' } : { kind: 'signed-in', me });
    } catch (err) {
      api.setCsrfToken(undefined);
      const problem = err instanceof ApiProblem && err.status !== 401 ? err : undefined;
      setState({ kind: 'signed-out', problem });
    }
  }, []);

  const signOut = useCallback(async () => {
    const r = await api.post('/auth/logout').catch(() => undefined);
    api.setCsrfToken(undefined);
    // SAML users are signed out at the IdP too (single logout); the gateway names the route.
    if (r?.singleLogout?.startsWith('/')) window.location.assign(r.singleLogout);
    else setState({ kind: 'signed-out' });
  }, []);

  useEffect(() => {
    void refresh();
    // Idle logoff (auth.session.idleMinutes): any 401 takes the user back to the sign-in page.
    return api.onUnauthorized(() => setState({ kind: 'signed-out' }));
  }, [refresh]);

  const value = useMemo(() => ({ state, refresh, signOut }), [state, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user; only for pages rendered inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.kind !== 'signed-in') throw new Error('useMe while signed out');
  return state.me;
}
