import { WorkIoError } from './work-io-error';

/**
 * The S3 store the gateway pre-signs its work URLs for, as the worker is configured (no
 * credentials): the same S3_ENDPOINT, S3_BUCKET, S3_REGION and S3_FORCE_PATH_STYLE as the gateway.
 */
export interface WorkStoreTarget {
  endpoint?: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
}

export type ResolvedLocator = { kind: 'key'; key: string } | { kind: 'url'; url: URL; host: string };

/** Work objects only: `work/<series>/<generation>/<file>` (libs/jobs workKeys), no `.`/`..` segment. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY = 1024;

/**
 * A job payload comes from Redis, which the worker does not control: a locator that is not a work
 * key of the configured store is refused before anything is fetched (no SSRF through a forged job,
 * no path traversal out of the object folder). Messages name the host at most: a pre-signed URL's
 * query is a credential.
 */
export function resolveLocator(locator: string, target: WorkStoreTarget | undefined): ResolvedLocator {
  if (locator.startsWith('fs:')) return { kind: 'key', key: workKey(locator.slice(3)) };
  let url: URL;
  try {
    url = new URL(locator);
  } catch {
    throw refused('not a URL or an fs: key');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused('not an http(s) URL');
  const host = url.host;
  if (!target) throw refused(`this worker has no S3 store configured (host ${host})`);
  const base = storeBase(target);
  if (url.origin !== base.origin || url.username || url.password || url.hash)
    throw refused(`not the configured object store (host ${host})`);
  if (!url.pathname.startsWith(base.prefix)) throw refused(`not the configured bucket (host ${host})`);
  workKey(url.pathname.slice(base.prefix.length));
  return { kind: 'url', url, host };
}

/** A relative work key: no absolute path, `..`, backslash, NUL or percent-encoding. */
export function workKey(key: string): string {
  const parts = key.split('/');
  if (key.length > MAX_KEY || parts[0] !== 'work' || parts.length < 2 || !parts.every((p) => SEGMENT.test(p)))
    throw refused('not a relative work/ key');
  return key;
}

/**
 * Where the AWS SDK puts a pre-signed object URL: `bucket.host` (virtual-hosted style) unless path
 * style is forced, the bucket name has a dot (it would not match the TLS certificate) or the
 * endpoint is an IP address; then `host/bucket`. Without S3_ENDPOINT the host is AWS's regional one.
 */
export function storeBase(t: WorkStoreTarget): { origin: string; prefix: string } {
  const endpoint = new URL(
    t.endpoint ?? `https://s3.${t.region}.${t.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`,
  );
  const path = endpoint.pathname.replace(/\/+$/, '');
  const ip = /^[\d.]+$/.test(endpoint.hostname) || endpoint.hostname.startsWith('[');
  if (t.forcePathStyle || t.bucket.includes('.') || ip)
    return { origin: endpoint.origin, prefix: `${path}/${t.bucket}/` };
  return { origin: new URL(`${endpoint.protocol}//${t.bucket}.${endpoint.host}`).origin, prefix: `${path}/` };
}

const refused = (why: string) => new WorkIoError('worker/locator-refused', `locator refused: ${why}`, true);
