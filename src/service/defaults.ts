import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Profile } from '../core/profile';

/**
 * Per-profile service defaults that the shared profile table does not hold.
 * (Sizes, capacity, spot, tracing, ECS Exec, WAF and alarm actions come from the table.)
 *
 * @internal
 */
export interface ServiceProfileDefaults {
  /** Days the load balancer access logs are kept before the bucket expires them. */
  readonly accessLogExpirationDays: number;
  /** Time ECS ignores failing load-balancer health checks after a task starts. */
  readonly healthCheckGracePeriod: Duration;
  /** Time the target group drains connections of a deregistered task. */
  readonly deregistrationDelay: Duration;
  /** Target CPU and memory utilization (percent) autoscaling keeps. */
  readonly scalingTargetUtilizationPercent: number;
  /** Target ALB requests per task per minute autoscaling keeps. */
  readonly scalingRequestsPerTarget: number;
  /** Alarm: share of requests answered with a 5xx (percent) over 5 minutes. */
  readonly alarm5xxRatePercent: number;
  /** Alarm: p99 target response time. */
  readonly alarmP99Latency: Duration;
  /** Alarm: average CPU and memory utilization (percent) over 15 minutes. */
  readonly alarmUtilizationPercent: number;
  /**
   * Whether ARM64 services run on FARGATE_SPOT where the profile runs services on Spot (`fargateSpot`
   * of the shared table). Fargate Spot runs Linux ARM64 tasks on platform version 1.4.0 or later (ECS
   * API Reference, CapacityProviderStrategyItem); services run on LATEST, which is 1.4.0.
   */
  readonly arm64Spot: boolean;
  /** How ECS replaces the tasks on a change (ECS's own strategies; see deployment.ts). */
  readonly deploymentStrategy: ecs.DeploymentStrategy;
  /** CANARY: share (percent) of production traffic the new revision gets during the canary step. */
  readonly canaryPercent: number;
  /** LINEAR: share (percent) of production traffic each step moves. */
  readonly linearStepPercent: number;
  /** CANARY and LINEAR: wait after each traffic step before the next (the deployment alarms watch it). */
  readonly stepBakeTime: Duration;
  /** BLUE_GREEN, LINEAR and CANARY: time the old revision keeps running after all traffic moved (rollback is instant). */
  readonly bakeTime: Duration;
}

/** @internal */
export const SERVICE_DEFAULTS: Record<Profile, ServiceProfileDefaults> = {
  [Profile.DEV]: {
    accessLogExpirationDays: 14,
    healthCheckGracePeriod: Duration.seconds(60),
    deregistrationDelay: Duration.seconds(10),
    scalingTargetUtilizationPercent: 70,
    scalingRequestsPerTarget: 1000,
    alarm5xxRatePercent: 5,
    alarmP99Latency: Duration.seconds(2),
    alarmUtilizationPercent: 90,
    arm64Spot: true,
    deploymentStrategy: ecs.DeploymentStrategy.ROLLING,
    canaryPercent: 10,
    linearStepPercent: 25,
    stepBakeTime: Duration.minutes(5),
    bakeTime: Duration.minutes(5),
  },
  [Profile.PREVIEW]: {
    accessLogExpirationDays: 3,
    healthCheckGracePeriod: Duration.seconds(60),
    deregistrationDelay: Duration.seconds(5),
    scalingTargetUtilizationPercent: 70,
    scalingRequestsPerTarget: 1000,
    alarm5xxRatePercent: 5,
    alarmP99Latency: Duration.seconds(2),
    alarmUtilizationPercent: 90,
    arm64Spot: true,
    deploymentStrategy: ecs.DeploymentStrategy.ROLLING,
    canaryPercent: 10,
    linearStepPercent: 25,
    stepBakeTime: Duration.minutes(5),
    bakeTime: Duration.minutes(5),
  },
  [Profile.STAGING]: {
    accessLogExpirationDays: 90,
    healthCheckGracePeriod: Duration.seconds(60),
    deregistrationDelay: Duration.seconds(30),
    scalingTargetUtilizationPercent: 60,
    scalingRequestsPerTarget: 1000,
    alarm5xxRatePercent: 2,
    alarmP99Latency: Duration.seconds(1),
    alarmUtilizationPercent: 85,
    arm64Spot: false,
    deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN,
    canaryPercent: 10,
    linearStepPercent: 25,
    stepBakeTime: Duration.minutes(5),
    bakeTime: Duration.minutes(10),
  },
  [Profile.PROD]: {
    accessLogExpirationDays: 365,
    healthCheckGracePeriod: Duration.seconds(60),
    deregistrationDelay: Duration.seconds(30),
    scalingTargetUtilizationPercent: 60,
    scalingRequestsPerTarget: 1000,
    alarm5xxRatePercent: 1,
    alarmP99Latency: Duration.seconds(1),
    alarmUtilizationPercent: 80,
    arm64Spot: false,
    deploymentStrategy: ecs.DeploymentStrategy.CANARY,
    canaryPercent: 10,
    linearStepPercent: 25,
    stepBakeTime: Duration.minutes(10),
    bakeTime: Duration.minutes(15),
  },
};

/**
 * The OpenTelemetry collector (AWS Distro) that runs next to the app when tracing is on: it
 * receives OTLP traces and forwards them to AWS X-Ray.
 *
 * @internal
 */
export const ADOT_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3';

/**
 * CPU and memory (MiB) pairs Fargate accepts: for each task cpu, the memory values allowed.
 *
 * @internal
 */
export const FARGATE_MEMORY_BY_CPU: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n += step) out.push(n);
  return out;
}
