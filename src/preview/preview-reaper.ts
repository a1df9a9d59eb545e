import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PREVIEW_DEFAULTS } from './defaults';
import { NOTICE_LEDGER } from './notice-ledger-schema';
import { acknowledgeDeadLetterQueue, acknowledgeFunctionOutsideVpc, acknowledgeFunctionPolicy, acknowledgeNoticeLedger } from './preview-reaper-acknowledgments';
import { PreviewReaperProps } from './preview-reaper-props';
import { validatePreviewReaperProps } from './preview-reaper-validation';
import { PreviewRoles } from './preview-roles';
import { PREVIEW_STACK_PREFIX, previewStacksArn } from './preview-stacks';
import { ReaperFunction } from './reaper-function';
import { PreviewTags } from './tag-keys';
import { createAlarms } from '../core/alarms';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { alarmPublisherPrincipal, logsServicePrincipal } from '../core/service-principals';

/** Namespace of the metrics the reaper writes in CloudWatch embedded metric format. */
const METRIC_NAMESPACE = 'PavedRoad/PreviewReaper';

/**
 * Deletes expired preview environments: deployed once per account and region by the platform team.
 *
 * An EventBridge rule (every 15 minutes by default) invokes a Lambda function (Node.js, ARM64, bundled at build time,
 * AWS SDK v3) that pages through the region's stacks with DescribeStacks and deletes, through `deletionRole`, each
 * top-level stack tagged `paved-road:preview=true` whose `paved-road:expires-at` (an ISO-8601 instant with `Z` or an
 * offset) has passed. Every CloudFormation stack status has a row in its status table: it never touches a stack
 * without the preview tag, with termination protection, while an operation runs on it, nested in another, or whose
 * expiry tag is missing or unreadable (reported on the topic instead). A stack in DELETE_FAILED is retried on every
 * pass and reported once with the resources that failed. Each notice is sent once: a DynamoDB notice ledger keeps
 * which were sent, and one that could not be sent is sent by the next pass. A DescribeStacks page that fails ends the
 * pass after the stacks already read (the invocation then fails). Throttling is retried with backoff; alarms watch
 * errors, stacks stuck in DELETE_FAILED and the dead-letter queue.
 *
 * @example
 * new PreviewReaper(platformStack, 'PreviewReaper', { owner: 'team-platform', dryRun: true });
 */
export class PreviewReaper extends PavedRoadConstruct {
  /** The function that runs one pass per invocation. */
  public readonly reaperFunction: lambda.IFunction;
  /** The role CloudFormation assumes to delete previews: the preview execution role, under the preview boundary. */
  public readonly deletionRole: iam.IRole;
  /** The bounded preview credentials the reaper deletes with (given, or created here). */
  public readonly previewRoles: PreviewRoles;
  /** The topic of reports and alarms. */
  public readonly topic: sns.ITopic;
  /** The schedule. */
  public readonly rule: events.Rule;
  /** Failed asynchronous invocations. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The key of the topic (when created here), the dead-letter queue, the log group and the notice ledger. */
  public readonly key: kms.IKey;
  /**
   * The notice ledger: one item per notice sent (key `<stack id>#<kind>#<moment>`), so no notice is sent twice and
   * one that could not be sent is retried. Items expire 23 to 30 days after the last pass that saw their condition.
   */
  public readonly noticeLedger: dynamodb.ITable;
  /** The function's log group. */
  public readonly logGroup: logs.ILogGroup;
  /** Alarm: a pass failed. */
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** Alarm: a preview has stayed in DELETE_FAILED for two hours. */
  public readonly deleteFailedAlarm: cloudwatch.Alarm;
  /** Alarm: an invocation landed in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PreviewReaperProps = {}) {
    super(scope, id, props, 'PreviewReaper');
    const interval = props.interval ?? PREVIEW_DEFAULTS.reaperInterval;
    const warnBefore = props.warnBefore ?? PREVIEW_DEFAULTS.warnBefore;
    const maxTtl = props.maxTtl ?? PREVIEW_DEFAULTS.maxTtl;

    validatePreviewReaperProps(this.node.path, props, { interval, warnBefore, maxTtl });

    const d = this.profileDefaults;
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the reports, dead-letter queue and logs of the preview reaper ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: d.statefulRemovalPolicy,
    });
    this.key.grantEncryptDecrypt(alarmPublisherPrincipal(this));
    this.key.grantEncryptDecrypt(logsServicePrincipal(this));
    this.topic = props.topic ?? new sns.Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true, displayName: 'Preview reaper reports' });

    this.previewRoles = props.previewRoles ?? new PreviewRoles(this, 'PreviewRoles', { owner: this.owner, costCenter: this.costCenter, profile: this.profile });
    this.deletionRole = this.previewRoles.executionRole;

    const dlq = new sqs.Queue(this, 'DeadLetterQueue', {
      // marks it as a dead-letter queue (Control Tower CT.SQS.PR.1 wants allowAll or byQueue on one);
      // it receives failed reaper invocations, no queue redrives into it
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: d.statefulRemovalPolicy,
    });
    acknowledgeDeadLetterQueue(dlq);
    this.deadLetterQueue = dlq;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: this.key,
      retention: d.logRetentionDays,
      removalPolicy: d.statefulRemovalPolicy,
    });

    const ledger = new dynamodb.Table(this, 'NoticeLedger', {
      partitionKey: { name: NOTICE_LEDGER.KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: NOTICE_LEDGER.TTL,
      removalPolicy: d.statefulRemovalPolicy,
    });
    acknowledgeNoticeLedger(ledger);
    this.noticeLedger = ledger;

    // No aws:SourceAccount here: the Lambda execution-role pages show this trust without conditions (one
    // sentence mentions the keys generically, for event source mappings); a key Lambda does not send would
    // stop the reaper, silently. What limits the role is iam:PassRole and its policy.
    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the preview reaper ${this.node.path}: reads stacks, deletes tagged previews through its deletion role only`,
    });
    const policy = new iam.ManagedPolicy(this, 'FunctionPolicy', {
      roles: [role],
      statements: this.functionStatements(stack, dlq),
    });
    acknowledgeFunctionPolicy(policy, stack);

    const fn = new ReaperFunction(this, 'Function', {
      description: 'Paved-road preview reaper: deletes expired preview stacks',
      architecture: lambda.Architecture.ARM_64,
      role: role.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      timeout: PREVIEW_DEFAULTS.reaperTimeout,
      memorySize: PREVIEW_DEFAULTS.reaperMemoryMiB,
      // One pass at a time: two passes could delete and report the same stacks twice.
      reservedConcurrentExecutions: 1,
      // The next scheduled pass is the retry; failed invocations go to the dead-letter queue.
      retryAttempts: 0,
      deadLetterQueue: dlq,
      environment: {
        DELETION_ROLE_ARN: this.deletionRole.roleArn,
        TOPIC_ARN: this.topic.topicArn,
        DRY_RUN: String(props.dryRun ?? false),
        WARN_BEFORE_MINUTES: String(warnBefore.toMinutes()),
        MAX_TTL_MINUTES: String(maxTtl.toMinutes()),
        STACK_NAME_PREFIX: PREVIEW_STACK_PREFIX,
        LEDGER_TABLE_NAME: ledger.tableName,
      },
    });
    fn.node.addDependency(policy);
    acknowledgeFunctionOutsideVpc(fn);
    this.reaperFunction = fn;

    this.rule = new events.Rule(this, 'Schedule', {
      description: `Runs the preview reaper every ${interval.toHumanString()}`,
      schedule: events.Schedule.rate(interval),
      // The event's time is the pass's "now": a late start or a retried invocation judges expiry at the same moment.
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ source: 'paved-road.preview-reaper', time: events.EventField.time }) })],
    });

    // The reaper is the platform's own account-wide cleanup: its alarms notify in every profile.
    const gte = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    [this.errorsAlarm, this.deleteFailedAlarm, this.deadLetterAlarm] = createAlarms(this, [
      {
        id: 'ErrorsAlarm',
        description: 'A preview reaper pass failed (see the function logs: reaper pass finished with errors)',
        metric: fn.metricErrors({ period: Duration.minutes(Math.max(interval.toMinutes(), 5)), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparison: gte,
      },
      {
        id: 'DeleteFailedAlarm',
        description: 'A preview stack has stayed in DELETE_FAILED for two hours despite retries',
        metric: new cloudwatch.Metric({
          namespace: METRIC_NAMESPACE,
          metricName: 'StacksInDeleteFailed',
          dimensionsMap: { FunctionName: fn.functionName },
          statistic: 'Minimum',
          period: Duration.hours(1),
        }),
        threshold: 1,
        evaluationPeriods: 2,
        comparison: gte,
      },
      {
        id: 'DeadLetterAlarm',
        description: 'A preview reaper invocation failed and landed in its dead-letter queue',
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparison: gte,
      },
    ], { topic: this.topic, actions: true });
  }

  private functionStatements(stack: Stack, dlq: sqs.IQueue): iam.PolicyStatement[] {
    const previewStacks = previewStacksArn(stack);
    const keys = [this.key.keyArn];
    if (this.topic.masterKey && this.topic.masterKey !== this.key) keys.push(this.topic.masterKey.keyArn);
    return [
      new iam.PolicyStatement({ sid: 'ListStacks', actions: ['cloudformation:DescribeStacks'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'ReadPreviewStackEvents', actions: ['cloudformation:DescribeStackEvents'], resources: [previewStacks] }),
      new iam.PolicyStatement({
        sid: 'DeleteTaggedPreviewsOnly',
        actions: ['cloudformation:DeleteStack'],
        resources: [previewStacks],
        conditions: {
          StringEquals: { [`aws:ResourceTag/${PreviewTags.PREVIEW}`]: 'true', 'cloudformation:RoleArn': this.deletionRole.roleArn },
        },
      }),
      new iam.PolicyStatement({
        sid: 'PassDeletionRoleToCloudFormation',
        actions: ['iam:PassRole'],
        resources: [this.deletionRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
      new iam.PolicyStatement({ sid: 'PublishReports', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
      // Claim a notice (conditional PutItem), release it when it could not be sent (DeleteItem), read a claim back.
      new iam.PolicyStatement({ sid: 'NoticeLedger', actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem'], resources: [this.noticeLedger.tableArn] }),
      new iam.PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [dlq.queueArn] }),
      new iam.PolicyStatement({ sid: 'EncryptReportsAndDeadLetters', actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: keys }),
      new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    ];
  }
}
