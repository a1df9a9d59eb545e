/*
 * Events as AWS sends them to EventBridge, shaped after the examples of the AWS documentation pages (field names,
 * nesting and value formats; ids, names and times are the scenario's):
 * - CodePipeline User Guide, "Monitoring CodePipeline events" (detect-state-changes-cloudwatch-events.html):
 *   CodePipeline Pipeline / Stage / Action Execution State Change. Pipeline-level events carry `execution-trigger`
 *   (`trigger-type` as in the API reference's ExecutionTrigger: Webhook, StartPipelineExecution, ..., ManualRollback,
 *   AutomatedRollback); action-level events carry `type` {owner, category, provider, version}, `region` and artifacts.
 * - Amazon ECS Developer Guide, "Amazon ECS service deployment state change events" (ecs_service_deployment_events.html):
 *   ECS Deployment State Change, `resources` [service ARN], detail {eventType, eventName, deploymentId, updatedAt, reason}.
 * - Amazon CloudWatch User Guide, "Alarm events and EventBridge" (cloudwatch-and-eventbridge.html): CloudWatch Alarm
 *   State Change, `resources` [alarm ARN], detail {alarmName, state, previousState, configuration}.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

let sequence = 0;
/** A fresh event id, as EventBridge gives every event one. */
function eventId(): string {
  sequence += 1;
  return `6a7e8feb-b491-4cf7-a9f1-bf3703${String(sequence).padStart(6, '0')}`;
}

function envelope(detailType: string, source: string, time: string, resources: string[], detail: object) {
  return { 'version': '0', 'id': eventId(), 'detail-type': detailType, source, 'account': ACCOUNT, time, 'region': REGION, resources, detail };
}

const pipelineArn = (pipeline: string) => `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${pipeline}`;

/** CodePipeline Pipeline Execution State Change. */
export function pipelineEvent(pipeline: string, executionId: string, state: string, time: string, triggerType = 'Webhook') {
  return envelope('CodePipeline Pipeline Execution State Change', 'aws.codepipeline', time, [pipelineArn(pipeline)], {
    'pipeline': pipeline,
    'execution-id': executionId,
    'start-time': time,
    'execution-trigger': {
      'trigger-type': triggerType,
      'trigger-detail': triggerType === 'Webhook' ? `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/0f1e2d3c` : `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/release-manager`,
    },
    'state': state,
    'version': 3.0,
    'pipeline-execution-attempt': 1.0,
  });
}

/** CodePipeline Stage Execution State Change. */
export function stageEvent(pipeline: string, executionId: string, stage: string, state: string, time: string) {
  return envelope('CodePipeline Stage Execution State Change', 'aws.codepipeline', time, [pipelineArn(pipeline)], {
    'pipeline': pipeline,
    'execution-id': executionId,
    'start-time': time,
    'stage': stage,
    'state': state,
    'version': 3.0,
    'pipeline-execution-attempt': 1.0,
  });
}

/** The action types of a CDK Pipelines pipeline, by the category CodePipeline gives them. */
export const ACTION_TYPES = {
  Source: { owner: 'AWS', category: 'Source', provider: 'CodeStarSourceConnection', version: '1' },
  Build: { owner: 'AWS', category: 'Build', provider: 'CodeBuild', version: '1' },
  Approval: { owner: 'AWS', category: 'Approval', provider: 'Manual', version: '1' },
  Deploy: { owner: 'AWS', category: 'Deploy', provider: 'CloudFormation', version: '1' },
} as const;

/** CodePipeline Action Execution State Change. */
export function actionEvent(pipeline: string, executionId: string, stage: string, action: string, type: keyof typeof ACTION_TYPES,
  state: string, time: string) {
  return envelope('CodePipeline Action Execution State Change', 'aws.codepipeline', time, [pipelineArn(pipeline)], {
    'pipeline': pipeline,
    'execution-id': executionId,
    'start-time': time,
    'stage': stage,
    'action': action,
    'state': state,
    'region': REGION,
    'type': ACTION_TYPES[type],
    'input-artifacts': type === 'Source' ? [] : [{ name: 'SourceArtifact', s3location: { bucket: 'artifact-bucket', key: `${pipeline}/SourceArti/abc123` } }],
    'version': 3.0,
    'pipeline-execution-attempt': 1.0,
    ...(state === 'FAILED' ? { 'execution-result': { 'external-execution-summary': 'Stack UPDATE_ROLLBACK_COMPLETE', 'error-code': 'JobFailed' } } : {}),
  });
}

/** ECS Deployment State Change. */
export function ecsDeploymentEvent(serviceArn: string, eventName: string, deploymentId: string, time: string, reason: string) {
  return envelope('ECS Deployment State Change', 'aws.ecs', time, [serviceArn], {
    eventType: eventName === 'SERVICE_DEPLOYMENT_FAILED' ? 'ERROR' : 'INFO',
    eventName,
    deploymentId,
    updatedAt: time,
    reason,
  });
}

/** CloudWatch Alarm State Change (the alarm's own timestamps are written as CloudWatch writes them, `+0000`). */
export function alarmEvent(alarmName: string, value: string, previous: string, time: string) {
  const stamp = time.replace('Z', '.000+0000');
  return envelope('CloudWatch Alarm State Change', 'aws.cloudwatch', time, [`arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName}`], {
    alarmName,
    state: { value, reason: `Threshold Crossed: 1 datapoint was ${value === 'ALARM' ? 'greater than' : 'not greater than'} the threshold (5.0).`, timestamp: stamp },
    previousState: { value: previous, reason: 'Threshold Crossed', timestamp: stamp },
    configuration: {
      description: 'HTTP 5xx rate of the checkout service',
      metrics: [{ id: 'm1', metricStat: { metric: { namespace: 'AWS/ApplicationELB', name: 'HTTPCode_Target_5XX_Count', dimensions: { LoadBalancer: 'app/checkout/1234' } }, period: 60, stat: 'Sum' }, returnData: true }],
    },
  });
}

/**
 * The events CodePipeline emits for one stage that runs `actions` (each STARTED then SUCCEEDED, or FAILED where
 * `failing` names it) between `start` and `end`, the stage's own STARTED and end event included.
 */
export function stageRun(pipeline: string, executionId: string, stage: string, actions: Array<[string, keyof typeof ACTION_TYPES]>,
  start: string, end: string, failing?: string) {
  const out: object[] = [stageEvent(pipeline, executionId, stage, 'STARTED', start)];
  for (const [name, type] of actions) {
    out.push(actionEvent(pipeline, executionId, stage, name, type, 'STARTED', start));
    out.push(actionEvent(pipeline, executionId, stage, name, type, name === failing ? 'FAILED' : 'SUCCEEDED', end));
    if (name === failing) break;
  }
  out.push(stageEvent(pipeline, executionId, stage, failing ? 'FAILED' : 'SUCCEEDED', end));
  return out;
}

/** The deploy actions CDK Pipelines gives one stack of a stage: create a change set, then execute it. */
export const DEPLOY_ACTIONS: Array<[string, keyof typeof ACTION_TYPES]> = [['Service.Prepare', 'Deploy'], ['Service.Deploy', 'Deploy']];
