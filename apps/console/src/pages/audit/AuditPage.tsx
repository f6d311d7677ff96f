import { useState } from 'react';
import { NewerOlder, useBeforeCursor } from '../../components/NewerOlder';
import { api } from '../../api/client';
import type { ChainState } from '../../api/types';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';

interface Filters {
  action?: string;
  actor?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

const iso = (local?: string) => (local ? new Date(local).toISOString() : undefined);

/** The hash-chained audit log, newest first, and whether the chain verifies. */
export default function AuditPage() {
  const [filters, setFilters] = useState<Filters>({});
  const pages = useBeforeCursor();
  const cursor = pages.cursor;
  const page = useResource(
    (signal) =>
      api.get('/api/v1/audit', {
        query: { ...filters, from: iso(filters.from), to: iso(filters.to), before: cursor, limit: 50 },
        signal,
      }),
    JSON.stringify([filters, cursor]),
  );
  const [chain, setChain] = useState<ChainState>();
  const [chainProblem, setChainProblem] = useState<unknown>();
  const [verifying, setVerifying] = useState(false);

  async function verify() {
    setVerifying(true);
    setChainProblem(undefined);
    try {
      setChain(await api.get('/api/v1/audit/verify'));
    } catch (err) {
      setChainProblem(err);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section aria-labelledby="audit-h">
      <h1 id="audit-h">Audit log</h1>
      <div className="card row">
        <button type="button" onClick={() => void verify()} disabled={verifying}>
          Verify chain
        </button>
        <span role="status">
          {verifying && 'Verifying…'}
          {chain?.ok === true && <span className="ok">Chain intact: {chain.count} records verified.</span>}
          {chain?.ok === false && (
            <span className="bad">
              Chain broken at record {chain.seq} ({chain.reason}).
            </span>
          )}
        </span>
        <Problem error={chainProblem} />
      </div>
      <form
        role="search"
        aria-label="Audit filters"
        className="card row"
        onSubmit={(e) => {
          e.preventDefault();
          const d = new FormData(e.currentTarget);
          const v = (k: string) => String(d.get(k) ?? '').trim() || undefined;
          pages.reset();
          setFilters({ action: v('action'), actor: v('actor'), outcome: v('outcome'), from: v('from'), to: v('to') });
        }}
      >
        {(
          [
            ['action', 'Action', 'text', 'e.g. auth.local.sign-in'],
            ['actor', 'Actor', 'text', 'user or token id'],
            ['outcome', 'Outcome', 'text', 'success or failure'],
            ['from', 'From', 'datetime-local', ''],
            ['to', 'To', 'datetime-local', ''],
          ] as const
        ).map(([name, label, type, placeholder]) => (
          <div className="field" key={name}>
            <label htmlFor={`a-${name}`}>{label}</label>
            <input id={`a-${name}`} name={name} type={type} placeholder={placeholder} maxLength={128} />
          </div>
        ))}
        <button type="submit">Apply filters</button>
      </form>
      <Problem error={page.error} />
      <table aria-label="Audit records">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Source</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.items.map((r) => (
            <tr key={r.seq}>
              <td className="num">{r.seq}</td>
              <td>{new Date(r.time).toLocaleString()}</td>
              <td>
                {r.actorType}:{r.actorId}
              </td>
              <td>{r.action}</td>
              <td>{r.target ?? ''}</td>
              <td className={r.outcome === 'success' ? 'ok' : 'bad'}>{r.outcome}</td>
              <td>{r.sourceAddress ?? ''}</td>
              <td>
                <code>{r.details ? JSON.stringify(r.details) : ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewerOlder onNewer={pages.newer} next={page.data?.next} onOlder={pages.older} />
    </section>
  );
}
