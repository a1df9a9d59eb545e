import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeLaunchRole } from './launch-role-acknowledgments';
import { AWS_MANAGED_POLICIES, LaunchScope, PRODUCT_TAG, ROLE_PASSING_RESOURCES, SERVICE_LINKED_ROLES } from './launch-scope';
import { arnOf } from '../core/arns';

/**
 * What a golden-path template creates, per service (IAM, KMS and S3 apart: their statements below
 * are limited to what the product itself creates): the actions CloudFormation needs on the launch
 * role's behalf to create, update and delete it. @internal
 */
const TEMPLATE_SERVICES: Array<{ prefix: string; resource: string; actions: string[] }> = [
  { prefix: 'ecs', resource: 'ecs:{R}:{A}:*', actions: ['CreateService', 'UpdateService', 'DeleteService', 'Describe*', 'RegisterTaskDefinition', 'DeregisterTaskDefinition', 'TagResource', 'UntagResource'] },
  { prefix: 'elasticloadbalancing', resource: 'elasticloadbalancing:{R}:{A}:*', actions: ['Create*', 'Delete*', 'Modify*', 'Describe*', 'AddTags', 'RemoveTags', 'SetSecurityGroups', 'SetSubnets', 'SetWebAcl'] },
  { prefix: 'application-autoscaling', resource: 'application-autoscaling:{R}:{A}:*', actions: ['RegisterScalableTarget', 'DeregisterScalableTarget', 'PutScalingPolicy', 'DeleteScalingPolicy', 'Describe*', 'TagResource'] },
  { prefix: 'logs', resource: 'logs:{R}:{A}:*', actions: ['CreateLogGroup', 'DeleteLogGroup', 'PutRetentionPolicy', 'AssociateKmsKey', 'DescribeLogGroups', 'TagResource', 'UntagResource', 'PutResourcePolicy', 'DeleteResourcePolicy'] },
  { prefix: 'cloudwatch', resource: 'cloudwatch::{A}:dashboard/*', actions: ['PutDashboard', 'DeleteDashboards', 'GetDashboard'] },
  { prefix: 'sns', resource: 'sns:{R}:{A}:*', actions: ['CreateTopic', 'DeleteTopic', 'SetTopicAttributes', 'GetTopicAttributes', 'TagResource', 'UntagResource'] },
  { prefix: 'secretsmanager', resource: 'secretsmanager:{R}:{A}:secret:*', actions: ['CreateSecret', 'DeleteSecret', 'DescribeSecret', 'GetRandomPassword', 'PutResourcePolicy', 'TagResource', 'UpdateSecret', 'RotateSecret'] },
  { prefix: 'rds', resource: 'rds:{R}:{A}:*', actions: ['Create*', 'Delete*', 'Modify*', 'Describe*', 'AddTagsToResource', 'RemoveTagsFromResource'] },
  { prefix: 'elasticache', resource: 'elasticache:{R}:{A}:*', actions: ['Create*', 'Delete*', 'Modify*', 'Describe*', 'AddTagsToResource', 'RemoveTagsFromResource'] },
  { prefix: 'wafv2', resource: 'wafv2:{R}:{A}:*', actions: ['CreateWebACL', 'DeleteWebACL', 'UpdateWebACL', 'GetWebACL', 'AssociateWebACL', 'DisassociateWebACL', 'TagResource', 'PutLoggingConfiguration'] },
];

/** Actions that take no resource ARN (describe/list calls, security groups referencing the VPC). */
const UNSCOPED_ACTIONS = [
  'ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:CreateTags', 'ec2:DeleteTags', 'ec2:Describe*',
  'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource',
  'acm:DescribeCertificate',
];

/** What the launch role of one product is built from. @internal */
export interface LaunchRoleFacts {
  /** Name of the role (a local launch role in shared accounts), else generated. */
  readonly roleName?: string;
  readonly assetBucketArn: string;
  readonly assetKeyArn: string;
  /** SSM prefixes the product's network parameters are read from, one per profile. */
  readonly networkPrefixes: string[];
  /** What the product's templates create and how they mark it. */
  readonly launch: LaunchScope;
  /** The permissions boundary every role the templates create carries. */
  readonly boundary: iam.IManagedPolicy;
  /** The CloudFormation resource types of the product's templates (which services they pass roles to). */
  readonly templateResourceTypes: ReadonlySet<string>;
}

/**
 * The role Service Catalog provisions the product with (the launch constraint).
 *
 * Threat model. Who: any principal the portfolio is associated with or shared with (its accounts'
 * and organizational units' principals given access there) can launch or update a product
 * version; Service Catalog then assumes this role. With what: only the templates the platform
 * published as product versions, but with parameters the developer chooses (ApplicationName,
 * Image, Cpu, Memory, CertificateArn): the template fixes which resources and policies exist, the
 * developer fixes names, tags and the code the service runs. What else runs with this role: any
 * stack Service Catalog runs with it, so a template bug, a careless new version, or (shared
 * portfolios) a local launch constraint that names this role reach everything the role allows.
 * Worst case before the bounds: the role could create any role, attach any policy (e.g.
 * AdministratorAccess) to any role, pass any role, rewrite or schedule the deletion of any key,
 * decrypt with any key and delete any bucket of the account, i.e. take the account over.
 * Worst case with them: it creates and changes only roles under the product's IAM path that carry
 * the product's permissions boundary (which allows run-time logs, traces, exec channels and the
 * product's own secrets, keys and buckets, and no IAM); it cannot remove or edit the boundary;
 * it passes only those roles, only to the services the templates pass roles to; it administers
 * only keys tagged with the product's key (or created with that tag in the launch) and buckets
 * named with the product's prefix; it acts only through CloudFormation on `SC-*` stacks and cannot
 * import existing resources into them. What remains: the resources of ECS, ELB, RDS, ElastiCache
 * and the other template services of this account and region, through CloudFormation.
 *
 * Condition keys are those the Service Authorization Reference lists for each action ("Actions,
 * resources, and condition keys for AWS Identity and Access Management": iam:PermissionsBoundary
 * on the role-permission writes but not on TagRole, UntagRole or the policy actions; iam:PolicyARN
 * on AttachRolePolicy; iam:PassedToService on PassRole; iam:AWSServiceName on
 * CreateServiceLinkedRole. "... AWS Key Management Service": aws:RequestTag on CreateKey and
 * TagResource, aws:ResourceTag through the key resource type. "... AWS CloudFormation":
 * cloudformation:ImportResourceTypes on CreateChangeSet. "... Amazon S3": bucket tag keys, which
 * apply only to buckets with ABAC enabled ("Enabling ABAC in general purpose buckets"), so buckets
 * are scoped by name). Tagging a key in CreateKey needs kms:TagResource on every key of the
 * account and region (KMS Developer Guide, "Controlling access to tags").
 *
 * @internal
 */
export function createLaunchRole(scope: Construct, id: string, facts: LaunchRoleFacts): iam.Role {
  const stack = Stack.of(scope);
  const { launch } = facts;
  const viaCloudFormation = { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } };
  const productRoles = arnOf(stack, `iam::{A}:role${launch.iamPath}*`);
  const productPolicies = arnOf(stack, `iam::{A}:policy${launch.iamPath}*`);
  const allKeys = arnOf(stack, 'kms:{R}:{A}:key/*');
  const boundaryArn = facts.boundary.managedPolicyArn;
  const withBoundary = { ...viaCloudFormation, StringEquals: { 'iam:PermissionsBoundary': boundaryArn } };
  const passedTo = [...new Set([...facts.templateResourceTypes].map((t) => ROLE_PASSING_RESOURCES[t]).filter((s) => s !== undefined))].sort();

  const document = new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'ProvisionWithCloudFormation',
        actions: ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks',
          'cloudformation:DescribeStackEvents', 'cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate', 'cloudformation:SetStackPolicy',
          'cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet',
          'cloudformation:TagResource', 'cloudformation:UntagResource'],
        resources: [arnOf(stack, 'cloudformation:{R}:{A}:stack/SC-*')],
      }),
      new iam.PolicyStatement({
        // An import change set could bring an existing resource (a key, a bucket) into a stack and
        // tag it as the product's: provisioning never imports.
        sid: 'NoResourceImports',
        effect: iam.Effect.DENY,
        actions: ['cloudformation:CreateChangeSet'],
        resources: ['*'],
        conditions: { Null: { 'cloudformation:ImportResourceTypes': 'false' } },
      }),
      new iam.PolicyStatement({
        // The product templates, in Service Catalog's own bucket (the statement AWS documents for launch roles).
        sid: 'ReadProductTemplates',
        actions: ['s3:GetObject'],
        resources: ['*'],
        conditions: { StringEquals: { 's3:ExistingObjectTag/servicecatalog:provisioning': 'true' } },
      }),
      new iam.PolicyStatement({ sid: 'ReadAssets', actions: ['s3:GetObject'], resources: [`${facts.assetBucketArn}/*`] }),
      new iam.PolicyStatement({
        // CloudFormation resolves the SSM-typed network parameters with the launch role's credentials.
        sid: 'ReadNetworkParameters',
        actions: ['ssm:GetParameters', 'ssm:GetParameter'],
        resources: [...new Set(facts.networkPrefixes)].map((p) => arnOf(stack, `ssm:{R}:{A}:parameter${p}/*`)),
      }),
      new iam.PolicyStatement({ sid: 'DecryptAssets', actions: ['kms:Decrypt'], resources: [facts.assetKeyArn] }),
      ...TEMPLATE_SERVICES.map((s) => new iam.PolicyStatement({
        sid: `Template${s.prefix.replace(/[^a-z0-9]/gi, '')}`,
        actions: s.actions.map((a) => `${s.prefix}:${a}`),
        resources: [arnOf(stack, s.resource)],
        conditions: viaCloudFormation,
      })),
      new iam.PolicyStatement({ sid: 'TemplateUnscoped', actions: UNSCOPED_ACTIONS, resources: ['*'], conditions: viaCloudFormation }),

      // IAM: only roles and policies under the product's path; every change to a role's permissions
      // needs the product's boundary on it (iam:PermissionsBoundary is the boundary the role has, or
      // gets with CreateRole / PutRolePermissionsBoundary).
      new iam.PolicyStatement({
        sid: 'BoundedRoles',
        actions: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary',
          'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:DeleteRole'],
        resources: [productRoles],
        conditions: withBoundary,
      }),
      new iam.PolicyStatement({
        sid: 'AttachProductPoliciesToBoundedRoles',
        actions: ['iam:AttachRolePolicy'],
        resources: [productRoles],
        conditions: {
          ...withBoundary,
          ArnLike: { 'iam:PolicyARN': [productPolicies, ...AWS_MANAGED_POLICIES.map((p) => `arn:${stack.partition}:iam::aws:policy/${p}`)] },
        },
      }),
      new iam.PolicyStatement({
        // IAM offers no boundary condition for these: reads, and tags CloudFormation sets on the
        // roles it creates (CreateRole with tags needs TagRole too).
        sid: 'ReadAndTagProductRoles',
        actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListRoleTags',
          'iam:ListInstanceProfilesForRole', 'iam:TagRole', 'iam:UntagRole'],
        resources: [productRoles],
        conditions: viaCloudFormation,
      }),
      new iam.PolicyStatement({
        // A customer-managed policy grants nothing until attached, and attaching needs a bounded role.
        sid: 'ProductPolicies',
        actions: ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy', 'iam:GetPolicy',
          'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:ListEntitiesForPolicy'],
        resources: [productPolicies],
        conditions: viaCloudFormation,
      }),
      new iam.PolicyStatement({
        sid: 'PassProductRoles',
        actions: ['iam:PassRole'],
        resources: [productRoles],
        conditions: { StringEquals: { 'iam:PassedToService': passedTo } },
      }),
      new iam.PolicyStatement({
        sid: 'ServiceLinkedRoles',
        actions: ['iam:CreateServiceLinkedRole'],
        resources: SERVICE_LINKED_ROLES.map((r) => arnOf(stack, `iam::{A}:role/aws-service-role/${r.service}/${r.roleName}`)),
        conditions: { ...viaCloudFormation, StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLES.map((r) => r.service) } },
      }),
      new iam.PolicyStatement({ sid: 'NeverRemoveBoundaries', effect: iam.Effect.DENY, actions: ['iam:DeleteRolePermissionsBoundary'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'NeverChangeTheBoundary',
        effect: iam.Effect.DENY,
        actions: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy', 'iam:TagPolicy', 'iam:UntagPolicy'],
        resources: [boundaryArn],
      }),

      // KMS: keys created with the product's tag in the launch, then only keys carrying it.
      new iam.PolicyStatement({
        sid: 'CreateProductKeys',
        actions: ['kms:CreateKey'],
        resources: ['*'],
        conditions: { ...viaCloudFormation, StringEquals: { [`aws:RequestTag/${PRODUCT_TAG}`]: launch.key } },
      }),
      new iam.PolicyStatement({
        // Tagging a key in CreateKey needs kms:TagResource on all keys of the account and region.
        sid: 'TagNewProductKeys',
        actions: ['kms:TagResource'],
        resources: [allKeys],
        conditions: { ...viaCloudFormation, StringEquals: { [`aws:RequestTag/${PRODUCT_TAG}`]: launch.key } },
      }),
      new iam.PolicyStatement({
        sid: 'ManageProductKeys',
        actions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags', 'kms:EnableKeyRotation',
          'kms:PutKeyPolicy', 'kms:UpdateKeyDescription', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion',
          'kms:CreateGrant', 'kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [allKeys],
        conditions: { ...viaCloudFormation, StringEquals: { [`aws:ResourceTag/${PRODUCT_TAG}`]: launch.key } },
      }),

      // S3: buckets named with the product's prefix (S3 tag conditions need ABAC enabled per bucket).
      new iam.PolicyStatement({
        sid: 'ProductBuckets',
        actions: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketTagging',
          's3:PutBucketPublicAccessBlock', 's3:PutBucketVersioning', 's3:PutBucketOwnershipControls', 's3:PutBucketLogging',
          's3:PutEncryptionConfiguration', 's3:PutLifecycleConfiguration', 's3:GetBucket*', 's3:GetEncryptionConfiguration',
          's3:GetLifecycleConfiguration'],
        resources: [arnOf(stack, `s3:::${launch.bucketPrefix}*`)],
        conditions: viaCloudFormation,
      }),
    ],
  });
  const role = new iam.Role(scope, id, {
    roleName: facts.roleName,
    assumedBy: new iam.ServicePrincipal('servicecatalog.amazonaws.com'),
    description: `Launch role of ${scope.node.path}: provisions its golden-path template through CloudFormation only`,
    inlinePolicies: { Provision: document },
  });
  acknowledgeLaunchRole(role, { assetBucketArn: facts.assetBucketArn, networkPrefixes: facts.networkPrefixes, launch });
  return role;
}
