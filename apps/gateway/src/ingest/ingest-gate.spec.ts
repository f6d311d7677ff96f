import { IngestGate } from './ingest-gate';

describe('IngestGate', () => {
  it('runs at most `limit` at once, the rest in arrival order, and frees the slot on failure', async () => {
    const gate = new IngestGate(2);
    const started: number[] = [];
    const release: (() => void)[] = [];
    const job = (i: number, fail = false) =>
      gate.run(async () => {
        started.push(i);
        await new Promise<void>((r) => release.push(r));
        if (fail) throw new Error(`job ${i}`);
        return i;
      });
    const all = [job(1, true), job(2), job(3), job(4)];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2]);
    expect(gate.waiting).toBe(2);
    release.shift()!();
    await expect(all[0]).rejects.toThrow('job 1');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2, 3]);
    expect(gate.active).toBe(2);
    while (release.length) {
      release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await expect(Promise.all(all.slice(1))).resolves.toEqual([2, 3, 4]);
    expect(gate.active).toBe(0);
  });
});
