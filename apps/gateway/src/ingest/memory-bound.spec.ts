import { loadConfig } from '@delineo/config';
import { memoryBound } from './memory-bound';

const MiB = 1024 * 1024;

describe('memoryBound', () => {
  it('adds up the in-flight budget with its overdraft, the copies, the parsed structures and PDU buffers', () => {
    const c = loadConfig({ DATA_DIR: '/nonexistent-delineo' });
    const b = memoryBound(c);
    expect(b.inflight).toBe(2 * 1024 * MiB); // 1 GiB budget + one 1 GiB dataset
    expect(b.parsed).toBe(8 * (1_000_000 * 200 + 250_000 * 220));
    expect(b.inflated).toBe(8 * 512 * MiB); // 512 MiB cap < 200 × 1 GiB
    expect(b.framing).toBe(512 * 64 * 1024 + 16 * MiB);
    expect(b.total).toBe(2 * b.inflight + b.parsed + b.inflated + b.framing);
    const small = memoryBound({
      ...c,
      limits: { ...c.limits, inflightBytes: 64 * MiB, maxConcurrentIngests: 2 },
      dimse: { ...c.dimse, maxDatasetBytes: 32 * MiB },
      stow: { ...c.stow, maxPartBytes: 16 * MiB },
    });
    expect(small.inflight).toBe(96 * MiB);
    expect(small.parsed).toBe(b.parsed / 4);
  });

  it('counts a STOW metadata JSON tree in place of an inflated dataset when it is the larger', () => {
    const c = loadConfig({ DATA_DIR: '/nonexistent-delineo' });
    const parse = { ...c.limits.parse, maxInflatedBytes: 1024 };
    const b = memoryBound({ ...c, limits: { ...c.limits, parse } });
    // 4 × 1,000,000 elements + 250,000 items JSON values, 48 bytes each, per ingest slot.
    expect(b.inflated).toBe(8 * (4 * 1_000_000 + 250_000) * 48);
  });
});
