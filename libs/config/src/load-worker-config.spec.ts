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

  it('bounds what a job may fetch: no S3 store, a 1 GiB object cap and a 15-minute deadline by default', () => {
    const c = loadWorkerConfig({ REDIS_URL: 'redis://r:6379' });
    expect(c.s3).toBeUndefined();
    expect([c.maxObjectBytes, c.storeTimeoutMs]).toEqual([1024 ** 3, 900_000]);
    const d = loadWorkerConfig({
      REDIS_URL: 'redis://r:6379',
      WORKER_MAX_OBJECT_BYTES: '2147483648',
      WORKER_STORE_TIMEOUT_SECONDS: '60',
    });
    expect([d.maxObjectBytes, d.storeTimeoutMs]).toEqual([2 * 1024 ** 3, 60_000]);
  });

  it('reads the S3 store that work URLs must point into, and ignores S3 credentials', () => {
    const c = loadWorkerConfig({
      REDIS_URL: 'redis://r:6379',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'delineo',
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 'SK',
    });
    expect(c.s3).toEqual({
      endpoint: 'http://minio:9000',
      bucket: 'delineo',
      region: 'us-east-1',
      forcePathStyle: true,
    });
    expect(c.ignored).toEqual(['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);
    expect(JSON.stringify(c)).not.toContain('SK');
    expect(loadWorkerConfig({ REDIS_URL: 'redis://r:6379', S3_BUCKET: 'delineo', S3_REGION: 'eu-west-3' }).s3).toEqual({
      endpoint: undefined,
      bucket: 'delineo',
      region: 'eu-west-3',
      forcePathStyle: false,
    });
  });

  it('reports a bad object cap and an S3 endpoint without a bucket together', () => {
    try {
      loadWorkerConfig({
        REDIS_URL: 'redis://r:6379',
        WORKER_MAX_OBJECT_BYTES: '10',
        S3_ENDPOINT: 'http://minio:9000',
      });
      fail('expected ConfigError');
    } catch (e) {
      expect((e as ConfigError).issues.map((i) => i.path).sort()).toEqual(['S3_BUCKET', 'WORKER_MAX_OBJECT_BYTES']);
    }
  });
});
