import { ApiProblem, createApi } from './client';

function gateway(answer: (req: Request) => Response) {
  const seen: Request[] = [];
  const api = createApi({
    baseUrl: 'http://gateway.test',
    fetch: (req) => {
      seen.push(req);
      return Promise.resolve(answer(req));
    },
  });
  return { api, seen };
}
const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('console API client', () => {
  it('sends the CSRF token on writes only, and serializes the query', async () => {
    const { api, seen } = gateway(() => json(200, { ok: true }));
    api.setCsrfToken('tok-1');
    await api.get('/api/v1/series', { query: { state: 'failed', limit: 25, model: undefined } });
    await api.post('/api/v1/series/{id}/retry', { path: { id: 's 1' } });
    expect(seen[0].headers.get('x-csrf-token')).toBeNull();
    expect(new URL(seen[0].url).search).toBe('?state=failed&limit=25');
    expect(seen[1].method).toBe('POST');
    expect(seen[1].headers.get('x-csrf-token')).toBe('tok-1');
    expect(new URL(seen[1].url).pathname).toBe('/api/v1/series/s%201/retry');
  });

  it('turns problem+json into an ApiProblem with every finding and field path', async () => {
    const problem = {
      type: 'urn:delineo:problem:settings/invalid',
      title: 'Bad Request',
      status: 400,
      code: 'settings/invalid',
      detail: 'the settings are not valid',
      problems: ['one'],
      errors: [{ path: 'routing[0].model', message: 'bad model' }, { nope: true }],
    };
    const { api } = gateway(() => json(400, problem, 'application/problem+json'));
    const err = (await api.put('/api/v1/settings', { body: {} }).catch((e: unknown) => e)) as ApiProblem;
    expect(err).toBeInstanceOf(ApiProblem);
    expect([err.status, err.code, err.title, err.detail]).toEqual([
      400,
      'settings/invalid',
      'Bad Request',
      'the settings are not valid',
    ]);
    expect(err.problems).toEqual(['one']);
    expect(err.errors).toEqual([{ path: 'routing[0].model', message: 'bad model' }]);
  });

  it('keeps the words of a body that is not a problem (a proxy page)', async () => {
    const { api } = gateway(() => new Response('upstream timed out', { status: 504, statusText: 'Gateway Timeout' }));
    const err = (await api.get('/api/v1/me').catch((e: unknown) => e)) as ApiProblem;
    expect([err.status, err.title, err.code, err.detail]).toEqual([
      504,
      'Gateway Timeout',
      'http/504',
      'upstream timed out',
    ]);
  });

  it('tells its listeners when a session has ended (401), except for /me itself', async () => {
    const { api } = gateway(() => json(401, { title: 'Unauthorized', code: 'access/unauthenticated' }));
    const ended = jest.fn();
    api.onUnauthorized(ended);
    await api.get('/api/v1/me').catch(() => undefined);
    expect(ended).not.toHaveBeenCalled();
    await api.get('/api/v1/series').catch(() => undefined);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('sends a file as is with its content type, and answers undefined for 204', async () => {
    const { api, seen } = gateway(() => new Response(null, { status: 204 }));
    const file = new Blob([new Uint8Array([0x44, 0x49, 0x43, 0x4d])]);
    await expect(
      api.post('/api/v1/routing/dry-run', { body: file, contentType: 'application/dicom' }),
    ).resolves.toBeUndefined();
    expect(seen[0].headers.get('content-type')).toBe('application/dicom');
    expect(new Uint8Array(await seen[0].arrayBuffer())).toEqual(new Uint8Array([0x44, 0x49, 0x43, 0x4d]));
  });

  it('types each answer from the schema: tsc refuses a path it lacks and a field its DTO lacks', async () => {
    const me = { id: 'u1', name: 'Ann', username: 'ann', email: null, roles: ['auditor'], authMethod: 'local' };
    const { api } = gateway(() => json(200, { ...me, restricted: false, csrfToken: 't' }));
    // No type argument: the answer is MeDto, read from `paths` (these lines are checked by tsc).
    const answer = await api.get('/api/v1/me');
    const roles: readonly ('admin' | 'operator' | 'radiologist' | 'researcher' | 'auditor')[] = answer.roles;
    expect(roles).toEqual(['auditor']);
    // @ts-expect-error MeDto has no `password`: a page that read one would not compile.
    expect(answer.password).toBeUndefined();
    // @ts-expect-error not a route of the gateway's OpenAPI document
    await api.get('/api/v1/not-a-route');
    // @ts-expect-error a route the schema has, but not for this method
    await api.del('/api/v1/me');
  });

  it('reports an unreachable gateway as a problem of its own', async () => {
    const api = createApi({
      baseUrl: 'http://gateway.test',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const err = (await api.get('/api/v1/me').catch((e: unknown) => e)) as ApiProblem;
    expect([err.status, err.code, err.title]).toEqual([0, 'network', 'The gateway cannot be reached']);
  });
});
