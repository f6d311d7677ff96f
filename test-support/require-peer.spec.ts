import { peerAvailable } from './require-peer';

describe('peerAvailable', () => {
  it('reports a closed loopback port as unreachable', () => {
    expect(peerAvailable('redis://127.0.0.1:1')).toBe(false);
  });
});
