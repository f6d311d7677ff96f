import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LiveStats, SeriesEvent } from '../api/types';

/** Events of GET /api/v1/events (apps/gateway/src/events/live-events.service.ts). */
export interface LiveEventMap {
  series: SeriesEvent;
  stats: LiveStats;
  settings: { version: number };
}
type EventName = keyof LiveEventMap;
type Listener = (data: unknown) => void;

interface Hub {
  subscribe(name: EventName, f: Listener): () => void;
  connected: boolean;
}
const LiveContext = createContext<Hub>({ subscribe: () => () => undefined, connected: false });

/**
 * ONE EventSource per tab, shared by every page: the gateway bounds streams per instance
 * (console.maxEventStreams). The browser reconnects by itself after the `retry` the server sends;
 * a page that missed events while disconnected reloads over REST when `connected` turns true.
 */
export function LiveEventsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const listeners = useRef(new Map<EventName, Set<Listener>>());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events');
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const names: EventName[] = ['series', 'stats', 'settings'];
    for (const name of names) {
      source.addEventListener(name, (e) => {
        let data: unknown;
        try {
          data = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return;
        }
        listeners.current.get(name)?.forEach((f) => f(data));
      });
    }
    return () => source.close();
  }, [enabled]);

  const hub = useRef<Omit<Hub, 'connected'>>({
    subscribe(name, f) {
      const set = listeners.current.get(name) ?? new Set();
      listeners.current.set(name, set);
      set.add(f);
      return () => set.delete(f);
    },
  });
  return <LiveContext.Provider value={{ ...hub.current, connected }}>{children}</LiveContext.Provider>;
}

/** Calls `f` for each event `name`; the latest `f` is used without re-subscribing. */
export function useLiveEvent<K extends EventName>(name: K, f: (data: LiveEventMap[K]) => void): boolean {
  const { subscribe, connected } = useContext(LiveContext);
  const latest = useRef(f);
  useEffect(() => {
    latest.current = f;
  });
  useEffect(() => subscribe(name, (d) => latest.current(d as LiveEventMap[K])), [subscribe, name]);
  return connected;
}
