import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';
import { allows } from '../../session/access';
import { useLiveEvent } from '../../session/live-events';
import { useMe } from '../../session/session';
import { filtersFromSearch, filtersToSearch, limitFromSearch, seriesApiQuery } from './series.query';
import { SeriesFiltersForm } from './SeriesFiltersForm';
import { useViewerTemplate } from './use-viewer-template';
import { ViewerLink } from './ViewerLink';

/** Received series, newest first: server-side filters and cursor paging (`next`). */
export default function SeriesListPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const limit = limitFromSearch(search);
  // Cursors of the pages before this one: "Previous page" pops, "Next page" pushes.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const key = `${search.toString()}|${cursor ?? ''}`;
  const page = useResource(
    (signal) => api.get('/api/v1/series', { query: seriesApiQuery(filters, limit, cursor), signal }),
    key,
  );
  const [total, setTotal] = useState<number>();
  if (page.data?.total != null && page.data.total !== total) setTotal(page.data.total);
  const [live, setLive] = useState<Record<string, string>>({});
  useLiveEvent('series', (e) => setLive((m) => ({ ...m, [e.id]: e.state })));
  const me = useMe();
  const template = useViewerTemplate(allows(me.roles, 'settingsRead'));

  return (
    <section aria-labelledby="series-h">
      <h1 id="series-h">Series</h1>
      <SeriesFiltersForm
        key={search.toString()}
        filters={filters}
        limit={limit}
        onApply={(f, l) => {
          setCursors([]);
          setLive({});
          setSearch(filtersToSearch(f, l));
        }}
      />
      <Problem error={page.error} />
      <p role="status" className="muted">
        {page.loading ? 'Loading…' : `${total ?? '?'} series match. Page ${cursors.length + 1}.`}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Modality</th>
            <th scope="col">Description</th>
            <th scope="col">State</th>
            <th scope="col">Model</th>
            <th scope="col">Received</th>
            {template && <th scope="col">Viewer</th>}
          </tr>
        </thead>
        <tbody>
          {page.data?.items.map((s) => {
            const state = live[s.id] ?? s.state;
            return (
              <tr key={s.id}>
                <td>
                  <Link to={`/series/${s.id}`} aria-label={`Series ${s.id.slice(0, 8)}`}>
                    <code>{s.id.slice(0, 8)}</code>
                  </Link>
                </td>
                <td>{s.modality}</td>
                <td>{s.seriesDescription}</td>
                <td>
                  <span className={`state state-${state}`}>{state}</span>
                  {s.errorCode && <small className="bad"> {s.errorCode}</small>}
                </td>
                <td>{s.model?.id ?? '—'}</td>
                <td>{new Date(s.timings.receivedAt).toLocaleString()}</td>
                {template && (
                  <td>
                    <ViewerLink
                      template={template}
                      study={s.studyInstanceUid}
                      series={s.seriesInstanceUid}
                      label={`Open series ${s.id.slice(0, 8)} in viewer`}
                    />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {page.data?.items.length === 0 && <p>No series match these filters.</p>}
      <nav aria-label="Pages" className="row">
        <button
          type="button"
          className="secondary"
          disabled={!cursors.length}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!page.data?.next || page.loading}
          onClick={() => setCursors((c) => [...c, page.data!.next!])}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
