/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { api, ApiProblem } from '../../api/client';
import type { SettingsDocument } from '../../api/settings-types';
import { renderPage } from '../../testing/render';
import RoutingPage from './RoutingPage';

jest.mock('../../api/client', () => jest.requireActual('../../testing/render').mockApiModule());
const get = api.get as jest.Mock;
const put = api.put as jest.Mock;

const doc = (over: Partial<SettingsDocument> = {}, model = 'lungs'): SettingsDocument => ({
  version: 7,
  source: 'database',
  readOnly: false,
  author: 'admin',
  createdAt: '2026-01-01T00:00:00Z',
  origin: 'console',
  changes: 1,
  settings: {
    dimse: { allowedCallers: [] },
    destinations: [{ name: 'pacs', type: 'dimse', aeTitle: 'PACS', host: 'pacs', port: 104, tls: true }],
    routing: [{ name: 'chest-ct', match: { modality: 'CT' }, model, deliverTo: ['pacs'] }],
    deid: { options: {} as SettingsDocument['settings']['deid']['options'], burnedInAnnotation: 'reject' },
    models: { disabled: [] },
    viewer: {},
  },
  ...over,
});
const input = (label: string, i = 0) => screen.getAllByLabelText(label)[i] as HTMLInputElement;

describe('RoutingPage settings editor', () => {
  beforeEach(() => {
    get.mockReset().mockResolvedValue(doc());
    put.mockReset();
  });

  it('saves the whole document on its base version, with the comment', async () => {
    put.mockResolvedValue({ version: 8 });
    renderPage(<RoutingPage />);
    await screen.findByText(/Version 7 by admin/);
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    fireEvent.change(input('Rule name', 1), { target: { value: 'brain-mr' } });
    fireEvent.change(input('Model', 1), { target: { value: 'brain' } });
    fireEvent.change(input('Modality', 1), { target: { value: 'MR' } });
    fireEvent.click(screen.getAllByLabelText('Deliver to pacs')[1]);
    fireEvent.change(screen.getByLabelText('Change comment'), { target: { value: 'MR brains' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved as version 8.');
    const body = put.mock.calls[0][1].body;
    expect(put.mock.calls[0][0]).toBe('/api/v1/settings');
    expect(body.baseVersion).toBe(7);
    expect(body.comment).toBe('MR brains');
    expect(body.settings.routing[1]).toEqual({
      name: 'brain-mr',
      match: { modality: 'MR' },
      model: 'brain',
      deliverTo: ['pacs'],
    });
    expect(body.settings.destinations).toEqual(doc().settings.destinations);
  });

  it('puts each validation problem next to its field', async () => {
    put.mockRejectedValue(
      new ApiProblem(
        400,
        'Bad Request',
        'settings/invalid',
        'the settings are not valid',
        [],
        [
          { path: 'routing[0].model', message: 'must be lowercase letters, digits, "-" or "_" (max 32)' },
          { path: '/routing/0/match/modality', message: 'modality must be a DICOM CS value such as CT' },
        ],
      ),
    );
    renderPage(<RoutingPage />);
    await screen.findByText(/Version 7 by admin/);
    fireEvent.change(input('Model'), { target: { value: 'Lungs!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(input('Model').getAttribute('aria-invalid')).toBe('true'));
    const describedBy = input('Model').getAttribute('aria-describedby')!.split(' ');
    const messages = describedBy.map((id) => document.getElementById(id)?.textContent);
    expect(messages).toContain('must be lowercase letters, digits, "-" or "_" (max 32)');
    expect(input('Modality').getAttribute('aria-invalid')).toBe('true');
    expect(input('Rule name').getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByRole('alert').textContent).toContain('the settings are not valid');
  });

  it('offers a reload when someone else saved first, and the reload shows their version', async () => {
    put.mockRejectedValue(new ApiProblem(409, 'Conflict', 'settings/conflict', 'version 8 was saved since 7'));
    renderPage(<RoutingPage />);
    await screen.findByText(/Version 7 by admin/);
    fireEvent.change(input('Model'), { target: { value: 'mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else saved first');
    get.mockResolvedValue(doc({ version: 8, author: 'other' }, 'theirs'));
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await screen.findByText(/Version 8 by other/);
    expect(input('Model').value).toBe('theirs');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('is read-only, and says why, when the settings come from the file (GitOps)', async () => {
    get.mockResolvedValue(doc({ source: 'file', readOnly: true }));
    renderPage(<RoutingPage />);
    expect((await screen.findByRole('note')).textContent).toContain('config.source: file');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add rule' })).toBeNull();
    expect(input('Model').readOnly).toBe(true);
  });

  it('turns read-only when the gateway answers settings/read-only on save', async () => {
    put.mockRejectedValue(new ApiProblem(409, 'Conflict', 'settings/read-only', 'config.source is file'));
    renderPage(<RoutingPage />);
    await screen.findByText(/Version 7 by admin/);
    fireEvent.change(input('Model'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('note');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });
});
