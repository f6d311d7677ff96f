/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { api, ApiProblem } from '../../api/client';
import type { FailedJob } from '../../api/types';
import { renderPage } from '../../testing/render';
import DeadLettersPage from './DeadLettersPage';

jest.mock('../../api/client', () => jest.requireActual('../../testing/render').mockApiModule());
const get = api.get as jest.Mock;
const post = api.post as jest.Mock;

const job = (id: string, seriesId: string): FailedJob => ({
  id,
  name: 'deliver-result',
  attemptsMade: 5,
  attemptsStarted: 5,
  failedReason: 'delivery/network',
  seriesId,
  destination: 'pacs',
});
const JOBS = [job('j1', 's-1'), job('j2', 's-2'), job('j3', 's-3')];
const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const bulk = () => screen.getByRole('button', { name: /^Replay selected/ }) as HTMLButtonElement;

describe('DeadLettersPage', () => {
  beforeEach(() => {
    get.mockReset().mockResolvedValue(JOBS);
    post.mockReset();
  });

  it('selects all, drops one, and replays the rest in one bulk request', async () => {
    post.mockResolvedValue([
      { id: 'j1', outcome: 'replayed' },
      { id: 'j3', outcome: 'replayed' },
    ]);
    renderPage(<DeadLettersPage />, { roles: ['operator'] });
    await screen.findByText('s-1'.slice(0, 8));
    expect(bulk().disabled).toBe(true);
    fireEvent.click(box('Select all'));
    expect(bulk().textContent).toBe('Replay selected (3)');
    fireEvent.click(box('Select j2'));
    expect(box('Select all').checked).toBe(false);
    expect(bulk().textContent).toBe('Replay selected (2)');
    fireEvent.click(bulk());
    expect((await screen.findByRole('status')).textContent).toContain('Replayed 2');
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith('/api/v1/jobs/failed/replay', { body: { ids: ['j1', 'j3'] } });
    await waitFor(() => expect(bulk().textContent).toBe('Replay selected (0)'));
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('falls back to one replay per series when the bulk route is missing, reporting each failure', async () => {
    post.mockImplementation((url: string, o: { path?: { id: string } }) => {
      if (url === '/api/v1/jobs/failed/replay') return Promise.reject(new ApiProblem(404, 'Not Found', 'http/404'));
      if (o.path?.id === 's-3')
        return Promise.reject(
          new ApiProblem(409, 'Conflict', 'dicomweb/conflict', 'only a dead-lettered delivery can be replayed'),
        );
      return Promise.resolve({});
    });
    renderPage(<DeadLettersPage />, { roles: ['operator'] });
    await screen.findByText('s-1'.slice(0, 8));
    fireEvent.click(box('Select j1'));
    fireEvent.click(box('Select j3'));
    fireEvent.click(bulk());
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Replayed 1; 1 could not be replayed');
    expect(status.textContent).toContain('only a dead-lettered delivery can be replayed');
    expect(post).toHaveBeenCalledWith('/api/v1/series/{id}/deliveries/{destination}/replay', {
      path: { id: 's-1', destination: 'pacs' },
    });
  });

  it('replays a single job from its row', async () => {
    post.mockResolvedValue([{ id: 'j2', outcome: 'replayed' }]);
    renderPage(<DeadLettersPage />, { roles: ['operator'] });
    fireEvent.click(await screen.findByRole('button', { name: 'Replay j2' }));
    expect((await screen.findByRole('status')).textContent).toContain('j2 replayed');
    expect(post).toHaveBeenCalledWith('/api/v1/jobs/failed/replay', { body: { ids: ['j2'] } });
  });

  it('reports each outcome of a bulk replay: a job that is no longer failed is not counted as replayed', async () => {
    post.mockResolvedValue([
      { id: 'j1', outcome: 'replayed' },
      { id: 'j2', outcome: 'not-failed' },
      { id: 'j3', outcome: 'not-found' },
    ]);
    renderPage(<DeadLettersPage />, { roles: ['operator'] });
    await screen.findByText('s-1'.slice(0, 8));
    fireEvent.click(box('Select all'));
    fireEvent.click(bulk());
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Replayed 1; 2 could not be replayed');
    const items = within(status)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'j1 replayed',
      'j2 not replayed: it is no longer failed (already replayed, or running again)',
      'j3 not replayed: no such dead letter any more (it was removed from the queue)',
    ]);
  });
});
