import { readFileSync } from 'node:fs'

// The subset of the botocore model format that the emulated operations use: SageMaker Pipelines,
// the model registry, CloudWatch Logs (AWS JSON 1.1) and S3 GetObject (REST-XML).
interface ShapeRef {
  shape: string
  /** REST protocols: where in the HTTP request the member travels; the body when absent. */
  location?: 'uri' | 'header' | 'querystring'
  /** The URI label, header or query parameter that carries it. */
  locationName?: string
}

export type Shape =
  | {
      type: 'structure'
      required?: string[]
      members: Record<string, ShapeRef>
      exception?: boolean
    }
  | { type: 'list'; member: ShapeRef; min?: number; max?: number }
  | { type: 'map'; key: ShapeRef; value: ShapeRef; min?: number; max?: number }
  | { type: 'string'; min?: number; max?: number; pattern?: string; enum?: string[] }
  | { type: 'integer' | 'long'; min?: number; max?: number }
  | { type: 'boolean' | 'timestamp' }

interface OperationModel {
  name: string
  http?: { method: string; requestUri: string }
  input?: ShapeRef
  output?: ShapeRef
  errors?: ShapeRef[]
}

export interface ServiceModel {
  /** targetPrefix and jsonVersion: AWS JSON services only. */
  metadata: { targetPrefix?: string; jsonVersion?: string; protocol: string }
  operations: Record<string, OperationModel>
  shapes: Record<string, Shape>
}

const readModel = (file: string): ServiceModel =>
  JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as ServiceModel

/** Reads the SageMaker botocore model shipped in emulator/data (see data/NOTICE.md). */
export const loadModel = (): ServiceModel => readModel('sagemaker-pipelines-model.json')

/** Reads the SageMaker model registry's botocore model shipped in emulator/data (see data/NOTICE.md). */
export const loadRegistryModel = (): ServiceModel =>
  readModel('sagemaker-model-registry-model.json')

/**
 * One service's models as one: the operations and shapes of both. Both are reductions of the same
 * botocore file, so a shape they share is the same shape.
 */
export const unionModel = (base: ServiceModel, extra: ServiceModel): ServiceModel => ({
  metadata: base.metadata,
  operations: { ...base.operations, ...extra.operations },
  shapes: { ...base.shapes, ...extra.shapes }
})

/** Reads the S3 botocore model (GetObject) shipped in emulator/data (see data/NOTICE.md). */
export const loadS3Model = (): ServiceModel => readModel('s3-get-object-model.json')

/** Reads the CloudWatch Logs botocore model shipped in emulator/data (see data/NOTICE.md). */
export const loadLogsModel = (): ServiceModel => readModel('cloudwatch-logs-model.json')
