import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { expectNagClean, testApp, testStack, validationError } from './nag';
import { PavedRoadGuardrails, PreviewReaper, Profile } from '../src';

/** The template with asset hashes replaced, for snapshots that do not change with every handler edit. */
function stripped(stack: Stack): unknown {
  return JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()).replace(/[0-9a-f]{64}(\.zip)?/g, 'ASSET-HASH'));
}

const PROFILES = [Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW];

describe('PreviewReaper', () => {
  // GIVEN one app with a reaper per profile (one synth for every assertion below)
  const app = testApp();
  const stacks = Object.fromEntries(PROFILES.map((profile) => {
    const stack = testStack(app, `Reaper-${profile}`);
    new PreviewReaper(stack, 'PreviewReaper', { profile });
    return [profile, stack];
  })) as Record<Profile, Stack>;
  // and one env-agnostic (account and region are tokens)
  new PreviewReaper(new Stack(app, 'EnvAgnostic'), 'Construct', {});
  // All four packs are applied before the first synth (the tree cannot change after it).
  let nagError: unknown;
  let guardrails: PavedRoadGuardrails | undefined;
  try {
    guardrails = expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  const template = Template.fromStack(stacks[Profile.DEV]);

  test('runs every 15 minutes, one pass at a time, on ARM64 with the newest Node.js runtime', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    // each pass gets the event's time as its "now"
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({
        InputTransformer: { InputPathsMap: { time: '$.time' }, InputTemplate: '{"source":"paved-road.preview-reaper","time":<time>}' },
      })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 1,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
      Environment: { Variables: Match.objectLike({ DRY_RUN: 'false', WARN_BEFORE_MINUTES: '1440', INTERVAL_MINUTES: '15', MAX_TTL_MINUTES: '20160' }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  test('may delete only stacks tagged paved-road:preview=true, and pass only its deletion role, only to CloudFormation', () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as any[]);
    const byAction = (action: string) => statements.filter((s) => ([] as string[]).concat(s.Action).includes(action));
    expect(byAction('cloudformation:DeleteStack')).toEqual([expect.objectContaining({
      Condition: { StringEquals: { 'aws:ResourceTag/paved-road:preview': 'true' } },
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:us-east-1:123456789012:stack/*/*']] },
    })]);
    expect(byAction('iam:PassRole')).toEqual([expect.objectContaining({
      Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/DeletionRole/), 'Arn'] },
    })]);
    // nothing else the function may do touches other resources
    const actions = statements.flatMap((s) => [].concat(s.Action)).sort();
    expect(actions).toEqual(['cloudformation:DeleteStack', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStacks',
      'iam:PassRole', 'kms:Decrypt', 'kms:GenerateDataKey*', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish', 'sqs:SendMessage']);
    // no inline policy on the function role
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
  });

  test('the deletion role is assumable by CloudFormation only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'cloudformation.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }],
    });
  });

  test('reports to a KMS-encrypted topic; its three alarms notify it', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] } });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'PavedRoad/PreviewReaper',
      MetricName: 'StacksInDeleteFailed',
      Statistic: 'Minimum',
      Period: 3600,
      EvaluationPeriods: 2,
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }] });
  });

  test('logs go to an encrypted log group kept the profile\'s retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14, KmsKeyId: Match.anyValue() });
    Template.fromStack(stacks[Profile.PROD]).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('zero unacknowledged findings in all four packs, in every profile', () => {
    expect(nagError).toBeUndefined();
    // the packs did run: the acknowledged findings are there, on the resources that cause them
    const acknowledged = guardrails!.acknowledgments.map((a) => `${a.path.split('/').slice(1).join('/')} ${a.rule}`);
    expect(acknowledged).toEqual(expect.arrayContaining([
      'PreviewReaper/DeletionRole/Resource AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      'PreviewReaper/Function/Resource NIST.800.53.R5-LambdaInsideVPC',
    ]));
  });

  test.each(PROFILES)('snapshot (%s)', (profile) => {
    expect(stripped(stacks[profile])).toMatchSnapshot();
  });

  test('dryRun, interval, warnBefore, a given topic and deletion role', () => {
    const stack = testStack(testApp());
    const role = iam.Role.fromRoleArn(stack, 'Exec', 'arn:aws:iam::123456789012:role/cdk-hnb659fds-cfn-exec-role-123456789012-us-east-1');
    new PreviewReaper(stack, 'R', { dryRun: true, interval: Duration.minutes(5), warnBefore: Duration.hours(2), deletionRole: role });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DRY_RUN: 'true', WARN_BEFORE_MINUTES: '120', INTERVAL_MINUTES: '5', DELETION_ROLE_ARN: role.roleArn }) },
    });
    t.resourceCountIs('AWS::IAM::Role', 1);
  });

  describe('bad input', () => {
    test('an interval under 5 minutes', () => {
      expect(() => new PreviewReaper(testStack(testApp()), 'R', { interval: Duration.minutes(1) })).toThrow(/interval: .* allowed: whole minutes from 5 minutes/);
    });

    test('warnBefore longer than the ttl of previews', () => {
      const e = validationError(() => new PreviewReaper(testStack(testApp()), 'R', { warnBefore: Duration.days(3), maxTtl: Duration.days(2) }));
      expect(e.message).toMatch(/warnBefore: .* shorter than the ttl of previews \(maxTtl, 2 days\)/);
    });

    test('warnBefore shorter than one interval, and maxTtl out of range, reported together', () => {
      const e = validationError(() => new PreviewReaper(testStack(testApp()), 'R', { warnBefore: Duration.minutes(10), maxTtl: Duration.days(30) }));
      expect(e.problems).toHaveLength(2);
      expect(e.message).toMatch(/maxTtl: .* from 1 hour to 14 days/);
      expect(e.message).toMatch(/warnBefore: .* at least the interval/);
    });
  });
});
