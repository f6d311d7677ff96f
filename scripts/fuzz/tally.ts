/** What one fuzz target did: outcomes by code or status, failures, the slowest case; and the report. */

export interface Failure {
  index: number;
  why: string;
  mutations: string[];
}

export interface Tally {
  target: string;
  cases: number;
  outcomes: Map<string, number>;
  failures: Failure[];
  maxMs: number;
  slowest?: { index: number; mutations: string[] };
  seconds: number;
}

export const newTally = (target: string): Tally => ({
  target,
  cases: 0,
  outcomes: new Map(),
  failures: [],
  maxMs: 0,
  seconds: 0,
});

export function record(
  t: Tally,
  index: number,
  outcome: string,
  ms: number,
  mutations: string[],
  failure?: string,
): void {
  t.cases++;
  t.outcomes.set(outcome, (t.outcomes.get(outcome) ?? 0) + 1);
  if (ms > t.maxMs) {
    t.maxMs = ms;
    t.slowest = { index, mutations };
  }
  if (failure) t.failures.push({ index, why: failure, mutations });
}

export interface LiveFigures {
  /** VmHWM of the gateway child, bytes. */
  peakRss: number;
  rssBound: number;
  alive: boolean;
  /** Uncaught exceptions, unhandled rejections and `internal/unexpected` codes in the gateway's log. */
  uncoded: number;
  /** After the run: associations accepted of dimse.maxAssociations opened at once (all, unless a slot leaked). */
  slots?: { accepted: number; of: number };
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** Prints the report; returns whether the bar was met (no crash, no case over `maxCaseMs`, RSS bound). */
export function report(tallies: Tally[], live: LiveFigures | undefined, maxCaseMs: number, log = console.log): boolean {
  let ok = true;
  for (const t of tallies) {
    const over = t.maxMs > maxCaseMs;
    ok &&= t.failures.length === 0 && !over;
    log(
      `\n== ${t.target}: ${t.cases} cases in ${t.seconds.toFixed(1)} s (${(t.cases / Math.max(t.seconds, 1e-9)).toFixed(0)}/s)`,
    );
    log(`   crashes / uncoded failures: ${t.failures.length}`);
    log(`   max latency per case: ${t.maxMs.toFixed(1)} ms${over ? ` (OVER ${maxCaseMs} ms)` : ''}`);
    if (t.slowest) log(`     slowest: case ${t.slowest.index} [${t.slowest.mutations.join(', ')}]`);
    const sorted = [...t.outcomes].sort((a, b) => b[1] - a[1]);
    log('   outcomes:');
    for (const [outcome, n] of sorted) log(`     ${String(n).padStart(8)}  ${outcome}`);
    for (const f of t.failures.slice(0, 20)) log(`   FAIL case ${f.index}: ${f.why} [${f.mutations.join(', ')}]`);
  }
  if (live) {
    const rssOk = live.peakRss < live.rssBound;
    const slotsOk = !live.slots || live.slots.accepted === live.slots.of;
    ok &&= live.alive && rssOk && live.uncoded === 0 && slotsOk;
    log(
      `\n== gateway: ${live.alive ? 'alive' : 'EXITED'}; peak RSS (VmHWM) ${mib(live.peakRss)} (bound ${mib(live.rssBound)})${rssOk ? '' : ' OVER'}`,
    );
    log(`   uncoded errors in its log: ${live.uncoded}`);
    if (live.slots) {
      const leaked = slotsOk ? '' : ' (LEAKED association slots)';
      log(`   associations accepted at once after the run: ${live.slots.accepted} of ${live.slots.of}${leaked}`);
    }
  }
  log(
    `\n${ok ? 'PASS' : 'FAIL'}: no crash or uncoded error, no case over ${maxCaseMs} ms, RSS under the bound, no slot leaked`,
  );
  return ok;
}
