import { ConnectionGate, RefusalLog, type GateRefusal } from './connection-gate';

describe('ConnectionGate', () => {
  it('caps connections in all and per address, and frees them on leave', () => {
    const g = new ConnectionGate(3, 2);
    expect(g.enter('10.0.0.1')).toBeUndefined();
    expect(g.enter('10.0.0.1')).toBeUndefined();
    expect(g.enter('10.0.0.1')).toBe('address-limit');
    expect(g.enter('10.0.0.2')).toBeUndefined();
    expect(g.enter('10.0.0.3')).toBe('connection-limit');
    expect(g.open).toBe(3);
    g.leave('10.0.0.1');
    expect(g.enter('10.0.0.3')).toBeUndefined();
    expect(g.enter('10.0.0.1')).toBe('connection-limit');
  });
});

describe('RefusalLog', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('logs the first refusal at once and the rest as one count per interval', () => {
    const lines: [GateRefusal, number][] = [];
    const log = new RefusalLog((r, n) => lines.push([r, n]), 10_000);
    for (let i = 0; i < 1500; i++) log.refused('connection-limit');
    log.refused('address-limit');
    expect(lines).toEqual([['connection-limit', 1]]);
    jest.advanceTimersByTime(10_000);
    expect(lines).toEqual([
      ['connection-limit', 1],
      ['connection-limit', 1499],
      ['address-limit', 1],
    ]);
    jest.advanceTimersByTime(30_000);
    expect(lines).toHaveLength(3);
  });
});
