import { useState } from 'react';
import { api } from '../../api/client';
import type { DryRunResult } from '../../api/types';
import { Problem } from '../../components/Problem';

/**
 * POST /api/v1/routing/dry-run: the gateway evaluates its saved rules on one Part 10 file in memory
 * and answers criteria and true/false only, never a value from the file.
 */
export function DryRun({ unsaved }: { unsaved: boolean }) {
  const [file, setFile] = useState<File>();
  const [over, setOver] = useState(false);
  const [callingAeTitle, setCalling] = useState('');
  const [result, setResult] = useState<DryRunResult>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function run() {
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    setResult(undefined);
    try {
      const query = callingAeTitle.trim() ? { callingAeTitle: callingAeTitle.trim() } : undefined;
      setResult(
        await api.post('/api/v1/routing/dry-run', {
          body: file,
          contentType: 'application/dicom',
          query,
        }),
      );
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="dry-h" className="card">
      <h2 id="dry-h">Dry run</h2>
      <p>
        Drop a DICOM file to see which rule it would take and why. The file is evaluated in memory on the gateway:
        nothing is stored or logged, and no value from it is shown.
        {unsaved && <strong> The dry run uses the saved rules: save your changes first.</strong>}
      </p>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer.files[0]) setFile(e.dataTransfer.files[0]);
        }}
      >
        <label htmlFor="dry-file">DICOM file</label>{' '}
        <input id="dry-file" type="file" onChange={(e) => setFile(e.target.files?.[0])} />
        <p className="muted">
          {file ? `Chosen: ${file.name} (${file.size.toLocaleString()} bytes)` : 'or drop it here'}
        </p>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="dry-ae">As if sent by AE title</label>
          <input id="dry-ae" value={callingAeTitle} maxLength={16} onChange={(e) => setCalling(e.target.value)} />
        </div>
        <button type="button" disabled={!file || busy} onClick={() => void run()}>
          Dry run
        </button>
      </div>
      <Problem error={problem} />
      {result && <DryRunAnswer result={result} />}
    </section>
  );
}

function DryRunAnswer({ result }: { result: DryRunResult }) {
  const d = result.decision;
  return (
    <div role="status" aria-label="Dry run result">
      <p>
        {d ? (
          <>
            Matches rule <strong>{d.ruleName}</strong>: model <code>{d.modelId}</code>, delivered to{' '}
            {d.deliverTo.join(', ') || 'no destination'}
            {d.priority !== undefined && `, priority ${d.priority}`}.
          </>
        ) : (
          <strong>No rule matches: the series would not be segmented.</strong>
        )}
      </p>
      <table aria-label="Rules evaluated">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Matched</th>
            <th scope="col">Criteria</th>
          </tr>
        </thead>
        <tbody>
          {result.rules.map((r) => (
            <tr key={r.rule}>
              <td>{r.rule}</td>
              <td className={r.matched ? 'ok' : 'bad'}>{r.matched ? 'yes' : 'no'}</td>
              <td>
                {r.criteria.length === 0 && 'no criteria (matches everything)'}
                {r.criteria.map((c) => (
                  <div key={c.criterion}>
                    <span className={c.matched ? 'ok' : 'bad'}>{c.matched ? '✓' : '✗'}</span> {c.criterion} ={' '}
                    <code>{c.pattern}</code>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
