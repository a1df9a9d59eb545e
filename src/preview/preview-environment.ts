import { createHash } from 'crypto';
import { Aspects, AspectPriority, DefaultStackSynthesizer, Duration, Stack, StackProps, Stage, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PREVIEW_DEFAULTS } from './defaults';
import { PreviewEnvironmentProps } from './preview-environment-props';
import { validatePreviewEnvironmentProps } from './preview-environment-validation';
import { PreviewBoundaryAspect, PreviewDeletableAspect, PreviewEmptyingProvidersAspect, refuseUndeletable } from './preview-guard';
import { ImportedPreviewNetwork } from './preview-network';
import { PreviewRoles } from './preview-roles';
import { PREVIEW_STACK_PREFIX } from './preview-stacks';
import { PreviewTags } from './tag-keys';
import { isoSeconds, now } from '../core/clock';
import { ContextKeys } from '../core/context';
import { pinnedDefault } from '../core/defaults-version';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { ProfileDefaults } from '../core/profile-defaults';
import { TAG_VALUE_PATTERN } from '../core/tag-patterns';
import { PavedRoadTags } from '../core/tags';
import { PropValidator } from '../core/validation';
import { IPavedRoadNetwork } from '../network/network-props';

/** Longest branch part of a stack name: a readable prefix, `-` and the hash of the whole branch. */
const MAX_BRANCH_PART = 48;
/** Hex digits of the branch's SHA-256 in its stack-name part (64 bits). */
const BRANCH_HASH_LENGTH = 16;

/**
 * A cheap, per-branch copy of an app that cleans itself up: a `Stage` (`stage`) in which the app's stacks are built.
 *
 * - Every stack is tagged `paved-road:preview=true`, `paved-road:preview-branch=<branch>` and `paved-road:expires-at=<synth
 *   time + ttl, ISO-8601 UTC>` (`PreviewTags`): the contract with `PreviewReaper`, which deletes it after expiry.
 * - Every paved-road construct inside resolves the PREVIEW profile (forced; another explicit profile is an error): smallest
 *   sizes, FARGATE_SPOT, DESTROY removal policies, 3-day logs.
 * - Final snapshots are turned off and log retention is capped at the profile's; a resource that would survive the preview or
 *   block its deletion (a RETAIN policy, termination protection, deletion protection, a bucket without `autoDeleteObjects`) and a
 *   NAT gateway or NAT instance of its own are refused with one synth error listing them.
 * - The network is shared: `networkFor(stack)` gives the dev network passed in, or rebuilt from SSM parameters.
 *
 * @example
 * const appNode = app.node; // the branch comes from cdk deploy -c branch=<branch>
 * const preview = new PreviewEnvironment(app, 'Preview', { branch: appNode.tryGetContext('branch') as string, networkParameterPrefix: '/paved-road/dev/network' });
 * const previewStack = preview.addStack('Checkout');
 * new PavedRoadService(previewStack, 'Api', { network: preview.networkFor(previewStack), image });
 */
export class PreviewEnvironment extends PavedRoadConstruct {
  /**
   * The stack-name part of a branch: lower case, every run of characters other than letters and digits turned into one `-`,
   * no leading or trailing `-`, at most 31 characters, then `-` and 16 hex digits of the branch's SHA-256. The hash keeps
   * every branch apart (`feature/login` and `feature-login` are two previews, and closing one never destroys the other);
   * 64 bits make a branch crafted to collide with another impractical. A branch whose letters and digits are all outside
   * a-z and 0-9 (`機能`) is the hash alone. Empty when the branch has no letter or digit in any script.
   */
  public static sanitizeBranch(branch: string): string {
    if (!/[\p{L}\p{N}]/u.test(branch)) return '';
    const hash = createHash('sha256').update(branch).digest('hex').slice(0, BRANCH_HASH_LENGTH);
    const part = branch.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (part.length === 0) return hash;
    return `${part.slice(0, MAX_BRANCH_PART - BRANCH_HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
  }

  /** The stage the preview's stacks are built in (its stack names start with `preview-<branch part>-`). */
  public readonly stage: Stage;
  /**
   * The synthesizer of every stack of the preview: deploys, publishes assets and looks up context through the preview
   * deploy role, with the preview execution role as the CloudFormation service role (`PreviewRoles`).
   */
  public readonly synthesizer: DefaultStackSynthesizer;
  /** The branch as given. */
  public readonly branch: string;
  /** The branch's stack-name part. */
  public readonly branchName: string;
  /** The ttl. */
  public readonly ttl: Duration;
  /** When the preview expires: the value of `paved-road:expires-at`. */
  public readonly expiresAt: string;

  /** Whether the preview's services share the dev network's preview load balancer. */
  public readonly sharedLoadBalancer: boolean;

  private readonly network?: IPavedRoadNetwork;
  private readonly networkParameterPrefix?: string;

  constructor(scope: Construct, id: string, props: PreviewEnvironmentProps) {
    super(scope, id, { ...props, profile: props.profile ?? Profile.PREVIEW }, 'PreviewEnvironment');
    const branchName = typeof props.branch === 'string' ? PreviewEnvironment.sanitizeBranch(props.branch) : '';
    const ttl = props.ttl ?? PREVIEW_DEFAULTS.ttl;
    validatePreviewEnvironmentProps(this, props, branchName);

    this.branch = props.branch;
    this.branchName = branchName;
    this.ttl = ttl;
    this.network = props.network;
    this.networkParameterPrefix = props.networkParameterPrefix;
    this.sharedLoadBalancer = props.networkParameterPrefix !== undefined
      && (props.sharedLoadBalancer ?? pinnedDefault(this, 'preview', 'sharedLoadBalancer', Profile.PREVIEW, PREVIEW_DEFAULTS.sharedLoadBalancer));
    // Synth time + ttl, to the second: every deployment moves the expiry.
    this.expiresAt = isoSeconds(new Date(now().getTime() + ttl.toMilliseconds()));

    // Every role a preview creates carries the preview boundary (PreviewRoles), and every stack deploys through the
    // bounded preview roles, never the CDK bootstrap roles.
    this.stage = new Stage(this, `${PREVIEW_STACK_PREFIX}${branchName}`, { env: props.env });
    Aspects.of(this.stage).add(new PreviewBoundaryAspect(), { priority: AspectPriority.MUTATING });
    const role = (name: string) => `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}`;
    const deployRole = role(PreviewRoles.deployRoleName('${AWS::Region}'));
    this.synthesizer = new DefaultStackSynthesizer({
      deployRoleArn: deployRole,
      fileAssetPublishingRoleArn: deployRole,
      imageAssetPublishingRoleArn: deployRole,
      lookupRoleArn: deployRole,
      cloudFormationExecutionRole: role(PreviewRoles.executionRoleName('${AWS::Region}')),
    });
    this.node.addValidation({ validate: () => this.stacksOutsideTheBounds() });
    this.stage.node.setContext(ContextKeys.FORCED_PROFILE, Profile.PREVIEW);
    this.stage.node.setContext(ContextKeys.PROFILE, Profile.PREVIEW);

    const tags = Tags.of(this.stage);
    tags.add(PreviewTags.PREVIEW, 'true');
    tags.add(PreviewTags.BRANCH, tagSafe(props.branch));
    // The expiry only on the stacks (CloudFormation propagates stack tags to the resources).
    tags.add(PreviewTags.EXPIRES_AT, this.expiresAt, { includeResourceTypes: ['aws:cdk:stack'] });
    tags.add(PavedRoadTags.OWNER, this.owner);
    if (this.costCenter) tags.add(PavedRoadTags.COST_CENTER, this.costCenter);

    const settings = ProfileDefaults.of(Profile.PREVIEW);
    Aspects.of(this.stage).add(new PreviewDeletableAspect(settings.logRetentionDays), { priority: AspectPriority.MUTATING });
    Aspects.of(this.stage).add(new PreviewEmptyingProvidersAspect(), { priority: AspectPriority.MUTATING });
    refuseUndeletable(this.stage, this.node.path);
  }

  /**
   * A stack of this preview: named `preview-<branch part>-<id>`, deployed through the bounded preview roles
   * (`synthesizer`). Stacks built with `new Stack(preview.stage, id, { synthesizer: preview.synthesizer })` are the same.
   */
  public addStack(id: string, props: StackProps = {}): Stack {
    return new Stack(this.stage, id, { ...props, synthesizer: this.synthesizer });
  }

  /** Every stack of the preview must deploy through the preview roles, under a `preview-` name. */
  private stacksOutsideTheBounds(): string[] {
    const stacks = this.stage.node.findAll().filter((c): c is Stack => Stack.isStack(c) && Stage.of(c) === this.stage && !c.nested);
    const problems: string[] = [];
    for (const stack of stacks) {
      const synthesizer = stack.synthesizer;
      const bounded = synthesizer instanceof DefaultStackSynthesizer && synthesizer.cloudFormationExecutionRoleArn.includes(`:role/${PreviewRoles.executionRoleName('')}`);
      if (!bounded) {
        problems.push(`stack '${stack.node.path}' would deploy through the CDK bootstrap roles; create it with preview.addStack('${stack.node.id}') ` +
          'or pass `synthesizer: preview.synthesizer`, so it deploys through the bounded preview roles (PreviewRoles)');
      }
      if (!stack.stackName.startsWith(PREVIEW_STACK_PREFIX)) {
        problems.push(`stack '${stack.node.path}' is named ${stack.stackName}; preview stacks keep their generated name (${PREVIEW_STACK_PREFIX}...): the preview roles and the reaper act on no other stack`);
      }
    }
    return problems.map((p) => `PreviewEnvironment '${this.node.path}': ${p}.`);
  }

  /**
   * The shared network for a stack of this preview: the `network` given, else the dev network rebuilt inside that stack
   * from the SSM parameters under `networkParameterPrefix` (once per stack).
   */
  public networkFor(scope: Construct): IPavedRoadNetwork {
    if (this.network) return this.network;
    const stack = Stack.of(scope);
    if (this.networkParameterPrefix === undefined || Stage.of(stack) !== this.stage) {
      const v = new PropValidator('PreviewEnvironment', this.node.path);
      if (this.networkParameterPrefix === undefined) v.require('network', undefined, 'pass `network` or `networkParameterPrefix` to use networkFor');
      else v.fail('networkFor(scope)', scope.node.path, `a construct in a stack of this preview's stage (${this.stage.node.path})`);
      v.throwIfInvalid();
    }
    const existing = stack.node.tryFindChild('PreviewNetwork');
    if (existing instanceof ImportedPreviewNetwork) return existing;
    return new ImportedPreviewNetwork(stack, 'PreviewNetwork', this.networkParameterPrefix!, this.sharedLoadBalancer);
  }
}

/** The branch as a tag value: as given when allowed, else with each disallowed character replaced by `-`. */
function tagSafe(branch: string): string {
  if (TAG_VALUE_PATTERN.test(branch)) return branch;
  return branch.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '-').slice(0, 256);
}
