import { Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../core/acknowledge';
import { PavedRoadConstruct, PavedRoadConstructProps } from '../core/paved-road-construct';
import { PropValidator } from '../core/validation';

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
const QUALIFIER_PATTERN = /^[a-z0-9]{1,10}$/;

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
   * The qualifier of the CDK bootstrap stack whose roles deploy the previews.
   *
   * @default 'hnb659fds' (the CDK default)
   */
  readonly bootstrapQualifier?: string;

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
 * `cdk deploy` or `cdk destroy` with the pull request's head branch as context (`-c branch=<head branch>`). The build
 * role can only assume the CDK bootstrap roles, which do the deploying. The app builds its `PreviewEnvironment` from that
 * context, so the stacks, their tags and their expiry follow the branch; every deploy moves the expiry.
 *
 * @example
 * new PreviewDeployments(toolingStack, 'Previews', { owner: 'team-checkout', repositoryOwner: 'acme', repositoryName: 'checkout' });
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
    v.require('repositoryOwner', props.repositoryOwner, 'pass the GitHub owner of the app repository');
    v.require('repositoryName', props.repositoryName, 'pass the GitHub repository of the app');
    v.check('repositoryOwner', props.repositoryOwner, (o) => NAME_PATTERN.test(o), 'a GitHub owner name (letters, digits, _ . -)');
    v.check('repositoryName', props.repositoryName, (n) => NAME_PATTERN.test(n), 'a GitHub repository name (letters, digits, _ . -)');
    v.check('branchContextKey', props.branchContextKey, (k) => /^[A-Za-z0-9_.:-]+$/.test(k), 'a context key of letters, digits, _ . : -');
    v.check('bootstrapQualifier', props.bootstrapQualifier, (q) => QUALIFIER_PATTERN.test(q), 'up to 10 lower-case letters and digits');
    v.check('stackSelector', props.stackSelector, (x) => x.trim().length > 0 && !/^\*+$/.test(x.trim()) && !x.includes("'"),
      'the path of the preview\'s stacks, e.g. Preview/** (not every stack of the app: merge and close destroy what it selects)');
    v.check('timeout', props.timeout, (t) => t.toMinutes() >= 5 && t.toMinutes() <= 480, 'from 5 minutes to 8 hours (CodeBuild limits)');
    v.throwIfInvalid();

    const d = this.profileDefaults;
    const stack = Stack.of(this);
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    const contextKey = props.branchContextKey ?? 'branch';
    const selector = props.stackSelector ?? 'Preview/**';

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the build artifacts and logs of the preview deployments ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: d.statefulRemovalPolicy,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
    this.logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: key, retention: d.logRetentionDays, removalPolicy: d.statefulRemovalPolicy });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: `Deploys and destroys pull-request previews through the CDK bootstrap roles (${this.node.path})`,
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeCdkBootstrapRoles',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: [`arn:${stack.partition}:iam::${stack.account}:role/cdk-${qualifier}-*`],
        }),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
        new iam.PolicyStatement({ sid: 'UseKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], resources: [key.keyArn] }),
      ],
    });
    acknowledge(policy, [{
      rules: ['AwsSolutions-IAM5'],
      reason: 'The build assumes the CDK bootstrap roles (deploy, lookup, file and image publishing) of its own qualifier, named cdk-<qualifier>-<purpose>-<account>-<region>; kms ReEncrypt*/GenerateDataKey* are the variants CodeBuild uses on its own key.',
      appliesTo: [
        new RegExp(`^Resource::arn:<AWS::Partition>:iam::(\\d{12}|<AWS::AccountId>):role/cdk-${qualifier}-\\*$`),
        'Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*',
      ],
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
          ).andBaseBranchIs(props.baseBranch ?? 'main'),
        ],
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
    this.project.node.addDependency(policy);
  }
}
