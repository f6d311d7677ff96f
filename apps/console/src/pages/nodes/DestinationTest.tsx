import { useState } from 'react';
import { api } from '../../api/client';
import type { DestinationTestResult } from '../../api/types';
import { Problem } from '../../components/Problem';

/** Test button: C-ECHO (DIMSE), QIDO-RS probe (DICOMweb) or GET metadata (FHIR); shows the exact answer. */
export function DestinationTest({ name, unsaved }: { name: string; unsaved: boolean }) {
  const [result, setResult] = useState<DestinationTestResult>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function test() {
    setBusy(true);
    setResult(undefined);
    setProblem(undefined);
    try {
      setResult(await api.post('/api/v1/destinations/{name}/test', { path: { name } }));
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <button type="button" disabled={busy || !name || unsaved} onClick={() => void test()} aria-label={`Test ${name}`}>
        Test
      </button>
      {unsaved && <small className="muted"> Save to test the new values.</small>}
      {busy && <span role="status"> Testing…</span>}
      <Problem error={problem} />
      {result && (
        <div role="status" aria-label={`Test result of ${name}`}>
          <p className={result.ok ? 'ok' : 'bad'}>
            {result.ok ? 'Reachable' : `Failed at ${result.step ?? 'unknown step'}`}: {result.target} in{' '}
            {result.elapsedMs} ms
            {result.dimseStatus !== undefined &&
              ` · C-ECHO status 0x${result.dimseStatus.toString(16).padStart(4, '0')}`}
            {result.httpStatus !== undefined && ` · HTTP ${result.httpStatus}`}
            {result.code && ` · ${result.code}`}
            {result.detail && ` — ${result.detail}`}
          </p>
          <pre className="result">{JSON.stringify(result, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}
