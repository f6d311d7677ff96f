import { useState } from 'react';

/**
 * Newest-first paging by a `before` cursor (audit log, settings history): the stack of cursors
 * taken so far, so "Newer" goes back exactly one page.
 */
export function useBeforeCursor() {
  const [before, setBefore] = useState<string[]>([]);
  return {
    cursor: before[before.length - 1],
    reset: () => setBefore([]),
    newer: before.length > 0 ? () => setBefore((b) => b.slice(0, -1)) : undefined,
    older: (next: string | number) => setBefore((b) => [...b, String(next)]),
  };
}

/** The "Newer" and "Older" buttons under a newest-first table. */
export function NewerOlder(props: {
  onNewer?: () => void;
  next?: string | number | null;
  onOlder: (next: string | number) => void;
}) {
  const { onNewer, next, onOlder } = props;
  return (
    <nav aria-label="Pages" className="row">
      <button type="button" className="secondary" disabled={!onNewer} onClick={onNewer}>
        Newer
      </button>
      <button type="button" className="secondary" disabled={next == null} onClick={() => next != null && onOlder(next)}>
        Older
      </button>
    </nav>
  );
}
