import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import { assertValidKey, assertValidPrefix } from './object-key';
import type { ObjectStore, PutOptions } from './object-store.port';
import { StorageError } from './storage-error';

export interface S3ObjectStoreOptions {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

/** S3-compatible adapter (AWS, MinIO, s3rver). A successful PUT is durable by the S3 contract. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(opts: S3ObjectStoreOptions) {
    this.bucket = opts.bucket;
    this.client = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region,
      forcePathStyle: opts.forcePathStyle ?? opts.endpoint !== undefined,
      credentials:
        opts.accessKeyId && opts.secretAccessKey
          ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
          : undefined,
    });
  }

  /** Creates the bucket when it does not exist yet. */
  async init(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (e) {
      if (!isNotFound(e)) throw fromS3Error(e, 'init', this.bucket);
      await this.call('init', this.bucket, () => this.client.send(new CreateBucketCommand({ Bucket: this.bucket })));
    }
  }

  async put(key: string, data: Buffer | readonly Buffer[], opts: PutOptions = {}): Promise<void> {
    const body = Buffer.isBuffer(data) ? data : Buffer.concat(data);
    const Key = assertValidKey(key);
    await this.call('put', key, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: body,
          ContentLength: body.length,
          ContentType: opts.contentType,
        }),
      ),
    );
  }

  async get(key: string): Promise<Buffer> {
    const stream = await this.getStream(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async getStream(key: string): Promise<Readable> {
    const Key = assertValidKey(key);
    const out = await this.call('get', key, () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key })));
    if (!(out.Body instanceof Readable))
      throw new StorageError('storage/unavailable', `get "${key}" returned no stream`);
    return out.Body;
  }

  async head(key: string): Promise<{ size: number } | undefined> {
    const Key = assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return { size: out.ContentLength ?? 0 };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw fromS3Error(e, 'head', key);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = assertValidKey(key);
    await this.call('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })));
  }

  async *list(prefix: string): AsyncIterable<string> {
    const Prefix = assertValidPrefix(prefix);
    let ContinuationToken: string | undefined;
    do {
      const page = await this.call('list', prefix, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, ContinuationToken })),
      );
      for (const obj of page.Contents ?? []) if (obj.Key) yield obj.Key;
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async presignGet(key: string, ttlSeconds: number): Promise<URL> {
    const cmd = new GetObjectCommand({ Bucket: this.bucket, Key: assertValidKey(key) });
    return new URL(await getSignedUrl(this.client, cmd, { expiresIn: ttlSeconds }));
  }

  async presignPut(key: string, ttlSeconds: number): Promise<URL> {
    const cmd = new PutObjectCommand({ Bucket: this.bucket, Key: assertValidKey(key) });
    return new URL(await getSignedUrl(this.client, cmd, { expiresIn: ttlSeconds }));
  }

  async ping(): Promise<void> {
    await this.call('ping', this.bucket, () => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  /** Releases sockets; the app calls this on shutdown. */
  async close(): Promise<void> {
    this.client.destroy();
  }

  private async call<T>(op: string, key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw fromS3Error(e, op, key);
    }
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    err.name === 'NoSuchKey' ||
    err.name === 'NotFound' ||
    err.name === 'NoSuchBucket' ||
    err.$metadata?.httpStatusCode === 404
  );
}

function fromS3Error(e: unknown, op: string, key: string): StorageError {
  if (e instanceof StorageError) return e;
  const name = (e as { name?: string }).name ?? 'Error';
  const code = isNotFound(e) ? 'storage/not-found' : name === 'EntityTooLarge' ? 'storage/full' : 'storage/unavailable';
  return new StorageError(code, `${op} "${key}" failed (${name.slice(0, 64)})`, { cause: e });
}
