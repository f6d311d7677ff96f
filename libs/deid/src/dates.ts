const DAY_MS = 86_400_000;

/** "YYYYMMDD" → UTC epoch ms, or undefined if not a real calendar date (PS3.5 §6.2 DA). */
export function parseDa(text: string): number | undefined {
  if (!/^\d{8}$/.test(text)) return undefined;
  const y = +text.slice(0, 4);
  const m = +text.slice(4, 6);
  const d = +text.slice(6, 8);
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined;
  return t;
}

export function formatDa(t: number): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) return '';
  return (
    String(y).padStart(4, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0')
  );
}

/** Shifts one DA value by whole days; undefined when it is not a full date we can shift. */
export function shiftDa(text: string, days: number): string | undefined {
  const t = parseDa(text);
  if (t === undefined) return undefined;
  return formatDa(t + days * DAY_MS) || undefined;
}

/**
 * Shifts the date part of a DT value (PS3.5 §6.2: YYYYMMDDHHMMSS.FFFFFF&ZZXX); the time and UTC
 * offset are kept, which whole-day shifts leave valid. A DT with less than a full date cannot be
 * shifted without inventing precision, so it is undefined here (the caller falls back to Basic).
 */
export function shiftDt(text: string, days: number): string | undefined {
  if (text.length < 8) return undefined;
  const shifted = shiftDa(text.slice(0, 8), days);
  return shifted === undefined ? undefined : shifted + text.slice(8);
}
