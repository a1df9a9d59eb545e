import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { IPavedRoadNetwork } from '../network/network-props';

/**
 * Props of `PavedRoadService`.
 */
export interface PavedRoadServiceProps extends PavedRoadConstructProps {
  /** The network (VPC and shared ECS cluster) the service runs in. */
  readonly network: IPavedRoadNetwork;

  /** The container image of the app. */
  readonly image: ecs.ContainerImage;

  /**
   * The port the app listens on (1 to 65535; a non-root user cannot bind ports below 1024).
   *
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * Task CPU units; with `memoryMiB` it must be a pair Fargate allows.
   *
   * @default - the profile's service cpu (256 in dev and preview, 512 in staging, 1024 in prod).
   */
  readonly cpu?: number;

  /**
   * Task memory in MiB; with `cpu` it must be a pair Fargate allows.
   *
   * @default - the profile's service memory when it fits `cpu`, else the smallest that does.
   */
  readonly memoryMiB?: number;

  /**
   * CPU architecture of the task (the image must be built for it).
   *
   * @default ecs.CpuArchitecture.ARM64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * Run the tasks on FARGATE_SPOT capacity (up to 70% cheaper; a task can be stopped with two
   * minutes' warning). Fargate Spot runs Linux tasks of both architectures: X86_64 on platform
   * version 1.3.0 or later, ARM64 on 1.4.0 or later (ECS API Reference, CapacityProviderStrategyItem);
   * the service runs on LATEST (1.4.0).
   *
   * @default - true in dev and preview; false in staging and prod (FARGATE). Apps pinned to defaults
   * version 0.1 run ARM64 services on FARGATE in every profile.
   */
  readonly spot?: boolean;

  /**
   * Tasks to run when the service is created (autoscaling moves it between min and max).
   *
   * @default - minCapacity.
   */
  readonly desiredCount?: number;

  /**
   * Fewest tasks autoscaling keeps.
   *
   * @default - the profile's minimum (1, 2 in prod).
   */
  readonly minCapacity?: number;

  /**
   * Most tasks autoscaling runs (on CPU, memory and ALB requests per task).
   *
   * @default - the profile's maximum (2 in dev, 1 in preview, 4 in staging, 10 in prod).
   */
  readonly maxCapacity?: number;

  /**
   * Path the load balancer checks for a 2xx/3xx answer.
   *
   * @default '/health'
   */
  readonly healthCheckPath?: string;

  /**
   * Time ECS ignores failing load-balancer health checks after a task starts: whole seconds, at most
   * 2147483647 (ECS's limit).
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * The user (name or uid, optionally `user:group`) the app runs as; root is refused.
   *
   * @default - the image's user.
   */
  readonly user?: string;

  /**
   * Mount the container's root filesystem read-only (`/tmp` stays writable).
   *
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Plain environment variables of the app (no secrets: use `secrets`).
   *
   * @default - none.
   */
  readonly environment?: { [key: string]: string };

  /**
   * Environment variables read from Secrets Manager or SSM Parameter Store when a task starts.
   *
   * @default - none.
   */
  readonly secrets?: { [key: string]: ecs.Secret };

  /**
   * Allow ECS Exec (a shell into running tasks). With a read-only root filesystem, the SSM agent's
   * directories (`/var/lib/amazon/ssm`, `/var/log/amazon/ssm`) are mounted as writable volumes.
   * True where the profile turns it off (staging, prod) leaves the task role's AwsSolutions-IAM5
   * `Resource::*` finding (ECS Exec's ssmmessages grant, and the trace collector's X-Ray grant when
   * tracing is on) for the team to acknowledge.
   *
   * @default - true in dev and preview, false in staging and prod.
   */
  readonly enableExecuteCommand?: boolean;

  /**
   * Put the load balancer in the public subnets, reachable from the internet; false makes it internal (VPC clients only).
   * In a preview whose network has a preview load balancer (`PavedRoadNetwork` `previewLoadBalancer`), the
   * service shares that one (a path-based listener rule) unless it sets this to false or sets
   * `certificate`, `domainName`, `hostedZone` or `waf: true`, which need a load balancer of its own.
   *
   * @default true
   */
  readonly publicLoadBalancer?: boolean;

  /**
   * Priority of the service's rule on the load balancer its preview shares (1 to 50000; only where it
   * shares one). Set it when two previews' derived priorities collide (CloudFormation then fails the
   * second deployment with "Priority ... is currently in use").
   *
   * @default - derived from the rule's path (1 + SHA-256 of it modulo 50000), the same on every deployment.
   */
  readonly listenerRulePriority?: number;

  /**
   * Certificate of the HTTPS listener. Required in prod (or `domainName` + `hostedZone`).
   *
   * @default - a DNS-validated certificate for `domainName` when given, else HTTP only (not allowed in prod).
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Domain name of the service: gets an alias record to the load balancer and, without `certificate`, a DNS-validated certificate. Needs `hostedZone`.
   *
   * @default - the load balancer's DNS name.
   */
  readonly domainName?: string;

  /**
   * Hosted zone of `domainName` (only with `domainName`: it validates its certificate and holds its alias record).
   *
   * @default - none; required with `domainName`.
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Protect the load balancer with a WAF web ACL (AWS managed common, known-bad-inputs and IP-reputation rules).
   * False on a public load balancer where the profile turns WAF on (prod) leaves the finding of a
   * load balancer without WAF (ALBWAFEnabled in NIST, HIPAA and PCI) for the team to acknowledge.
   *
   * @default - true for a public load balancer in prod, false elsewhere.
   */
  readonly waf?: boolean;

  /**
   * Run an AWS Distro for OpenTelemetry collector next to the app that forwards traces it receives
   * over OTLP (gRPC on localhost:4317, HTTP on localhost:4318) to AWS X-Ray; the app gets
   * `OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317` unless `environment` sets it.
   *
   * @default - true in staging and prod, false in dev and preview.
   */
  readonly tracing?: boolean;

  /**
   * Days the application log group keeps events.
   *
   * @default - the profile's log retention.
   */
  readonly logRetentionDays?: number;

  /**
   * Topic the alarms notify (in profiles with alarm actions: staging and prod).
   *
   * @default - a new KMS-encrypted, SSL-only topic.
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * How ECS moves the service to a new revision (strategy, traffic steps, bake times, smoke test).
   *
   * @default - the profile's: rolling in dev and preview, blue/green in staging, canary in prod (see `ServiceDeploymentOptions`).
   */
  readonly deployment?: ServiceDeploymentOptions;
}

/**
 * How a `PavedRoadService` deploys a new revision, with ECS's own deployment strategies.
 *
 * ROLLING replaces tasks in place. BLUE_GREEN, LINEAR and CANARY start the new revision next to the
 * old one behind a second target group, run the smoke test against it through a test listener rule,
 * then move production traffic (all at once, in equal steps, or a canary share first) while the
 * deployment alarms can roll back, and keep the old revision for `bakeTime` after the last step.
 */
export interface ServiceDeploymentOptions {
  /**
   * The deployment strategy. BLUE_GREEN, LINEAR and CANARY shift traffic between two target groups
   * of the service's Application Load Balancer; the preview profile allows ROLLING only.
   *
   * @default - ROLLING in dev and preview, BLUE_GREEN in staging, CANARY in prod.
   */
  readonly strategy?: ecs.DeploymentStrategy;

  /**
   * CANARY only: the share of production traffic, in percent, the new revision gets during the
   * canary step (multiples of 0.1 from 0.1 to 100, ECS's range).
   *
   * @default 10
   */
  readonly canaryPercent?: number;

  /**
   * LINEAR only: the share of production traffic, in percent, each step moves (multiples of 0.1
   * from 3 to 100, ECS's range).
   *
   * @default 25
   */
  readonly linearStepPercent?: number;

  /**
   * CANARY and LINEAR only: the wait after each production traffic step before the next one
   * (whole minutes, 0 to 24 hours); the deployment alarms can roll back during it.
   *
   * @default - 10 minutes in prod, 5 minutes elsewhere.
   */
  readonly stepBakeTime?: Duration;

  /**
   * BLUE_GREEN, LINEAR and CANARY only: how long the old revision keeps running after all
   * production traffic moved (whole minutes, 0 to 24 hours), so an alarm in that time rolls back at
   * once. With the step bake times it must stay within the 33 hours CloudFormation allows a
   * deployment.
   *
   * @default - 15 minutes in prod, 10 minutes in staging, 5 minutes elsewhere.
   */
  readonly bakeTime?: Duration;

  /**
   * BLUE_GREEN, LINEAR and CANARY only: run the smoke test (a GET of `smokeTestPath` on the new
   * revision, through the test listener rule, before production traffic moves); a failure rolls
   * the deployment back.
   *
   * @default true
   */
  readonly smokeTest?: boolean;

  /**
   * The path the smoke test requests (answered 200 to 399: passed); only with the smoke test on.
   *
   * @default - the health check path (`healthCheckPath`).
   */
  readonly smokeTestPath?: string;
}
