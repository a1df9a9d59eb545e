import { RemovalPolicy } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CacheEngine } from './cache-engine';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { IPavedRoadNetwork } from '../network/network';

/**
 * Props of `PavedRoadCache`.
 */
export interface PavedRoadCacheProps extends PavedRoadConstructProps {
  /** The network the cache lives in: its isolated data subnets hold the nodes. */
  readonly network: IPavedRoadNetwork;

  /**
   * The engine.
   *
   * @default CacheEngine.VALKEY
   */
  readonly engine?: CacheEngine;

  /**
   * The engine version: `7.2`, `8.0` or `8.1` for Valkey; `6.2`, `7.0` or `7.1` for Redis OSS.
   * Raising it is an in-place upgrade.
   *
   * @default - `8.0` for Valkey, `7.1` for Redis OSS.
   */
  readonly engineVersion?: string;

  /**
   * ElastiCache node type (`cache.<family>.<size>`). Changing it is an in-place scaling.
   *
   * @default - the profile's `cacheNodeType`: cache.t4g.micro in dev and preview, cache.t4g.small in staging, cache.m7g.large in prod.
   */
  readonly nodeType?: string;

  /**
   * Read replicas per shard (0 to 5). In prod at least one, with `automaticFailover`.
   *
   * @default - 1 in prod, 0 elsewhere.
   */
  readonly replicasPerShard?: number;

  /**
   * Whether a replica takes over when the primary fails, in another Availability Zone (Multi-AZ).
   * Needs at least one replica; required in prod.
   *
   * @default - true when there are replicas (prod), false otherwise.
   */
  readonly automaticFailover?: boolean;

  /**
   * Whether data is partitioned over shards (cluster mode enabled; clients must support it).
   *
   * @default false
   */
  readonly clusterMode?: boolean;

  /**
   * Shards with `clusterMode` (1 to 500).
   *
   * @default - 2 with cluster mode, 1 without.
   */
  readonly shards?: number;

  /**
   * Days automatic snapshots are kept (0 to 35; 0 turns them off and is refused in prod).
   *
   * @default - the profile's `cacheSnapshotRetentionDays`: 7 in prod, 3 in staging, 1 in dev, 0 in preview.
   */
  readonly snapshotRetentionDays?: number;

  /**
   * What happens to the replication group when it leaves the stack: SNAPSHOT or RETAIN anywhere,
   * DESTROY in dev and preview only.
   *
   * @default - the profile's `dataRemovalPolicy`: SNAPSHOT in prod and staging, DESTROY in dev and preview.
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The port the cache listens on (1024 to 65535).
   *
   * @default 6380
   */
  readonly port?: number;

  /**
   * Days the slow log and engine log are kept (a retention CloudWatch Logs accepts).
   *
   * @default - the profile's `logRetentionDays`.
   */
  readonly logRetentionDays?: number;

  /**
   * The SNS topic the alarms notify (in profiles with alarm actions: staging and prod).
   *
   * @default - a new KMS-encrypted topic.
   */
  readonly alarmTopic?: sns.ITopic;
}
