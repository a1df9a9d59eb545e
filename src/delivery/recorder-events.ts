/*
 * The events the DeliveryMetrics recorder reads, as the AWS documentation shows them, and the one input every rule
 * sends (`{"tracked": ..., "event": <the event>}`). Only the fields the recorder uses are typed; every other field
 * the services send is ignored. No aws-cdk-lib here: this file is bundled into the recorder's Lambda handler.
 *
 * - CodePipeline Pipeline, Stage and Action Execution State Change: CodePipeline User Guide, "Monitoring CodePipeline
 *   events" (detect-state-changes-cloudwatch-events.html).
 * - ECS Deployment State Change: Amazon ECS Developer Guide, "Amazon ECS service deployment state change events"
 *   (ecs_service_deployment_events.html).
 * - CloudWatch Alarm State Change: Amazon CloudWatch User Guide, "Alarm events and EventBridge"
 *   (cloudwatch-and-eventbridge.html).
 */
import { Tracked, TrackedKind } from './delivery-schema';
import { INSTANT_FORMAT, parseInstant } from '../core/clock';

/** The envelope every EventBridge event has. */
export interface EventEnvelope<D extends string, T> {
  readonly 'version': string;
  readonly 'id': string;
  readonly 'detail-type': D;
  readonly 'source': string;
  readonly 'account': string;
  /** When the service emitted the event (ISO-8601, UTC). The recorder's "now" for this event. */
  readonly 'time': string;
  readonly 'region': string;
  readonly 'resources': string[];
  readonly 'detail': T;
}

/** `CodePipeline Pipeline Execution State Change`. */
export type PipelineExecutionEvent = EventEnvelope<'CodePipeline Pipeline Execution State Change', {
  readonly 'pipeline': string;
  readonly 'execution-id': string;
  /** STARTED, SUCCEEDED, RESUMED, FAILED, CANCELED, SUPERSEDED, STOPPING, STOPPED. */
  readonly 'state': string;
  /** How the execution started; `ManualRollback` and `AutomatedRollback` start a stage rollback. */
  readonly 'execution-trigger'?: { readonly 'trigger-type'?: string; readonly 'trigger-detail'?: string };
}>;

/** `CodePipeline Stage Execution State Change`. */
export type StageExecutionEvent = EventEnvelope<'CodePipeline Stage Execution State Change', {
  readonly 'pipeline': string;
  readonly 'execution-id': string;
  readonly 'stage': string;
  /** STARTED, SUCCEEDED, RESUMED, FAILED, CANCELED, STOPPING, STOPPED. */
  readonly 'state': string;
}>;

/** `CodePipeline Action Execution State Change`. */
export type ActionExecutionEvent = EventEnvelope<'CodePipeline Action Execution State Change', {
  readonly 'pipeline': string;
  readonly 'execution-id': string;
  readonly 'stage': string;
  readonly 'action': string;
  /** STARTED, SUCCEEDED, FAILED, CANCELED. */
  readonly 'state': string;
  /** `category` is Source, Build, Test, Deploy, Approval or Invoke. */
  readonly 'type': { readonly owner: string; readonly category: string; readonly provider: string; readonly version: string | number };
}>;

/** `ECS Deployment State Change`; `resources[0]` is the service ARN. */
export type EcsDeploymentEvent = EventEnvelope<'ECS Deployment State Change', {
  readonly eventType: string;
  /** SERVICE_DEPLOYMENT_IN_PROGRESS, SERVICE_DEPLOYMENT_COMPLETED or SERVICE_DEPLOYMENT_FAILED. */
  readonly eventName: string;
  readonly deploymentId: string;
  readonly updatedAt?: string;
  /** A rollback's IN_PROGRESS event says so here ("ECS deployment circuit breaker: rolling back to deploymentId ..."). */
  readonly reason?: string;
}>;

/** `CloudWatch Alarm State Change`; `resources[0]` is the alarm ARN. */
export type AlarmStateEvent = EventEnvelope<'CloudWatch Alarm State Change', {
  readonly alarmName: string;
  /** `value` is OK, ALARM or INSUFFICIENT_DATA. */
  readonly state: { readonly value: string; readonly reason?: string; readonly timestamp?: string };
  readonly previousState?: { readonly value: string };
}>;

/** Every event the recorder reads. */
export type DeliveryEvent = PipelineExecutionEvent | StageExecutionEvent | ActionExecutionEvent | EcsDeploymentEvent | AlarmStateEvent;

/** What a rule sends the recorder. */
export interface RecorderInput {
  readonly tracked: Tracked;
  readonly event: DeliveryEvent;
}

/** Detail types per tracked kind: a rule never routes another, and a hand-made input that does is refused. */
const DETAIL_TYPES: Record<TrackedKind, string[]> = {
  pipeline: ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change', 'CodePipeline Action Execution State Change'],
  ecs: ['ECS Deployment State Change'],
  alarm: ['CloudWatch Alarm State Change'],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * Checks what a rule sent (or a hand-made invocation) and returns it typed, with the event's time. Throws, naming the
 * field, on anything else: the invocation fails and lands in the dead-letter queue instead of counting something wrong.
 */
export function parseRecorderInput(input: unknown): { readonly input: RecorderInput; readonly at: Date } {
  const fail = (what: string): never => {
    throw new Error(`DeliveryMetrics recorder: ${what}; expected {"tracked": {"kind", "service", "stage"?}, "event": <an EventBridge event>}`);
  };
  if (!isRecord(input)) return fail('the input is not an object');
  const tracked = input.tracked;
  const event = input.event;
  if (!isRecord(tracked) || !isText(tracked.kind) || !(tracked.kind in DETAIL_TYPES)) return fail(`tracked.kind is ${JSON.stringify(isRecord(tracked) ? tracked.kind : tracked)}`);
  if (!isText(tracked.service)) return fail('tracked.service is missing');
  const kind = tracked.kind as TrackedKind;
  if (kind !== 'pipeline' && !isText(tracked.stage)) return fail(`tracked.stage is missing for a tracked ${kind}`);
  if (!isRecord(event) || !isRecord(event.detail) || !isText(event.id)) return fail('event is not an EventBridge event with an id and a detail');
  const detailType = event['detail-type'];
  if (!isText(detailType) || !DETAIL_TYPES[kind].includes(detailType)) return fail(`event detail-type ${JSON.stringify(detailType)} is not one a tracked ${kind} sends`);
  const at = parseInstant(event.time);
  if (!at) return fail(`event time ${JSON.stringify(event.time)} is not ${INSTANT_FORMAT}`);
  const detail = event.detail;
  const required: Record<string, string[]> = {
    'CodePipeline Pipeline Execution State Change': ['pipeline', 'execution-id', 'state'],
    'CodePipeline Stage Execution State Change': ['pipeline', 'execution-id', 'stage', 'state'],
    'CodePipeline Action Execution State Change': ['pipeline', 'execution-id', 'stage', 'action', 'state'],
    'ECS Deployment State Change': ['eventName', 'deploymentId'],
    'CloudWatch Alarm State Change': ['alarmName'],
  };
  for (const field of required[detailType]) {
    if (!isText(detail[field])) fail(`event detail.${field} is missing`);
  }
  if (detailType === 'CloudWatch Alarm State Change' && !(isRecord(detail.state) && isText(detail.state.value))) fail('event detail.state.value is missing');
  if (detailType === 'ECS Deployment State Change' && !(Array.isArray(event.resources) && isText(event.resources[0]))) fail('event resources[0] (the service ARN) is missing');
  return { input: { tracked: tracked as unknown as Tracked, event: event as unknown as DeliveryEvent }, at };
}
