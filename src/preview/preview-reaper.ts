import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
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
import { ReaperFunction } from './reaper-function';
import { PreviewTags } from './tag-keys';
import { acknowledge } from '../core/acknowledge';
import { PavedRoadConstruct, PavedRoadConstructProps } from '../core/paved-road-construct';
import { PropValidator } from '../core/validation';

/** Namespace of the metrics the reaper writes in CloudWatch embedded metric format. */
const METRIC_NAMESPACE = 'PavedRoad/PreviewReaper';

/**
 * Props of `PreviewReaper`.
 */
export interface PreviewReaperProps extends PavedRoadConstructProps {
  /**
   * Time between two passes (5 minutes to 24 hours, whole minutes). A preview outlives its expiry by at most this much.
   *
   * @default Duration.minutes(15)
   */
  readonly interval?: Duration;

  /**
   * How long before a preview expires the reaper warns on the topic, once, naming how to extend it.
   * At least one interval, and shorter than `maxTtl`.
   *
   * @default Duration.hours(24)
   */
  readonly warnBefore?: Duration;

  /**
   * The longest ttl previews in this account may have (the platform's limit, 1 hour to 14 days): a preview is reaped at the
   * latest this long after its last deployment, whatever its expiry tag says. `warnBefore` must be shorter.
   *
   * @default Duration.days(14)
   */
  readonly maxTtl?: Duration;

  /**
   * Report what would be deleted and delete nothing. A single invocation with the event `{"dryRun": true}` is a dry run too.
   *
   * @default false
   */
  readonly dryRun?: boolean;

  /**
   * Topic for the reports (failed deletions, unreadable expiry tags, expiry warnings) and the alarms.
   *
   * @default - a new KMS-encrypted, SSL-only topic.
   */
  readonly topic?: sns.ITopic;

  /**
   * The role CloudFormation assumes to delete previews. The reaper's own role can only pass this role to CloudFormation
   * and call DeleteStack on stacks tagged `paved-road:preview=true`.
   *
   * @default - a new role trusted by CloudFormation in this account, with AdministratorAccess (the power of the CDK bootstrap
   * execution role that deployed the previews: deleting a stack needs the power to delete each of its resources).
   */
  readonly deletionRole?: iam.IRole;
}

/**
 * Deletes expired preview environments: deployed once per account and region by the platform team.
 *
 * An EventBridge rule (every 15 minutes by default) invokes a Lambda function (Node.js, ARM64, bundled at build time,
 * AWS SDK v3) that pages through the region's stacks with DescribeStacks and deletes, through `deletionRole`, each
 * top-level stack tagged `paved-road:preview=true` whose `paved-road:expires-at` has passed. It never touches a stack
 * without the preview tag, with termination protection, in an `_IN_PROGRESS` status, nested in another, or whose
 * expiry tag is missing or unparsable (reported on the topic instead). A stack in DELETE_FAILED is retried on every
 * pass and reported once with its failing resources. Throttling is retried with backoff; alarms watch errors, stacks
 * stuck in DELETE_FAILED and the dead-letter queue.
 *
 * @example
 * new PreviewReaper(platformStack, 'PreviewReaper', { owner: 'team-platform', dryRun: true });
 */
export class PreviewReaper extends PavedRoadConstruct {
  /** The function that runs one pass per invocation. */
  public readonly reaperFunction: lambda.IFunction;
  /** The role CloudFormation assumes to delete previews. */
  public readonly deletionRole: iam.IRole;
  /** The topic of reports and alarms. */
  public readonly topic: sns.ITopic;
  /** The schedule. */
  public readonly rule: events.Rule;
  /** Failed asynchronous invocations. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The key of the topic (when created here), the dead-letter queue and the log group. */
  public readonly key: kms.IKey;
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

    const v = new PropValidator('PreviewReaper', this.node.path);
    const minutes = (d: Duration) => d.toMinutes({ integral: false });
    v.check('interval', props.interval, (d) => Number.isInteger(minutes(d)) && minutes(d) >= minutes(PREVIEW_DEFAULTS.minReaperInterval) && minutes(d) <= minutes(PREVIEW_DEFAULTS.maxReaperInterval),
      'whole minutes from 5 minutes to 24 hours (a pass over thousands of stacks must finish before the next starts)');
    v.check('maxTtl', props.maxTtl, (d) => minutes(d) >= minutes(PREVIEW_DEFAULTS.minTtl) && minutes(d) <= minutes(PREVIEW_DEFAULTS.maxTtl), 'from 1 hour to 14 days');
    if (!warnBefore.isUnresolved() && !interval.isUnresolved() && !maxTtl.isUnresolved()) {
      v.check('warnBefore', props.warnBefore, (d) => minutes(d) >= minutes(interval) && minutes(d) < minutes(maxTtl),
        `at least the interval (${interval.toHumanString()}) and shorter than the ttl of previews (maxTtl, ${maxTtl.toHumanString()})`);
    }
    v.throwIfInvalid();

    const d = this.profileDefaults;
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the reports, dead-letter queue and logs of the preview reaper ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: d.statefulRemovalPolicy,
    });
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
    this.topic = props.topic ?? new sns.Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true, displayName: 'Preview reaper reports' });

    this.deletionRole = props.deletionRole ?? this.createDeletionRole();

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
    acknowledge(dlq, [{
      rules: ['AwsSolutions-SQS3'],
      reason: 'This queue is the dead-letter queue of the preview reaper function; a dead-letter queue of a dead-letter queue would only move the same failed invocations again.',
    }], true);
    this.deadLetterQueue = dlq;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: this.key,
      retention: d.logRetentionDays,
      removalPolicy: d.statefulRemovalPolicy,
    });

    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the preview reaper ${this.node.path}: reads stacks, deletes tagged previews through its deletion role only`,
    });
    const policy = new iam.ManagedPolicy(this, 'FunctionPolicy', {
      roles: [role],
      statements: this.functionStatements(stack, dlq),
    });
    acknowledge(policy, [{
      rules: ['AwsSolutions-IAM5'],
      reason: 'DescribeStacks without a stack name (the pass lists every stack of the region) only accepts Resource "*"; DescribeStackEvents and the tag-conditioned DeleteStack name stacks by the stack/<name>/<id> pattern because previews are found at run time; kms:GenerateDataKey* covers the data-key variants SNS and SQS request.',
      appliesTo: ['Resource::*', /^Resource::arn:<AWS::Partition>:cloudformation:([a-z0-9-]+|<AWS::Region>):(\d{12}|<AWS::AccountId>):stack\/\*\/\*$/, 'Action::kms:GenerateDataKey*'],
    }]);

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
        INTERVAL_MINUTES: String(interval.toMinutes()),
        MAX_TTL_MINUTES: String(maxTtl.toMinutes()),
      },
    });
    fn.node.addDependency(policy);
    acknowledge(fn, [{
      rules: ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
      reason: 'The preview reaper calls only the regional CloudFormation and SNS APIs and reaches no resource inside a VPC; a VPC would add NAT or endpoint cost to the account-wide cleanup function without isolating anything.',
    }], true);
    this.reaperFunction = fn;

    this.rule = new events.Rule(this, 'Schedule', {
      description: `Runs the preview reaper every ${interval.toHumanString()}`,
      schedule: events.Schedule.rate(interval),
      // The event's time is the pass's "now": a late start or a retried invocation covers the same window.
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ source: 'paved-road.preview-reaper', time: events.EventField.time }) })],
    });

    const action = new cwActions.SnsAction(this.topic);
    // The reaper is the platform's own account-wide cleanup: its alarms notify in every profile.
    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'A preview reaper pass failed (see the function logs: reaper pass finished with errors)',
      metric: fn.metricErrors({ period: Duration.minutes(Math.max(interval.toMinutes(), 5)), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deleteFailedAlarm = new cloudwatch.Alarm(this, 'DeleteFailedAlarm', {
      alarmDescription: 'A preview stack has stayed in DELETE_FAILED for two hours despite retries',
      metric: new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: 'StacksInDeleteFailed',
        dimensionsMap: { FunctionName: fn.functionName },
        statistic: 'Minimum',
        period: Duration.hours(1),
      }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'A preview reaper invocation failed and landed in its dead-letter queue',
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.errorsAlarm, this.deleteFailedAlarm, this.deadLetterAlarm]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  private createDeletionRole(): iam.Role {
    const role = new iam.Role(this, 'DeletionRole', {
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com'),
      description: `CloudFormation deletes expired previews with this role, passed by the preview reaper ${this.node.path}`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    acknowledge(role, [{
      rules: ['AwsSolutions-IAM4'],
      reason: 'Only CloudFormation can assume this role, and only the preview reaper may pass it (to DeleteStack on stacks tagged paved-road:preview=true); deleting a preview needs the power to delete each of its resources, as the CDK bootstrap execution role that created them has.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess'],
    }]);
    return role;
  }

  private functionStatements(stack: Stack, dlq: sqs.IQueue): iam.PolicyStatement[] {
    const stacks = stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: '*/*' });
    const keys = [this.key.keyArn];
    if (this.topic.masterKey && this.topic.masterKey !== this.key) keys.push(this.topic.masterKey.keyArn);
    return [
      new iam.PolicyStatement({ sid: 'ListStacks', actions: ['cloudformation:DescribeStacks'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'ReadStackEvents', actions: ['cloudformation:DescribeStackEvents'], resources: [stacks] }),
      new iam.PolicyStatement({
        sid: 'DeleteTaggedPreviewsOnly',
        actions: ['cloudformation:DeleteStack'],
        resources: [stacks],
        conditions: { StringEquals: { [`aws:ResourceTag/${PreviewTags.PREVIEW}`]: 'true' } },
      }),
      new iam.PolicyStatement({
        sid: 'PassDeletionRoleToCloudFormation',
        actions: ['iam:PassRole'],
        resources: [this.deletionRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
      new iam.PolicyStatement({ sid: 'PublishReports', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
      new iam.PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [dlq.queueArn] }),
      new iam.PolicyStatement({ sid: 'EncryptReportsAndDeadLetters', actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: keys }),
      new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    ];
  }
}
