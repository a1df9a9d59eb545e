import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PreviewRoles } from './preview-roles';
import { acknowledge } from '../core/acknowledge';
import { PavedRoadConstruct, PavedRoadConstructProps } from '../core/paved-road-construct';
import { AwsSolutionsRule } from '../core/rule-ids';
import { logsServicePrincipal, trustedService } from '../core/service-principals';
import { Kind, KIND_WORDS, PropValidator } from '../core/validation';

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
/** Context keys the library and the CDK read: a branch passed under one of them would change what they do. */
const RESERVED_CONTEXT_KEY = /^(paved-road:|aws:cdk:|aws-cdk:)/;
/** A git branch name (git check-ref-format, simplified): no spaces, no `..`, no control or regex-special characters. */
const BRANCH_PATTERN = /^(?!\/|.*\/$|.*\.\.|.*\/\/|.*\.lock$|.*@\{)[A-Za-z0-9._\/-]{1,255}$/;
const ACTOR_ID_PATTERN = /^[1-9][0-9]{0,19}$/;
/** Repository roles trusted to run code with deployment credentials: they can already push to the repository. */
const APPROVER_ROLES = ['GITHUB_WRITE', 'GITHUB_MAINTAIN', 'GITHUB_ADMIN'];

/** A string as a regular expression that matches exactly it. */
function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Props of `PreviewDeployments`.
 */
export interface PreviewDeploymentsProps extends PavedRoadConstructProps {
  /** The GitHub owner (user or organization) of the app's repository. */
  readonly repositoryOwner: string;

  /** The GitHub repository of the app. */
  readonly repositoryName: string;

  /**
   * Only pull requests into this branch get previews.
   *
   * @default 'main'
   */
  readonly baseBranch?: string;

  /**
   * Installs the app's dependencies.
   *
   * @default 'npm ci'
   */
  readonly installCommand?: string;

  /**
   * The context key through which the app reads the branch (`-c <key>=<branch>`).
   *
   * @default 'branch'
   */
  readonly branchContextKey?: string;

  /**
   * The CDK CLI stack selector of the preview's stacks: the construct path of the app's `PreviewEnvironment` followed
   * by `/**`. Never select stacks outside the preview: merge and close run `cdk destroy` on the same selector.
   *
   * @default 'Preview/**' (the stacks of a PreviewEnvironment with id `Preview` at the app's root)
   */
  readonly stackSelector?: string;

  /**
   * The bounded preview credentials (`PreviewRoles`, one set per account and region; `PreviewReaper` creates one as
   * `reaper.previewRoles`). The build can assume only their deploy role, which can change only `preview-*` stacks, through
   * their execution role, under their permissions boundary.
   */
  readonly previewRoles: PreviewRoles;

  /**
   * Only events by these GitHub user ids (numbers, as in `https://api.github.com/users/<login>`) trigger a build at all
   * (the webhook's ACTOR_ACCOUNT_ID filter): an allowlist of the team. Their pull requests still follow `approverRoles`.
   *
   * @default - any actor: the pull-request build policy (`approverRoles`) alone decides which pull requests build.
   */
  readonly trustedActorIds?: string[];

  /**
   * The repository roles whose members' pull requests build at once and who may approve other pull requests with a
   * comment (CodeBuild's pull-request build policy): `GITHUB_WRITE`, `GITHUB_MAINTAIN`, `GITHUB_ADMIN`. Every other
   * contributor's pull request, from a fork too, waits for an approval comment before any build runs its code.
   *
   * @default ['GITHUB_WRITE', 'GITHUB_MAINTAIN', 'GITHUB_ADMIN'] (the people who can push to the repository anyway)
   */
  readonly approverRoles?: string[];

  /**
   * Longest deployment or destruction.
   *
   * @default Duration.minutes(60)
   */
  readonly timeout?: Duration;
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
    const v = new PropValidator('PreviewDeployments', this.node.path);
    // Every string is checked as a string first: a pattern test would read the number 5 (or NaN) as the name "5" ("NaN").
    const isText = (x: unknown): x is string => typeof x === 'string';
    v.require('repositoryOwner', props.repositoryOwner, 'pass the GitHub owner of the app repository');
    v.require('repositoryName', props.repositoryName, 'pass the GitHub repository of the app');
    if (props.repositoryOwner !== '') v.check('repositoryOwner', props.repositoryOwner, (o) => isText(o) && NAME_PATTERN.test(o), 'a GitHub owner name (letters, digits, _ . -)');
    if (props.repositoryName !== '') v.check('repositoryName', props.repositoryName, (n) => isText(n) && NAME_PATTERN.test(n), 'a GitHub repository name (letters, digits, _ . -)');
    v.check('branchContextKey', props.branchContextKey, (k) => isText(k) && /^[A-Za-z0-9_.:-]+$/.test(k) && !RESERVED_CONTEXT_KEY.test(k),
      'a context key of letters, digits, _ . : -, not one the library or the CDK reads (paved-road:..., aws:cdk:..., aws-cdk:...): the branch would become its value');
    v.require('previewRoles', props.previewRoles, 'pass the account\'s PreviewRoles (e.g. `reaper.previewRoles`)');
    v.check('previewRoles', props.previewRoles, (r) => r instanceof PreviewRoles, 'a PreviewRoles construct');
    v.check('baseBranch', props.baseBranch, (b) => typeof b === 'string' && BRANCH_PATTERN.test(b), 'a branch name such as main or release/1.x (letters, digits, . _ / -)');
    v.check('trustedActorIds', props.trustedActorIds, (ids) => Array.isArray(ids) && ids.length > 0 && ids.every((actor) => typeof actor === 'string' && ACTOR_ID_PATTERN.test(actor)),
      'a non-empty list of numeric GitHub user ids, e.g. [\'1234567\']');
    v.check('approverRoles', props.approverRoles, (roles) => Array.isArray(roles) && roles.length > 0 && roles.every((r) => APPROVER_ROLES.includes(r)),
      `a non-empty list of ${APPROVER_ROLES.join(', ')}`);
    v.check('installCommand', props.installCommand, (c) => typeof c === 'string' && c.trim().length > 0, 'a command, e.g. npm ci');
    v.check('stackSelector', props.stackSelector, (x) => isText(x) && x.trim().length > 0 && !/^[*/\s]+$/.test(x) && !x.includes("'"),
      'the path of the preview\'s stacks, e.g. Preview/** (not every stack of the app: merge and close destroy what it selects)');
    if (v.kind('timeout', props.timeout, Kind.duration, KIND_WORDS.duration)) {
      v.check('timeout', props.timeout, (t) => Number.isInteger(t.toMinutes({ integral: false })) && t.toMinutes() >= 5 && t.toMinutes() <= 480,
        'whole minutes from 5 minutes to 8 hours (CodeBuild takes the timeout in minutes)');
    }
    v.throwIfInvalid();

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
    acknowledge(policy, [{
      rules: [AwsSolutionsRule.IAM5],
      reason: 'kms ReEncrypt*/GenerateDataKey* are the variants CodeBuild uses on this project\'s own key; the role assumes nothing but the preview deploy role.',
      appliesTo: ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'],
    }]);
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
