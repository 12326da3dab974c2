import { readFileSync } from 'node:fs'

// The subset of the botocore JSON model format that the SageMaker Pipelines and CloudWatch Logs
// operations use.
interface ShapeRef {
  shape: string
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
  input?: ShapeRef
  output?: ShapeRef
  errors?: ShapeRef[]
}

export interface ServiceModel {
  metadata: { targetPrefix: string; jsonVersion: string }
  operations: Record<string, OperationModel>
  shapes: Record<string, Shape>
}

const readModel = (file: string): ServiceModel =>
  JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as ServiceModel

/** Reads the SageMaker botocore model shipped in emulator/data (see data/NOTICE.md). */
export const loadModel = (): ServiceModel => readModel('sagemaker-pipelines-model.json')

/** Reads the CloudWatch Logs botocore model shipped in emulator/data (see data/NOTICE.md). */
export const loadLogsModel = (): ServiceModel => readModel('cloudwatch-logs-model.json')
