import { RemovalPolicy } from 'aws-cdk-lib';
import { CompliancePack } from './compliance-pack';

/**
 * The defaults one profile gives every paved-road construct. A construct prop, when given,
 * always wins over the profile default.
 */
export interface ProfileSettings {
  /** Days CloudWatch log groups keep their events (a value CloudWatch Logs accepts). */
  readonly logRetentionDays: number;
  /** Removal policy of stateful resources that cannot be snapshotted (buckets, keys, log groups, secrets). */
  readonly statefulRemovalPolicy: RemovalPolicy;
  /** Removal policy of databases and caches (SNAPSHOT keeps a final snapshot). */
  readonly dataRemovalPolicy: RemovalPolicy;
  /** Whether databases and load balancers are protected from deletion. */
  readonly deletionProtection: boolean;
  /** Whether databases and caches run in more than one Availability Zone. */
  readonly multiAz: boolean;
  /** Availability Zones a new VPC spans. */
  readonly maxAzs: number;
  /** NAT gateways a new VPC gets (one per AZ in prod). */
  readonly natGateways: number;
  /** Whether a new VPC gets interface endpoints (ECR, Logs, Secrets Manager, STS). */
  readonly interfaceEndpoints: boolean;
  /** Days automated database backups are kept. */
  readonly backupRetentionDays: number;
  /** Days automatic cache snapshots are kept (0 turns them off). */
  readonly cacheSnapshotRetentionDays: number;
  /** Database instance type (RDS instance class without the `db.` prefix). */
  readonly databaseInstanceType: string;
  /** ElastiCache node type. */
  readonly cacheNodeType: string;
  /** Fargate task CPU units. */
  readonly serviceCpu: number;
  /** Fargate task memory in MiB. */
  readonly serviceMemoryMiB: number;
  /** Lowest number of running tasks. */
  readonly serviceMinCapacity: number;
  /** Highest number of running tasks. */
  readonly serviceMaxCapacity: number;
  /** Whether services run on FARGATE_SPOT capacity (ARM64 services too where the service table's `arm64Spot` says so). */
  readonly fargateSpot: boolean;
  /** Lowest percentage of healthy tasks during a deployment. */
  readonly minHealthyPercent: number;
  /** Whether services send traces to AWS X-Ray. */
  readonly tracing: boolean;
  /** Whether ECS Exec (a shell into running tasks) is allowed. */
  readonly ecsExec: boolean;
  /** Whether a public load balancer gets a WAF web ACL with AWS managed rules. */
  readonly waf: boolean;
  /** Whether alarms notify their SNS topic (alarms always exist; outside staging and prod they only show state). */
  readonly alarmActions: boolean;
  /**
   * Whether the constructs of a stack share one key per purpose (log groups, alarm topics) instead of
   * a key each (dev and preview only; database and cache storage keys are never shared). The context
   * key `paved-road:shared-keys` overrides it.
   */
  readonly sharedKeys: boolean;
  /** The cdk-nag packs `PavedRoadGuardrails` applies. */
  readonly compliancePacks: CompliancePack[];
}
