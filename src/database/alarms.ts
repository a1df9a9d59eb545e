import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AURORA_LOWEST_RUNNING_ACU, estimatedMaxConnections, instanceMemoryGiB } from './defaults';
import { AlarmSpec } from '../core/alarms';

/** The period every database alarm uses. */
const ALARM_PERIOD = Duration.minutes(5);
/** Consecutive periods in breach before a database alarm fires. */
const PERIODS = 3;
const GIB = 1024 * 1024 * 1024;
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;

/** What the alarms of a built database are computed from. @internal */
export interface DatabaseAlarmFacts {
  /** The construct path, named in the alarm descriptions. */
  readonly path: string;
  /** The RDS instance or Aurora cluster: its metrics. */
  readonly target: { metric(name: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric };
  /** RDS instance: its class and allocated storage. */
  readonly instance?: { readonly instanceType: string; readonly allocatedStorageGiB: number };
  /** Aurora Serverless v2: its ACU range, and whether it has a reader. */
  readonly aurora?: { readonly minCapacity: number; readonly maxCapacity: number; readonly hasReader: boolean };
}

/**
 * The alarms of one database: CPU, freeable memory and connections everywhere; free storage on RDS
 * instances; capacity use, and replica lag when there is a reader, on Aurora.
 * @internal
 */
export function databaseAlarmSpecs(f: DatabaseAlarmFacts): AlarmSpec[] {
  const metric = (name: string, statistic = 'Average') => f.target.metric(name, { period: ALARM_PERIOD, statistic });
  // Serverless v2: about 2 GiB per ACU; free memory is judged at the lowest running capacity (a paused
  // instance sends no metrics, which the alarms treat as not breaching), connections at the ceiling.
  const memoryGiB = f.aurora ? 2 * Math.max(f.aurora.minCapacity, AURORA_LOWEST_RUNNING_ACU) : instanceMemoryGiB(f.instance!.instanceType);
  const connectionMemoryGiB = f.aurora ? 2 * f.aurora.maxCapacity : memoryGiB;
  const what = f.path;
  const spec = (s: Omit<AlarmSpec, 'evaluationPeriods' | 'datapointsToAlarm'>): AlarmSpec => ({ ...s, evaluationPeriods: PERIODS, datapointsToAlarm: PERIODS });

  const specs: AlarmSpec[] = [
    spec({ id: 'CpuAlarm', metric: metric('CPUUtilization'), threshold: 80, comparison: GT, description: `CPU of ${what} above 80% for 15 minutes` }),
    spec({
      id: 'FreeableMemoryAlarm',
      metric: metric('FreeableMemory'),
      threshold: Math.round(memoryGiB * GIB * 0.1),
      comparison: LT,
      description: `Freeable memory of ${what} below 10% of its memory for 15 minutes`,
    }),
    spec({
      id: 'ConnectionsAlarm',
      metric: metric('DatabaseConnections', 'Maximum'),
      threshold: Math.floor(estimatedMaxConnections(connectionMemoryGiB) * 0.8),
      comparison: GT,
      description: `Connections to ${what} above 80% of the engine's estimated max_connections for 15 minutes`,
    }),
  ];
  if (f.instance) {
    specs.push(spec({
      id: 'FreeStorageAlarm',
      metric: metric('FreeStorageSpace', 'Minimum'),
      threshold: Math.round(f.instance.allocatedStorageGiB * GIB * 0.1),
      comparison: LT,
      description: `Free storage of ${what} below 10% of its allocated storage (autoscaling may be at its ceiling)`,
    }));
  }
  if (f.aurora) {
    specs.push(spec({ id: 'CapacityAlarm', metric: metric('ACUUtilization'), threshold: 90, comparison: GT, description: `Serverless v2 capacity of ${what} above 90% of its maximum for 15 minutes` }));
    if (f.aurora.hasReader) {
      specs.push(spec({
        id: 'ReplicaLagAlarm',
        metric: metric('AuroraReplicaLagMaximum', 'Maximum'),
        threshold: 1000,
        comparison: GT,
        description: `Aurora replica lag of ${what} above 1 second for 15 minutes`,
      }));
    }
  }
  return specs;
}
