import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { expectNagClean, testApp, testStack, validationError } from './nag';
import { DeliveryMetrics, DeliveryMetricName, DeliveryMetricsProps, PavedRoadGuardrails, Profile } from '../src';

const PROFILES = [Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW];
const PIPELINE_ARN = 'arn:aws:codepipeline:us-east-1:123456789012:checkout-pipeline';
const PAYMENTS_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/prod/payments';
const ALARM_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-prod-5xx';

/** The template with asset hashes replaced, for snapshots that do not change with every handler edit. */
function stripped(stack: Stack): unknown {
  return JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()).replace(/[0-9a-f]{64}(\.zip)?/g, 'ASSET-HASH'));
}

/** A pipeline, an ECS service and an alarm of the stack's account and region, as a platform imports them. */
function sources(stack: Stack) {
  return {
    pipeline: codepipeline.Pipeline.fromPipelineArn(stack, 'CheckoutPipeline', PIPELINE_ARN),
    service: ecs.FargateService.fromServiceArnWithCluster(stack, 'Payments', PAYMENTS_ARN),
    alarm: cloudwatch.Alarm.fromAlarmArn(stack, 'FiveXx', ALARM_ARN),
  };
}

function measuredEverything(stack: Stack, props: DeliveryMetricsProps = {}): DeliveryMetrics {
  const s = sources(stack);
  return new DeliveryMetrics(stack, 'DeliveryMetrics', {
    pipelines: [{ pipeline: s.pipeline, serviceName: 'checkout', dashboardStages: ['Prod'] }],
    ecsServices: [{ service: s.service, serviceName: 'payments', stage: 'prod' }],
    alarms: [{ alarm: s.alarm, serviceName: 'checkout', stage: 'Prod' }],
    ...props,
  });
}

describe('DeliveryMetrics', () => {
  // GIVEN one app with a DeliveryMetrics per profile, each measuring a pipeline, an ECS service and an alarm
  const app = testApp();
  const stacks = Object.fromEntries(PROFILES.map((profile) => {
    const stack = testStack(app, `Delivery-${profile}`);
    measuredEverything(stack, { profile });
    return [profile, stack];
  })) as Record<Profile, Stack>;
  // and one env-agnostic (account and region are tokens) that measures nothing yet
  new DeliveryMetrics(new Stack(app, 'EnvAgnostic'), 'DeliveryMetrics');
  // All four packs are applied before the first synth (the tree cannot change after it).
  let nagError: unknown;
  let guardrails: PavedRoadGuardrails | undefined;
  try {
    guardrails = expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  const template = Template.fromStack(stacks[Profile.DEV]);

  test('records with one ARM64 function on the newest Node.js runtime, with bounded concurrency, retries and a dead-letter queue', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 2,
      Timeout: 30,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveryMetricsDeadLetterQueue'), 'Arn'] } },
      Environment: { Variables: Match.objectLike({ STATE_TABLE_NAME: { Ref: Match.stringLikeRegexp('^DeliveryMetricsState') } }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
  });

  test('one rule per measured source sends the source and the whole event', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties);
    expect(rules.map((r) => r.EventPattern)).toEqual([
      {
        'source': ['aws.codepipeline'],
        'detail-type': ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change', 'CodePipeline Action Execution State Change'],
        'detail': { pipeline: ['checkout-pipeline'] },
      },
      { 'source': ['aws.ecs'], 'detail-type': ['ECS Deployment State Change'], 'resources': [PAYMENTS_ARN] },
      { 'source': ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], 'resources': [ALARM_ARN] },
    ]);
    expect(rules.map((r) => r.Targets[0].InputTransformer)).toEqual([
      { InputTemplate: '{"tracked":{"kind":"pipeline","service":"checkout"},"event":<aws.events.event.json>}' },
      { InputTemplate: '{"tracked":{"kind":"ecs","service":"payments","stage":"prod"},"event":<aws.events.event.json>}' },
      { InputTemplate: '{"tracked":{"kind":"alarm","service":"checkout","stage":"Prod"},"event":<aws.events.event.json>}' },
    ]);
  });

  test('keeps its state in a KMS-encrypted table with point-in-time recovery over the profile\'s backup window and a TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'Key', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveryMetricsKey'), 'Arn'] } },
      TimeToLiveSpecification: { AttributeName: 'ExpiresAt', Enabled: true },
    });
    const tableOf = (profile: Profile) => Object.values(Template.fromStack(stacks[profile]).findResources('AWS::DynamoDB::Table'))[0];
    expect(PROFILES.map((p) => tableOf(p).Properties.PointInTimeRecoverySpecification)).toEqual(
      [7, 14, 30, 1].map((days) => ({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: days })));
    expect(PROFILES.map((p) => tableOf(p).DeletionPolicy)).toEqual(['Delete', 'Retain', 'Retain', 'Delete']);
  });

  test('the stateful resources keep stable logical ids', () => {
    const ids = (type: string) => Object.keys(template.findResources(type));
    expect(ids('AWS::DynamoDB::Table')).toEqual([expect.stringMatching(/^DeliveryMetricsState[0-9A-F]{8}$/)]);
    expect(ids('AWS::KMS::Key')).toEqual([expect.stringMatching(/^DeliveryMetricsKey[0-9A-F]{8}$/)]);
    expect(ids('AWS::Logs::LogGroup')).toEqual([expect.stringMatching(/^DeliveryMetricsLogs[0-9A-F]{8}$/)]);
    expect(ids('AWS::SQS::Queue')).toEqual([expect.stringMatching(/^DeliveryMetricsDeadLetterQueue[0-9A-F]{8}$/)]);
  });

  test('logs to an encrypted log group kept the profile\'s retention', () => {
    const retention = (p: Profile) => Object.values(Template.fromStack(stacks[p]).findResources('AWS::Logs::LogGroup'))[0].Properties;
    expect(PROFILES.map((p) => retention(p).RetentionInDays)).toEqual([14, 90, 365, 3]);
    expect(retention(Profile.DEV).KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DeliveryMetricsKey/), 'Arn'] });
  });

  test('its two alarms notify a KMS-encrypted, SSL-only topic in every profile', () => {
    for (const profile of PROFILES) {
      const t = Template.fromStack(stacks[profile]);
      t.resourceCountIs('AWS::CloudWatch::Alarm', 2);
      for (const alarm of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^DeliveryMetricsAlarmTopic/) }]);
        expect(alarm.Properties.OKActions).toEqual(alarm.Properties.AlarmActions);
      }
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveryMetricsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the dashboard shows the four figures of every shown service and stage, over 30 days', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    expect(body).toContain('\\"start\\":\\"-P30D\\"');
    for (const metric of ['SuccessfulDeployments', 'FailedDeployments', 'RolledBackDeployments', 'LeadTimeForChanges', 'TimeToRestore']) {
      expect(body).toContain(`\\"PavedRoad/Delivery\\",\\"${metric}\\",\\"Service\\",\\"checkout\\",\\"Stage\\",\\"Prod\\"`);
      expect(body).toContain(`\\"PavedRoad/Delivery\\",\\"${metric}\\",\\"Service\\",\\"payments\\",\\"Stage\\",\\"prod\\"`);
    }
    for (const label of ['Deployment frequency (per day)', 'Lead time for changes, p50 (hours)', 'Change failure rate (%)', 'Time to restore, Average (hours)']) {
      expect(body).toContain(label);
    }
    expect(body).toContain('100 * (FILL(f, 0) + FILL(r, 0)) / (FILL(s, 0) + FILL(f, 0))');
  });

  test('zero unacknowledged findings in all four packs, in every profile', () => {
    expect(nagError).toBeUndefined();
    const acknowledged = guardrails!.acknowledgments.filter((a) => a.path.startsWith('Delivery-dev/')).map((a) => `${a.path.split('/').slice(1).join('/')} ${a.rule}`);
    expect(acknowledged.sort()).toEqual([
      'DeliveryMetrics/Recorder/Resource HIPAA.Security-LambdaInsideVPC',
      'DeliveryMetrics/Recorder/Resource NIST.800.53.R5-LambdaInsideVPC',
      'DeliveryMetrics/Recorder/Resource PCI.DSS.321-LambdaInsideVPC',
      'DeliveryMetrics/State/Resource HIPAA.Security-DynamoDBInBackupPlan',
      'DeliveryMetrics/State/Resource NIST.800.53.R5-DynamoDBInBackupPlan',
    ]);
  });

  test.each(PROFILES)('snapshot (%s)', (profile) => {
    expect(stripped(stacks[profile])).toMatchSnapshot();
  });

  test('DeliveryMetrics.metric reads a figure of a service in a stage', () => {
    const stack = testStack(testApp(), 'Metric');
    const m = DeliveryMetrics.metric(DeliveryMetricName.TIME_TO_RESTORE, 'checkout', 'Prod', { statistic: 'Maximum' });
    expect(stack.resolve(m.toMetricConfig().metricStat)).toMatchObject({
      namespace: 'PavedRoad/Delivery',
      metricName: 'TimeToRestore',
      statistic: 'Maximum',
      dimensions: [{ name: 'Service', value: 'checkout' }, { name: 'Stage', value: 'Prod' }],
    });
  });
});

describe('DeliveryMetrics tracking added later', () => {
  test('a second pipeline widens the one read statement and adds a rule; a given topic is used and no topic is created', () => {
    const stack = testStack(testApp());
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:us-east-1:123456789012:ops');
    const metrics = measuredEverything(stack, { alarmTopic: topic });
    metrics.addPipeline({ pipeline: codepipeline.Pipeline.fromPipelineArn(stack, 'Orders', 'arn:aws:codepipeline:us-east-1:123456789012:orders-pipeline'), dashboardStages: ['Prod', 'Staging'] });
    const t = Template.fromStack(stack);
    const statements = Object.values(t.findResources('AWS::IAM::ManagedPolicy'))[0].Properties.PolicyDocument.Statement as any[];
    expect(statements.find((s) => s.Sid === 'ReadMeasuredPipelineExecutions')).toEqual(expect.objectContaining({
      Action: ['codepipeline:GetPipelineExecution', 'codepipeline:ListActionExecutions'],
      Resource: [PIPELINE_ARN, 'arn:aws:codepipeline:us-east-1:123456789012:orders-pipeline'],
    }));
    t.resourceCountIs('AWS::Events::Rule', 4);
    expect(metrics.rules.map((r) => r.node.id)).toEqual(['Pipeline1Events', 'EcsService2Events', 'Alarm3Events', 'Pipeline4Events']);
    // without a serviceName the Service dimension is the pipeline's name
    t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ InputTransformer: { InputTemplate: '{"tracked":{"kind":"pipeline","service":"orders-pipeline"},"event":<aws.events.event.json>}' } })] });
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'] });
    expect(metrics.alarmTopic).toBe(topic);
  });
});

describe('DeliveryMetrics bad input', () => {
  const build = (props: (s: ReturnType<typeof sources>) => Record<string, unknown>) => {
    const stack = testStack(testApp());
    return () => new DeliveryMetrics(stack, 'DeliveryMetrics', props(sources(stack)) as DeliveryMetricsProps);
  };

  test('every problem of the options is reported at once, each naming the prop, the value and what is allowed', () => {
    const e = validationError(build((s) => ({
      pipelines: [{ pipeline: s.pipeline, serviceName: 'check out', dashboardStages: ['Prod', 'Prod', 'Pr od'] }, { pipeline: s.pipeline, dashboardStages: [] }],
      ecsServices: [{ service: s.service, serviceName: 'payments' }],
      alarms: [{ alarm: 'checkout-prod-5xx', serviceName: 'checkout', stage: 'Prod' }],
      alarmTopic: 'arn:aws:sns:us-east-1:123456789012:ops',
    })));
    expect(e.problems).toEqual([
      'alarmTopic: "arn:aws:sns:us-east-1:123456789012:ops" is not allowed; allowed: an sns.ITopic (an sns.Topic, or sns.Topic.fromTopicArn).',
      'pipelines[0].serviceName: "check out" is not allowed; allowed: 1 to 100 letters, digits and . _ @ - /.',
      'pipelines[0].dashboardStages[1]: "Prod" is not allowed; allowed: a stage not listed before (dashboardStages[0] is the same).',
      'pipelines[0].dashboardStages[2]: "Pr od" is not allowed; allowed: a CodePipeline stage name: 1 to 100 letters, digits and . @ - _.',
      'pipelines[1].dashboardStages: [] is not allowed; allowed: at least one stage name.',
      'ecsServices[0].stage: is required; pass the Stage dimension of its figures (e.g. prod).',
      'alarms[0].alarm: "checkout-prod-5xx" is not allowed; allowed: a cloudwatch.IAlarm (a cloudwatch.Alarm, or cloudwatch.Alarm.fromAlarmArn).',
    ]);
    expect(e.message).toMatch(/^DeliveryMetrics 'TestStack\/DeliveryMetrics' has 7 invalid props:/);
  });

  test.each([
    ['pipelines', { pipelines: 'checkout-pipeline' }, /pipelines: "checkout-pipeline" is not allowed; allowed: a list/],
    ['a pipeline given as its name', { pipelines: [{ pipeline: 'checkout-pipeline', dashboardStages: ['Prod'] }] }, /pipelines\[0\]\.pipeline: "checkout-pipeline" is not allowed; allowed: a codepipeline\.IPipeline/],
    ['an ECS service given as its ARN', { ecsServices: [{ service: PAYMENTS_ARN, serviceName: 'payments', stage: 'prod' }] }, /ecsServices\[0\]\.service: ".*" is not allowed; allowed: an ecs\.IBaseService/],
    ['dashboardStages missing', { pipelines: [{ pipeline: codepipeline.Pipeline.fromPipelineArn(new Stack(), 'P', PIPELINE_ARN) }] }, /pipelines\[0\]\.dashboardStages: is required; pass the CodePipeline stage names the dashboard shows/],
  ])('%s of the wrong kind is refused with the prop named', (_what, props, expected) => {
    expect(build(() => props)).toThrow(expected);
  });

  test('the same pipeline twice, and one service and stage from two sources, are refused: they would count twice', () => {
    expect(build((s) => ({ pipelines: [{ pipeline: s.pipeline, dashboardStages: ['Prod'] }, { pipeline: s.pipeline, dashboardStages: ['Dev'] }] })))
      .toThrow(/options: "pipeline" is not allowed; allowed: a pipeline not tracked already: it is, by the same ARN/);
    expect(build((s) => ({
      pipelines: [{ pipeline: s.pipeline, serviceName: 'payments', dashboardStages: ['prod'] }],
      ecsServices: [{ service: s.service, serviceName: 'payments', stage: 'prod' }],
    }))).toThrow(/options: "payments in prod" is not allowed; allowed: a service and stage no other source records \(pipeline TestStack\/CheckoutPipeline records its deployments already; they would count twice\)/);
  });

  test('a source in another region is refused: the rules see only their own account and region', () => {
    const stack = testStack(testApp());
    const metrics = new DeliveryMetrics(stack, 'DeliveryMetrics');
    const elsewhere = codepipeline.Pipeline.fromPipelineArn(stack, 'Elsewhere', 'arn:aws:codepipeline:eu-west-1:123456789012:checkout-pipeline');
    expect(() => metrics.addPipeline({ pipeline: elsewhere, dashboardStages: ['Prod'] }))
      .toThrow(/DeliveryMetrics\.addPipeline 'TestStack\/DeliveryMetrics' has 1 invalid prop:\n {2}- options: "pipeline in region eu-west-1" is not allowed; allowed: a pipeline in this region \(us-east-1\)/);
  });

  test('addAlarm and addEcsService name what is wrong', () => {
    const stack = testStack(testApp());
    const metrics = new DeliveryMetrics(stack, 'DeliveryMetrics');
    expect(() => metrics.addAlarm({ alarm: sources(stack).alarm, serviceName: '', stage: 'Prod' })).toThrow(/options\.serviceName: is required/);
    expect(() => metrics.addEcsService(undefined as any)).toThrow(/options: is required; pass the service, its serviceName and its stage/);
  });
});
