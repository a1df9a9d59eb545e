import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { keyFor, KeyPurpose, KeyUser } from './keys';
import { ProfileSettings } from './profile-settings';

/**
 * The alarm topic of a paved-road construct: the one given, else a new KMS-encrypted, SSL-only
 * topic (construct ids `AlarmTopicKey` and `AlarmTopic` under `scope`; the key is the stack's shared
 * topics key where `paved-road:shared-keys` is on).
 *
 * @internal
 */
export function alarmTopicFor(scope: KeyUser, given: sns.ITopic | undefined, settings: ProfileSettings): sns.ITopic {
  if (given) return given;
  // CloudWatch alarms publish to the topic, so they need the key (keyFor grants them).
  const key = keyFor(scope, KeyPurpose.TOPICS, {
    id: 'AlarmTopicKey', description: `Encrypts the alarm topic of ${scope.node.path}`, removalPolicy: settings.statefulRemovalPolicy,
  });
  return new sns.Topic(scope, 'AlarmTopic', { masterKey: key, enforceSSL: true });
}

/**
 * Sends the alarm's ALARM and OK transitions to the topic when the profile turns alarm actions on
 * (staging and prod); elsewhere the alarm exists and shows its state but notifies nobody.
 *
 * @internal
 */
export function notifyOnAlarm(alarm: cloudwatch.Alarm, topic: sns.ITopic, settings: ProfileSettings): void {
  if (!settings.alarmActions) return;
  const action = new cwActions.SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
}
