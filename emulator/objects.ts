// The local S3's objects: what GetObject serves, put there by model registrations and by tests.
import { createHash } from 'node:crypto'
import { ACCOUNT_ID } from './arns.js'

export interface StoredObject {
  body: Buffer
  contentType: string
  /** As S3 gives it for a single-part upload: the body's MD5, quoted. */
  etag: string
  lastModified: number
}

/** Buckets by name (S3's names are global), each its objects by key; a bucket exists once it has one. */
export type ObjectStore = Map<string, Map<string, StoredObject>>

/** The bucket the SageMaker Python SDK uses by default, where registered packages' metrics go. */
export const defaultBucket = (region: string): string => `sagemaker-${region}-${ACCOUNT_ID}`

// S3's type for an object uploaded without one.
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream'

/** Puts (or replaces) an object; returns its s3:// URI. */
export function putObject(
  store: ObjectStore,
  location: { bucket: string; key: string },
  body: string | Buffer,
  options: { contentType?: string; now: number }
): string {
  const bytes = Buffer.from(body)
  let bucket = store.get(location.bucket)
  if (!bucket) {
    bucket = new Map()
    store.set(location.bucket, bucket)
  }
  bucket.set(location.key, {
    body: bytes,
    contentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
    etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
    lastModified: options.now
  })
  return `s3://${location.bucket}/${location.key}`
}
