/** @jest-environment jsdom */
import { screen, waitFor } from '@testing-library/react';
import { api } from '../../api/client';
import type { SeriesDetail } from '../../api/types';
import { renderPage } from '../../testing/render';
import { seriesFixture } from '../../testing/series-fixture';
import SeriesDetailPage from './SeriesDetailPage';

jest.mock('../../api/client', () => jest.requireActual('../../testing/render').mockApiModule());
const get = api.get as jest.Mock;

const ID = 'aaaaaaaa-0000-4000-8000-000000000001';
// Pseudonymized UIDs as the API answers them; the `^` needs encoding in a URL.
const STUDY = '2.25.1234^5';
const detail: SeriesDetail = {
  ...seriesFixture({ id: ID, studyInstanceUid: STUDY }),
  instances: 2,
};

function answer(settings: object) {
  get.mockReset().mockImplementation((url: string) => Promise.resolve(url === '/api/v1/settings' ? settings : detail));
}
const open = (roles: Parameters<typeof renderPage>[1] = {}) =>
  renderPage(<SeriesDetailPage />, { url: `/series/${ID}`, path: '/series/:id', ...roles });

describe('SeriesDetailPage "Open in viewer"', () => {
  it("opens the template with the study's pseudonymized UID, URI-encoded, in a new tab", async () => {
    answer({ viewerUrlTemplate: 'https://ohif.example/viewer?StudyInstanceUIDs={StudyInstanceUID}', settings: {} });
    open({ roles: ['admin'] });
    const link = await screen.findByRole('link', { name: 'Open in viewer' });
    expect(link.getAttribute('href')).toBe('https://ohif.example/viewer?StudyInstanceUIDs=2.25.1234%5E5');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(get).toHaveBeenCalledWith('/api/v1/series/{id}', expect.objectContaining({ path: { id: ID } }));
  });

  it('shows no link without a template, or with one that is not http(s)', async () => {
    answer({ settings: {} });
    const first = open({ roles: ['operator'] });
    await screen.findByText(STUDY);
    await waitFor(() => expect(get).toHaveBeenCalledWith('/api/v1/settings'));
    expect(screen.queryByRole('link', { name: 'Open in viewer' })).toBeNull();
    first.unmount();

    answer({ viewerUrlTemplate: 'javascript:alert({StudyInstanceUID})', settings: {} });
    open({ roles: ['operator'] });
    await screen.findByText(STUDY);
    await waitFor(() => expect(get).toHaveBeenCalledWith('/api/v1/settings'));
    expect(screen.queryByRole('link', { name: 'Open in viewer' })).toBeNull();
  });

  it('shows no link to a radiologist, who cannot read the settings', async () => {
    answer({ viewerUrlTemplate: 'https://ohif.example/viewer?StudyInstanceUIDs={StudyInstanceUID}', settings: {} });
    open({ roles: ['radiologist'] });
    await screen.findByText(STUDY);
    expect(get).not.toHaveBeenCalledWith('/api/v1/settings');
    expect(screen.queryByRole('link', { name: 'Open in viewer' })).toBeNull();
  });
});
