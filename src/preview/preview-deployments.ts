import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { APPROVER_ROLES } from './defaults';
import { acknowledgeBuildPolicy } from './preview-deployments-acknowledgments';
import { PreviewDeploymentsProps } from './preview-deployments-props';
import { validatePreviewDeploymentsProps } from './preview-deployments-validation';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { logsServicePrincipal, trustedService } from '../core/service-principals';

/** A string as a regular expression that matches exactly it. */
function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Deploys a preview when a pull request is opened, updated or reopened, and destroys it when the pull request is merged
 * or closed, so previews do not wait for their ttl when the work is done.
 *
 * One CodeBuild project with a GitHub webhook (the account needs GitHub source credentials for CodeBuild, once) runs
 * `cdk deploy` or `cdk destroy` with the pull request's head branch as context (`-c branch=<head branch>`), for pull
 * requests into `baseBranch` only (an anchored pattern). The app builds its `PreviewEnvironment` from that context, so the
 * stacks, their tags and their expiry follow the branch; every deploy moves the expiry.
 *
 * The build runs the pull request's own code, so it is bounded twice: a pull request from anyone outside `approverRoles`
 * (a fork too) waits for an approval comment by a member of those roles before any build runs (CodeBuild's pull-request
 * build policy), optionally only `trustedActorIds` trigger builds at all; and the build can only assume the preview
 * deploy role of `previewRoles`, which changes nothing but `preview-*` stacks, through the preview execution role under
 * the preview permissions boundary. Never the CDK bootstrap roles.
 *
 * @example
 * const reaper = new PreviewReaper(toolingStack, 'PreviewReaper', { owner: 'team-platform' });
 * new PreviewDeployments(toolingStack, 'Previews', {
 *   owner: 'team-checkout',
 *   repositoryOwner: 'acme',
 *   repositoryName: 'checkout',
 *   previewRoles: reaper.previewRoles,
 * });
 */
export class PreviewDeployments extends PavedRoadConstruct {
  /** The project that deploys and destroys previews. */
  public readonly project: codebuild.Project;
  /** The project's role. */
  public readonly role: iam.IRole;
  /** The project's log group. */
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: PreviewDeploymentsProps) {
    super(scope, id, props, 'PreviewDeployments');
    validatePreviewDeploymentsProps(this.node.path, props);

    const d = this.profileDefaults;
    const contextKey = props.branchContextKey ?? 'branch';
    const selector = props.stackSelector ?? 'Preview/**';
    const previewRoles = props.previewRoles;

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the build artifacts and logs of the preview deployments ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: d.statefulRemovalPolicy,
    });
    key.grantEncryptDecrypt(logsServicePrincipal(this));
    this.logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: key, retention: d.logRetentionDays, removalPolicy: d.statefulRemovalPolicy });

    // Threat model. Who triggers a build: the GitHub webhook, for pull requests into baseBranch only; a pull request
    // from anyone outside approverRoles (or trustedActorIds), forks included, waits for an approval comment from a
    // member of approverRoles. With what code: the pull request's own (its install scripts and its CDK app run).
    // Worst case: that code holds this role's credentials, which can only assume the preview deploy role; that role
    // can only create, update and delete stacks named preview-* tagged paved-road:preview=true, through the preview
    // execution role under the preview boundary (no IAM users, no unbounded roles, no other stack, key, secret or data).
    const role = new iam.Role(this, 'Role', {
      // CodeBuild User Guide, "Allow CodeBuild to interact with other AWS services": this account's projects only.
      assumedBy: trustedService(this, 'codebuild.amazonaws.com'),
      description: `Deploys and destroys pull-request previews through the bounded preview deploy role only (${this.node.path})`,
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeThePreviewDeployRoleOnly',
          actions: ['sts:AssumeRole'],
          resources: [previewRoles.deployRole.roleArn],
        }),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
        new iam.PolicyStatement({ sid: 'UseKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], resources: [key.keyArn] }),
      ],
    });
    previewRoles.allowDeploy(role);
    acknowledgeBuildPolicy(policy);
    this.role = role;

    const deployOrDestroy = [
      'PREVIEW_BRANCH="${CODEBUILD_WEBHOOK_HEAD_REF#refs/heads/}"',
      'echo "$CODEBUILD_WEBHOOK_EVENT for branch $PREVIEW_BRANCH"',
      'case "$CODEBUILD_WEBHOOK_EVENT" in ' +
        `PULL_REQUEST_MERGED|PULL_REQUEST_CLOSED) npx cdk destroy '${selector}' --force -c ${contextKey}="$PREVIEW_BRANCH" ;; ` +
        `*) npx cdk deploy '${selector}' --require-approval never -c ${contextKey}="$PREVIEW_BRANCH" ;; ` +
        'esac',
    ].join('\n');

    this.project = new codebuild.Project(this, 'Project', {
      description: `Deploys a preview of ${props.repositoryOwner}/${props.repositoryName} per pull request and destroys it on merge or close`,
      role: role.withoutPolicyUpdates(),
      encryptionKey: key,
      timeout: props.timeout ?? Duration.minutes(60),
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL, privileged: false },
      logging: { cloudWatch: { logGroup: this.logGroup } },
      source: codebuild.Source.gitHub({
        owner: props.repositoryOwner,
        repo: props.repositoryName,
        webhook: true,
        webhookFilters: [
          codebuild.FilterGroup.inEventOf(
            codebuild.EventAction.PULL_REQUEST_CREATED, codebuild.EventAction.PULL_REQUEST_UPDATED, codebuild.EventAction.PULL_REQUEST_REOPENED,
            codebuild.EventAction.PULL_REQUEST_MERGED, codebuild.EventAction.PULL_REQUEST_CLOSED,
          ).andBaseRefIs(`^refs/heads/${literalPattern(props.baseBranch ?? 'main')}$`),
        ].map((group) => (props.trustedActorIds ? group.andActorAccountIs(`^(${props.trustedActorIds.join('|')})$`) : group)),
      }),
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        phases: {
          install: { 'runtime-versions': { nodejs: 22 }, 'commands': [props.installCommand ?? 'npm ci'] },
          build: { commands: [deployOrDestroy] },
        },
      }),
    });
    // The account's GitHub OAuth source credentials, stated rather than implied (HIPAA/PCI CodeBuildProjectSourceRepoUrl).
    const cfnProject = this.project.node.defaultChild as codebuild.CfnProject;
    cfnProject.source = { ...(cfnProject.source as codebuild.CfnProject.SourceProperty), auth: { type: 'OAUTH' } };
    // Untrusted pull requests wait for an approval comment (the L2 has no property for the policy yet).
    cfnProject.addPropertyOverride('Triggers.PullRequestBuildPolicy', {
      RequiresCommentApproval: 'ALL_PULL_REQUESTS',
      ApproverRoles: props.approverRoles ?? APPROVER_ROLES,
    });
    this.project.node.addDependency(policy);
  }
}
