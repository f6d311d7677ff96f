/** The two timed transfers: storescu process(es) for C-STORE, one streamed POST for STOW-RS. */
import { baseEnv, type Peer } from './peer';
import { runClient } from './procs';
import { stowFiles } from './stow';

export const STORESCU = '/usr/bin/storescu';

/** Wall clock around the storescu process(es), one association per directory, nothing subtracted. */
export async function storescu(peer: Peer, dirs: string[]): Promise<number> {
  const t0 = performance.now();
  const results = await Promise.all(
    dirs.map((dir) =>
      runClient(
        STORESCU,
        ['-aec', peer.aeTitle, '-aet', 'BENCH', '+sd', '+sp', '*.dcm', '127.0.0.1', String(peer.dimsePort), dir],
        baseEnv(),
      ),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  // storescu can exit 0 after a refused C-STORE; its E:/F: lines are the failure signal.
  const bad = results.find((r) => r.code !== 0 || /^[EF]: /m.test(r.output));
  if (bad) {
    const lines = bad.output.trim().split('\n');
    const last = lines.filter((l) => /^[EF]: /.test(l)).pop() ?? '';
    throw new Error(`storescu → ${peer.label} failed (exit ${bad.code}) ${last}\n${lines.slice(-10).join('\n')}`);
  }
  return seconds;
}

/** One STOW-RS POST; every instance must come back in ReferencedSOPSequence. */
export async function stow(peer: Peer, files: string[]): Promise<number> {
  if (!peer.stowUrl) throw new Error(`${peer.label} has no STOW-RS endpoint`);
  const r = await stowFiles(peer.stowUrl, files, peer.stowHeaders);
  if (r.problem || r.stored !== files.length || r.failed > 0) {
    throw new Error(
      `STOW-RS → ${peer.label}: ${r.problem ?? `HTTP ${r.status}, ${r.stored} stored, ${r.failed} failed of ${files.length}`}`,
    );
  }
  return r.seconds;
}
