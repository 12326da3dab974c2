// What an execution made, as the action reports it: the model packages its RegisterModel steps
// registered, their approval status and metrics, and the group's approved package beside them.
// Types only.

/** One metric of a package's statistics: `regression_metrics.mse` = 4.6. */
export interface Metric {
  name: string
  value: number
}

/** A model package, as DescribeModelPackage and its statistics object in S3 tell it. */
export interface ModelPackage {
  arn: string
  /** The RegisterModel step that registered it; none for the group's approved package. */
  step?: string
  group?: string
  version?: number
  /** PendingManualApproval, Approved or Rejected; undefined when it could not be read. */
  approvalStatus?: string
  /** ModelMetrics.ModelQuality.Statistics.S3Uri, when the package names one. */
  metricsUri?: string
  /**
   * The statistics' metrics, in the file's order, as many as are kept; undefined when there is no
   * statistics object or it could not be read (a warning said why).
   */
  metrics?: Metric[]
  /** How many metrics of the file are not in `metrics` (beyond the cap). */
  metricsLeftOut?: number
  /** The other reports the package names (data quality, bias, explainability): linked, not read. */
  reports: Array<{ name: string; uri: string }>
}

/** What the execution's steps registered, and what a reviewer compares it with. */
export interface ModelResults {
  /** In the order the steps started; the last is the one the model-* outputs describe. */
  registered: ModelPackage[]
  /**
   * The newest Approved package of the last registered package's group, other than that package
   * itself; undefined when there is none or it could not be read.
   */
  approved?: ModelPackage
}
