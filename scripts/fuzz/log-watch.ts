/**
 * The gateway's log as the fuzzer's crash detector: the gateway logs uncaught exceptions and
 * unhandled rejections instead of dying (libs/observability runService), and reduces any error
 * without a domain code to `internal/unexpected`; either line means an uncoded error.
 */
import type { GatewayProcess } from '../../test-support/gateway-process';

/**
 * Where an uncoded error came from, without its message (which may quote data): the first
 * functions of its stack, or the log event and code.
 */
export function signature(line: string): string {
  try {
    const l = JSON.parse(line) as { event?: string; code?: string; err?: { name?: string; stack?: string } };
    const frames = [...(l.err?.stack ?? '').matchAll(/at (?:async )?([\w.<>$]+) \(/g)].map((m) => m[1]).slice(0, 3);
    return [l.event ?? l.code ?? 'error', l.err?.name, frames.join(' < ')].filter(Boolean).join(': ');
  } catch {
    return line.slice(0, 200);
  }
}

/** Watches the gateway's log for what only an uncoded error produces (runService logs, codeOf's fallback). */
export class LogWatch {
  /** Signatures of the uncoded lines, in order of arrival. */
  readonly signatures: string[] = [];
  /** When each arrived (performance.now()). */
  readonly times: number[] = [];
  private partial = '';

  constructor(gw: GatewayProcess) {
    for (const stream of [gw.child.stdout, gw.child.stderr])
      stream?.on('data', (b: Buffer) => this.feed(b.toString('utf8')));
  }

  get uncoded(): number {
    return this.signatures.length;
  }

  private feed(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!/"event":"(uncaught-exception|unhandled-rejection)"|"code":"internal\/unexpected"/.test(line)) continue;
      this.signatures.push(signature(line));
      this.times.push(performance.now());
    }
  }
}
