import './polyfills';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { Me, Role } from '../api/types';
import { SessionContext } from '../session/session';

export const fakeMe = (roles: Role[]): Me => ({
  id: 'u1',
  name: 'Test User',
  username: 'test',
  email: null,
  roles,
  authMethod: 'local',
  restricted: false,
  csrfToken: 'csrf',
});

/** Renders a page signed in with `roles`, at `url`, under the route `path`. */
export function renderPage(ui: ReactElement, opts: { roles?: Role[]; url?: string; path?: string } = {}) {
  const value = {
    state: { kind: 'signed-in' as const, me: fakeMe(opts.roles ?? ['admin']) },
    refresh: jest.fn(() => Promise.resolve()),
    signOut: jest.fn(() => Promise.resolve()),
  };
  const result = render(
    <SessionContext.Provider value={value}>
      <MemoryRouter initialEntries={[opts.url ?? '/']}>
        <Routes>
          <Route path={opts.path ?? '*'} element={ui} />
        </Routes>
      </MemoryRouter>
    </SessionContext.Provider>,
  );
  return { ...result, session: value };
}

/** The `api` object of api/client with every method a jest mock (ApiProblem stays real). */
export function mockApiModule() {
  const actual = jest.requireActual('../api/client') as typeof import('../api/client');
  return {
    ...actual,
    api: {
      get: jest.fn(),
      post: jest.fn(),
      put: jest.fn(),
      patch: jest.fn(),
      del: jest.fn(),
      setCsrfToken: jest.fn(),
      onUnauthorized: jest.fn(() => () => undefined),
    },
  };
}
