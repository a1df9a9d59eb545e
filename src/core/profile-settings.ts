import { RemovalPolicy } from 'aws-cdk-lib';
import { CompliancePack } from './compliance-pack';

/**
 * The defaults one profile gives every paved-road construct (`ProfileDefaults.of`). A construct
 * prop, when given, always wins over the profile default. What only one construct uses is in that
 * construct's own table: `NetworkDefaults`, `ServiceDefaults`, `DatabaseDefaults`, `CacheDefaults`,
 * `PipelineDefaults`.
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
