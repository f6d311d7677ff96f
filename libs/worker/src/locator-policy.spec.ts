import { resolveLocator, storeBase, workKey, type WorkStoreTarget } from './locator-policy';
import { WorkIoError } from './work-io-error';

const KEY = 'work/s1/0/volume.nii.gz';
const minio: WorkStoreTarget = {
  endpoint: 'http://127.0.0.1:9000',
  bucket: 'delineo',
  region: 'us-east-1',
  forcePathStyle: true,
};
const aws: WorkStoreTarget = { bucket: 'delineo', region: 'eu-west-3', forcePathStyle: false };

/** The error resolveLocator throws; `null` stands for a worker without S3 settings. */
function refusal(locator: string, target: WorkStoreTarget | null = minio): WorkIoError {
  try {
    resolveLocator(locator, target ?? undefined);
  } catch (e) {
    return e as WorkIoError;
  }
  throw new Error(`accepted ${locator}`);
}

describe('storeBase: where the AWS SDK points a pre-signed URL', () => {
  it.each<[string, WorkStoreTarget, string, string]>([
    ['AWS, virtual-hosted', aws, 'https://delineo.s3.eu-west-3.amazonaws.com', '/'],
    ['AWS, path style', { ...aws, forcePathStyle: true }, 'https://s3.eu-west-3.amazonaws.com', '/delineo/'],
    ['AWS, a bucket with a dot', { ...aws, bucket: 'my.bucket' }, 'https://s3.eu-west-3.amazonaws.com', '/my.bucket/'],
    ['AWS China', { ...aws, region: 'cn-north-1' }, 'https://delineo.s3.cn-north-1.amazonaws.com.cn', '/'],
    ['an endpoint, path style', minio, 'http://127.0.0.1:9000', '/delineo/'],
    ['an IP endpoint never virtual-hosted', { ...minio, forcePathStyle: false }, 'http://127.0.0.1:9000', '/delineo/'],
    [
      'an endpoint, virtual-hosted',
      { ...minio, endpoint: 'https://minio.example:8443', forcePathStyle: false },
      'https://delineo.minio.example:8443',
      '/',
    ],
    [
      'an endpoint with a path and its default port',
      { ...minio, endpoint: 'https://minio.example:443/s3/' },
      'https://minio.example',
      '/s3/delineo/',
    ],
  ])('%s', (_what, target, origin, prefix) => {
    expect(storeBase(target)).toEqual({ origin, prefix });
  });
});

describe('resolveLocator', () => {
  it('accepts a work key, and a pre-signed URL of the configured store and bucket', () => {
    expect(resolveLocator(`fs:${KEY}`, undefined)).toEqual({ kind: 'key', key: KEY });
    expect(resolveLocator(`http://127.0.0.1:9000/delineo/${KEY}?X-Amz-Signature=abc`, minio)).toMatchObject({
      kind: 'url',
      host: '127.0.0.1:9000',
    });
    expect(resolveLocator(`https://delineo.s3.eu-west-3.amazonaws.com/${KEY}?X-Amz-Signature=abc`, aws)).toMatchObject({
      kind: 'url',
      host: 'delineo.s3.eu-west-3.amazonaws.com',
    });
  });

  it.each([
    ['a foreign host', `http://169.254.169.254/delineo/${KEY}`],
    ['the same host by another name', `http://localhost:9000/delineo/${KEY}`],
    ['another port', `http://127.0.0.1:9001/delineo/${KEY}`],
    ['another scheme', `https://127.0.0.1:9000/delineo/${KEY}`],
    ['another bucket', `http://127.0.0.1:9000/other/${KEY}`],
    ['the bucket as a prefix of another', `http://127.0.0.1:9000/delineo-x/${KEY}`],
    ['user info', `http://u:p@127.0.0.1:9000/delineo/${KEY}`],
    ['a key outside work/', 'http://127.0.0.1:9000/delineo/instances/a/b.dcm'],
    ['a dot-dot key', 'http://127.0.0.1:9000/delineo/work/%2e%2e/%2e%2e/other/x'],
    ['an encoded slash', 'http://127.0.0.1:9000/delineo/work/s1%2F..%2F..%2Fx/0/v'],
    ['a file: URL', 'file:///etc/passwd'],
    ['no URL at all', 'work/s1/0/volume.nii.gz'],
  ])('refuses %s with worker/locator-refused, permanently', (_what, locator) => {
    expect(refusal(locator)).toMatchObject({ code: 'worker/locator-refused', permanent: true });
  });

  it('refuses every http(s) locator when the worker has no S3 store', () => {
    expect(refusal(`http://127.0.0.1:9000/delineo/${KEY}`, null).message).toMatch(/no S3 store configured/);
  });

  it.each([
    ['a dot-dot segment', 'fs:work/s1/../../etc/passwd'],
    ['an absolute path', 'fs:/etc/passwd'],
    ['a NUL', 'fs:work/s1/0/volume\0.nii.gz'],
    ['a backslash', 'fs:work\\s1\\0\\volume.nii.gz'],
    ['a hidden segment', 'fs:work/s1/0/.tmp'],
    ['an empty segment', 'fs:work//0/volume.nii.gz'],
    ['a key outside work/', 'fs:instances/a/b.dcm'],
  ])('refuses an fs: key with %s', (_what, locator) => {
    expect(refusal(locator).code).toBe('worker/locator-refused');
  });

  it('names at most the host in its messages, never the path or the signed query', () => {
    for (const locator of [
      `http://evil.example/delineo/${KEY}?X-Amz-Signature=s3cr3t`,
      `http://127.0.0.1:9000/other/${KEY}?X-Amz-Signature=s3cr3t`,
      `http://127.0.0.1:9000/delineo/work/..%2fx?X-Amz-Signature=s3cr3t`,
    ]) {
      const message = refusal(locator).message;
      expect(message).not.toMatch(/s3cr3t|Signature|volume|\/other\//);
    }
    expect(refusal(`http://evil.example/delineo/${KEY}?X-Amz-Signature=s3cr3t`).message).toContain('evil.example');
  });

  it('workKey returns the key it accepts unchanged', () => {
    expect(workKey(KEY)).toBe(KEY);
  });
});
