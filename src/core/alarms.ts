import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { keyFor, KeyPurpose, KeyUser } from './keys';
import { profileSettings } from './profile-defaults';
import { profilesWhere } from './profile-facts';
import { nistHipaaPci } from './rule-ids';

/**
 * One alarm a paved-road construct creates: what it watches, when it fires and what it says.
 * @internal
 */
export interface AlarmSpec {
  /** Construct id, e.g. `CpuAlarm`. */
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  /** The alarm description: what is wrong, with the construct path. */
  readonly description: string;
  /** Periods of the metric the alarm evaluates. */
  readonly evaluationPeriods: number;
  /** Periods in breach, of `evaluationPeriods`, that fire the alarm. @default - all of them (not written in the template) */
  readonly datapointsToAlarm?: number;
  /** @default cloudwatch.TreatMissingData.NOT_BREACHING */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/**
 * Where alarms report: their topic, and whether they notify it. Where they do not, the "alarm has
 * no action" findings are acknowledged on each alarm with `silentReason`.
 * @internal
 */
export interface AlarmNotification {
  readonly topic: sns.ITopic;
  /** Whether ALARM and OK transitions notify the topic (the profile's `alarmActions`, or always). */
  readonly actions: boolean;
  /**
   * Why an alarm without actions is fine, for the acknowledgment.
   * @default - the alarm shows its state only because the profile turns alarm actions off.
   */
  readonly silentReason?: (alarmId: string) => string;
}

/** The findings of an alarm without actions, one per pack that reports it. */
const ALARM_ACTION_RULES = nistHipaaPci('CloudWatchAlarmAction');

/**
 * The alarm topic of a paved-road construct: the one given, else a new KMS-encrypted, SSL-only
 * topic (construct ids `AlarmTopicKey` and `AlarmTopic` under `scope`; the key is the stack's shared
 * topics key where `paved-road:shared-keys` is on).
 *
 * @param removalPolicy removal policy of the new topic's key
 * @internal
 */
export function alarmTopicFor(scope: KeyUser, given: sns.ITopic | undefined, removalPolicy: RemovalPolicy): sns.ITopic {
  if (given) return given;
  // CloudWatch alarms publish to the topic, so they need the key (keyFor grants them).
  const key = keyFor(scope, KeyPurpose.TOPICS, {
    id: 'AlarmTopicKey', description: `Encrypts the alarm topic of ${scope.node.path}`, removalPolicy,
  });
  return new sns.Topic(scope, 'AlarmTopic', { masterKey: key, enforceSSL: true });
}

/** Creates the alarm `spec` describes under `scope`, without actions (see `notifyAlarms`). @internal */
export function createAlarm(scope: Construct, spec: AlarmSpec): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, spec.id, {
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparison,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: spec.description,
  });
}

/**
 * Sends each alarm's ALARM and OK transitions to the topic when `notification.actions` is on;
 * otherwise the alarm exists and shows its state but notifies nobody, and its "alarm has no action"
 * findings are acknowledged with the reason.
 * @internal
 */
export function notifyAlarms(alarms: cloudwatch.Alarm[], notification: AlarmNotification): void {
  for (const alarm of alarms) {
    if (notification.actions) {
      const action = new cwActions.SnsAction(notification.topic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    } else {
      const id = alarm.node.id;
      const reason = notification.silentReason?.(id)
        ?? `${id} of ${alarm.node.scope?.node.path} shows its state only: this profile turns alarm actions off (they notify the topic in ${profilesWhere(profileSettings, (s) => s.alarmActions)}).`;
      acknowledge(alarm, [{ rules: ALARM_ACTION_RULES, reason }]);
    }
  }
}

/** Creates every alarm of `specs` under `scope`, in order, each notifying as `notifyAlarms` says. @internal */
export function createAlarms(scope: Construct, specs: AlarmSpec[], notification: AlarmNotification): cloudwatch.Alarm[] {
  return specs.map((spec) => {
    const alarm = createAlarm(scope, spec);
    notifyAlarms([alarm], notification);
    return alarm;
  });
}
