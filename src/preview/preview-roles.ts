import { Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeBoundary, acknowledgeDeployPolicy, acknowledgeExecutionRole } from './preview-roles-acknowledgments';
import { PreviewRolesProps } from './preview-roles-props';
import { validatePreviewRolesProps } from './preview-roles-validation';
import { PREVIEW_STACK_PREFIX, previewStacksArn } from './preview-stacks';
import { PreviewTags } from './tag-keys';
import { arnOf } from '../core/arns';
import { PavedRoadConstruct } from '../core/paved-road-construct';

export { PREVIEW_STACK_PREFIX } from './preview-stacks';

/** The roles and the boundary are named, once per account and region, so preview stacks of any app can name them. */
const NAME_PREFIX = 'paved-road-preview';

/**
 * The bounded credentials every preview is deployed and deleted with: deployed once per account and region by the
 * platform team (`PreviewReaper` creates one when it is given none).
 *
 * - `boundary`: the permissions boundary of the execution role and of every role a preview creates. A preview can
 *   create no IAM user, group or access key, no role without this same boundary, cannot remove or change a boundary,
 *   cannot write to a CloudFormation stack whose name does not start with `preview-`, and cannot use or manage a KMS
 *   key, secret, database or cache that does not carry the tag `paved-road:preview=true`, or a bucket whose name does
 *   not start with `preview-`.
 * - `executionRole`: the CloudFormation service role of every preview stack (trusted by CloudFormation for this account
 *   only), with PowerUserAccess and role management for roles that carry the boundary, all under the boundary.
 * - `deployRole`: the role the CDK CLI assumes to deploy, publish assets and look up context for a preview. It can only
 *   create, update and delete stacks named `preview-*` that carry `paved-road:preview=true`, and only through the
 *   execution role. Never the CDK bootstrap roles.
 *
 * Names (account-wide IAM names, one set per region): `paved-road-preview-boundary-<region>`,
 * `paved-road-preview-execution-<region>`, `paved-road-preview-deploy-<region>`; `PreviewEnvironment` points its
 * stacks' synthesizer at them.
 *
 * @example
 * const roles = new PreviewRoles(platformStack, 'PreviewRoles', { owner: 'team-platform' });
 * new PreviewReaper(platformStack, 'PreviewReaper', { owner: 'team-platform', previewRoles: roles });
 */
export class PreviewRoles extends PavedRoadConstruct {
  /** The name of the deploy role in `region` (a token such as `${AWS::Region}` works). */
  public static deployRoleName(region: string): string {
    return `${NAME_PREFIX}-deploy-${region}`;
  }

  /** The name of the CloudFormation execution role in `region`. */
  public static executionRoleName(region: string): string {
    return `${NAME_PREFIX}-execution-${region}`;
  }

  /** The name of the permissions boundary policy in `region`. */
  public static boundaryName(region: string): string {
    return `${NAME_PREFIX}-boundary-${region}`;
  }

  /** The permissions boundary of the execution role and of every role a preview creates. */
  public readonly boundary: iam.ManagedPolicy;
  /** The CloudFormation service role of every preview stack; the reaper deletes through it too. */
  public readonly executionRole: iam.Role;
  /** The role the CDK CLI assumes to deploy or destroy a preview. */
  public readonly deployRole: iam.Role;

  private readonly deployerArns: string[] = [];

  constructor(scope: Construct, id: string, props: PreviewRolesProps = {}) {
    super(scope, id, props, 'PreviewRoles');
    validatePreviewRolesProps(this.node.path, props);

    const stack = Stack.of(this);
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    const region = stack.region;
    const iamArn = (path: string) => arnOf(stack, `iam::{A}:${path}`);
    const previewStacks = previewStacksArn(stack);
    const previewChangeSets = arnOf(stack, 'cloudformation:{R}:{A}:changeSet/*/*');

    const boundaryName = PreviewRoles.boundaryName(region);
    const boundaryArn = iamArn(`policy/${boundaryName}`);
    const protectedRoles = [iamArn(`role/${NAME_PREFIX}-*`)];
    const notTaggedPreview = { StringNotEquals: { [`aws:ResourceTag/${PreviewTags.PREVIEW}`]: 'true' } };

    this.boundary = new iam.ManagedPolicy(this, 'Boundary', {
      managedPolicyName: boundaryName,
      description: 'Ceiling of every preview environment: no IAM users, no roles without this boundary, only preview-* stacks, preview-tagged keys, secrets and data',
      statements: [
        // The ceiling: everything the identity policies grant except identities, organizations and account settings
        // and assuming other roles; the denials below narrow it further.
        new iam.PolicyStatement({
          sid: 'CeilingWithoutIdentitiesOrAccountChanges',
          notActions: [
            'iam:*User*', 'iam:*Group*', 'iam:*AccessKey*', 'iam:*LoginProfile*', 'iam:*SAMLProvider*', 'iam:*OpenIDConnectProvider*',
            'iam:CreateServiceSpecificCredential', 'iam:*AccountAlias*', 'iam:*PasswordPolicy*', 'organizations:*', 'account:*',
            'sts:AssumeRole',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'RolesOnlyWithThisBoundary',
          effect: iam.Effect.DENY,
          actions: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRolePolicy'],
          resources: ['*'],
          conditions: { StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn } },
        }),
        new iam.PolicyStatement({
          sid: 'BoundaryStays',
          effect: iam.Effect.DENY,
          actions: ['iam:DeleteRolePermissionsBoundary', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'PreviewRolesStay',
          effect: iam.Effect.DENY,
          actions: ['iam:Put*', 'iam:Attach*', 'iam:Detach*', 'iam:Delete*', 'iam:Update*', 'iam:Tag*', 'iam:Untag*', 'iam:PassRole'],
          resources: protectedRoles,
        }),
        new iam.PolicyStatement({
          sid: 'OnlyPreviewStacks',
          effect: iam.Effect.DENY,
          actions: ['cloudformation:Create*', 'cloudformation:Update*', 'cloudformation:Delete*', 'cloudformation:ExecuteChangeSet', 'cloudformation:SetStackPolicy',
            'cloudformation:TagResource', 'cloudformation:UntagResource', 'cloudformation:ContinueUpdateRollback', 'cloudformation:CancelUpdateStack'],
          notResources: [previewStacks, previewChangeSets],
        }),
        new iam.PolicyStatement({
          sid: 'OnlyPreviewKeys',
          effect: iam.Effect.DENY,
          notActions: ['kms:CreateKey', 'kms:ListAliases', 'kms:ListKeys', 'kms:DescribeCustomKeyStores'],
          resources: [arnOf(stack, 'kms:*:*:key/*')],
          conditions: notTaggedPreview,
        }),
        new iam.PolicyStatement({
          sid: 'NewKeysArePreviewKeys',
          effect: iam.Effect.DENY,
          actions: ['kms:CreateKey'],
          resources: ['*'],
          conditions: { StringNotEquals: { [`aws:RequestTag/${PreviewTags.PREVIEW}`]: 'true' } },
        }),
        new iam.PolicyStatement({
          sid: 'OnlyPreviewSecretsAndData',
          effect: iam.Effect.DENY,
          actions: [
            'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:DeleteSecret',
            'secretsmanager:PutResourcePolicy', 'secretsmanager:RotateSecret', 'secretsmanager:TagResource', 'secretsmanager:UntagResource',
            'rds:Delete*', 'rds:Modify*', 'rds:Restore*', 'rds:Reboot*', 'rds:Stop*', 'rds:AddTagsToResource', 'rds:RemoveTagsFromResource',
            'elasticache:Delete*', 'elasticache:Modify*', 'elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource',
            'dynamodb:Delete*', 'dynamodb:Update*', 'dynamodb:Put*', 'dynamodb:Get*', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem',
            'ecs:DeleteService', 'ecs:UpdateService', 'ecs:DeleteCluster', 'ecs:TagResource', 'ecs:UntagResource',
          ],
          resources: ['*'],
          conditions: notTaggedPreview,
        }),
        new iam.PolicyStatement({
          sid: 'OnlyPreviewBuckets',
          effect: iam.Effect.DENY,
          actions: ['s3:*'],
          notResources: [
            arnOf(stack, `s3:::${PREVIEW_STACK_PREFIX}*`), arnOf(stack, `s3:::${PREVIEW_STACK_PREFIX}*/*`),
            // Lambda and CloudFormation read the previews' published assets from the bootstrap bucket
            arnOf(stack, `s3:::cdk-${qualifier}-assets-{A}-{R}/*`),
          ],
        }),
      ],
    });
    acknowledgeBoundary(this.boundary);

    const stateChanges = ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:CreateChangeSet'];
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      roleName: PreviewRoles.executionRoleName(region),
      description: 'CloudFormation deploys and deletes preview stacks with this role, under the preview permissions boundary',
      // No aws:SourceAccount here: the CloudFormation service-role page documents no confused-deputy condition
      // keys for this trust, and a key CloudFormation does not send would make the role unassumable. What limits
      // its use is iam:PassRole (only the deploy role and the reaper's function may pass it) and the boundary.
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com'),
      permissionsBoundary: this.boundary,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')],
    });
    const roleManagement = new iam.ManagedPolicy(this, 'ExecutionRoleIam', {
      description: 'Role management for the roles of preview stacks (preview-*), which the preview boundary bounds',
      statements: [
        new iam.PolicyStatement({
          sid: 'ManageBoundedPreviewRoles',
          actions: ['iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole',
            'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary',
            'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:CreateInstanceProfile', 'iam:DeleteInstanceProfile', 'iam:AddRoleToInstanceProfile',
            'iam:RemoveRoleFromInstanceProfile', 'iam:GetInstanceProfile'],
          // CloudFormation names a stack's roles <stack name>-<logical id>-<suffix>: preview-*.
          resources: [iamArn(`role/${PREVIEW_STACK_PREFIX}*`), iamArn(`instance-profile/${PREVIEW_STACK_PREFIX}*`)],
        }),
        new iam.PolicyStatement({
          sid: 'PassPreviewRolesToServices',
          actions: ['iam:PassRole'],
          resources: [iamArn(`role/${PREVIEW_STACK_PREFIX}*`)],
        }),
        new iam.PolicyStatement({ sid: 'ServiceLinkedRoles', actions: ['iam:CreateServiceLinkedRole'], resources: [iamArn('role/aws-service-role/*')] }),
      ],
    });
    this.executionRole.addManagedPolicy(roleManagement);
    acknowledgeExecutionRole(this.executionRole, roleManagement, stack);

    // Trusted by this account's principals whose ARN is listed (deployers, PreviewDeployments' build roles):
    // until one is added the list holds only the deploy role itself, so nobody can assume it.
    this.deployerArns.push(...(props.deployers ?? []).map((r) => r.roleArn));
    const selfArn = iamArn(`role/${PreviewRoles.deployRoleName(region)}`);
    this.deployRole = new iam.Role(this, 'DeployRole', {
      roleName: PreviewRoles.deployRoleName(region),
      description: 'The CDK CLI deploys, publishes assets for and destroys preview stacks (preview-*) with this role, through the preview execution role',
      assumedBy: new iam.PrincipalWithConditions(new iam.AccountRootPrincipal(), {
        ArnEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => (this.deployerArns.length > 0 ? this.deployerArns : [selfArn]) }) },
      }),
    });
    const bootstrapBucket = arnOf(stack, `s3:::cdk-${qualifier}-assets-{A}-{R}`);
    const deployPolicy = new iam.ManagedPolicy(this, 'DeployPolicy', {
      roles: [this.deployRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'ChangePreviewStacksThroughTheExecutionRole',
          actions: [...stateChanges, 'cloudformation:DeleteStack'],
          resources: [previewStacks],
          conditions: {
            StringEquals: { 'cloudformation:RoleArn': this.executionRole.roleArn },
          },
        }),
        new iam.PolicyStatement({
          sid: 'NewStacksArePreviews',
          effect: iam.Effect.DENY,
          actions: stateChanges,
          resources: ['*'],
          conditions: { StringNotEquals: { [`aws:RequestTag/${PreviewTags.PREVIEW}`]: 'true' } },
        }),
        new iam.PolicyStatement({
          sid: 'DeleteOnlyTaggedPreviews',
          effect: iam.Effect.DENY,
          actions: ['cloudformation:DeleteStack'],
          resources: ['*'],
          conditions: notTaggedPreview,
        }),
        new iam.PolicyStatement({
          sid: 'ReadAndRunPreviewChangeSets',
          actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:GetTemplate', 'cloudformation:DescribeChangeSet',
            'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:ListStackResources', 'cloudformation:DescribeStackResources'],
          resources: [previewStacks],
        }),
        new iam.PolicyStatement({ sid: 'ValidateTemplates', actions: ['cloudformation:GetTemplateSummary', 'cloudformation:ValidateTemplate'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'PassTheExecutionRoleToCloudFormation',
          actions: ['iam:PassRole'],
          resources: [this.executionRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          sid: 'PublishFileAssets',
          actions: ['s3:GetObject', 's3:PutObject', 's3:GetBucketLocation', 's3:ListBucket'],
          resources: [bootstrapBucket, `${bootstrapBucket}/*`],
        }),
        new iam.PolicyStatement({
          sid: 'PublishImageAssets',
          actions: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchCheckLayerAvailability', 'ecr:DescribeRepositories', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          resources: [arnOf(stack, `ecr:{R}:{A}:repository/cdk-${qualifier}-container-assets-{A}-{R}`)],
        }),
        new iam.PolicyStatement({ sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'LookUpContext',
          actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeRouteTables', 'ec2:DescribeVpnGateways',
            'ec2:DescribeAvailabilityZones', 'ec2:DescribeSecurityGroups', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'route53:ListHostedZonesByName'],
          resources: ['*'],
        }),
      ],
    });
    acknowledgeDeployPolicy(deployPolicy, stack, qualifier);
  }

  /** Lets `role` (a build role or a developer's role in this account) assume the deploy role. */
  public allowDeploy(role: iam.IRole): void {
    this.deployerArns.push(role.roleArn);
  }
}
