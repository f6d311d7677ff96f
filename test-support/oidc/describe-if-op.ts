import { REQUIRE_PEERS } from '../require-peer';
import { testOpUnavailableReason } from './start-op';

let unavailable: { reason: string | undefined } | undefined;

/**
 * require-peer.ts's convention for the test OP: `describe` when op-server.mjs can start, else
 * `describe.skip` with the reason, or one failing test when DELINEO_REQUIRE_PEERS=1.
 */
export function describeIfTestOp(name: string, fn: () => void): void {
  unavailable ??= { reason: testOpUnavailableReason() };
  const { reason } = unavailable;
  if (reason === undefined) return describe(name, fn);
  if (!REQUIRE_PEERS) return describe.skip(`${name} (${reason})`, fn);
  describe(name, () => {
    it('has its test OP (DELINEO_REQUIRE_PEERS=1)', () => {
      throw new Error(`${reason} and DELINEO_REQUIRE_PEERS=1`);
    });
  });
}
