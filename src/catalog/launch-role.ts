import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../core/acknowledge';

/**
 * What a golden-path template creates, per service: the actions CloudFormation needs on the
 * launch role's behalf to create, update and delete it. @internal
 */
const TEMPLATE_SERVICES: Array<{ prefix: string; resource: string; actions: string[] }> = [
  { prefix: 'ecs', resource: 'ecs:{R}:{A}:*', actions: ['CreateService', 'UpdateService', 'DeleteService', 'Describe*', 'RegisterTaskDefinition', 'DeregisterTaskDefinition', 'TagResource', 'UntagResource'] },
  { prefix: 'elasticloadbalancing', resource: 'elasticloadbalancing:{R}:{A}:*', actions: ['Create*', 'Delete*', 'Modify*', 'Describe*', 'AddTags', 'RemoveTags', 'SetSecurityGroups', 'SetSubnets', 'SetWebAcl'] },
  { prefix: 'application-autoscaling', resource: 'application-autoscaling:{R}:{A}:*', actions: ['RegisterScalableTarget', 'DeregisterScalableTarget', 'PutScalingPolicy', 'DeleteScalingPolicy', 'Describe*', 'TagResource'] },
  { prefix: 'logs', resource: 'logs:{R}:{A}:*', actions: ['CreateLogGroup', 'DeleteLogGroup', 'PutRetentionPolicy', 'AssociateKmsKey', 'DescribeLogGroups', 'TagResource', 'UntagResource', 'PutResourcePolicy', 'DeleteResourcePolicy'] },
  { prefix: 'cloudwatch', resource: 'cloudwatch::{A}:dashboard/*', actions: ['PutDashboard', 'DeleteDashboards', 'GetDashboard'] },
  { prefix: 'sns', resource: 'sns:{R}:{A}:*', actions: ['CreateTopic', 'DeleteTopic', 'SetTopicAttributes', 'GetTopicAttributes', 'TagResource', 'UntagResource'] },
  { prefix: 'kms', resource: 'kms:{R}:{A}:*', actions: ['CreateKey', 'CreateAlias', 'DeleteAlias', 'DescribeKey', 'EnableKeyRotation', 'PutKeyPolicy', 'ScheduleKeyDeletion', 'TagResource', 'CreateGrant', 'Decrypt', 'GenerateDataKey*'] },
  { prefix: 'secretsmanager', resource: 'secretsmanager:{R}:{A}:secret:*', actions: ['CreateSecret', 'DeleteSecret', 'DescribeSecret', 'GetRandomPassword', 'PutResourcePolicy', 'TagResource', 'UpdateSecret', 'RotateSecret'] },
  { prefix: 'rds', resource: 'rds:{R}:{A}:*', actions: ['Create*', 'Delete*', 'Modify*', 'Describe*', 'AddTagsToResource', 'RemoveTagsFromResource'] },
  { prefix: 'elasticache', resource: 'elasticache:{R}:{A}:*', actions: ['Create*', 'Delete*', 'Modify*', 'Describe*', 'AddTagsToResource', 'RemoveTagsFromResource'] },
  { prefix: 's3', resource: 's3:::*', actions: ['CreateBucket', 'DeleteBucket', 'PutBucket*', 'PutEncryptionConfiguration', 'PutLifecycleConfiguration', 'GetBucket*', 'PutBucketPolicy', 'DeleteBucketPolicy'] },
  { prefix: 'wafv2', resource: 'wafv2:{R}:{A}:*', actions: ['CreateWebACL', 'DeleteWebACL', 'UpdateWebACL', 'GetWebACL', 'AssociateWebACL', 'DisassociateWebACL', 'TagResource', 'PutLoggingConfiguration'] },
  { prefix: 'iam', resource: 'iam::{A}:role/*', actions: ['CreateRole', 'DeleteRole', 'GetRole', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'TagRole', 'CreateServiceLinkedRole'] },
];

/** Actions that take no resource ARN (describe/list calls, security groups referencing the VPC). */
const UNSCOPED_ACTIONS = [
  'ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:CreateTags', 'ec2:DeleteTags', 'ec2:Describe*',
  'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource',
  'acm:DescribeCertificate',
];

/**
 * The role Service Catalog provisions the product with (the launch constraint): it may call
 * CloudFormation on stacks Service Catalog names `SC-*`, and every other action only through
 * CloudFormation (`aws:CalledVia`), on resources of this account and region, limited to the
 * services the golden-path template creates; it reads the product templates (objects Service
 * Catalog tags for provisioning), the product assets and the network's SSM parameters.
 * `iam:PassRole` only to ECS tasks and RDS monitoring.
 *
 * @internal
 */
export function createLaunchRole(
  scope: Construct, id: string, roleName: string | undefined, assetBucketArn: string, assetKeyArn: string, networkPrefixes: string[],
): iam.Role {
  const stack = Stack.of(scope);
  const arn = (r: string) => `arn:${stack.partition}:${r.replace('{R}', stack.region).replace('{A}', stack.account)}`;
  const viaCloudFormation = { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } };
  const document = new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'ProvisionWithCloudFormation',
        actions: ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks',
          'cloudformation:DescribeStackEvents', 'cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate', 'cloudformation:SetStackPolicy',
          'cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet',
          'cloudformation:TagResource', 'cloudformation:UntagResource'],
        resources: [arn('cloudformation:{R}:{A}:stack/SC-*')],
      }),
      new iam.PolicyStatement({
        // The product templates, in Service Catalog's own bucket (the statement AWS documents for launch roles).
        sid: 'ReadProductTemplates',
        actions: ['s3:GetObject'],
        resources: ['*'],
        conditions: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
      }),
      new iam.PolicyStatement({ sid: 'ReadAssets', actions: ['s3:GetObject'], resources: [`${assetBucketArn}/*`] }),
      new iam.PolicyStatement({
        // CloudFormation resolves the SSM-typed network parameters with the launch role's credentials.
        sid: 'ReadNetworkParameters',
        actions: ['ssm:GetParameters', 'ssm:GetParameter'],
        resources: [...new Set(networkPrefixes)].map((p) => arn(`ssm:{R}:{A}:parameter${p}/*`)),
      }),
      new iam.PolicyStatement({ sid: 'DecryptAssets', actions: ['kms:Decrypt'], resources: [assetKeyArn] }),
      ...TEMPLATE_SERVICES.map((s) => new iam.PolicyStatement({
        sid: `Template${s.prefix.replace(/[^a-z0-9]/gi, '')}`,
        actions: s.actions.map((a) => `${s.prefix}:${a}`),
        resources: [arn(s.resource)],
        conditions: viaCloudFormation,
      })),
      new iam.PolicyStatement({ sid: 'TemplateUnscoped', actions: UNSCOPED_ACTIONS, resources: ['*'], conditions: viaCloudFormation }),
      new iam.PolicyStatement({
        sid: 'PassTemplateRoles',
        actions: ['iam:PassRole'],
        resources: [arn('iam::{A}:role/*')],
        conditions: { StringEquals: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'monitoring.rds.amazonaws.com'] } },
      }),
    ],
  });
  const role = new iam.Role(scope, id, {
    roleName,
    assumedBy: new iam.ServicePrincipal('servicecatalog.amazonaws.com'),
    description: `Launch role of ${scope.node.path}: provisions its golden-path template through CloudFormation only`,
    inlinePolicies: { Provision: document },
  });
  acknowledge(role, [
    {
      rules: ['AwsSolutions-IAM5'],
      reason: `The launch role creates resources whose names CloudFormation generates at provisioning time, so it is scoped by service to this account and region (${TEMPLATE_SERVICES.map((s) => s.prefix).join(', ')}, each only via CloudFormation) rather than to ARNs; EC2 security-group and alarm calls take no resource ARN; templates are read from Service Catalog\'s bucket only when it tagged them for provisioning.`,
      appliesTo: [
        /^Action::[a-z0-9-]+:[A-Za-z]+\*$/,
        /^Resource::arn:<AWS::Partition>:[a-z0-9-]+:(<AWS::Region>)?:(<AWS::AccountId>|\d{12})?:.*\*$/,
        /^Resource::arn:<AWS::Partition>:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:.*\*$/,
        /^Resource::arn:<AWS::Partition>:s3:::\*$/,
        'Resource::*',
        /^Resource::<.*Bucket.*\.Arn>\/\*$/,
      ],
    },
    {
      rules: ['NIST.800.53.R5-IAMNoInlinePolicy', 'HIPAA.Security-IAMNoInlinePolicy', 'PCI.DSS.321-IAMNoInlinePolicy'],
      reason: 'The launch role policy is specific to this product\'s template and is never attached elsewhere; keeping it inline ties its lifecycle to the role.',
    },
  ]);
  return role;
}
