/**
 * Polls until a condition holds. Not a timing assertion: the deadline only bounds a hang, and the
 * test then fails on the state it finally saw.
 */
export async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, deadlineMs = 30_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
