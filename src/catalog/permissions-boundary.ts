import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LaunchScope, PRODUCT_TAG } from './launch-scope';
import { acknowledge } from '../core/acknowledge';
import { arnOf, findingArnOf } from '../core/arns';
import { AwsSolutionsRule } from '../core/rule-ids';

/**
 * The permissions boundary of every role a product's templates create: the most any of those roles
 * may ever do, whatever policy is attached to it. It allows what a golden path needs at run time
 * and nothing that administers identities:
 *
 * - the ECS execution and task roles: write their logs, read the product's secrets and decrypt them
 *   with the product's keys, send X-Ray traces, open ECS Exec channels (dev and preview);
 * - the RDS Enhanced Monitoring role (AmazonRDSEnhancedMonitoringRole): write `RDSOSMetrics` logs;
 * - the CDK custom-resource provider that empties the product's access-log bucket on delete
 *   (AWSLambdaBasicExecutionRole and the bucket policy): write its logs, list and delete objects of
 *   the product's buckets and put their policy.
 *
 * Secrets and keys are limited to those carrying the product's tag (`paved-road:product`), buckets
 * to the product's name prefix, logs to this account and region. The bucket statement is needed
 * although the grant is in the bucket policy: a resource-based policy naming a role's ARN is still
 * capped by the role's boundary (IAM User Guide, "Permissions boundaries for IAM entities").
 *
 * It denies every IAM action, with no exception for itself: a boundary only intersects, so the deny
 * changes nothing while the allows hold no `iam:` action; it keeps IAM out if an allow is ever
 * widened. A bounded role that could edit its own boundary (or any policy) could lift itself out of
 * it, so "except on itself" would be the escape. The boundary policy is protected from the launch
 * role by the launch role's own deny (see `createLaunchRole`).
 *
 * The name is literal (`boundaryName`): product templates refer to the boundary by name in the
 * account they are provisioned in, so accounts a portfolio is shared with need it under that name.
 *
 * @internal
 */
export function createPermissionsBoundary(scope: Construct, id: string, launch: LaunchScope): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const productTagged = { StringEquals: { [`aws:ResourceTag/${PRODUCT_TAG}`]: launch.key } };
  const resources = {
    logGroups: 'logs:{R}:{A}:log-group:*',
    secrets: 'secretsmanager:{R}:{A}:secret:*',
    keys: 'kms:{R}:{A}:key/*',
    buckets: `s3:::${launch.bucketPrefix}*`,
  };
  const policy = new iam.ManagedPolicy(scope, id, {
    managedPolicyName: launch.boundaryName,
    description: `Permissions boundary of the roles the product ${scope.node.path} creates when it is provisioned: run-time access only, no IAM`,
    statements: [
      new iam.PolicyStatement({
        sid: 'WriteLogs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:PutRetentionPolicy',
          'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
        resources: [arnOf(stack, resources.logGroups)],
      }),
      new iam.PolicyStatement({
        sid: 'ReadProductSecrets',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [arnOf(stack, resources.secrets)],
        conditions: productTagged,
      }),
      new iam.PolicyStatement({
        sid: 'DecryptWithProductKeys',
        actions: ['kms:Decrypt'],
        resources: [arnOf(stack, resources.keys)],
        conditions: productTagged,
      }),
      new iam.PolicyStatement({
        sid: 'TracesAndExecChannels',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
          'xray:GetSamplingStatisticSummaries', 'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'EmptyProductBuckets',
        actions: ['s3:PutBucketPolicy', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*'],
        resources: [arnOf(stack, resources.buckets)],
      }),
      new iam.PolicyStatement({ sid: 'NoIdentityAdministration', effect: iam.Effect.DENY, actions: ['iam:*'], resources: ['*'] }),
    ],
  });
  acknowledge(policy, [{
    rules: [AwsSolutionsRule.IAM5],
    reason: `The boundary caps roles whose resources CloudFormation names at provisioning time: log groups of this account and region, secrets and keys of this account and region that carry ${PRODUCT_TAG}=${launch.key}, buckets named ${launch.bucketPrefix}*; X-Ray and ECS Exec channel calls take no resource ARN; the s3 wildcards mirror the grants aws-cdk-lib gives its auto-delete provider on those buckets only.`,
    appliesTo: [
      ...Object.values(resources).map((r) => `Resource::${findingArnOf(stack, r)}`),
      'Resource::*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
    ],
  }]);
  return policy;
}

