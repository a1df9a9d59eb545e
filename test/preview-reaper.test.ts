import { Duration, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { PROFILES } from './fixtures';
import { expectNagClean, testApp, testStack, validationError } from './nag';
import { snapshotOf } from './snapshot';
import { PavedRoadGuardrails, PreviewReaper, PreviewReaperProps, PreviewRoles, Profile } from '../src';
import { pinClock, resetClock } from '../src/core/clock';


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
      Environment: {
        Variables: Match.objectLike({
          DRY_RUN: 'false', WARN_BEFORE_MINUTES: '1440', MAX_TTL_MINUTES: '20160', LEDGER_TABLE_NAME: { Ref: Match.stringLikeRegexp('^PreviewReaperNoticeLedger') },
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  test('may delete only stacks named preview-* tagged paved-road:preview=true, through the preview execution role, and pass only that role, only to CloudFormation', () => {
    const fnPolicy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) => JSON.stringify(p.Properties.Roles ?? []).includes('FunctionRole'))!;
    const statements = fnPolicy.Properties.PolicyDocument.Statement as any[];
    const byAction = (action: string) => statements.filter((s) => ([] as string[]).concat(s.Action).includes(action));
    const previewStacks = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:us-east-1:123456789012:stack/preview-*/*']] };
    const executionRole = { 'Fn::GetAtt': [expect.stringMatching(/PreviewRolesExecutionRole/), 'Arn'] };
    expect(byAction('cloudformation:DeleteStack')).toEqual([expect.objectContaining({
      Condition: { StringEquals: { 'aws:ResourceTag/paved-road:preview': 'true', 'cloudformation:RoleArn': executionRole } },
      Resource: previewStacks,
    })]);
    expect(byAction('cloudformation:DescribeStackEvents')).toEqual([expect.objectContaining({ Resource: previewStacks })]);
    expect(byAction('iam:PassRole')).toEqual([expect.objectContaining({
      Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      Resource: executionRole,
    })]);
    // nothing else the function may do touches other resources
    const actions = statements.flatMap((s) => [].concat(s.Action)).sort();
    expect(actions).toEqual(['cloudformation:DeleteStack', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStacks',
      'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem',
      'iam:PassRole', 'kms:Decrypt', 'kms:GenerateDataKey*', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish', 'sqs:SendMessage']);
    // the notice ledger: item reads and writes, on its own table only
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'))).toEqual([expect.objectContaining({
      Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PreviewReaperNoticeLedger/), 'Arn'] },
    })]);
  });

  test('keeps the notices it sent in a KMS-encrypted DynamoDB ledger with point-in-time recovery and a TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'NoticeKey', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'NoticeKey', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PreviewReaperKey'), 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ExpiresAt', Enabled: true },
    });
    // a stable construct id (its logical id must not move, or the ledger is replaced and notices repeat once)
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([expect.stringMatching(/^PreviewReaperNoticeLedger[0-9A-F]{8}$/)]);
    // removal policy from the profile: kept in staging and prod
    const policy = (profile: Profile) => Object.values(Template.fromStack(stacks[profile]).findResources('AWS::DynamoDB::Table'))[0].DeletionPolicy;
    expect(PROFILES.map(policy)).toEqual(['Delete', 'Retain', 'Retain', 'Delete']);
  });

  test('deletes through the preview execution role: CloudFormation only, under the preview boundary, no AdministratorAccess', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'paved-road-preview-execution-us-east-1',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'cloudformation.amazonaws.com' } })] },
      PermissionsBoundary: { Ref: Match.stringLikeRegexp('PreviewRolesBoundary') },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('AdministratorAccess');
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
      'PreviewReaper/PreviewRoles/ExecutionRole/Resource AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/PowerUserAccess]',
      'PreviewReaper/Function/Resource NIST.800.53.R5-LambdaInsideVPC',
      'PreviewReaper/NoticeLedger/Resource NIST.800.53.R5-DynamoDBInBackupPlan',
      'PreviewReaper/NoticeLedger/Resource HIPAA.Security-DynamoDBInBackupPlan',
    ]));
  });

  test.each(PROFILES)('snapshot (%s)', (profile) => {
    expect(snapshotOf(stacks[profile], { hashes: 'ASSET-HASH', version: 'none' })).toMatchSnapshot();
  });

  test('dryRun, interval, warnBefore and given preview roles', () => {
    const stack = testStack(testApp());
    const previewRoles = new PreviewRoles(stack, 'Roles');
    const reaper = new PreviewReaper(stack, 'R', { dryRun: true, interval: Duration.minutes(5), warnBefore: Duration.hours(2), previewRoles });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DRY_RUN: 'true', WARN_BEFORE_MINUTES: '120', DELETION_ROLE_ARN: stack.resolve(previewRoles.executionRole.roleArn), STACK_NAME_PREFIX: 'preview-' }) },
    });
    expect(reaper.deletionRole).toBe(previewRoles.executionRole);
    // the function role, the execution role and the deploy role: no deletion role of its own
    t.resourceCountIs('AWS::IAM::Role', 3);
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

describe('PavedRoad-PreviewExpiry reads paved-road:expires-at with the reaper\'s parser', () => {
  /** The PreviewExpiry findings of a preview stack tagged with `expiresAt`. */
  function findings(expiresAt: string): string[] {
    const app = testApp();
    const stack = testStack(app);
    Tags.of(stack).add('paved-road:preview', 'true');
    Tags.of(stack).add('paved-road:expires-at', expiresAt);
    new sqs.Queue(stack, 'Queue', { enforceSSL: true });
    const guardrails = PavedRoadGuardrails.enforce(app);
    try {
      app.synth();
    } catch { /* findings are read below */ }
    return guardrails.findings.filter((f) => f.rule.startsWith('PavedRoad-PreviewExpiry')).map((f) => f.rule);
  }

  beforeAll(() => pinClock('2026-11-22T12:00:00Z'));
  afterAll(() => resetClock());

  test('an instant with an offset is read, as the reaper reads it; an impossible date is unparsable, not 2 March', () => {
    expect(findings('2026-11-24T14:00:00+02:00')).toEqual([]);
    expect(findings('2026-02-30T00:00:00Z')).toEqual(['PavedRoad-PreviewExpiry[expires-at::unparsable::2026-02-30T00:00:00Z]']);
  });
});

describe('PreviewReaper props of the wrong kind', () => {
  test.each([
    ['interval', { interval: 15 }, /interval: 15 is not allowed; allowed: a Duration/],
    ['warnBefore', { warnBefore: '1 day' }, /warnBefore: "1 day" is not allowed; allowed: a Duration/],
    ['maxTtl', { maxTtl: null }, /maxTtl: null is not allowed; allowed: a Duration/],
    ['dryRun', { dryRun: 'false' }, /dryRun: "false" is not allowed; allowed: true or false/],
    ['topic', { topic: 'arn:aws:sns:us-east-1:123456789012:t' }, /topic: "arn:aws:sns:us-east-1:123456789012:t" is not allowed; allowed: an sns.ITopic/],
    ['previewRoles', { previewRoles: {} }, /previewRoles: \{\} is not allowed; allowed: a PreviewRoles construct/],
  ])('%s is refused with the prop named', (_prop, props, expected) => {
    expect(() => new PreviewReaper(testStack(testApp()), 'R', props as unknown as PreviewReaperProps)).toThrow(expected);
  });
});
