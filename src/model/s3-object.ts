// Reading one small S3 object (a model's statistics), on a client set up as the SageMaker one is
// (retries, proxy, credentials). Loaded only when a package names such an object: a chunk of its
// own in dist/.
import { createHash } from 'node:crypto'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getEndpointFromInstructions } from '@smithy/core/endpoints'
import { configured, type SageMaker } from '../client.js'

/** What the action reads of an object at most: statistics are a few kilobytes. */
const MOST_OBJECT_BYTES = 1024 * 1024

/** An object that could not be used, with the reason in words a warning can end with. */
export class ObjectError extends Error {}

export interface S3Location {
  bucket: string
  key: string
}

/**
 * `s3://bucket/key`, or an https URL in the virtual-hosted (`bucket.s3.region.amazonaws.com/key`)
 * or path style (`s3.region.amazonaws.com/bucket/key`), as MetricsSource.S3Uri allows.
 */
export function parseS3Uri(uri: string): S3Location | undefined {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)
  if (s3) return { bucket: s3[1]!, key: s3[2]! }
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:') return undefined
  const path = decodeURIComponent(url.pathname.slice(1))
  const hosted = /^(.+)\.s3[.-]/.exec(url.hostname)
  if (hosted) return path ? { bucket: hosted[1]!, key: path } : undefined
  const [bucket = '', ...key] = path.split('/')
  return /^s3[.-]/.test(url.hostname) && bucket && key.length > 0
    ? { bucket, key: key.join('/') }
    : undefined
}

export interface ObjectReader {
  /** The object's text; ObjectError when it is too large or its digest differs. */
  read(location: S3Location, digest?: string): Promise<string>
}

/** The S3 client, with the SageMaker client's credentials and region; its endpoint the SDK's own. */
export async function connectS3(
  sagemaker: SageMaker,
  env: NodeJS.ProcessEnv,
  bucket: string
): Promise<ObjectReader> {
  const { client } = await configured(
    shared =>
      new S3Client({
        region: sagemaker.region,
        credentials: sagemaker.client.config.credentials,
        // A bucket in another region answers with a redirect the client then follows.
        followRegionRedirects: true,
        ...shared
      }),
    async client => {
      const { url } = await getEndpointFromInstructions(
        { Bucket: bucket, Key: 'k' },
        GetObjectCommand,
        client.config
      )
      return url.href.replace(/\/$/, '')
    },
    env
  )
  return { read: (location, digest) => readObject(client, location, digest) }
}

async function readObject(client: S3Client, location: S3Location, digest?: string) {
  // One byte more than the limit tells a file at the limit from a larger one.
  const range = `bytes=0-${MOST_OBJECT_BYTES}`
  const answer = await client
    .send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: range }))
    // No byte of an empty object is in any range.
    .catch((error: unknown) => {
      if ((error as Error).name === 'InvalidRange') return { Body: undefined, ContentRange: '' }
      throw error
    })
  const bytes = (await answer.Body?.transformToByteArray()) ?? new Uint8Array()
  const total = Number(/\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1] ?? bytes.length)
  if (total > MOST_OBJECT_BYTES)
    throw new ObjectError(
      `it is ${total} bytes, larger than the ${MOST_OBJECT_BYTES} bytes (1 MiB) the action reads`
    )
  if (digest) {
    const expected = digest.replace(/^sha256:/i, '').toLowerCase()
    const actual = createHash('sha256').update(bytes).digest('hex')
    if (actual !== expected)
      throw new ObjectError(
        `its SHA-256 is ${actual}, not the ContentDigest the model package names (${digest}): the object changed after the package was registered`
      )
  }
  return new TextDecoder().decode(bytes)
}
