import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pipelineArn } from './arns.js'
import { AwsError } from './aws-error.js'
import { accessKeyIdFromAuthorization, credentialError } from './credential-check.js'
import type { CredentialCheck } from './sts-types.js'
import { ConditionOutcomes } from './condition-outcomes.js'
import { seededExecution, snapshot } from './executions.js'
import { FaultPlan } from './faults.js'
import type { Handler } from './handler.js'
import { checkStepLogs } from './job-logs.js'
import { latestVersion, modelPackageSnapshot, registerModelPackage } from './model-registry.js'
import { putObject } from './objects.js'
import { hasLogGroup, logStreamsOf, logsHandlers } from './logs-operations.js'
import { denial } from './denial.js'
import { loadLogsModel, loadModel, loadRegistryModel, loadS3Model, unionModel } from './model.js'
import type { ServiceModel } from './model.js'
import { handlers } from './operations.js'
import type { EmulatorState } from './operations.js'
import { buildPipeline, pipelineKey, pipelineSnapshot, resolvePipeline } from './pipelines.js'
import { httpDate, operationFromTarget, regionFromAuthorization } from './protocol.js'
import { registryHandlers } from './registry-operations.js'
import type { Call, Reply } from './reply.js'
import { s3Call } from './s3-operations.js'
import { isS3Request } from './s3-protocol.js'
import { syncRegistrations } from './step-registrations.js'
import type {
  ConditionOutcome,
  ExecutionSeed,
  ExecutionSnapshot,
  Fault,
  FaultAction,
  LogStreamSnapshot,
  ModelPackageSeed,
  ModelPackageSnapshot,
  PipelineSnapshot,
  PipelineSpec,
  PipelineVersionSnapshot,
  RecordedRequest,
  ServiceName
} from './types.js'
import { validateInput, validateShape, validationMessage } from './validate.js'
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
 * A local SageMaker endpoint for the Pipelines and model registry operations, which also serves
 * the CloudWatch Logs operations that read the jobs' logs (AWS JSON 1.1, told apart by
 * X-Amz-Target) and S3's GetObject for the registered packages' metrics (REST-XML, path-style):
 * point AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS and AWS_ENDPOINT_URL_S3 at
 * `endpoint`.
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
    // The registry's operations share SageMaker's target prefix; each is checked by its own model.
    model: unionModel(loadModel(), loadRegistryModel()),
    handlers: { ...handlers, ...registryHandlers },
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
const S3_MODEL = loadS3Model()

/** The service and operation an X-Amz-Target names; undefined when it names neither service. */
function route(target: string): { service: Service; operation: string } | undefined {
  for (const service of SERVICES) {
    const operation = operationFromTarget(target, service.model.metadata.targetPrefix ?? '')
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
    for (const step of spec.steps ?? []) {
      checkStepLogs(step.name, step.logs)
      if (step.model?.group !== undefined) checkGroupName(step.model.group)
    }
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
   * Adds a package to a group, as if registered before the test (e.g. the approved version 7
   * before a run's 8), its objects in the local S3 (see ModelSpec); returns its ARN.
   */
  seedModelPackage(seed: ModelPackageSeed): string {
    checkGroupName(seed.group)
    // Steps that succeeded by now registered first: they came before the seed.
    syncRegistrations(this.#state, this.#now())
    const { version, creationTime, ...spec } = seed
    const latest = latestVersion(this.#state.modelPackages, this.#region, seed.group)
    if (version !== undefined && !(Number.isInteger(version) && version > latest)) {
      throw new Error(
        `Seeded version ${version} of ${seed.group} must be above its latest, ${latest}`
      )
    }
    const next = version ?? latest + 1
    return registerModelPackage(this.#state.modelPackages, this.#state.objects, {
      ...spec,
      version: next,
      region: this.#region,
      createdAt: Number(creationTime ?? this.#now() - DAY_MS),
      prefix: `${seed.group}/${next}`
    }).arn
  }

  /** The group's packages in the emulator's region, oldest version first, as of now. */
  modelPackages(group: string): ModelPackageSnapshot[] {
    syncRegistrations(this.#state, this.#now())
    return this.#state.modelPackages
      .filter(p => p.region === this.#region && p.group === group)
      .sort((a, b) => a.version - b.version)
      .map(modelPackageSnapshot)
  }

  /** Puts (or replaces) an object in the local S3, making its bucket; returns its s3:// URI. */
  putObject(
    bucket: string,
    key: string,
    body: string | Buffer,
    options: { contentType?: string } = {}
  ): string {
    return putObject(this.#state.objects, { bucket, key }, body, { ...options, now: this.#now() })
  }

  /**
   * Forgets pipelines, executions, deleted log groups, model packages, objects, requests,
   * violations, faults and condition outcomes.
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
    // Before anything reads the registry, the steps that succeeded by now have registered.
    syncRegistrations(this.#state, now)
    const call = isS3Request(req)
      ? s3Call(req, S3_MODEL, this.#state.objects, v => this.#violations.push(...v))
      : this.#jsonCall(req, text)
    const recorded: RecordedRequest = {
      id: randomUUID(),
      operation: call.operation,
      service: call.service,
      body: call.body,
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
    if (rejected) return this.#send(res, recorded, call.fail(rejected, recorded))
    const fault = this.#faults.next(call.operation, call.service)
    recorded.fault = fault?.kind
    if (fault?.kind === 'drop' && fault.when === 'before') return void req.socket.destroy()
    const reply = (fault && call.faulted(fault, recorded)) ?? call.process(recorded, now)
    // Dropping after the operation took effect is how a client loses a response it was owed.
    if (fault?.kind === 'drop') return void req.socket.destroy()
    if (fault?.kind === 'latency') await this.#delay(fault.ms)
    this.#send(res, recorded, reply)
  }

  /** How an AWS JSON 1.1 request (SageMaker's or CloudWatch Logs') is read and answered. */
  #jsonCall(req: IncomingMessage, text: string): Call {
    const routed = route(String(req.headers['x-amz-target'] ?? ''))
    const service = routed?.service ?? SAGEMAKER
    const json = parseJson(text)
    return {
      operation: routed?.operation ?? '',
      service: routed?.service.name,
      body: json ? json.value : text,
      fail: (error, recorded) => jsonReply(failure(error, service), recorded.id),
      faulted: (fault, recorded) => {
        const outcome = faultOutcome(fault, service, recorded)
        return outcome && jsonReply(outcome, recorded.id)
      },
      process: (recorded, now) =>
        jsonReply(this.#process(req, recorded, service, json !== undefined, now), recorded.id)
    }
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

  #send(res: ServerResponse, recorded: RecordedRequest, reply: Reply): void {
    if (res.destroyed) return
    res.writeHead(reply.status, { ...reply.headers, Date: httpDate(this.#now()) })
    res.end(reply.body)
    recorded.response = { status: reply.status, errorType: reply.errorType }
    this.#log?.(
      `${recorded.operation || '(no operation)'} ${reply.status}${reply.errorType ? ` ${reply.errorType}` : ''}`
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

const DAY_MS = 24 * 60 * 60 * 1000

// Group names end up in ARNs and S3 keys, so a bad one fails the test that gave it.
function checkGroupName(group: string): void {
  const problems = validateShape(SAGEMAKER.model, 'EntityName', group)
  if (problems.length > 0) {
    throw new Error(`Invalid model package group name: ${validationMessage(problems)}`)
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
  deletedLogGroups: new Set(),
  modelPackages: [],
  registrations: new Map(),
  objects: new Map()
})

function jsonReply(outcome: Outcome, requestId: string): Reply {
  const body = JSON.stringify(outcome.body)
  return {
    status: outcome.status,
    headers: {
      'Content-Type': JSON_TYPE,
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': requestId,
      ...(outcome.errorType && { 'x-amzn-ErrorType': outcome.errorType })
    },
    body,
    errorType: outcome.errorType
  }
}

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
