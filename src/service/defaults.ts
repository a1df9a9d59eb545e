import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Profile } from '../core/profile';
import { assertProfile } from '../core/profile-defaults';

/**
 * The defaults one profile gives `PavedRoadService` (`ServiceDefaults.of`). A prop, when given,
 * always wins. Log retention, removal policies, deletion protection and alarm actions come from
 * the shared `ProfileDefaults`.
 */
export interface ServiceProfileDefaults {
  /** Fargate task CPU units (the `cpu` prop). */
  readonly serviceCpu: number;
  /** Fargate task memory in MiB (the `memoryMiB` prop). */
  readonly serviceMemoryMiB: number;
  /** Lowest number of running tasks (the `minCapacity` prop). */
  readonly serviceMinCapacity: number;
  /** Highest number of running tasks (the `maxCapacity` prop). */
  readonly serviceMaxCapacity: number;
  /** Whether X86_64 services run on FARGATE_SPOT capacity (Fargate Spot has no ARM64 capacity; the `spot` prop). */
  readonly fargateSpot: boolean;
  /** Lowest percentage of healthy tasks during a deployment. */
  readonly minHealthyPercent: number;
  /** Whether services send traces to AWS X-Ray (the `tracing` prop). */
  readonly tracing: boolean;
  /** Whether ECS Exec (a shell into running tasks) is allowed (the `enableExecuteCommand` prop). */
  readonly ecsExec: boolean;
  /** Whether a public load balancer gets a WAF web ACL with AWS managed rules (the `waf` prop). */
  readonly waf: boolean;
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

/**
 * The one table of `PavedRoadService` defaults per profile. The README's "Service defaults per
 * profile" table is rendered from it, and a test fails when the two differ.
 * @internal
 */
export const SERVICE_DEFAULTS: Record<Profile, ServiceProfileDefaults> = {
  [Profile.DEV]: {
    serviceCpu: 256,
    serviceMemoryMiB: 512,
    serviceMinCapacity: 1,
    serviceMaxCapacity: 2,
    fargateSpot: true,
    minHealthyPercent: 50,
    tracing: false,
    ecsExec: true,
    waf: false,
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
    serviceCpu: 256,
    serviceMemoryMiB: 512,
    serviceMinCapacity: 1,
    serviceMaxCapacity: 1,
    fargateSpot: true,
    minHealthyPercent: 0,
    tracing: false,
    ecsExec: true,
    waf: false,
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
    serviceCpu: 512,
    serviceMemoryMiB: 1024,
    serviceMinCapacity: 1,
    serviceMaxCapacity: 4,
    fargateSpot: false,
    minHealthyPercent: 50,
    tracing: true,
    ecsExec: false,
    waf: false,
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
    serviceCpu: 1024,
    serviceMemoryMiB: 2048,
    serviceMinCapacity: 2,
    serviceMaxCapacity: 10,
    fargateSpot: false,
    minHealthyPercent: 100,
    tracing: true,
    ecsExec: false,
    waf: true,
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

/** The service defaults of one profile: the one place `SERVICE_DEFAULTS` is read. @internal */
export function serviceDefaults(profile: Profile): ServiceProfileDefaults {
  return SERVICE_DEFAULTS[profile];
}

/**
 * Reads the per-profile defaults of `PavedRoadService`.
 */
export class ServiceDefaults {
  /** The service defaults of one profile. */
  public static of(profile: Profile): ServiceProfileDefaults {
    assertProfile('ServiceDefaults.of', profile);
    return { ...serviceDefaults(profile) };
  }

  private constructor() {}
}

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
