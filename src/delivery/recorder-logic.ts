/*
 * The DeliveryMetrics recorder: reads one event (CodePipeline, ECS deployment or CloudWatch alarm) for a tracked
 * service, works out what happened (with the CodePipeline API where the event does not say), applies it to the
 * service's state in its stage, and returns the figures to publish. Clients are parameters, so tests pass mocked ones.
 * No aws-cdk-lib here: this file is bundled into the recorder's Lambda handler.
 */
// The SDK clients are devDependencies on purpose: esbuild bundles them into the handler at build time.
import { CodePipelineClient, GetPipelineExecutionCommand, ListActionExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DELIVERY_STATE } from './delivery-schema';
import {
  ActionExecutionEvent, AlarmStateEvent, EcsDeploymentEvent, PipelineExecutionEvent, RecorderInput, StageExecutionEvent,
} from './recorder-events';
import { DeliveryState } from './recorder-state';
import { DeliveryFigures, Happening, transition } from './recorder-transition';

/** The AWS clients the recorder calls. */
export interface RecorderClients {
  readonly dynamoDb: DynamoDBClient;
  readonly codePipeline: CodePipelineClient;
}

/** Where the recorder keeps its state. */
export interface RecorderConfig {
  readonly tableName: string;
}

/** What one event did. */
export type RecorderResult =
  | {
    readonly recorded: true;
    readonly service: string;
    readonly stage: string;
    /** The event's time: the figures' timestamp. */
    readonly at: Date;
    readonly happening: Happening['kind'];
    readonly figures: DeliveryFigures;
  }
  | { readonly recorded: false; readonly reason: string };

const ROLLBACK_TRIGGERS = ['ManualRollback', 'AutomatedRollback'];
/** How ECS says an IN_PROGRESS deployment is a rollback (the reason of its event). */
const ECS_ROLLBACK_REASON = /rolling back/i;
/** Optimistic-lock retries when two events of one service and stage are applied at the same moment. */
const MAX_WRITE_ATTEMPTS = 5;

const ignored = (reason: string): RecorderResult => ({ recorded: false, reason });

/** What an event means for a service: the stage it is about and what happened there (or why it means nothing). */
interface Resolved {
  readonly stage: string;
  readonly happening: Happening;
}

/** Reads one event and records what it means. `at` is the event's time. */
export async function record(clients: RecorderClients, config: RecorderConfig, input: RecorderInput, at: Date): Promise<RecorderResult> {
  const state = new DeliveryState(clients.dynamoDb, config.tableName);
  const { tracked, event } = input;
  let resolved: Resolved | string;
  switch (event['detail-type']) {
    case 'CodePipeline Action Execution State Change':
      return markAction(state, event, at);
    case 'CodePipeline Pipeline Execution State Change':
      return markRollbackStart(state, event, at);
    case 'CodePipeline Stage Execution State Change':
      resolved = await stageOutcome(clients.codePipeline, state, event);
      break;
    case 'ECS Deployment State Change':
      resolved = await ecsOutcome(state, event, tracked.stage!, at);
      break;
    case 'CloudWatch Alarm State Change':
      resolved = alarmChange(event, tracked.stage!);
      break;
  }
  if (typeof resolved === 'string') return ignored(resolved);
  return apply(state, tracked.service, resolved.stage, resolved.happening, event.id, at);
}

/** Applies a happening to the service's state in its stage, once per event id, and returns the figures. */
async function apply(state: DeliveryState, service: string, stage: string, happening: Happening, eventId: string, at: Date): Promise<RecorderResult> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const previous = await state.readService(service, stage);
    if (previous.recentEvents.includes(eventId)) return ignored(`event ${eventId} was already recorded (a duplicate delivery)`);
    const { state: next, figures } = transition(previous, happening, at);
    const recentEvents = [...previous.recentEvents, eventId].slice(-DELIVERY_STATE.RECENT_EVENTS);
    if (await state.writeService(service, stage, { ...next, recentEvents }, previous, at)) {
      return { recorded: true, service, stage, at, happening: happening.kind, figures };
    }
  }
  throw new Error(`DeliveryMetrics recorder: the state of ${service} in ${stage} changed under ${MAX_WRITE_ATTEMPTS} attempts in a row; the invocation is retried`);
}

/** An action event: remember which kinds of action ran in the stage execution (a Deploy action makes it a deployment). */
async function markAction(state: DeliveryState, event: ActionExecutionEvent, at: Date): Promise<RecorderResult> {
  const d = event.detail;
  const category = d.type?.category;
  if (!category) return ignored(`action ${d.action} has no type.category`);
  await state.markStageAction(d.pipeline, d['execution-id'], d.stage, category, at);
  return ignored(`action ${d.stage}/${d.action} (${category}) ${d.state}: remembered for the stage's outcome`);
}

/** A pipeline event: remember when a stage rollback execution started (a manual rollback's episode starts there). */
async function markRollbackStart(state: DeliveryState, event: PipelineExecutionEvent, at: Date): Promise<RecorderResult> {
  const d = event.detail;
  const trigger = d['execution-trigger']?.['trigger-type'];
  if (d.state !== 'STARTED' || !trigger || !ROLLBACK_TRIGGERS.includes(trigger)) {
    return ignored(`pipeline execution ${d['execution-id']} ${d.state}: only a rollback's start is recorded`);
  }
  await state.markRollbackExecution(d.pipeline, d['execution-id'], trigger, at);
  return ignored(`rollback execution ${d['execution-id']} (${trigger}) started: remembered`);
}

/**
 * A stage that succeeded or failed after a Deploy action ran in it is a deployment. Which actions ran comes from the
 * action events; when none of them was recorded (events arrive out of order), from ListActionExecutions.
 * GetPipelineExecution says whether the execution is a rollback and gives its source revisions.
 */
async function stageOutcome(codePipeline: CodePipelineClient, state: DeliveryState, event: StageExecutionEvent): Promise<Resolved | string> {
  const d = event.detail;
  const [pipeline, executionId, stage] = [d.pipeline, d['execution-id'], d.stage];
  if (d.state !== 'SUCCEEDED' && d.state !== 'FAILED') return `stage ${stage} ${d.state}: only SUCCEEDED and FAILED end a deployment`;
  const categories = await state.stageCategories(pipeline, executionId, stage)
    ?? await categoriesFromApi(codePipeline, pipeline, executionId, stage);
  if (!categories.includes('Deploy')) {
    return `stage ${stage} ${d.state} without a Deploy action (${categories.join(', ') || 'no action ran'}): not a deployment`;
  }

  const out = await codePipeline.send(new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: executionId }));
  const execution = out.pipelineExecution;
  const revisions = (execution?.artifactRevisions ?? []).filter((r) => r.revisionId);
  const revision = revisions.length > 0
    ? revisions.map((r) => `${r.name ?? ''}@${r.revisionId}`).sort().join(',')
    : undefined;
  if (execution?.executionType === 'ROLLBACK') {
    if (d.state === 'FAILED') return `rollback execution ${executionId} failed in ${stage}: the failure stays open`;
    return { stage, happening: { kind: 'rollback-succeeded', revision, startedAt: await state.rollbackStart(pipeline, executionId) } };
  }
  if (d.state === 'FAILED') return { stage, happening: { kind: 'deployment-failed' } };
  // The newest source revision is the change that started this execution; older ones are unchanged sources.
  const created = revisions.map((r) => r.created).filter((c): c is Date => c instanceof Date && !Number.isNaN(c.getTime()));
  const commitTime = created.length > 0 ? new Date(Math.max(...created.map((c) => c.getTime()))) : undefined;
  return { stage, happening: { kind: 'deployment-succeeded', revision, commitTime } };
}

/** The action categories that ran in a stage execution, from ListActionExecutions (every page). */
async function categoriesFromApi(codePipeline: CodePipelineClient, pipeline: string, executionId: string, stage: string): Promise<string[]> {
  const categories = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await codePipeline.send(new ListActionExecutionsCommand({
      pipelineName: pipeline, filter: { pipelineExecutionId: executionId }, nextToken,
    }));
    for (const action of page.actionExecutionDetails ?? []) {
      const category = action.input?.actionTypeId?.category;
      if (action.stageName === stage && category) categories.add(category);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return [...categories];
}

/** An ECS deployment: COMPLETED is a success (or a rollback that finished), FAILED a failure; a rollback's start is remembered. */
async function ecsOutcome(state: DeliveryState, event: EcsDeploymentEvent, stage: string, at: Date): Promise<Resolved | string> {
  const d = event.detail;
  const serviceArn = event.resources[0];
  switch (d.eventName) {
    case 'SERVICE_DEPLOYMENT_IN_PROGRESS':
      if (!ECS_ROLLBACK_REASON.test(d.reason ?? '')) return `deployment ${d.deploymentId} in progress`;
      await state.markEcsRollback(serviceArn, d.deploymentId, at);
      return `rollback deployment ${d.deploymentId} in progress: remembered`;
    case 'SERVICE_DEPLOYMENT_FAILED':
      return { stage, happening: { kind: 'deployment-failed' } };
    case 'SERVICE_DEPLOYMENT_COMPLETED':
      if (await state.isEcsRollback(serviceArn, d.deploymentId)) return { stage, happening: { kind: 'rollback-succeeded' } };
      return { stage, happening: { kind: 'deployment-succeeded' } };
    default:
      return `ECS event ${d.eventName} is not a deployment outcome`;
  }
}

/** A tracked alarm: ALARM opens a failure of its service in its stage, OK clears it; INSUFFICIENT_DATA changes nothing. */
function alarmChange(event: AlarmStateEvent, stage: string): Resolved | string {
  const d = event.detail;
  if (d.state.value === 'ALARM' || d.state.value === 'OK') {
    return { stage, happening: { kind: 'alarm', alarm: d.alarmName, state: d.state.value } };
  }
  return `alarm ${d.alarmName} is ${d.state.value}: no change`;
}
