import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PavedRoadConstructProps } from '../core/paved-road-construct';

/**
 * A CodePipeline pipeline whose deployments `DeliveryMetrics` measures: every stage in which a Deploy action runs.
 */
export interface DeliveryPipelineOptions {
  /**
   * The pipeline. It must be in the account and region of the `DeliveryMetrics` (its rule sees only that event bus).
   */
  readonly pipeline: codepipeline.IPipeline;

  /**
   * The Service dimension of the pipeline's figures: 1 to 100 letters, digits and `. _ @ - /`.
   *
   * @default - the pipeline's name.
   */
  readonly serviceName?: string;

  /**
   * The CodePipeline stage names whose four figures the dashboard shows, usually the production stages (at least one,
   * each a name CodePipeline accepts). The figures of every other stage are recorded too and can be graphed from the
   * `PavedRoad/Delivery` namespace.
   */
  readonly dashboardStages: string[];
}

/**
 * An ECS service whose deployments `DeliveryMetrics` measures from its ECS Deployment State Change events (for a
 * service no measured pipeline deploys: a service deployed by a measured pipeline would count twice).
 */
export interface DeliveryEcsServiceOptions {
  /** The ECS service, in the account and region of the `DeliveryMetrics`. */
  readonly service: ecs.IBaseService;

  /** The Service dimension of its figures: 1 to 100 letters, digits and `. _ @ - /`. */
  readonly serviceName: string;

  /** The Stage dimension of its figures (the environment it runs in, e.g. `prod`): same characters as `serviceName`. */
  readonly stage: string;
}

/**
 * A CloudWatch alarm whose ALARM state counts as a failure of a service in a stage, for time to restore: the failure
 * opens when the alarm goes into ALARM and is restored when it is OK again (and no failed deployment is open).
 */
export interface DeliveryAlarmOptions {
  /** The alarm, in the account and region of the `DeliveryMetrics`. */
  readonly alarm: cloudwatch.IAlarm;

  /** The Service dimension of the failure (the same name its deployments are recorded under). */
  readonly serviceName: string;

  /** The Stage dimension of the failure (the same stage name its deployments are recorded under). */
  readonly stage: string;
}

/**
 * Props of `DeliveryMetrics`.
 */
export interface DeliveryMetricsProps extends PavedRoadConstructProps {
  /**
   * Pipelines to measure (more can be added with `addPipeline`).
   *
   * @default - none.
   */
  readonly pipelines?: DeliveryPipelineOptions[];

  /**
   * ECS services to measure from their deployment events (more can be added with `addEcsService`).
   *
   * @default - none.
   */
  readonly ecsServices?: DeliveryEcsServiceOptions[];

  /**
   * Alarms whose ALARM state is a failure of a service in a stage (more can be added with `addAlarm`).
   *
   * @default - none: only failed deployments start a time to restore.
   */
  readonly alarms?: DeliveryAlarmOptions[];

  /**
   * Topic for the recorder's own alarms (a failed invocation, an event in its dead-letter queue). Its key, if any,
   * must let `cloudwatch.amazonaws.com` use it.
   *
   * @default - a new KMS-encrypted, SSL-only topic.
   */
  readonly alarmTopic?: sns.ITopic;
}
