import { createHash } from 'crypto';
import { Aspects, AspectPriority, DefaultStackSynthesizer, Duration, Environment, Stack, StackProps, Stage, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MAX_TTL_CONTEXT, PREVIEW_DEFAULTS } from './defaults';
import { PreviewBoundaryAspect, PreviewDeletableAspect, PreviewEmptyingProvidersAspect, refuseUndeletable } from './preview-guard';
import { ImportedPreviewNetwork } from './preview-network';
import { PREVIEW_STACK_PREFIX, PreviewRoles } from './preview-roles';
import { PreviewTags } from './tag-keys';
import { isoSeconds, now } from '../core/clock';
import { ContextKeys } from '../core/context';
import { pinnedDefault } from '../core/defaults-version';
import { PavedRoadConstruct, PavedRoadConstructProps } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { ProfileDefaults } from '../core/profile-defaults';
import { TAG_VALUE_PATTERN } from '../core/tag-patterns';
import { PavedRoadTags } from '../core/tags';
import { Kind, KIND_WORDS, PropValidator } from '../core/validation';
import { IPavedRoadNetwork } from '../network/network';

/** Longest branch part of a stack name: a readable prefix, `-` and the hash of the whole branch. */
const MAX_BRANCH_PART = 48;
/** Hex digits of the branch's SHA-256 in its stack-name part (64 bits). */
const BRANCH_HASH_LENGTH = 16;
const SSM_PREFIX_PATTERN = /^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]$/;

/**
 * Props of `PreviewEnvironment`.
 */
export interface PreviewEnvironmentProps extends PavedRoadConstructProps {
  /**
   * The branch or pull request this preview is for (`feature/login`, `pr-42`). Sanitized deterministically into a
   * stack-name part (`PreviewEnvironment.sanitizeBranch`); a branch with no letter or digit in any script is an error.
   */
  readonly branch: string;

  /**
   * How long the preview lives after its last deployment: 1 hour to 14 days (the platform may lower the maximum with the
   * context value `paved-road:preview-max-ttl-hours`). Every deployment sets `paved-road:expires-at` to synth time + ttl.
   *
   * @default Duration.hours(72)
   */
  readonly ttl?: Duration;

  /**
   * The shared dev network and cluster the preview runs in (a preview creates no VPC, NAT gateway or NAT instance of its own).
   * Must be usable from the preview's stage: imported (for example `PavedRoadNetwork.fromVpc` over `Vpc.fromLookup`), not a
   * network built in another stage. Give this or `networkParameterPrefix`.
   *
   * @default - the network rebuilt from `networkParameterPrefix`; with neither, `networkFor` is an error.
   */
  readonly network?: IPavedRoadNetwork;

  /**
   * The SSM parameter prefix under which the dev `PavedRoadNetwork` publishes `vpc-id`, `cluster-name` and `cluster-arn`
   * (its `parameterPrefix`, e.g. `/paved-road/dev/network`). The VPC is looked up at synth time, so the stage needs a
   * concrete account and region (`env`).
   *
   * @default - none: `network` is used.
   */
  readonly networkParameterPrefix?: string;

  /**
   * Whether the preview's services share the load balancer of the dev network (its
   * `previewLoadBalancer`, found under `networkParameterPrefix`): each `PavedRoadService` adds a
   * path-based listener rule to it, in the preview's stack, instead of creating a load balancer of its
   * own. Only with `networkParameterPrefix`; the dev network must publish its preview load balancer
   * (a dev `PavedRoadNetwork` with `parameterPrefix` does from defaults version 0.2), else the
   * deployment fails on the missing `preview-*` parameters.
   *
   * @default - true with `networkParameterPrefix` (defaults version 0.1: false).
   */
  readonly sharedLoadBalancer?: boolean;

  /**
   * The account and region of the preview's stacks.
   *
   * @default - the account and region of the scope (usually the CLI's).
   */
  readonly env?: Environment;
}

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
    const hours = (d: Duration) => d.toHours({ integral: false });

    const v = new PropValidator('PreviewEnvironment', this.node.path);
    v.check('profile', props.profile, (p) => p === Profile.PREVIEW, 'preview (or unset): a preview always uses the PREVIEW profile');
    if (props.branch === undefined || props.branch === null || props.branch === '') {
      v.require('branch', undefined, 'pass the branch or pull request, e.g. `-c branch=feature/login`');
    } else if (v.kind('branch', props.branch, Kind.string, KIND_WORDS.string)) {
      v.check('branch', props.branch, () => branchName.length > 0,
        'a branch with at least one letter or digit, in any script (the stack names hold its a-z and 0-9 and a hash of the whole branch)');
    }
    const rawMax = this.node.tryGetContext(MAX_TTL_CONTEXT);
    const numeric = typeof rawMax === 'number' || (typeof rawMax === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(rawMax));
    const platformMaxHours = rawMax === undefined ? hours(PREVIEW_DEFAULTS.maxTtl) : numeric ? Number(rawMax) : NaN;
    v.check(`context '${MAX_TTL_CONTEXT}'`, rawMax, () => Number.isFinite(platformMaxHours) && platformMaxHours >= 1 && platformMaxHours <= hours(PREVIEW_DEFAULTS.maxTtl),
      'a number of hours from 1 to 336 (14 days)');
    const platformMaxValid = Number.isFinite(platformMaxHours) && platformMaxHours >= 1;
    const maxHours = platformMaxValid ? Math.min(platformMaxHours, hours(PREVIEW_DEFAULTS.maxTtl)) : hours(PREVIEW_DEFAULTS.maxTtl);
    if (v.kind('ttl', props.ttl, Kind.duration, KIND_WORDS.duration)) {
      v.check('ttl', props.ttl, (d) => hours(d) >= hours(PREVIEW_DEFAULTS.minTtl) && hours(d) <= maxHours,
        `from 1 hour to ${Duration.hours(maxHours).toHumanString()}${rawMax === undefined ? '' : ` (the platform's maximum, context '${MAX_TTL_CONTEXT}')`}`);
    }
    v.kind('network', props.network, Kind.withMembers('vpc', 'cluster', 'workloadSubnets', 'dataSubnets'),
      'an IPavedRoadNetwork: PavedRoadNetwork.fromVpc(...) over the looked-up dev VPC (an ec2.Vpc alone is not one), or use networkParameterPrefix');
    if (props.network && props.networkParameterPrefix !== undefined) {
      v.fail('networkParameterPrefix', props.networkParameterPrefix, 'unset when `network` is given (one source of the shared network)');
    }
    if (v.kind('networkParameterPrefix', props.networkParameterPrefix, Kind.string, KIND_WORDS.string)) {
      v.check('networkParameterPrefix', props.networkParameterPrefix, (p) => SSM_PREFIX_PATTERN.test(p),
        'an SSM parameter path starting with / and not ending with / (letters, digits, _ . - /), e.g. /paved-road/dev/network');
    }
    if (v.kind('sharedLoadBalancer', props.sharedLoadBalancer, Kind.boolean, KIND_WORDS.boolean) && props.sharedLoadBalancer !== undefined
      && props.networkParameterPrefix === undefined) {
      v.fail('sharedLoadBalancer', props.sharedLoadBalancer, 'unset without networkParameterPrefix: the shared load balancer is found through the dev network\'s parameters (a `network` passed in brings its own previewLoadBalancer, or none)');
    }
    if (v.kind('env', props.env, Kind.record, "an Environment, e.g. { account: '123456789012', region: 'eu-west-1' }")) {
      v.check('env.account', props.env?.account, (a) => typeof a === 'string' && /^\d{12}$/.test(a), 'a 12-digit AWS account id');
      v.check('env.region', props.env?.region, (r) => typeof r === 'string' && /^[a-z]{2,}(-[a-z]+)+-\d+$/.test(r), 'an AWS region such as eu-west-1');
    }
    v.throwIfInvalid();

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
