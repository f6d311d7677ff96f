import { Client } from 'pg';
import { SETTINGS_CHANNEL } from './settings.repository';

export interface SettingsListener {
  close(): Promise<void>;
}

/**
 * LISTENs for new settings versions on a dedicated connection (a pooled one would lose the
 * subscription when returned). A dropped connection is reopened after `retryMs`; the caller also
 * polls, so a version committed while the connection was down is still picked up.
 */
export async function listenForSettings(
  url: string,
  onVersion: (version: number) => void,
  onError: (err: unknown) => void,
  retryMs = 5000,
): Promise<SettingsListener> {
  let closed = false;
  let client: Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const open = async (): Promise<void> => {
    const c = new Client({ connectionString: url, application_name: 'delineo-settings-listener' });
    c.on('notification', (n) => {
      const v = Number(n.payload);
      if (n.channel === SETTINGS_CHANNEL && Number.isSafeInteger(v) && v > 0) onVersion(v);
    });
    c.on('error', (err) => {
      onError(err);
      retry();
    });
    c.on('end', () => retry());
    await c.connect();
    await c.query(`LISTEN ${SETTINGS_CHANNEL}`);
    client = c;
  };
  const retry = (): void => {
    if (closed || timer) return;
    client = undefined;
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) open().catch((err: unknown) => (onError(err), retry()));
    }, retryMs);
    timer.unref();
  };

  await open();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
