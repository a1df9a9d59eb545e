import { Duration, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmSpec } from '../core/alarms';

/** What the alarms of a built cache are computed from. @internal */
export interface CacheAlarmFacts {
  /** The construct path, named in the alarm descriptions. */
  readonly path: string;
  /** The replication group id (its `ref`): ElastiCache names the nodes after it. */
  readonly replicationGroupId: string;
  readonly clusterMode: boolean;
  readonly replicas: number;
  readonly shards: number;
}

const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
/** Consecutive 5-minute periods in breach before a cache alarm fires. */
const PERIODS = 3;

/**
 * Alarms on the first node of every shard (its primary at creation): host CPU, engine CPU, memory
 * use and evictions; with replicas, replication lag on the first replica of every shard.
 * ElastiCache publishes these per node (`CacheClusterId` = `<group>-00N`, or `<group>-000S-00N` with cluster mode).
 * @internal
 */
export function cacheAlarmSpecs(f: CacheAlarmFacts): AlarmSpec[] {
  const nodeId = (shard: number, node: number) => f.clusterMode
    ? Fn.join('', [f.replicationGroupId, `-${String(shard).padStart(4, '0')}-${String(node).padStart(3, '0')}`])
    : Fn.join('', [f.replicationGroupId, `-${String(node).padStart(3, '0')}`]);
  const metric = (name: string, cacheClusterId: string, statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/ElastiCache', metricName: name, dimensionsMap: { CacheClusterId: cacheClusterId }, period: Duration.minutes(5), statistic,
  });

  const specs: AlarmSpec[] = [];
  const add = (id: string, m: cloudwatch.Metric, threshold: number, description: string) => specs.push({
    id, metric: m, threshold, comparison: GT, evaluationPeriods: PERIODS, datapointsToAlarm: PERIODS, description,
  });

  const what = f.path;
  for (let shard = 1; shard <= f.shards; shard++) {
    const s = f.clusterMode ? `Shard${shard}` : '';
    const primary = nodeId(shard, 1);
    add(`${s}CpuAlarm`, metric('CPUUtilization', primary, 'Average'), 90, `Host CPU of ${what}${s ? ` shard ${shard}` : ''} above 90% for 15 minutes`);
    add(`${s}EngineCpuAlarm`, metric('EngineCPUUtilization', primary, 'Average'), 80, `Engine CPU of ${what}${s ? ` shard ${shard}` : ''} above 80% for 15 minutes (the engine thread is saturated)`);
    add(`${s}MemoryAlarm`, metric('DatabaseMemoryUsagePercentage', primary, 'Average'), 80, `Memory use of ${what}${s ? ` shard ${shard}` : ''} above 80% of maxmemory for 15 minutes`);
    add(`${s}EvictionsAlarm`, metric('Evictions', primary, 'Sum'), 100, `${what}${s ? ` shard ${shard}` : ''} evicted more than 100 keys per 5 minutes for 15 minutes: the cache is too small`);
    if (f.replicas > 0) {
      add(`${s}ReplicationLagAlarm`, metric('ReplicationLag', nodeId(shard, 2), 'Maximum'), 1, `Replication lag of ${what}${s ? ` shard ${shard}` : ''} above 1 second for 15 minutes`);
    }
  }
  return specs;
}
