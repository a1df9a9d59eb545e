import { RemovalPolicy } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CacheEngine } from './cache-engine';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { IPavedRoadNetwork } from '../network/network-props';

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
   * Without cluster mode a change is an in-place update (replicas are added or removed). With
   * `clusterMode`, CloudFormation cannot update it in place (ReplicasPerNodeGroup): any change,
   * including the one a profile change makes to the default, replaces the replication group with a
   * new, empty cache. Set it explicitly with cluster mode (a synth warning says so when it is unset).
   *
   * @default - 1 in prod, 0 elsewhere.
   */
  readonly replicasPerShard?: number;

  /**
   * Whether a replica takes over when the primary fails, in another Availability Zone (Multi-AZ).
   * Without cluster mode it needs at least one replica (`replicasPerShard`, or the profile's default);
   * required in prod. Cluster mode always has it on (ElastiCache requires it), with or without replicas.
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
   * Shards with `clusterMode` (1 to 500). A change adds or removes shards online (the replication
   * group has the UseOnlineResharding update policy), keeping the data.
   *
   * Limits: shards × (1 + `replicasPerShard`) at most 500 nodes (ElastiCache; more than 90 needs a
   * service quota increase), and every shard gets its own 4 alarms (5 with replicas), so the cache's
   * resources fit in one CloudFormation stack (500): at most 122 shards without replicas, 97 with.
   *
   * @default - 2 with cluster mode, 1 without.
   */
  readonly shards?: number;

  /**
   * Days automatic snapshots are kept (0 to 35; 0 turns them off and is refused in prod). Fewer
   * days than the profile's leave the finding of short snapshot retention
   * (ElastiCacheRedisClusterAutomaticBackup in NIST, HIPAA and PCI) for the team to acknowledge.
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
   * The port the cache listens on (1024 to 65535; not 6379, the well-known Valkey and Redis OSS port
   * AwsSolutions-AEC5 refuses).
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
