import { useCallback, useEffect, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /**
   * `data` and `error` answer the present key. False from the render where the key changes until
   * its answer arrives: the previous key's answer is still held (pages that page through a list
   * keep it on screen), and a page showing one item by key hides it instead.
   */
  current: boolean;
  reload(): void;
}

/** Loads `load()` when `key` changes; a stale answer (the key moved on) is dropped. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const [answered, setAnswered] = useState<string>();
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    load(ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setError(undefined);
        setAnswered(key);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setError(e);
        setAnswered(key);
        setLoading(false);
      },
    );
    return () => ctl.abort();
    // `load` is a new closure each render; `key` says when it means something else.
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, current: answered === key, reload };
}
