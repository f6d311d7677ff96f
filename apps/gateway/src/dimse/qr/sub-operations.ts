import type { RetrievalRow } from '@delineo/db';
import { QrStatus } from './qr-status';

export interface Progress {
  remaining: number;
  completed: number;
  failed: number;
  warning: number;
  /** PS3.4 C.4.2.1.5: the SOP Instance UIDs whose sub-operation failed. */
  failedUids: string[];
}

/** Stores one instance; resolves with its C-STORE status, or undefined when it never got one. */
export type StoreOne = (row: RetrievalRow) => Promise<number | undefined>;

/**
 * Runs the C-STORE sub-operations of a C-MOVE or C-GET one after another (PS3.4 C.4.2.3.1,
 * C.4.3.3.1), reporting progress after each so the SCP can send a pending response. A C-CANCEL is
 * honoured between sub-operations: the one in progress finishes, the rest are not started.
 */
export async function runSubOperations(
  rows: RetrievalRow[],
  store: StoreOne,
  onProgress: (p: Progress) => void,
  cancelled: () => boolean,
): Promise<{ progress: Progress; cancelled: boolean }> {
  const p: Progress = { remaining: rows.length, completed: 0, failed: 0, warning: 0, failedUids: [] };
  for (const row of rows) {
    if (cancelled()) return { progress: p, cancelled: true };
    const status = await store(row).catch(() => undefined);
    p.remaining--;
    if (status === QrStatus.Success) p.completed++;
    // PS3.4 B.2.3: 0xB000, 0xB006 and 0xB007 are C-STORE warnings: stored, with a remark.
    else if (status !== undefined && (status & 0xf000) === 0xb000) p.warning++;
    else {
      p.failed++;
      p.failedUids.push(row.sopInstanceUid);
    }
    if (p.remaining > 0) onProgress({ ...p, failedUids: [...p.failedUids] });
  }
  return { progress: p, cancelled: false };
}

/**
 * The final status (PS3.4 C.4.2.1.5 / C.4.3.1.4): success when every sub-operation completed,
 * 0xB000 when some failed or warned, 0xA702 "unable to perform sub-operations" when none
 * succeeded, 0xFE00 after a cancel.
 */
export function finalStatus(p: Progress, wasCancelled: boolean): number {
  if (wasCancelled) return QrStatus.Cancel;
  if (p.failed === 0 && p.warning === 0) return QrStatus.Success;
  if (p.completed === 0 && p.warning === 0) return QrStatus.OutOfResourcesSubOperations;
  return QrStatus.SubOperationsFailed;
}
