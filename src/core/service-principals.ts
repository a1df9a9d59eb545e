import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { arnOf } from './arns';

/*
 * AWS service principals with the confused-deputy conditions AWS documents for each use, and only
 * those: a condition on a key the service does not send makes a key unusable or a role unassumable.
 * ARNs in conditions are patterns built from partition, region and account, never the ARN of a
 * resource the key encrypts (a key policy naming its own topic or log group is a dependency cycle).
 */

/** `arn:<partition>:<service>:<region>:<account>:<resource>` of the scope's stack. */
function stackArn(scope: IConstruct, service: string, resource: string): string {
  return arnOf(Stack.of(scope), `${service}:{R}:{A}:${resource}`);
}

function sourceAccount(scope: IConstruct): { [key: string]: string } {
  return { 'aws:SourceAccount': Stack.of(scope).account };
}

/**
 * CloudWatch Logs of the scope's region, which encrypts log groups with a key, limited to the
 * account's log groups by the encryption context CloudWatch Logs puts on every call (page "Encrypt
 * log data in CloudWatch Logs using AWS KMS", `kms:EncryptionContext:aws:logs:arn`).
 * @internal
 */
export function logsServicePrincipal(scope: IConstruct): iam.ServicePrincipal {
  return new iam.ServicePrincipal(`logs.${Stack.of(scope).region}.amazonaws.com`, {
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stackArn(scope, 'logs', 'log-group:*') } },
  });
}

/**
 * CloudWatch alarms publishing to a KMS-encrypted topic, for the account's own alarms and topics
 * (SNS developer guide, "Enable compatibility between event sources from AWS services and encrypted
 * topics": `aws:SourceAccount` and `kms:EncryptionContext:aws:sns:topicArn`).
 * @internal
 */
export function alarmPublisherPrincipal(scope: IConstruct): iam.ServicePrincipal {
  return new iam.ServicePrincipal('cloudwatch.amazonaws.com', {
    conditions: {
      StringEquals: sourceAccount(scope),
      ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': stackArn(scope, 'sns', '*') },
    },
  });
}

/**
 * CloudWatch Logs vended-log delivery (WAF logs), for the account's own delivery sources (CloudWatch
 * Logs "Enable logging from AWS services", key policy "Allow Logs Delivery to use the key":
 * `aws:SourceAccount` and `aws:SourceArn` `arn:aws:logs:<region>:<account>:*`).
 * @internal
 */
export function logDeliveryPrincipal(scope: IConstruct): iam.ServicePrincipal {
  return new iam.ServicePrincipal('delivery.logs.amazonaws.com', {
    conditions: { StringEquals: sourceAccount(scope), ArnLike: { 'aws:SourceArn': stackArn(scope, 'logs', '*') } },
  });
}

/**
 * A service that assumes a role, for the account's own resources only: `aws:SourceAccount`, and
 * `aws:SourceArn` (a pattern such as `vpc-flow-log/*` under the stack's service ARN prefix) where the
 * service's page documents it. Only for services whose documentation shows these keys in the trust
 * policy of that role.
 * @internal
 */
export function trustedService(scope: IConstruct, service: string, sourceArn?: { service: string; resource: string }): iam.ServicePrincipal {
  return new iam.ServicePrincipal(service, {
    conditions: {
      StringEquals: sourceAccount(scope),
      ...(sourceArn ? { ArnLike: { 'aws:SourceArn': stackArn(scope, sourceArn.service, sourceArn.resource) } } : {}),
    },
  });
}

/**
 * Adds `aws:SourceAccount` to the trust of a role an aws-cdk-lib construct created for one service
 * (the RDS enhanced-monitoring role, a CodeBuild project's role), whose trust policy is the single
 * statement of that service. Returns false, changing nothing, for a role with another trust shape.
 * @internal
 */
export function restrictTrustToAccount(role: iam.IRole): boolean {
  if (!(role instanceof iam.Role) || role.assumeRolePolicy?.statementCount !== 1) return false;
  const cfn = role.node.defaultChild as iam.CfnRole;
  cfn.addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition', { StringEquals: sourceAccount(role) });
  return true;
}
