import { InflightBudget } from '../ingest/inflight-budget';
import { StowAdmission } from './stow-admission';

const stow = { maxPartBytes: 1000, maxRequestBytes: 5000, maxConcurrent: 2, retryAfterSeconds: 10 };

function setup(limit = 1000) {
  const budget = new InflightBudget(limit);
  return { budget, admission: new StowAdmission({ stow }, budget) };
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('StowAdmission', () => {
  it('refuses a declared length over maxRequestBytes, and admits one exactly at it or undeclared', () => {
    const { admission } = setup();
    expect(codeOf(() => admission.admit('5001'))).toBe('dicomweb/request-too-large');
    admission.admit('5000').release();
    admission.admit(undefined).release();
    expect(admission.inProgress).toBe(0);
  });

  it('refuses a request beyond maxConcurrent as busy until one ends', () => {
    const { admission } = setup();
    const [a] = [admission.admit(undefined), admission.admit(undefined)];
    expect(codeOf(() => admission.admit(undefined))).toBe('dicomweb/busy');
    a.release();
    a.release(); // twice is harmless: one slot only
    expect(admission.inProgress).toBe(1);
    expect(codeOf(() => admission.admit(undefined))).toBeUndefined();
  });

  it('refuses a request as busy while the in-flight budget is used up', () => {
    const { admission, budget } = setup();
    const other = budget.hold();
    other.add(1000);
    expect(codeOf(() => admission.admit(undefined))).toBe('dicomweb/busy');
    other.release();
    expect(codeOf(() => admission.admit(undefined))).toBeUndefined();
  });

  it('makes a request that is not the oldest wait for room, and gives its bytes back per part', async () => {
    const { admission, budget } = setup();
    const oldest = admission.admit(undefined);
    const next = admission.admit(undefined);
    expect(oldest.onBytes(900)).toBeUndefined();
    const wait = next.onBytes(200);
    expect(wait).toBeInstanceOf(Promise);
    let resumed = false;
    void (wait as Promise<void>).then(() => (resumed = true));
    await Promise.resolve();
    expect(resumed).toBe(false);
    oldest.settle();
    await wait;
    expect(budget.inUse).toBe(200);
    next.release();
    oldest.release();
    expect(budget.inUse).toBe(0);
  });
});
