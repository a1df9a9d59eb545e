/**
 * What the DeliveryMetrics construct and its recorder handler share: the metric names and dimensions, the state
 * table's attributes, and the input every EventBridge rule sends the recorder. No imports: both the library and the
 * handler bundle read it.
 * @internal
 */
export const DELIVERY_METRICS = {
  /** CloudWatch namespace of the four figures. */
  NAMESPACE: 'PavedRoad/Delivery',
  /** Dimension: the service (a pipeline's service name, or the name given for an ECS service). */
  SERVICE: 'Service',
  /** Dimension: the stage (a CodePipeline stage name, or the stage given for an ECS service). */
  STAGE: 'Stage',
  /** Count, 1 per successful deployment of a change (never a rollback): deployment frequency. */
  SUCCESSFUL: 'SuccessfulDeployments',
  /** Count, 1 per failed deployment (deploy action or post-deploy step failed, ECS deployment failed). */
  FAILED: 'FailedDeployments',
  /** Count, 1 per successful deployment that a later rollback took back. */
  ROLLED_BACK: 'RolledBackDeployments',
  /** Seconds from the newest source revision's creation (the commit) to its successful deployment. */
  LEAD_TIME: 'LeadTimeForChanges',
  /** Seconds from a failed deployment or an alarm to the moment no failure is open any more. */
  TIME_TO_RESTORE: 'TimeToRestore',
} as const;

/** @internal */
export const DELIVERY_STATE = {
  /** Partition key (string): `SERVICE#<service>#<stage>`, `STAGE#...`, `ROLLBACK#...` or `ECSROLLBACK#...`. */
  KEY: 'Key',
  /** TTL attribute (number, epoch seconds) of the markers; service items have none. */
  TTL: 'ExpiresAt',
  /** Days a marker (what ran in a stage execution, a rollback) lives after the event that wrote it. */
  MARKER_DAYS: 30,
  /** Event ids a service item remembers, so an event delivered twice is counted once. */
  RECENT_EVENTS: 50,
} as const;

/** What kind of source a rule routes to the recorder. @internal */
export type TrackedKind = 'pipeline' | 'ecs' | 'alarm';

/**
 * What every rule tells the recorder besides the event: which service, and for ECS services and alarms which stage,
 * the event is about. A rule's input is `{"tracked": <this>, "event": <the EventBridge event>}`.
 * @internal
 */
export interface Tracked {
  readonly kind: TrackedKind;
  /** The Service dimension. */
  readonly service: string;
  /** The Stage dimension (ECS services and alarms; a pipeline's events name their stage). */
  readonly stage?: string;
}
