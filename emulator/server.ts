import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ACCOUNT_ID, pipelineArn } from './arns.js'
import { AwsError } from './aws-error.js'
import { accessKeyIdFromAuthorization, credentialError } from './credential-check.js'
import type { CredentialCheck } from './sts-types.js'
import { ConditionOutcomes } from './condition-outcomes.js'
import { seededExecution, snapshot } from './executions.js'
import { FaultPlan } from './faults.js'
import type { Handler } from './handler.js'
import { checkStepLogs } from './job-logs.js'
import { hasLogGroup, logStreamsOf, logsHandlers } from './logs-operations.js'
import { loadLogsModel, loadModel } from './model.js'
import type { ServiceModel } from './model.js'
import { handlers } from './operations.js'
import type { EmulatorState } from './operations.js'
import { buildPipeline, pipelineKey, pipelineSnapshot, resolvePipeline } from './pipelines.js'
import { httpDate, operationFromTarget, regionFromAuthorization } from './protocol.js'
import type {
  ConditionOutcome,
  ExecutionSeed,
  ExecutionSnapshot,
  Fault,
  FaultAction,
  LogStreamSnapshot,
  PipelineSnapshot,
  PipelineSpec,
  PipelineVersionSnapshot,
  RecordedRequest,
  ServiceName
} from './types.js'
import { validateInput, validationMessage } from './validate.js'
import type { Violation } from './validate.js'

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number
  /** Milliseconds since the epoch; every state change and timestamp follows it. Default Date.now. */
  now?: () => number
  /** How long a stopped execution stays Stopping; default 1000. */
  stopDelayMs?: number
  /** For addPipeline's ARN and for requests without a SigV4 credential scope; default us-east-1. */
  region?: string
  /** Called with one line per answered request, e.g. for the CLI. */
  log?: (line: string) => void
  /**
   * Accept only the keys this knows, e.g. an StsEmulator's `credentialCheck()`; checked before
   * faults and operations. Default: any keys, or none.
   */
  credentials?: CredentialCheck
}

/**
 * A local SageMaker endpoint for the Pipelines operations, which also serves the CloudWatch Logs
 * operations that read the jobs' logs (both AWS JSON 1.1, told apart by X-Amz-Target): point
 * AWS_ENDPOINT_URL_SAGEMAKER and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS at `endpoint`.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new Emulator(options)
  await emulator.listen(options.port ?? 0)
  return emulator
}

interface Outcome {
  status: number
  body: object
  errorType?: string
}

const JSON_TYPE = 'application/x-amz-json-1.1'

/** A service behind the endpoint, as its API model and its error answers tell it apart. */
interface Service {
  name: ServiceName
  model: ServiceModel
  handlers: Readonly<Record<string, Handler>>
  /** What a body that breaks the model gets. */
  invalidType: string
  /** The member of error bodies that holds the message. */
  messageMember: 'Message' | 'message'
}

const SERVICES: readonly Service[] = [
  {
    name: 'sagemaker',
    model: loadModel(),
    handlers,
    invalidType: 'ValidationException',
    messageMember: 'Message'
  },
  {
    name: 'logs',
    model: loadLogsModel(),
    handlers: logsHandlers,
    invalidType: 'InvalidParameterException',
    messageMember: 'message'
  }
]
const [SAGEMAKER] = SERVICES as [Service, Service]

/** The service and operation an X-Amz-Target names; undefined when it names neither service. */
function route(target: string): { service: Service; operation: string } | undefined {
  for (const service of SERVICES) {
    const operation = operationFromTarget(target, service.model.metadata.targetPrefix)
    if (operation !== '') return { service, operation }
  }
  return undefined
}

export class Emulator {
  readonly #server: Server
  readonly #now: () => number
  readonly #stopDelayMs: number
  readonly #region: string
  readonly #log: ((line: string) => void) | undefined
  readonly #credentials: CredentialCheck | undefined
  readonly #faults = new FaultPlan()
  readonly #conditionOutcomes = new ConditionOutcomes()
  readonly #delays = new Set<NodeJS.Timeout>()
  #state: EmulatorState = emptyState()
  #requests: RecordedRequest[] = []
  #violations: Violation[] = []
  #port = 0

  constructor(options: EmulatorOptions) {
    this.#now = options.now ?? Date.now
    this.#stopDelayMs = options.stopDelayMs ?? 1000
    this.#region = options.region ?? 'us-east-1'
    this.#log = options.log
    this.#credentials = options.credentials
    this.#server = createServer((req, res) => this.#receive(req, res))
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, '127.0.0.1', () => resolve())
    })
    this.#port = (this.#server.address() as AddressInfo).port
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`
  }

  /** Every request received, in order. */
  get requests(): readonly RecordedRequest[] {
    return this.#requests
  }

  requestsFor(operation: string): RecordedRequest[] {
    return this.#requests.filter(r => r.operation === operation)
  }

  /** Every way a request body broke the API model. */
  get violations(): readonly Violation[] {
    return this.#violations
  }

  /** Registers (or replaces) a pipeline, as its version 1; returns its ARN. */
  addPipeline(spec: PipelineSpec): string {
    const problems = validateInput(SAGEMAKER.model, 'DescribePipeline', { PipelineName: spec.name })
    if (problems.length > 0)
      throw new Error(`Invalid pipeline name: ${validationMessage(problems)}`)
    for (const step of spec.steps ?? []) checkStepLogs(step.name, step.logs)
    this.#state.pipelines.set(pipelineKey(spec.name), buildPipeline(spec, this.#now()))
    return pipelineArn(this.#region, spec.name)
  }

  /** Whether a pipeline of that name (or ARN) exists, e.g. after a CreatePipeline. */
  hasPipeline(nameOrArn: string): boolean {
    try {
      resolvePipeline(this.#state.pipelines, nameOrArn)
      return true
    } catch {
      return false
    }
  }

  /** The stored pipeline (by name or ARN): tags, settings and versions; throws if there is none. */
  pipeline(nameOrArn: string): PipelineSnapshot {
    const pipeline = resolvePipeline(this.#state.pipelines, nameOrArn)
    return pipelineSnapshot(pipeline, this.#state.executions)
  }

  /** The pipeline's versions, oldest first. */
  pipelineVersions(nameOrArn: string): PipelineVersionSnapshot[] {
    return this.pipeline(nameOrArn).versions
  }

  /** Adds an execution that already reached a state, e.g. a Failed run from yesterday; returns its ARN. */
  seedExecution(seed: ExecutionSeed): string {
    const pipeline = resolvePipeline(this.#state.pipelines, seed.pipelineName)
    const execution = seededExecution(
      pipeline,
      seed,
      this.#region,
      this.#now(),
      this.#conditionOutcomes
    )
    this.#state.executions.push(execution)
    return execution.arn
  }

  /** Stored executions (of one pipeline, by name or ARN), oldest first, as of the emulator's now. */
  executions(pipelineName?: string): ExecutionSnapshot[] {
    const key =
      pipelineName === undefined
        ? undefined
        : pipelineKey(resolvePipeline(this.#state.pipelines, pipelineName).name)
    return this.#state.executions
      .filter(e => key === undefined || pipelineKey(e.pipelineName) === key)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(e => snapshot(e, this.#now()))
  }

  /**
   * Makes calls misbehave; see Fault. `operation` names them: `GetLogEvents`, `logs:GetLogEvents`,
   * `logs:*` (every CloudWatch Logs operation), `sagemaker:*`, or '*' (any). E.g.
   * `inject('logs:*', { kind: 'deny', times: Infinity })` for a role without logs permissions.
   */
  inject(operation: string, fault: Fault): void {
    this.#faults.add(operation, fault)
  }

  /**
   * The CloudWatch Logs streams of a group (in the emulator's region unless told), by name, as of
   * now: e.g. '/aws/sagemaker/TrainingJobs'; none for a deleted group. See StepLogs for what the
   * jobs write.
   */
  logStreams(group: string, options: { region?: string } = {}): LogStreamSnapshot[] {
    if (!hasLogGroup(this.#state, group)) return []
    return logStreamsOf(this.#state, options.region ?? this.#region, group, this.#now())
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map(s => ({
        name: s.name,
        creationTime: new Date(s.events[0]?.timestamp ?? 0),
        events: s.events.map(e => ({ timestamp: new Date(e.timestamp), message: e.message }))
      }))
  }

  /**
   * Deletes a log group, as a retention clean-up or an account that never ran such a job would
   * have it: its operations answer ResourceNotFoundException until reset(). SageMaker's three
   * groups (TrainingJobs, ProcessingJobs, TransformJobs) exist otherwise.
   */
  deleteLogGroup(group: string): void {
    this.#state.deletedLogGroups.add(group)
  }

  /**
   * The outcome the Condition step `stepName` (of `pipelineName` only, if given) reports in
   * executions started from now on, and so the branch they run: IfSteps on 'True' (the default,
   * as if every condition held), ElseSteps on 'False'. Set again to change it; reset() forgets it.
   */
  setConditionOutcome(
    stepName: string,
    outcome: ConditionOutcome,
    options: { pipelineName?: string } = {}
  ): void {
    this.#conditionOutcomes.set(stepName, outcome, options.pipelineName)
  }

  /**
   * Forgets pipelines, executions, deleted log groups, requests, violations, faults and condition
   * outcomes.
   */
  reset(): void {
    this.#state = emptyState()
    this.#requests = []
    this.#violations = []
    this.#faults.clear()
    this.#conditionOutcomes.clear()
  }

  async close(): Promise<void> {
    for (const timer of this.#delays) clearTimeout(timer)
    this.#delays.clear()
    const closed = new Promise<void>(resolve => this.#server.close(() => resolve()))
    this.#server.closeAllConnections()
    await closed
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => void this.#respond(req, res, Buffer.concat(chunks).toString('utf8')))
  }

  async #respond(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const now = this.#now()
    const routed = route(String(req.headers['x-amz-target'] ?? ''))
    const service = routed?.service ?? SAGEMAKER
    const operation = routed?.operation ?? ''
    const json = parseJson(text)
    const recorded: RecordedRequest = {
      id: randomUUID(),
      operation,
      service: routed?.service.name,
      body: json ? json.value : text,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(', ') : (v ?? '')
        ])
      ),
      receivedAt: new Date(now),
      region: regionFromAuthorization(req.headers.authorization) ?? this.#region,
      signed: req.headers.authorization !== undefined,
      accessKeyId: accessKeyIdFromAuthorization(req.headers.authorization)
    }
    this.#requests.push(recorded)
    const rejected =
      this.#credentials &&
      credentialError(
        this.#credentials,
        recorded.accessKeyId,
        recorded.headers['x-amz-security-token'],
        now
      )
    if (rejected) return this.#send(res, recorded, failure(rejected, service))
    const fault = this.#faults.next(operation, routed?.service.name)
    recorded.fault = fault?.kind
    if (fault?.kind === 'drop' && fault.when === 'before') return void req.socket.destroy()
    const outcome =
      (fault && faultOutcome(fault, service, recorded)) ??
      this.#process(req, recorded, service, json !== undefined, now)
    // Dropping after the operation took effect is how a client loses a response it was owed.
    if (fault?.kind === 'drop') return void req.socket.destroy()
    if (fault?.kind === 'latency') await this.#delay(fault.ms)
    this.#send(res, recorded, outcome)
  }

  #process(
    req: IncomingMessage,
    recorded: RecordedRequest,
    service: Service,
    isJson: boolean,
    now: number
  ): Outcome {
    const { operation, body } = recorded
    const fail = (error: AwsError): Outcome => failure(error, service)
    const handler = Object.hasOwn(service.handlers, operation)
      ? service.handlers[operation]
      : undefined
    if (req.method !== 'POST' || req.url !== '/' || !handler) {
      return fail(
        new AwsError('UnknownOperationException', `Unknown operation: ${operation || 'none'}`)
      )
    }
    if (!isJson) {
      return fail(new AwsError('SerializationException', 'The request body is not valid JSON.'))
    }
    const violations = validateInput(service.model, operation, body)
    if (violations.length > 0) {
      this.#violations.push(...violations)
      return fail(new AwsError(service.invalidType, validationMessage(violations)))
    }
    try {
      const context = {
        state: this.#state,
        now,
        region: recorded.region,
        stopDelayMs: this.#stopDelayMs,
        conditionOutcomes: this.#conditionOutcomes
      }
      return { status: 200, body: handler(context, body) }
    } catch (error) {
      // An emulator bug still answers, so the client fails instead of hanging.
      return fail(
        error instanceof AwsError ? error : new AwsError('InternalFailure', String(error), 500)
      )
    }
  }

  #send(res: ServerResponse, recorded: RecordedRequest, outcome: Outcome): void {
    if (res.destroyed) return
    const payload = JSON.stringify(outcome.body)
    res.writeHead(outcome.status, {
      'Content-Type': JSON_TYPE,
      'Content-Length': Buffer.byteLength(payload),
      'x-amzn-RequestId': recorded.id,
      Date: httpDate(this.#now()),
      ...(outcome.errorType && { 'x-amzn-ErrorType': outcome.errorType })
    })
    res.end(payload)
    recorded.response = { status: outcome.status, errorType: outcome.errorType }
    this.#log?.(
      `${recorded.operation || '(no operation)'} ${outcome.status}${outcome.errorType ? ` ${outcome.errorType}` : ''}`
    )
  }

  #delay(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.#delays.delete(timer)
        resolve()
      }, ms)
      this.#delays.add(timer)
    })
  }
}

function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === '') return { value: {} }
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

const emptyState = (): EmulatorState => ({
  pipelines: new Map(),
  executions: [],
  deletedLogGroups: new Set()
})

function failure(error: AwsError, service: Service): Outcome {
  return {
    status: error.status,
    body: { __type: error.type, [service.messageMember]: error.message },
    errorType: error.type
  }
}

/** What a fault answers instead of the operation, if anything. */
function faultOutcome(
  fault: FaultAction,
  service: Service,
  recorded: RecordedRequest
): Outcome | undefined {
  const fail = (error: AwsError): Outcome => failure(error, service)
  switch (fault.kind) {
    case 'throttle':
      return fail(new AwsError('ThrottlingException', 'Rate exceeded'))
    case 'deny':
      return fail(new AwsError('AccessDeniedException', denial(service.name, recorded)))
    case 'server-error':
      if (service.name === 'logs') {
        return fail(new AwsError('ServiceUnavailableException', 'Service Unavailable', 500))
      }
      return fault.status === 503
        ? fail(new AwsError('ServiceUnavailable', 'Service Unavailable', 503))
        : fail(
            new AwsError(
              'InternalFailure',
              'We encountered an internal error. Please try again.',
              500
            )
          )
    case 'error':
      return fail(new AwsError(fault.type, fault.message ?? fault.type, fault.status))
    case 'drop':
    case 'latency':
      return undefined
  }
}

// IAM's words for a call the role may not make, naming the resource as the call does.
function denial(service: ServiceName, recorded: RecordedRequest): string {
  const body = (typeof recorded.body === 'object' && recorded.body) || {}
  const field = (name: string): string => {
    const value = (body as Record<string, unknown>)[name]
    return typeof value === 'string' ? value : ''
  }
  const action = `${service}:${recorded.operation}`
  const resource =
    service === 'logs'
      ? `arn:aws:logs:${recorded.region}:${ACCOUNT_ID}:log-group:${field('logGroupName') || field('logGroupIdentifier')}:log-stream:${field('logStreamName')}`
      : field('PipelineExecutionArn') ||
        (field('PipelineName').startsWith('arn:')
          ? field('PipelineName')
          : field('PipelineName') && pipelineArn(recorded.region, field('PipelineName'))) ||
        '*'
  const principal = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/GitHubActionsRole/GitHubActions`
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`
}
