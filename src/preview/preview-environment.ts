import { createHash } from 'crypto';
import { Aspects, AspectPriority, Duration, Environment, Stack, Stage, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MAX_TTL_CONTEXT, PREVIEW_DEFAULTS } from './defaults';
import { PreviewDeletableAspect, refuseUndeletable } from './preview-guard';
import { ImportedPreviewNetwork } from './preview-network';
import { PreviewTags } from './tag-keys';
import { isoSeconds, now } from '../core/clock';
import { ContextKeys } from '../core/context';
import { PavedRoadConstruct, PavedRoadConstructProps } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { ProfileDefaults } from '../core/profile-defaults';
import { TAG_VALUE_PATTERN } from '../core/tag-patterns';
import { PavedRoadTags } from '../core/tags';
import { PropValidator } from '../core/validation';
import { IPavedRoadNetwork } from '../network/network';

/** Longest branch part of a stack name; longer branches keep a prefix and a hash of the whole name. */
const MAX_BRANCH_PART = 40;
const SSM_PREFIX_PATTERN = /^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]$/;

/**
 * Props of `PreviewEnvironment`.
 */
export interface PreviewEnvironmentProps extends PavedRoadConstructProps {
  /**
   * The branch or pull request this preview is for (`feature/login`, `pr-42`). Sanitized deterministically into a
   * stack-name part (`PreviewEnvironment.sanitizeBranch`); a branch with no letter or digit is an error.
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
   * The shared dev network and cluster the preview runs in (a preview creates no VPC or NAT gateway of its own).
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
 *   sizes, FARGATE_SPOT for X86_64 services (Fargate Spot has no ARM64), DESTROY removal policies, 3-day logs.
 * - Final snapshots are turned off and log retention is capped at the profile's; a resource that would survive the preview or
 *   block its deletion (a RETAIN policy, termination protection, deletion protection, a bucket without `autoDeleteObjects`) and a
 *   NAT gateway of its own are refused with one synth error listing them.
 * - The network is shared: `networkFor(stack)` gives the dev network passed in, or rebuilt from SSM parameters.
 *
 * @example
 * const preview = new PreviewEnvironment(app, 'Preview', { branch: app.node.tryGetContext('branch'), networkParameterPrefix: '/paved-road/dev/network' });
 * const previewStack = new Stack(preview.stage, 'Checkout');
 * new PavedRoadService(previewStack, 'Api', { network: preview.networkFor(previewStack), image });
 */
export class PreviewEnvironment extends PavedRoadConstruct {
  /**
   * The stack-name part of a branch: lower case, every run of characters other than letters and digits turned into one `-`,
   * no leading or trailing `-`; longer than 40 characters, the first 31 plus `-` and 8 hex digits of the branch's SHA-256.
   * Empty when the branch has no letter or digit.
   */
  public static sanitizeBranch(branch: string): string {
    const part = branch.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (part.length <= MAX_BRANCH_PART) return part;
    const hash = createHash('sha256').update(branch).digest('hex').slice(0, 8);
    return `${part.slice(0, MAX_BRANCH_PART - 9).replace(/-+$/, '')}-${hash}`;
  }

  /** The stage the preview's stacks are built in (its stack names start with `preview-<branch part>-`). */
  public readonly stage: Stage;
  /** The branch as given. */
  public readonly branch: string;
  /** The branch's stack-name part. */
  public readonly branchName: string;
  /** The ttl. */
  public readonly ttl: Duration;
  /** When the preview expires: the value of `paved-road:expires-at`. */
  public readonly expiresAt: string;

  private readonly network?: IPavedRoadNetwork;
  private readonly networkParameterPrefix?: string;

  constructor(scope: Construct, id: string, props: PreviewEnvironmentProps) {
    super(scope, id, { ...props, profile: props.profile ?? Profile.PREVIEW }, 'PreviewEnvironment');
    const branchName = typeof props.branch === 'string' ? PreviewEnvironment.sanitizeBranch(props.branch) : '';
    const ttl = props.ttl ?? PREVIEW_DEFAULTS.ttl;
    const hours = (d: Duration) => d.toHours({ integral: false });

    const v = new PropValidator('PreviewEnvironment', this.node.path);
    v.check('profile', props.profile, (p) => p === Profile.PREVIEW, 'preview (or unset): a preview always uses the PREVIEW profile');
    v.require('branch', props.branch, 'pass the branch or pull request, e.g. `-c branch=feature/login`');
    v.check('branch', props.branch, () => branchName.length > 0, 'a branch with at least one letter or digit (it becomes part of the stack names)');
    const rawMax = this.node.tryGetContext(MAX_TTL_CONTEXT);
    const platformMaxHours = rawMax === undefined ? hours(PREVIEW_DEFAULTS.maxTtl) : Number(rawMax);
    v.check(`context '${MAX_TTL_CONTEXT}'`, rawMax, () => Number.isFinite(platformMaxHours) && platformMaxHours >= 1 && platformMaxHours <= hours(PREVIEW_DEFAULTS.maxTtl),
      'a number of hours from 1 to 336 (14 days)');
    const maxHours = Math.min(platformMaxHours, hours(PREVIEW_DEFAULTS.maxTtl));
    v.check('ttl', props.ttl, (d) => hours(d) >= hours(PREVIEW_DEFAULTS.minTtl) && hours(d) <= maxHours,
      `from 1 hour to ${Duration.hours(maxHours).toHumanString()}${rawMax === undefined ? '' : ` (the platform's maximum, context '${MAX_TTL_CONTEXT}')`}`);
    if (props.network && props.networkParameterPrefix !== undefined) {
      v.fail('networkParameterPrefix', props.networkParameterPrefix, 'unset when `network` is given (one source of the shared network)');
    }
    v.check('networkParameterPrefix', props.networkParameterPrefix, (p) => SSM_PREFIX_PATTERN.test(p),
      'an SSM parameter path starting with / and not ending with / (letters, digits, _ . - /), e.g. /paved-road/dev/network');
    v.throwIfInvalid();

    this.branch = props.branch;
    this.branchName = branchName;
    this.ttl = ttl;
    this.network = props.network;
    this.networkParameterPrefix = props.networkParameterPrefix;
    // Synth time + ttl, to the second: every deployment moves the expiry.
    this.expiresAt = isoSeconds(new Date(now().getTime() + ttl.toMilliseconds()));

    this.stage = new Stage(this, `preview-${branchName}`, { env: props.env });
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
    refuseUndeletable(this.stage, this.node.path);
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
    return new ImportedPreviewNetwork(stack, 'PreviewNetwork', this.networkParameterPrefix!);
  }
}

/** The branch as a tag value: as given when allowed, else with each disallowed character replaced by `-`. */
function tagSafe(branch: string): string {
  if (TAG_VALUE_PATTERN.test(branch)) return branch;
  return branch.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '-').slice(0, 256);
}
