import { AuthHousekeepingService } from './housekeeping.service';

describe('AuthHousekeepingService', () => {
  it('purges sessions idle longer than the timeout or past their lifetime, and expired one-time values', async () => {
    const calls: string[] = [];
    const svc = new AuthHousekeepingService(
      {
        purgeExpired: async (now, idleBefore) => (
          calls.push(`sessions ${now.toISOString()} ${idleBefore.toISOString()}`),
          2
        ),
      },
      { purgeExpired: async (now) => (calls.push(`nonces ${now.toISOString()}`), 3) },
      { auth: { session: { idleMinutes: 15, absoluteHours: 12 } } } as unknown as ConstructorParameters<
        typeof AuthHousekeepingService
      >[2],
      { error: () => undefined },
    );
    const now = new Date('2026-12-06T10:00:00Z');
    expect(await svc.sweep(now)).toEqual({ sessions: 2, nonces: 3 });
    expect(calls).toEqual([
      'sessions 2026-12-06T10:00:00.000Z 2026-12-06T09:45:00.000Z',
      'nonces 2026-12-06T10:00:00.000Z',
    ]);
  });

  it('logs a failure instead of throwing', async () => {
    const errors: unknown[] = [];
    const svc = new AuthHousekeepingService(
      { purgeExpired: async () => Promise.reject(new Error('db down')) },
      { purgeExpired: async () => 0 },
      { auth: { session: { idleMinutes: 15, absoluteHours: 12 } } } as unknown as ConstructorParameters<
        typeof AuthHousekeepingService
      >[2],
      { error: (o: unknown) => void errors.push(o) },
    );
    expect(await svc.sweep()).toEqual({ sessions: 0, nonces: 0 });
    expect(errors).toHaveLength(1);
  });
});
