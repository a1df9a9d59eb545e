import { Stack } from 'aws-cdk-lib';
import * as notifications from 'aws-cdk-lib/aws-codestarnotifications';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';

const SERVICE = 'codestar-notifications.amazonaws.com';

/**
 * The topic as a notification-rule target, with the grants aws-cdk-lib's own binding makes, narrowed
 * to what the AWS CodeStar Notifications user guide documents: the topic policy admits the service
 * for this account only (`aws:SourceAccount`, page "Troubleshooting"), the key only through SNS of the
 * topic's region (`kms:ViaService`, page "Configure Amazon SNS topics for notifications"; the page
 * documents no source-account key on the key policy). An imported topic or key gets no statement, as
 * with aws-cdk-lib's binding.
 *
 * @internal
 */
export function notificationTopicTarget(topic: sns.ITopic): notifications.INotificationRuleTarget {
  return {
    bindAsNotificationRuleTarget: () => {
      const stack = Stack.of(topic);
      topic.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(SERVICE)],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }));
      topic.masterKey?.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(SERVICE)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.${stack.urlSuffix}` } },
      }));
      return { targetType: 'SNS', targetAddress: topic.topicArn };
    },
  };
}
