/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { api } from '../../api/client';
import type { SeriesPage, SeriesView } from '../../api/types';
import { renderPage } from '../../testing/render';
import { seriesFixture } from '../../testing/series-fixture';
import SeriesListPage from './SeriesListPage';

jest.mock('../../api/client', () => jest.requireActual('../../testing/render').mockApiModule());
const get = api.get as jest.Mock;
// GET /api/v1/series answers; GET /api/v1/settings answers `settings` (the viewer template).
const seriesGet = jest.fn();
let settings: object;
const TEMPLATE = 'https://ohif.example/viewer?StudyInstanceUIDs={StudyInstanceUID}';

const series = (id: string, state: SeriesView['state']): SeriesView =>
  seriesFixture({
    id,
    seriesInstanceUid: `2.25.${id.length}`,
    studyInstanceUid: `2.25.77${id.length}`,
    state,
    progress: 0,
    attempts: 0,
    errorCode: state === 'failed' ? 'worker/model-failed' : null,
  });
const page = (p: Partial<SeriesPage>): SeriesPage => ({ limit: 25, items: [], ...p });
const lastQuery = () => seriesGet.mock.calls[seriesGet.mock.calls.length - 1][1].query as Record<string, unknown>;

describe('SeriesListPage', () => {
  beforeEach(() => {
    settings = { settings: {} };
    seriesGet.mockReset();
    get
      .mockReset()
      .mockImplementation((url: string, o: unknown) =>
        url === '/api/v1/settings' ? Promise.resolve(settings) : seriesGet(url, o),
      );
  });

  it('asks for the first page with an exact total, and shows it', async () => {
    seriesGet.mockResolvedValue(page({ total: 120, next: 'c-1', items: [series('aaaaaaaa-1', 'failed')] }));
    renderPage(<SeriesListPage />, { url: '/series' });
    await screen.findByText('120 series match. Page 1.');
    expect(get).toHaveBeenCalledWith('/api/v1/series', expect.anything());
    expect(lastQuery()).toEqual({ limit: 25, count: true });
    expect(screen.getByText('worker/model-failed')).toBeTruthy();
  });

  it('turns the filters into the query string of the API (modality upper-cased, dates as days)', async () => {
    seriesGet.mockResolvedValue(page({ total: 0 }));
    renderPage(<SeriesListPage />, { url: '/series' });
    await screen.findByText('0 series match. Page 1.');
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'failed' } });
    fireEvent.change(screen.getByLabelText('Modality'), { target: { value: 'ct' } });
    fireEvent.change(screen.getByLabelText('Rule'), { target: { value: 'chest-ct' } });
    fireEvent.change(screen.getByLabelText('Received from'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('Page size'), { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(lastQuery()).toEqual({
        limit: 50,
        count: true,
        state: 'failed',
        modality: 'CT',
        rule: 'chest-ct',
        from: '2026-01-01',
      }),
    );
  });

  it('reads the filters from the URL, pages forward with the cursor and back without it', async () => {
    seriesGet.mockResolvedValueOnce(page({ total: 60, next: 'c-1', items: [series('aaaaaaaa-1', 'queued')] }));
    seriesGet.mockResolvedValueOnce(page({ next: 'c-2', items: [series('bbbbbbbb-2', 'queued')] }));
    seriesGet.mockResolvedValue(page({ total: 60, next: 'c-1', items: [series('aaaaaaaa-1', 'queued')] }));
    renderPage(<SeriesListPage />, { url: '/series?state=queued&model=lungs' });
    await screen.findByText('60 series match. Page 1.');
    expect(lastQuery()).toEqual({ limit: 25, count: true, state: 'queued', model: 'lungs' });
    expect((screen.getByRole('button', { name: 'Previous page' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('60 series match. Page 2.');
    expect(lastQuery()).toEqual({ limit: 25, state: 'queued', model: 'lungs', cursor: 'c-1' });
    expect(screen.getByRole('link', { name: 'Series bbbbbbbb' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByText('60 series match. Page 1.');
    expect(lastQuery()).toEqual({ limit: 25, count: true, state: 'queued', model: 'lungs' });
  });

  it('shows the problem the API answers', async () => {
    const { ApiProblem } = jest.requireActual('../../api/client') as typeof import('../../api/client');
    seriesGet.mockRejectedValue(new ApiProblem(400, 'Bad Request', 'dicomweb/bad-query', 'from must be before to'));
    renderPage(<SeriesListPage />, { url: '/series?from=2026-02-01&to=2026-01-01' });
    expect((await screen.findByRole('alert')).textContent).toContain('from must be before to');
  });

  it("links each row to the viewer with the study's pseudonymized UID when a template is set", async () => {
    settings = { viewerUrlTemplate: TEMPLATE, settings: {} };
    seriesGet.mockResolvedValue(page({ total: 1, items: [series('aaaaaaaa-1', 'segmented')] }));
    renderPage(<SeriesListPage />, { url: '/series', roles: ['operator'] });
    const link = await screen.findByRole('link', { name: 'Open series aaaaaaaa in viewer' });
    expect(link.getAttribute('href')).toBe('https://ohif.example/viewer?StudyInstanceUIDs=2.25.7710');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('shows no viewer link without a template, nor to a radiologist (who cannot read the settings)', async () => {
    seriesGet.mockResolvedValue(page({ total: 1, items: [series('aaaaaaaa-1', 'segmented')] }));
    const { unmount } = renderPage(<SeriesListPage />, { url: '/series' });
    await screen.findByText('1 series match. Page 1.');
    await waitFor(() => expect(get).toHaveBeenCalledWith('/api/v1/settings'));
    expect(screen.queryByRole('link', { name: /in viewer/ })).toBeNull();
    unmount();

    settings = { viewerUrlTemplate: TEMPLATE, settings: {} };
    get.mockClear();
    renderPage(<SeriesListPage />, { url: '/series', roles: ['radiologist'] });
    await screen.findByText('1 series match. Page 1.');
    expect(get).not.toHaveBeenCalledWith('/api/v1/settings');
    expect(screen.queryByRole('link', { name: /in viewer/ })).toBeNull();
  });
});
