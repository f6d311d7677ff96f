import { InflightBudget } from './inflight-budget';

describe('InflightBudget', () => {
  it('lets holds take bytes up to the limit, then tells a younger one to wait until bytes come back', async () => {
    const b = new InflightBudget(100);
    const old = b.hold();
    const young = b.hold();
    expect(old.add(60)).toBe(true);
    expect(young.add(30)).toBe(true);
    expect(young.add(30)).toBe(false); // 120 > 100 and it is not the oldest
    let woke = false;
    const waiting = young.ready().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    old.release(); // 60 back: 60 in use
    await waiting;
    expect(woke).toBe(true);
    expect(b.inUse).toBe(60);
    young.release();
    expect(b.inUse).toBe(0);
  });

  it('never makes the oldest hold wait, so a budget full of partial receives still drains', async () => {
    const b = new InflightBudget(100);
    const [a, c] = [b.hold(), b.hold()];
    expect(c.add(90)).toBe(true);
    expect(a.add(50)).toBe(true); // over the limit, but the oldest goes on
    expect(c.add(10)).toBe(false);
    await a.ready(); // resolves at once: would hang (and time out) if the oldest were made to wait
    a.release(); // the oldest finished: c is now the oldest and may go on
    await c.ready();
    expect(c.add(1000)).toBe(true);
    expect(b.exhausted).toBe(true);
  });

  it('frees part of a hold and keeps its place; release twice gives back once', () => {
    const b = new InflightBudget(10);
    const h = b.hold();
    h.add(8);
    h.free(5);
    expect(b.inUse).toBe(3);
    expect(h.held).toBe(3);
    h.release();
    h.release();
    expect(b.inUse).toBe(0);
    expect(b.hold().add(10)).toBe(true);
  });
});
