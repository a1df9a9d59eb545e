import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
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
import { acknowledgeRecorderFindings } from './acknowledgments';
import { DELIVERY_DEFAULTS } from './defaults';
import { deliveryRows } from './delivery-dashboard';
import { DeliveryAlarmOptions, DeliveryEcsServiceOptions, DeliveryMetricsProps, DeliveryPipelineOptions } from './delivery-metrics-props';
import { DELIVERY_METRICS, DELIVERY_STATE, Tracked } from './delivery-schema';
import { RecorderFunction } from './recorder-function';
import {
  TrackedFacts, validateAlarmOptions, validateEcsServiceOptions, validatePipelineOptions, validateTracked, TOPIC,
} from './validation';
import { pinnedDefaults } from '../core/defaults-version';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { alarmPublisherPrincipal, logsServicePrincipal } from '../core/service-principals';
import { PropValidator } from '../core/validation';
import { DATABASE_DEFAULTS } from '../database/defaults';

/** The four DORA figures and the counts behind them, as `DeliveryMetrics` publishes them. */
export enum DeliveryMetricName {
  /** Count per successful deployment of a change: deployment frequency. */
  SUCCESSFUL_DEPLOYMENTS = 'SuccessfulDeployments',
  /** Count per failed deployment. */
  FAILED_DEPLOYMENTS = 'FailedDeployments',
  /** Count per successful deployment a later rollback took back. */
  ROLLED_BACK_DEPLOYMENTS = 'RolledBackDeployments',
  /** Seconds from the commit to its successful deployment. */
  LEAD_TIME_FOR_CHANGES = 'LeadTimeForChanges',
  /** Seconds from a failed deployment or an alarm to the moment no failure is open. */
  TIME_TO_RESTORE = 'TimeToRestore',
}

/** Every rule's input: the tracked source, and the whole event (EventBridge's predefined `aws.events.event.json`). */
class TrackedEventInput extends events.RuleTargetInput {
  constructor(private readonly tracked: Tracked) {
    super();
  }

  public bind(rule: events.IRuleRef): events.RuleTargetInputProperties {
    return { inputTemplate: `{"tracked":${Stack.of(rule).toJsonString(this.tracked)},"event":<aws.events.event.json>}` };
  }
}

/**
 * DORA delivery metrics (deployment frequency, lead time for changes, change failure rate, time to restore) per
 * service and stage, from the CodePipeline and ECS deployment events EventBridge delivers, with a dashboard of the four.
 *
 * One rule per measured pipeline, ECS service or alarm routes its events to a recorder function (Node.js, ARM64,
 * bundled at build time, AWS SDK v3, Powertools), which keeps the state between events (failures still open, the last
 * deployed revision) in a KMS-encrypted DynamoDB table and publishes the figures as CloudWatch metrics in the
 * `PavedRoad/Delivery` namespace (dimensions Service and Stage), timestamped with each event's time.
 * `PavedRoadPipeline` creates one for itself; use it alone for pipelines and services the library did not create.
 * README, "Reading the delivery dashboard", says what each figure means, how it is computed and its limits.
 *
 * @exampleMetadata fixture=delivery
 * @example
 * const metrics = new DeliveryMetrics(stack, 'DeliveryMetrics', {
 *   pipelines: [{ pipeline, serviceName: 'checkout', dashboardStages: ['Prod'] }],
 * });
 * metrics.addAlarm({ alarm, serviceName: 'checkout', stage: 'Prod' });
 */
export class DeliveryMetrics extends PavedRoadConstruct {
  /** The CloudWatch namespace of the figures. */
  public static readonly NAMESPACE: string = DELIVERY_METRICS.NAMESPACE;

  /** A figure of a service in a stage, e.g. to alarm on a change failure rate. */
  public static metric(metricName: DeliveryMetricName, serviceName: string, stage: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: DELIVERY_METRICS.NAMESPACE,
      metricName,
      dimensionsMap: { [DELIVERY_METRICS.SERVICE]: serviceName, [DELIVERY_METRICS.STAGE]: stage },
      ...props,
    });
  }

  /** The function that records each event. */
  public readonly recorderFunction: lambda.IFunction;
  /** The state between events: failures still open and the last deployment per service and stage, 30-day markers. */
  public readonly stateTable: dynamodb.ITable;
  /** The key of the state table, the log group, the dead-letter queue and the alarm topic (when created here). */
  public readonly key: kms.IKey;
  /** The recorder's log group. */
  public readonly logGroup: logs.ILogGroup;
  /** Events whose recording failed after Lambda's retries. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The topic of the recorder's alarms. */
  public readonly alarmTopic: sns.ITopic;
  /** Alarm: an invocation of the recorder failed. */
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** Alarm: an event landed in the dead-letter queue (its figures are missing). */
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  /** The dashboard of the four figures per shown service and stage. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The rules that route the measured sources' events to the recorder, one per source, in the order they were added. */
  public readonly rules: events.Rule[] = [];

  private readonly recorder: lambda.Function;
  private readonly policy: iam.ManagedPolicy;
  private readonly tracked: TrackedFacts[] = [];
  private pipelineReads?: iam.PolicyStatement;
  private counter = 0;

  constructor(scope: Construct, id: string, props: DeliveryMetricsProps = {}) {
    super(scope, id, props, 'DeliveryMetrics');
    const v = new PropValidator('DeliveryMetrics', this.node.path);
    const lists = [['pipelines', props.pipelines], ['ecsServices', props.ecsServices], ['alarms', props.alarms]] as const;
    for (const [prop, value] of lists) v.kind(prop, value, Array.isArray, 'a list');
    v.kind('alarmTopic', props.alarmTopic, TOPIC.is, TOPIC.words);
    (Array.isArray(props.pipelines) ? props.pipelines : []).forEach((o, i) => validatePipelineOptions(v, `pipelines[${i}]`, o));
    (Array.isArray(props.ecsServices) ? props.ecsServices : []).forEach((o, i) => validateEcsServiceOptions(v, `ecsServices[${i}]`, o));
    (Array.isArray(props.alarms) ? props.alarms : []).forEach((o, i) => validateAlarmOptions(v, `alarms[${i}]`, o));
    v.throwIfInvalid();

    const d = this.profileDefaults;
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the delivery state, logs and dead letters of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: d.statefulRemovalPolicy,
    });
    this.key.grantEncryptDecrypt(logsServicePrincipal(this));
    if (!props.alarmTopic) this.key.grantEncryptDecrypt(alarmPublisherPrincipal(this));
    this.alarmTopic = props.alarmTopic ?? new sns.Topic(this, 'AlarmTopic', { masterKey: this.key, enforceSSL: true, displayName: 'Delivery metrics recorder alarms' });

    // the database table's backup retention (pinned like the database's own)
    const backupRetentionDays = pinnedDefaults(this, 'database', this.profile, DATABASE_DEFAULTS[this.profile]).backupRetentionDays;
    const table = new dynamodb.Table(this, 'State', {
      partitionKey: { name: DELIVERY_STATE.KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      // the recovery window follows the profile's backup retention (1 day for previews, 30 in prod)
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: backupRetentionDays },
      timeToLiveAttribute: DELIVERY_STATE.TTL,
      removalPolicy: d.statefulRemovalPolicy,
    });
    this.stateTable = table;
    const dlq = new sqs.Queue(this, 'DeadLetterQueue', {
      // marks it as a dead-letter queue (Control Tower CT.SQS.PR.1); it receives failed recorder invocations
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: DELIVERY_DEFAULTS.deadLetterRetention,
      removalPolicy: d.statefulRemovalPolicy,
    });
    this.deadLetterQueue = dlq;
    this.logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: this.key, retention: d.logRetentionDays, removalPolicy: d.statefulRemovalPolicy });

    // Lambda's execution-role pages show this trust without conditions; the policy below is what bounds the role.
    const role = new iam.Role(this, 'RecorderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the delivery metrics recorder ${this.node.path}: reads the measured pipelines' executions, writes its own state table`,
    });
    this.policy = new iam.ManagedPolicy(this, 'RecorderPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'State', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [table.tableArn] }),
        // What DynamoDB (the table's key) and SQS (the dead-letter queue's) ask of their caller, named one by one:
        // aws-cdk-lib's grants for a KMS table add the same actions as wildcards (GenerateDataKey*, ReEncrypt*).
        new iam.PolicyStatement({
          sid: 'StateAndDeadLetterKey',
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
          resources: [this.key.keyArn],
        }),
        new iam.PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [dlq.queueArn] }),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
      ],
    });

    this.recorder = new RecorderFunction(this, 'Recorder', {
      description: 'Paved-road delivery metrics: records deployments, failures and restores per service and stage',
      architecture: lambda.Architecture.ARM_64,
      role: role.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      timeout: DELIVERY_DEFAULTS.recorderTimeout,
      memorySize: DELIVERY_DEFAULTS.recorderMemoryMiB,
      reservedConcurrentExecutions: DELIVERY_DEFAULTS.recorderConcurrency,
      retryAttempts: DELIVERY_DEFAULTS.recorderRetryAttempts,
      deadLetterQueue: dlq,
      environment: { STATE_TABLE_NAME: table.tableName, POWERTOOLS_LOG_LEVEL: 'INFO' },
    });
    this.recorder.node.addDependency(this.policy);
    this.recorderFunction = this.recorder;
    acknowledgeRecorderFindings({ recorder: this.recorder, stateTable: table });

    const action = new cwActions.SnsAction(this.alarmTopic);
    // The recorder's figures are the platform's evidence: its alarms notify in every profile.
    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `The delivery metrics recorder of ${this.node.path} failed an invocation (Lambda retries it; see its logs)`,
      metric: this.recorder.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `An event of ${this.node.path} could not be recorded and is in its dead-letter queue: its figures are missing`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.errorsAlarm, this.deadLetterAlarm]) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: DELIVERY_DEFAULTS.dashboardInterval,
      widgets: [[
        new cloudwatch.TextWidget({
          markdown: '## Delivery metrics (DORA)\nPer service and stage, over the time range above: deployment frequency, lead time for changes, change failure rate and time to restore. What each figure means, how it is computed and its limits: the paved-road-constructs README, "Reading the delivery dashboard".',
          width: 18,
          height: 3,
        }),
        new cloudwatch.AlarmStatusWidget({ title: 'Recorder health', alarms: [this.errorsAlarm, this.deadLetterAlarm], width: 6, height: 3 }),
      ]],
    });

    for (const o of props.pipelines ?? []) this.addPipeline(o);
    for (const o of props.ecsServices ?? []) this.addEcsService(o);
    for (const o of props.alarms ?? []) this.addAlarm(o);
  }

  /** Measures the deployments of a pipeline: every stage in which a Deploy action runs. */
  public addPipeline(options: DeliveryPipelineOptions): void {
    const v = new PropValidator('DeliveryMetrics.addPipeline', this.node.path);
    validatePipelineOptions(v, 'options', options);
    v.throwIfInvalid();
    const service = options.serviceName ?? options.pipeline.pipelineName;
    this.track(v, { what: 'pipeline', resource: options.pipeline, arn: this.arnOf(options.pipeline.pipelineArn), deploys: options.dashboardStages.map((s) => [service, s]) });
    this.route('Pipeline', { kind: 'pipeline', service }, {
      source: ['aws.codepipeline'],
      detailType: ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change', 'CodePipeline Action Execution State Change'],
      detail: { pipeline: [options.pipeline.pipelineName] },
    });
    if (!this.pipelineReads) {
      // Source revisions and rollbacks (GetPipelineExecution), which actions ran when their events were missed (ListActionExecutions).
      this.pipelineReads = new iam.PolicyStatement({
        sid: 'ReadMeasuredPipelineExecutions',
        actions: ['codepipeline:GetPipelineExecution', 'codepipeline:ListActionExecutions'],
      });
      this.policy.addStatements(this.pipelineReads);
    }
    this.pipelineReads.addResources(options.pipeline.pipelineArn);
    for (const stage of options.dashboardStages) this.showOnDashboard(service, stage);
  }

  /** Measures the deployments of an ECS service from its ECS Deployment State Change events. */
  public addEcsService(options: DeliveryEcsServiceOptions): void {
    const v = new PropValidator('DeliveryMetrics.addEcsService', this.node.path);
    validateEcsServiceOptions(v, 'options', options);
    v.throwIfInvalid();
    this.track(v, { what: 'ECS service', resource: options.service, arn: this.arnOf(options.service.serviceArn), deploys: [[options.serviceName, options.stage]] });
    this.route('EcsService', { kind: 'ecs', service: options.serviceName, stage: options.stage }, {
      source: ['aws.ecs'],
      detailType: ['ECS Deployment State Change'],
      resources: [options.service.serviceArn],
    });
    this.showOnDashboard(options.serviceName, options.stage);
  }

  /** Counts an alarm's ALARM state as a failure of a service in a stage, for time to restore. */
  public addAlarm(options: DeliveryAlarmOptions): void {
    const v = new PropValidator('DeliveryMetrics.addAlarm', this.node.path);
    validateAlarmOptions(v, 'options', options);
    v.throwIfInvalid();
    this.track(v, { what: 'alarm', resource: options.alarm, arn: `${this.arnOf(options.alarm.alarmArn)} ${options.serviceName} ${options.stage}`, deploys: [] });
    this.route('Alarm', { kind: 'alarm', service: options.serviceName, stage: options.stage }, {
      source: ['aws.cloudwatch'],
      detailType: ['CloudWatch Alarm State Change'],
      resources: [options.alarm.alarmArn],
    });
  }

  private track(v: PropValidator, facts: TrackedFacts): void {
    validateTracked(v, 'options', this, facts, this.tracked);
    v.throwIfInvalid();
    this.tracked.push(facts);
  }

  private route(kind: string, tracked: Tracked, eventPattern: events.EventPattern): void {
    const n = ++this.counter;
    this.rules.push(new events.Rule(this, `${kind}${n}Events`, {
      description: `Routes ${tracked.kind} events of ${tracked.service} to the delivery metrics recorder ${this.node.path}`,
      eventPattern,
      targets: [new targets.LambdaFunction(this.recorder, { event: new TrackedEventInput(tracked) })],
    }));
  }

  private showOnDashboard(service: string, stage: string): void {
    for (const row of deliveryRows(service, stage)) this.dashboard.addWidgets(...row);
  }

  private arnOf(arn: string): string {
    return JSON.stringify(Stack.of(this).resolve(arn));
  }
}
