import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { IPavedRoadNetwork } from '../network/network';

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
   * minutes' warning). Fargate Spot runs X86_64 tasks only, so `true` needs
   * `cpuArchitecture: ecs.CpuArchitecture.X86_64`.
   *
   * @default - true in dev and preview when `cpuArchitecture` is X86_64; false otherwise (FARGATE).
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
}
