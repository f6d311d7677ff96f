import { AssociationClock, type ClockExpiry } from './association-clock';

describe('AssociationClock', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const clock = () => {
    const fired: ClockExpiry[] = [];
    return { c: new AssociationClock(30_000, 300_000, (w) => fired.push(w)), fired };
  };

  it('expires ARTIM when no A-ASSOCIATE-RQ arrives, and not once associated', () => {
    const a = clock();
    jest.advanceTimersByTime(29_999);
    expect(a.fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(a.fired).toEqual(['artim-expired']);
    const b = clock();
    b.c.associated();
    jest.advanceTimersByTime(60_000);
    expect(b.fired).toEqual([]);
  });

  it('ends an idle association, but activity and work we owe the peer keep it open', () => {
    const { c, fired } = clock();
    c.associated();
    jest.advanceTimersByTime(200_000);
    c.activity();
    jest.advanceTimersByTime(200_000);
    expect(fired).toEqual([]);
    c.begin(); // a C-STORE being ingested, or the socket paused for backpressure
    jest.advanceTimersByTime(900_000);
    expect(fired).toEqual([]);
    c.done();
    jest.advanceTimersByTime(300_000);
    expect(fired).toEqual(['association-idle']);
  });

  it('restarts ARTIM after we sent RJ/RP/abort, and fires nothing once stopped', () => {
    const { c, fired } = clock();
    c.associated();
    c.awaitClose();
    jest.advanceTimersByTime(30_000);
    expect(fired).toEqual(['artim-expired']);
    const d = clock();
    d.c.stop();
    jest.advanceTimersByTime(1_000_000);
    expect(d.fired).toEqual([]);
  });
});
