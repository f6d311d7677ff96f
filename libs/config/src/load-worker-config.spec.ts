import { ConfigError } from './config-error';
import { loadWorkerConfig } from './load-worker-config';

describe('loadWorkerConfig', () => {
  it('needs only REDIS_URL and never reads database or vault settings into its config', () => {
    const c = loadWorkerConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://u:p@db/x',
      DELINEO_VAULT_KEYS: 'k1:abc',
    });
    expect(c.queue.url.reveal()).toBe('redis://127.0.0.1:6379');
    expect(c.ignored).toEqual(['DATABASE_URL', 'DELINEO_VAULT_KEYS']);
    expect(JSON.stringify(c)).not.toMatch(/postgres|abc/);
    expect(c.objectsDir).toBeUndefined();
    expect(c.lockDurationMs).toBe(30000);
  });

  it('reports a missing REDIS_URL and a bad provider list together', () => {
    try {
      loadWorkerConfig({ ONNX_PROVIDERS: 'cuda,tpu' });
      fail('expected ConfigError');
    } catch (e) {
      expect((e as ConfigError).issues.map((i) => i.path)).toEqual(['REDIS_URL', 'ONNX_PROVIDERS']);
    }
  });

  it('reads the provider order and the shared object folder', () => {
    const c = loadWorkerConfig({
      REDIS_URL: 'redis://r:6379',
      ONNX_PROVIDERS: 'webgpu, cpu',
      DATA_DIR: '/srv/delineo',
    });
    expect(c.providers).toEqual(['webgpu', 'cpu']);
    expect(c.objectsDir).toBe('/srv/delineo/objects');
  });
});
