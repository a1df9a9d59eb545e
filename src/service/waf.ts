import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ProfileSettings } from '../core/profile-settings';
import { logDeliveryPrincipal } from '../core/service-principals';

const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

/**
 * A regional WAF web ACL with the AWS managed common, known-bad-inputs and IP-reputation rule
 * groups, associated with the load balancer and logging to an encrypted log group.
 *
 * @internal
 */
export function createWebAcl(
  scope: Construct, loadBalancer: elbv2.IApplicationLoadBalancer, settings: ProfileSettings, logKey: kms.IKey,
): wafv2.CfnWebACL {
  const metricPrefix = Names.uniqueResourceName(scope, { maxLength: 100 });
  const webAcl = new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metricPrefix },
    rules: MANAGED_RULE_GROUPS.map((name, priority) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${metricPrefix}-${name}` },
    })),
  });
  new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', {
    resourceArn: loadBalancer.loadBalancerArn,
    webAclArn: webAcl.attrArn,
  });

  // WAF only logs to log groups whose name starts with aws-waf-logs-.
  const logGroup = new logs.LogGroup(scope, 'WebAclLogs', {
    logGroupName: `aws-waf-logs-${Names.uniqueResourceName(scope, { maxLength: 400 })}`,
    encryptionKey: logKey,
    retention: settings.logRetentionDays,
    removalPolicy: settings.statefulRemovalPolicy,
  });
  const stack = Stack.of(scope);
  const logging = new wafv2.CfnLoggingConfiguration(scope, 'WebAclLogging', {
    resourceArn: webAcl.attrArn,
    logDestinationConfigs: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  });
  logging.node.addDependency(logGroup);
  // WAF delivers through CloudWatch Logs' log-delivery service, which needs the key, for this account's
  // delivery sources only.
  logKey.grantEncryptDecrypt(logDeliveryPrincipal(scope));
  return webAcl;
}
