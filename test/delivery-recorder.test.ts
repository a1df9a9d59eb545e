/*
 * The DeliveryMetrics recorder's handler on recorded sequences of real event shapes (test/delivery-events.ts names
 * the AWS pages they follow), with the real AWS SDK v3 and mocked clients: an in-memory DynamoDB table with
 * DynamoDB's conditions, and CodePipeline's GetPipelineExecution and ListActionExecutions. The figures are read
 * from the CloudWatch embedded-metric-format lines the handler prints, exactly as CloudWatch would extract them.
 */
import {
  CodePipelineClient, GetPipelineExecutionCommand, GetPipelineExecutionCommandInput, ListActionExecutionsCommand,
  ListActionExecutionsCommandInput,
} from '@aws-sdk/client-codepipeline';
import {
  AttributeValue, ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, PutItemCommandInput,
  UpdateItemCommand, UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { actionEvent, alarmEvent, DEPLOY_ACTIONS, ecsDeploymentEvent, pipelineEvent, stageEvent, stageRun } from './delivery-events';
import { EMPTY_STATE } from '../src/delivery/recorder-state';
import { transition } from '../src/delivery/recorder-transition';
import { handler } from '../src/delivery/recorder.lambda';

const TABLE = 'delivery-state';
const PIPELINE = 'checkout-pipeline';
const PAYMENTS_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments';

const ddb = mockClient(DynamoDBClient);
const codePipeline = mockClient(CodePipelineClient);

/** The state table: items by key, with the conditions the recorder writes under. */
let table: Map<string, Record<string, AttributeValue>>;
/** Set to make the next service write fail its version condition once (another invocation wrote first). */
let conflictOnce = false;

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
}

function serveTable(): void {
  table = new Map();
  ddb.on(GetItemCommand).callsFake((input) => {
    expect(input.TableName).toBe(TABLE);
    expect(input.ConsistentRead).toBe(true);
    const item = table.get(input.Key.Key.S);
    return item ? { Item: item } : {};
  });
  ddb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
    const key = input.Item!.Key.S!;
    const old = table.get(key);
    if (input.ConditionExpression === 'attribute_not_exists(#key)' && old) throw conditionFailed();
    if (input.ConditionExpression === '#version = :version') {
      if (conflictOnce) {
        conflictOnce = false;
        throw conditionFailed();
      }
      if (old?.Version?.N !== input.ExpressionAttributeValues![':version'].N) throw conditionFailed();
    }
    table.set(key, input.Item!);
    return {};
  });
  ddb.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    expect(input.UpdateExpression).toBe('ADD Categories :c SET #ttl = :ttl');
    const key = input.Key!.Key.S!;
    const old = table.get(key) ?? { Key: { S: key } };
    const categories = new Set([...(old.Categories?.SS ?? []), ...input.ExpressionAttributeValues![':c'].SS!]);
    table.set(key, { ...old, Categories: { SS: [...categories] }, ExpiresAt: input.ExpressionAttributeValues![':ttl'] });
    return {};
  });
}

/** Pipeline executions as GetPipelineExecution returns them: type and source revisions (commit id, commit time). */
const executions = new Map<string, { type: 'STANDARD' | 'ROLLBACK'; commit: string; created: string }>();
function servePipeline(): void {
  codePipeline.on(GetPipelineExecutionCommand).callsFake((input: GetPipelineExecutionCommandInput) => {
    expect(input.pipelineName).toBe(PIPELINE);
    const e = executions.get(input.pipelineExecutionId!)!;
    return {
      pipelineExecution: {
        pipelineName: PIPELINE,
        pipelineExecutionId: input.pipelineExecutionId,
        status: 'InProgress',
        executionType: e.type,
        artifactRevisions: [{ name: 'SourceArtifact', revisionId: e.commit, revisionSummary: `commit ${e.commit}`, created: new Date(e.created) }],
      },
    };
  });
}

/** Every EMF line the handler printed: one per recorded event that yields figures. */
let emf: Array<Record<string, any>>;
function captureMetrics(): jest.SpyInstance {
  emf = [];
  return jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter((l) => l.includes('"_aws"'))) emf.push(JSON.parse(line));
    return true;
  }) as any);
}

/** Values per `Service/Stage` and metric name, in the order published, each with its timestamp. */
function figures(): Record<string, Record<string, Array<[number, string]>>> {
  const out: Record<string, Record<string, Array<[number, string]>>> = {};
  for (const line of emf) {
    const directive = line._aws.CloudWatchMetrics[0];
    expect(directive.Namespace).toBe('PavedRoad/Delivery');
    expect(directive.Dimensions).toEqual([['Service', 'Stage']]);
    const key = `${line.Service}/${line.Stage}`;
    for (const m of directive.Metrics) {
      expect(m.Unit).toBe(/Deployments$/.test(m.Name) ? 'Count' : 'Seconds');
      ((out[key] ??= {})[m.Name] ??= []).push([line[m.Name], new Date(line._aws.Timestamp).toISOString().replace('.000Z', 'Z')]);
    }
  }
  return out;
}

const values = (f: Array<[number, string]> | undefined) => (f ?? []).map(([v]) => v);
const sum = (f: Array<[number, string]> | undefined) => values(f).reduce((a, b) => a + b, 0);

/** The dashboard's change failure rate: 100 × (failed + rolled back) / (successful + failed). */
function changeFailureRate(f: Record<string, Array<[number, string]>>): number {
  const [s, failed, r] = [sum(f.SuccessfulDeployments), sum(f.FailedDeployments), sum(f.RolledBackDeployments)];
  return Math.round(1000 * (100 * (failed + r) / (s + failed))) / 1000;
}

const tracked = {
  pipeline: { kind: 'pipeline', service: 'checkout' },
  alarm: { kind: 'alarm', service: 'checkout', stage: 'Prod' },
  payments: { kind: 'ecs', service: 'payments', stage: 'prod' },
};

/** Runs the events through the handler in order, as the rules deliver them. */
async function deliver(kind: keyof typeof tracked, events: object[]): Promise<void> {
  for (const event of events) await handler({ tracked: tracked[kind], event });
}

const at = (day: number, time: string) => `2026-11-0${day}T${time}:00Z`;
const E = (n: number) => `e${n}000000-0000-4000-8000-00000000000${n}`;

let stdout: jest.SpyInstance;
// Powertools warns (on stderr) that CloudWatch drops EMF timestamps older than 14 days by the machine's clock; the
// scenario's dates are fixed, so the warning depends on today's date and says nothing about the figures.
let stderr: jest.SpyInstance;
beforeAll(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => stderr.mockRestore());
beforeEach(() => {
  ddb.reset();
  codePipeline.reset();
  executions.clear();
  conflictOnce = false;
  process.env.STATE_TABLE_NAME = TABLE;
  serveTable();
  servePipeline();
  stdout = captureMetrics();
});
afterEach(() => stdout.mockRestore());

/** One standard execution: source and build, then Dev deploys, then Prod waits for approval and deploys. */
function release(execution: string, day: number, times: { start: string; dev: string; prod: string }, prodFailing?: string): object[] {
  return [
    pipelineEvent(PIPELINE, execution, 'STARTED', at(day, times.start)),
    ...stageRun(PIPELINE, execution, 'Source', [['Source', 'Source']], at(day, times.start), at(day, times.start)),
    ...stageRun(PIPELINE, execution, 'Build', [['Synth', 'Build']], at(day, times.start), at(day, times.start)),
    ...stageRun(PIPELINE, execution, 'Dev', DEPLOY_ACTIONS, at(day, times.start), at(day, times.dev)),
    ...stageRun(PIPELINE, execution, 'Prod', [['Approve', 'Approval'], ...DEPLOY_ACTIONS], at(day, times.dev), at(day, times.prod), prodFailing),
    pipelineEvent(PIPELINE, execution, prodFailing ? 'FAILED' : 'SUCCEEDED', at(day, times.prod)),
  ];
}

/** A stage rollback execution: the pipeline starts it with a rollback trigger; only the rolled-back stage runs. */
function rollback(execution: string, day: number, trigger: string, start: string, end: string): object[] {
  return [
    pipelineEvent(PIPELINE, execution, 'STARTED', at(day, start), trigger),
    ...stageRun(PIPELINE, execution, 'Prod', DEPLOY_ACTIONS, at(day, start), at(day, end)),
    pipelineEvent(PIPELINE, execution, 'SUCCEEDED', at(day, end)),
  ];
}

describe('DeliveryMetrics recorder: a CodePipeline pipeline with a failed deployment, an automated rollback, an alarm and a manual rollback', () => {
  test('yields the exact figures per stage, each at its event\'s time', async () => {
    // GIVEN the commits behind each execution (GetPipelineExecution's artifactRevisions[].created) and the rollbacks
    executions.set(E(1), { type: 'STANDARD', commit: 'c1', created: at(2, '08:00') });
    executions.set(E(2), { type: 'STANDARD', commit: 'c2', created: at(3, '10:00') });
    executions.set(E(3), { type: 'ROLLBACK', commit: 'c1', created: at(2, '08:00') });
    executions.set(E(4), { type: 'STANDARD', commit: 'c3', created: at(4, '09:00') });
    executions.set(E(5), { type: 'ROLLBACK', commit: 'c1', created: at(2, '08:00') });
    executions.set(E(6), { type: 'STANDARD', commit: 'c4', created: at(5, '08:00') });

    // WHEN day 2: E1 deploys c1 to Dev and Prod
    await deliver('pipeline', release(E(1), 2, { start: '09:00', dev: '09:20', prod: '09:40' }));
    // day 3: E2 deploys c2 to Dev; its Prod deploy action fails (CloudFormation rolls the stack back)
    await deliver('pipeline', release(E(2), 3, { start: '10:05', dev: '10:30', prod: '11:00' }, 'Service.Deploy'));
    // ... and the stage's automatic rollback (E3) redeploys c1
    await deliver('pipeline', rollback(E(3), 3, 'AutomatedRollback', '11:05', '11:20'));
    // day 4: E4 deploys c3; its Prod success is delivered twice (EventBridge delivers at least once)
    const e4 = release(E(4), 4, { start: '10:30', dev: '11:00', prod: '12:00' });
    await deliver('pipeline', [...e4.slice(0, -1), e4[e4.length - 2], e4[e4.length - 1]]);
    // the 5xx alarm of checkout in Prod fires; a release manager rolls Prod back by hand (E5); the alarm clears
    await deliver('alarm', [alarmEvent('checkout-prod-5xx', 'ALARM', 'OK', at(4, '13:00'))]);
    await deliver('pipeline', rollback(E(5), 4, 'ManualRollback', '13:10', '13:25'));
    await deliver('alarm', [alarmEvent('checkout-prod-5xx', 'OK', 'ALARM', at(4, '13:40'))]);
    // day 5: E6 deploys c4 to Dev; the Prod approval is rejected (no deployment)
    await deliver('pipeline', release(E(6), 5, { start: '08:10', dev: '08:30', prod: '09:00' }, 'Approve'));

    // THEN Prod: 2 successful, 1 failed, 1 rolled back; lead times 1 h 40 min and 3 h; restored after 20 and 40 minutes
    const f = figures();
    expect(f['checkout/Prod']).toEqual({
      SuccessfulDeployments: [[1, at(2, '09:40')], [1, at(4, '12:00')]],
      LeadTimeForChanges: [[6000, at(2, '09:40')], [10800, at(4, '12:00')]],
      FailedDeployments: [[1, at(3, '11:00')]],
      TimeToRestore: [[1200, at(3, '11:20')], [2400, at(4, '13:40')]],
      RolledBackDeployments: [[1, at(4, '13:25')]],
    });
    // Dev: 4 successful deployments, lead times 80, 30, 120 and 20 minutes, no failure
    expect(f['checkout/Dev']).toEqual({
      SuccessfulDeployments: [[1, at(2, '09:20')], [1, at(3, '10:30')], [1, at(4, '11:00')], [1, at(5, '08:30')]],
      LeadTimeForChanges: [[4800, at(2, '09:20')], [1800, at(3, '10:30')], [7200, at(4, '11:00')], [1800, at(5, '08:30')]],
    });
    // Source and Build ran no Deploy action: no figures
    expect(Object.keys(f).sort()).toEqual(['checkout/Dev', 'checkout/Prod']);
    // the dashboard's figures for Prod over these four days
    expect(changeFailureRate(f['checkout/Prod'])).toBe(66.667);
    expect(sum(f['checkout/Prod'].SuccessfulDeployments) / 4).toBe(0.5);
    expect(values(f['checkout/Prod'].TimeToRestore).reduce((a, b) => a + b) / 2).toBe(1800);
    expect(changeFailureRate(f['checkout/Dev'])).toBe(0);
    // GetPipelineExecution was asked once per deployment stage outcome (never for Source, Build or the rejected approval)
    expect(codePipeline.commandCalls(GetPipelineExecutionCommand)).toHaveLength(10);
    expect(codePipeline.commandCalls(ListActionExecutionsCommand)).toHaveLength(0);
  });

  test('the state left behind: no failure open in Prod, the last outcome a rollback to c1', async () => {
    executions.set(E(1), { type: 'STANDARD', commit: 'c1', created: at(2, '08:00') });
    executions.set(E(2), { type: 'STANDARD', commit: 'c2', created: at(3, '10:00') });
    await deliver('pipeline', release(E(1), 2, { start: '09:00', dev: '09:20', prod: '09:40' }));
    await deliver('pipeline', release(E(2), 3, { start: '10:05', dev: '10:30', prod: '11:00' }, 'Service.Deploy'));
    const prod = table.get('SERVICE#checkout#Prod')!;
    expect(prod.Causes).toEqual({ L: [{ S: 'deployment' }] });
    expect(prod.OpenSince).toEqual({ S: '2026-11-03T11:00:00.000Z' });
    expect(prod.LastOutcome).toEqual({ S: 'failed' });
    expect(prod.LastRevision).toEqual({ S: 'SourceArtifact@c1' });
    // the markers expire 30 days after the event that wrote them (the event's time, not the clock)
    const marker = table.get(`STAGE#${PIPELINE}#${E(2)}#Prod`)!;
    expect(marker.Categories.SS!.sort()).toEqual(['Approval', 'Deploy']);
    expect(Number(marker.ExpiresAt.N)).toBe(Date.parse('2026-11-03T11:00:00Z') / 1000 + 30 * 86400);
  });
});

describe('DeliveryMetrics recorder: an ECS service with a circuit-breaker rollback', () => {
  test('yields the exact figures', async () => {
    const d = (n: number) => `ecs-svc/${n}${n}${n}${n}`;
    await deliver('payments', [
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_IN_PROGRESS', d(1), at(6, '10:00'), `ECS deployment ${d(1)} in progress.`),
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_COMPLETED', d(1), at(6, '10:08'), `ECS deployment ${d(1)} completed.`),
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_IN_PROGRESS', d(2), at(7, '10:00'), `ECS deployment ${d(2)} in progress.`),
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_FAILED', d(2), at(7, '10:05'), 'ECS deployment circuit breaker: task failed to start.'),
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_IN_PROGRESS', d(3), at(7, '10:05'), `ECS deployment circuit breaker: rolling back to deploymentId ${d(1)}.`),
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_COMPLETED', d(3), at(7, '10:12'), `ECS deployment ${d(3)} completed.`),
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_IN_PROGRESS', d(4), at(8, '10:00'), `ECS deployment ${d(4)} in progress.`),
      ecsDeploymentEvent(PAYMENTS_ARN, 'SERVICE_DEPLOYMENT_COMPLETED', d(4), at(8, '10:06'), `ECS deployment ${d(4)} completed.`),
    ]);
    const f = figures()['payments/prod'];
    // the rollback's completion restores (7 minutes) and is no deployment of a change; ECS events carry no commit time
    expect(f).toEqual({
      SuccessfulDeployments: [[1, at(6, '10:08')], [1, at(8, '10:06')]],
      FailedDeployments: [[1, at(7, '10:05')]],
      TimeToRestore: [[420, at(7, '10:12')]],
    });
    expect(changeFailureRate(f)).toBe(33.333);
    expect(codePipeline.calls()).toHaveLength(0);
  });
});

describe('DeliveryMetrics recorder: events out of order, duplicates and conflicts', () => {
  test('a stage outcome before any of its action events reads the actions from ListActionExecutions (every page)', async () => {
    executions.set(E(7), { type: 'STANDARD', commit: 'c7', created: at(9, '09:00') });
    codePipeline.on(ListActionExecutionsCommand).callsFake((input: ListActionExecutionsCommandInput) => {
      expect(input.filter).toEqual({ pipelineExecutionId: E(7) });
      if (!input.nextToken) return { actionExecutionDetails: [{ stageName: 'Build', actionName: 'Synth', input: { actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } } }], nextToken: 'page-2' };
      return { actionExecutionDetails: [{ stageName: 'Prod', actionName: 'Service.Deploy', input: { actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' } } }] };
    });
    await deliver('pipeline', [stageEvent(PIPELINE, E(7), 'Prod', 'SUCCEEDED', at(9, '10:00')), stageEvent(PIPELINE, E(7), 'Build', 'SUCCEEDED', at(9, '09:30'))]);
    expect(figures()).toEqual({ 'checkout/Prod': { SuccessfulDeployments: [[1, at(9, '10:00')]], LeadTimeForChanges: [[3600, at(9, '10:00')]] } });
    expect(codePipeline.commandCalls(ListActionExecutionsCommand)).toHaveLength(4);
  });

  test('a write that loses a race reads again and counts once', async () => {
    executions.set(E(8), { type: 'STANDARD', commit: 'c8', created: at(9, '09:00') });
    await deliver('pipeline', stageRun(PIPELINE, E(8), 'Prod', DEPLOY_ACTIONS, at(9, '09:30'), at(9, '10:00'), 'Service.Deploy'));
    conflictOnce = true;
    await deliver('alarm', [alarmEvent('checkout-prod-5xx', 'ALARM', 'OK', at(9, '10:01'))]);
    expect(table.get('SERVICE#checkout#Prod')!.Causes).toEqual({ L: [{ S: 'deployment' }, { S: 'alarm:checkout-prod-5xx' }] });
    expect(table.get('SERVICE#checkout#Prod')!.Version).toEqual({ N: '2' });
  });

  test('a redeployment of the revision deployed last counts as a deployment without a lead time', async () => {
    executions.set(E(1), { type: 'STANDARD', commit: 'c1', created: at(2, '08:00') });
    executions.set(E(2), { type: 'STANDARD', commit: 'c1', created: at(2, '08:00') });
    await deliver('pipeline', stageRun(PIPELINE, E(1), 'Prod', DEPLOY_ACTIONS, at(2, '09:00'), at(2, '09:30')));
    await deliver('pipeline', stageRun(PIPELINE, E(2), 'Prod', DEPLOY_ACTIONS, at(2, '11:00'), at(2, '11:30')));
    expect(figures()['checkout/Prod']).toEqual({
      SuccessfulDeployments: [[1, at(2, '09:30')], [1, at(2, '11:30')]],
      LeadTimeForChanges: [[5400, at(2, '09:30')]],
    });
  });

  test('an alarm going INSUFFICIENT_DATA changes nothing; a stage CANCELED after its deploy is no outcome', async () => {
    await deliver('alarm', [alarmEvent('checkout-prod-5xx', 'INSUFFICIENT_DATA', 'OK', at(9, '10:00'))]);
    await deliver('pipeline', [actionEvent(PIPELINE, E(9), 'Prod', 'Service.Deploy', 'Deploy', 'STARTED', at(9, '10:00')), stageEvent(PIPELINE, E(9), 'Prod', 'CANCELED', at(9, '10:05'))]);
    expect(emf).toEqual([]);
    expect(table.has('SERVICE#checkout#Prod')).toBe(false);
  });
});

describe('DeliveryMetrics recorder: bad input', () => {
  test.each([
    ['not an object', 'hello', /the input is not an object/],
    ['no tracked kind', { event: {} }, /tracked\.kind is undefined/],
    ['an ECS source without a stage', { tracked: { kind: 'ecs', service: 'payments' }, event: {} }, /tracked\.stage is missing for a tracked ecs/],
    ['an event of another kind than its source', { tracked: tracked.payments, event: alarmEvent('x', 'ALARM', 'OK', at(9, '10:00')) }, /detail-type "CloudWatch Alarm State Change" is not one a tracked ecs sends/],
    ['an unreadable time', { tracked: tracked.pipeline, event: { ...stageEvent(PIPELINE, E(1), 'Prod', 'SUCCEEDED', at(9, '10:00')), time: '2026-11-31T10:00:00Z' } }, /event time "2026-11-31T10:00:00Z" is not an ISO-8601/],
  ])('%s is refused, naming what is wrong', async (_what, input, expected) => {
    await expect(handler(input)).rejects.toThrow(expected);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('DeliveryMetrics recorder: transition', () => {
  test('an episode opened by a failed deployment and an alarm closes only when both are restored', () => {
    const t = (h: Date | string) => (typeof h === 'string' ? new Date(h) : h);
    let s = transition(EMPTY_STATE, { kind: 'deployment-failed' }, t('2026-11-02T10:00:00Z')).state;
    s = transition(s, { kind: 'alarm', alarm: 'a', state: 'ALARM' }, t('2026-11-02T10:05:00Z')).state;
    const afterFix = transition(s, { kind: 'deployment-succeeded', revision: 'r2' }, t('2026-11-02T10:30:00Z'));
    expect(afterFix.figures).toEqual({ successfulDeployments: 1 });
    const restored = transition(afterFix.state, { kind: 'alarm', alarm: 'a', state: 'OK' }, t('2026-11-02T10:45:00Z'));
    expect(restored.figures).toEqual({ timeToRestoreSeconds: 2700 });
    expect(restored.state.causes).toEqual([]);
    expect(restored.state.openSince).toBeUndefined();
  });

  test('a manual rollback of a successful deployment with no failure open is restored from the rollback\'s start', () => {
    const ok = transition(EMPTY_STATE, { kind: 'deployment-succeeded', revision: 'r1' }, new Date('2026-11-02T10:00:00Z')).state;
    const back = transition(ok, { kind: 'rollback-succeeded', revision: 'r0', startedAt: new Date('2026-11-02T11:00:00Z') }, new Date('2026-11-02T11:12:00Z'));
    expect(back.figures).toEqual({ rolledBackDeployments: 1, timeToRestoreSeconds: 720 });
    expect(back.state.lastOutcome).toBe('rolled-back');
  });
});
