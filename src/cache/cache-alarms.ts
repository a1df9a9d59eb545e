import { Duration, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from '../core/acknowledge';
import { notifyOnAlarm } from '../core/alarm-topic';
import { ProfileSettings } from '../core/profile-settings';

/** @internal */
export interface CacheAlarmOptions {
  readonly clusterMode: boolean;
  readonly replicas: number;
  readonly shards: number;
  readonly topic: sns.ITopic;
  readonly settings: ProfileSettings;
}

const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;

/**
 * Alarms on the first node of every shard (its primary at creation): host CPU, engine CPU, memory
 * use and evictions; with replicas, replication lag on the first replica of every shard.
 * ElastiCache publishes these per node (`CacheClusterId` = `<group>-00N`, or `<group>-000S-00N` with cluster mode).
 * @internal
 */
export function cacheAlarms(scope: Construct, group: elasticache.CfnReplicationGroup, o: CacheAlarmOptions): cloudwatch.Alarm[] {
  const nodeId = (shard: number, node: number) => o.clusterMode
    ? Fn.join('', [group.ref, `-${String(shard).padStart(4, '0')}-${String(node).padStart(3, '0')}`])
    : Fn.join('', [group.ref, `-${String(node).padStart(3, '0')}`]);
  const metric = (name: string, cacheClusterId: string, statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/ElastiCache', metricName: name, dimensionsMap: { CacheClusterId: cacheClusterId }, period: Duration.minutes(5), statistic,
  });

  const alarms: cloudwatch.Alarm[] = [];
  const add = (id: string, m: cloudwatch.Metric, threshold: number, description: string) => {
    const alarm = new cloudwatch.Alarm(scope, id, {
      metric: m,
      threshold,
      comparisonOperator: GT,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    notifyOnAlarm(alarm, o.topic, o.settings);
    if (!o.settings.alarmActions) {
      acknowledge(alarm, [{
        rules: ['NIST.800.53.R5-CloudWatchAlarmAction', 'HIPAA.Security-CloudWatchAlarmAction', 'PCI.DSS.321-CloudWatchAlarmAction'],
        reason: `${id} of ${scope.node.path} shows its state only: this profile turns alarm actions off (they notify the topic in staging and prod).`,
      }]);
    }
    alarms.push(alarm);
  };

  const what = scope.node.path;
  for (let shard = 1; shard <= o.shards; shard++) {
    const s = o.clusterMode ? `Shard${shard}` : '';
    const primary = nodeId(shard, 1);
    add(`${s}CpuAlarm`, metric('CPUUtilization', primary, 'Average'), 90, `Host CPU of ${what}${s ? ` shard ${shard}` : ''} above 90% for 15 minutes`);
    add(`${s}EngineCpuAlarm`, metric('EngineCPUUtilization', primary, 'Average'), 80, `Engine CPU of ${what}${s ? ` shard ${shard}` : ''} above 80% for 15 minutes (the engine thread is saturated)`);
    add(`${s}MemoryAlarm`, metric('DatabaseMemoryUsagePercentage', primary, 'Average'), 80, `Memory use of ${what}${s ? ` shard ${shard}` : ''} above 80% of maxmemory for 15 minutes`);
    add(`${s}EvictionsAlarm`, metric('Evictions', primary, 'Sum'), 100, `${what}${s ? ` shard ${shard}` : ''} evicted more than 100 keys per 5 minutes for 15 minutes: the cache is too small`);
    if (o.replicas > 0) {
      add(`${s}ReplicationLagAlarm`, metric('ReplicationLag', nodeId(shard, 2), 'Maximum'), 1, `Replication lag of ${what}${s ? ` shard ${shard}` : ''} above 1 second for 15 minutes`);
    }
  }
  return alarms;
}
