/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { api } from '../../api/client';
import type { SeriesPage, SeriesView } from '../../api/types';
import { renderPage } from '../../testing/render';
import SeriesListPage from './SeriesListPage';

jest.mock('../../api/client', () => jest.requireActual('../../testing/render').mockApiModule());
const get = api.get as jest.Mock;

const series = (id: string, state: SeriesView['state']): SeriesView => ({
  id,
  seriesInstanceUid: `2.25.${id.length}`,
  modality: 'CT',
  seriesDescription: 'CHEST',
  state,
  generation: 1,
  route: { modelId: 'lungs' },
  model: { id: 'lungs' },
  progress: 0,
  attempts: 0,
  errorCode: state === 'failed' ? 'worker/model-failed' : null,
  timings: { receivedAt: '2026-01-02T10:00:00Z', stateChangedAt: null, stagesMs: {} },
  volumes: [],
  deliveries: [],
});
const page = (p: Partial<SeriesPage>): SeriesPage => ({ limit: 25, items: [], ...p });
const lastQuery = () => get.mock.calls[get.mock.calls.length - 1][1].query as Record<string, unknown>;

describe('SeriesListPage', () => {
  beforeEach(() => get.mockReset());

  it('asks for the first page with an exact total, and shows it', async () => {
    get.mockResolvedValue(page({ total: 120, next: 'c-1', items: [series('aaaaaaaa-1', 'failed')] }));
    renderPage(<SeriesListPage />, { url: '/series' });
    await screen.findByText('120 series match. Page 1.');
    expect(get).toHaveBeenCalledWith('/api/v1/series', expect.anything());
    expect(lastQuery()).toEqual({ limit: 25, count: true });
    expect(screen.getByText('worker/model-failed')).toBeTruthy();
  });

  it('turns the filters into the query string of the API (modality upper-cased, dates as days)', async () => {
    get.mockResolvedValue(page({ total: 0 }));
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
    get.mockResolvedValueOnce(page({ total: 60, next: 'c-1', items: [series('aaaaaaaa-1', 'queued')] }));
    get.mockResolvedValueOnce(page({ next: 'c-2', items: [series('bbbbbbbb-2', 'queued')] }));
    get.mockResolvedValue(page({ total: 60, next: 'c-1', items: [series('aaaaaaaa-1', 'queued')] }));
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
    get.mockRejectedValue(new ApiProblem(400, 'Bad Request', 'dicomweb/bad-query', 'from must be before to'));
    renderPage(<SeriesListPage />, { url: '/series?from=2026-02-01&to=2026-01-01' });
    expect((await screen.findByRole('alert')).textContent).toContain('from must be before to');
  });
});
