import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ALARM_PERIOD, AlarmSpec } from './database-alarms';
import { DatabaseShape } from './database-shape';
import { AURORA_LOWEST_RUNNING_ACU, estimatedMaxConnections, instanceMemoryGiB } from './defaults';

const GIB = 1024 * 1024 * 1024;
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;

/**
 * The alarms of one database: CPU, freeable memory and connections everywhere; free storage on RDS
 * instances; capacity use, and replica lag when there is a reader, on Aurora.
 * @internal
 */
export function databaseAlarmSpecs(db: DatabaseShape): AlarmSpec[] {
  const target = db.cluster ?? db.instance!;
  const metric = (name: string, statistic = 'Average') => target.metric(name, { period: ALARM_PERIOD, statistic });
  // Serverless v2: about 2 GiB per ACU; free memory is judged at the lowest running capacity (a paused
  // instance sends no metrics, which the alarms treat as not breaching), connections at the ceiling.
  const memoryGiB = db.cluster ? 2 * Math.max(db.minCapacity!, AURORA_LOWEST_RUNNING_ACU) : instanceMemoryGiB(db.instanceType!.toString());
  const connectionMemoryGiB = db.cluster ? 2 * db.maxCapacity! : memoryGiB;
  const what = db.node.path;

  const specs: AlarmSpec[] = [
    { id: 'CpuAlarm', metric: metric('CPUUtilization'), threshold: 80, comparison: GT, description: `CPU of ${what} above 80% for 15 minutes` },
    {
      id: 'FreeableMemoryAlarm',
      metric: metric('FreeableMemory'),
      threshold: Math.round(memoryGiB * GIB * 0.1),
      comparison: LT,
      description: `Freeable memory of ${what} below 10% of its memory for 15 minutes`,
    },
    {
      id: 'ConnectionsAlarm',
      metric: metric('DatabaseConnections', 'Maximum'),
      threshold: Math.floor(estimatedMaxConnections(connectionMemoryGiB) * 0.8),
      comparison: GT,
      description: `Connections to ${what} above 80% of the engine's estimated max_connections for 15 minutes`,
    },
  ];
  if (db.instance) {
    const allocated = db.allocatedStorageGiB!;
    specs.push({
      id: 'FreeStorageAlarm',
      metric: metric('FreeStorageSpace', 'Minimum'),
      threshold: Math.round(allocated * GIB * 0.1),
      comparison: LT,
      description: `Free storage of ${what} below 10% of its allocated storage (autoscaling may be at its ceiling)`,
    });
  }
  if (db.cluster) {
    specs.push({ id: 'CapacityAlarm', metric: metric('ACUUtilization'), threshold: 90, comparison: GT, description: `Serverless v2 capacity of ${what} above 90% of its maximum for 15 minutes` });
    if (db.cluster.node.tryFindChild('Reader')) {
      specs.push({
        id: 'ReplicaLagAlarm',
        metric: metric('AuroraReplicaLagMaximum', 'Maximum'),
        threshold: 1000,
        comparison: GT,
        description: `Aurora replica lag of ${what} above 1 second for 15 minutes`,
      });
    }
  }
  return specs;
}
