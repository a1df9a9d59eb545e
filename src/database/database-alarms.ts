import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from '../core/acknowledge';
import { notifyOnAlarm } from '../core/alarm-topic';
import { ProfileSettings } from '../core/profile-settings';

/** One alarm `PavedRoadDatabase` (or `PavedRoadCache`) creates. @internal */
export interface AlarmSpec {
  /** Construct id, e.g. `CpuAlarm`. */
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly description: string;
  /** Consecutive 5-minute periods in breach before the alarm fires. @default 3 */
  readonly evaluationPeriods?: number;
}

/**
 * Creates the alarms, sends them to the topic where the profile turns alarm actions on, and
 * acknowledges the "alarm has no action" finding where it turns them off (dev, preview).
 * @internal
 */
export function createAlarms(scope: Construct, specs: AlarmSpec[], topic: sns.ITopic, settings: ProfileSettings): cloudwatch.Alarm[] {
  return specs.map((s) => {
    const alarm = new cloudwatch.Alarm(scope, s.id, {
      metric: s.metric,
      threshold: s.threshold,
      comparisonOperator: s.comparison,
      evaluationPeriods: s.evaluationPeriods ?? 3,
      datapointsToAlarm: s.evaluationPeriods ?? 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: s.description,
    });
    notifyOnAlarm(alarm, topic, settings);
    if (!settings.alarmActions) {
      acknowledge(alarm, [{
        rules: ['NIST.800.53.R5-CloudWatchAlarmAction', 'HIPAA.Security-CloudWatchAlarmAction', 'PCI.DSS.321-CloudWatchAlarmAction'],
        reason: `${s.id} of ${scope.node.path} shows its state only: this profile turns alarm actions off (they notify the topic in staging and prod).`,
      }]);
    }
    return alarm;
  });
}

/** The period every data-store alarm uses. @internal */
export const ALARM_PERIOD = Duration.minutes(5);
