import { readFileSync } from 'node:fs'

// The subset of the botocore JSON model format that the SageMaker Pipelines operations use.
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

const modelUrl = new URL('./data/sagemaker-pipelines-model.json', import.meta.url)

/** Reads the botocore model shipped in emulator/data (see data/NOTICE.md). */
export function loadModel(): ServiceModel {
  return JSON.parse(readFileSync(modelUrl, 'utf8')) as ServiceModel
}
