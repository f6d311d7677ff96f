/** @jest-environment jsdom */
import { act, fireEvent, screen } from '@testing-library/react';
import { api } from '../../api/client';
import type { SettingsVersion, SettingsVersionsPage } from '../../api/settings-types';
import { renderPage } from '../../testing/render';
import HistoryPage from './HistoryPage';

jest.mock('../../api/client', () => jest.requireActual('../../testing/render').mockApiModule());
const get = api.get as jest.Mock;

const summary = (version: number, author: string) => ({
  version,
  author,
  createdAt: '2026-01-02T10:00:00Z',
  origin: 'console' as const,
  changes: 1,
});
const VERSIONS: SettingsVersionsPage = { items: [summary(3, 'ann'), summary(2, 'bob')] };
const detail = (version: number, author: string, path: string): SettingsVersion => ({
  ...summary(version, author),
  comment: `comment of ${version}`,
  settings: {} as SettingsVersion['settings'],
  diff: [{ path, before: 'old', after: 'new' }],
});

/** A promise the test settles when it chooses, as a slow gateway would. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('HistoryPage', () => {
  it("clears a version's details and changes as soon as another version is chosen", async () => {
    const v2 = deferred<SettingsVersion>();
    get.mockReset().mockImplementation((url: string, o: { path?: { version: number } }) => {
      if (url === '/api/v1/settings/versions') return Promise.resolve(VERSIONS);
      return o.path?.version === 3 ? Promise.resolve(detail(3, 'ann', 'routing[0].model')) : v2.promise;
    });
    renderPage(<HistoryPage />, { roles: ['auditor'] });

    fireEvent.click(await screen.findByRole('button', { name: 'Show changes of version 3' }));
    expect(await screen.findByText('routing[0].model')).toBeTruthy();
    expect(screen.getByText(/comment of 3/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Show changes of version 2' }));
    // Version 2 has not answered yet: nothing of version 3 may stand under the heading "Version 2".
    expect(screen.getByRole('heading', { name: 'Version 2' })).toBeTruthy();
    expect(screen.queryByText('routing[0].model')).toBeNull();
    expect(screen.queryByText(/comment of 3/)).toBeNull();
    expect(screen.queryByRole('table', { name: 'Changes' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Loading version 2…');

    await act(async () => v2.resolve(detail(2, 'bob', 'deid.options.retainUids')));
    expect(await screen.findByText('deid.options.retainUids')).toBeTruthy();
    expect(screen.getByText(/comment of 2/)).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
