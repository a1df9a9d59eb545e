import { AspectPriority, Aspects, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ContextKeys } from './context';
import { pinnedDefaults, resolveDefaultsVersion } from './defaults-version';
import { KeyPolicyHardening } from './key-policy-hardening';
import { Profile } from './profile';
import { ProfileDefaults } from './profile-defaults';
import { ProfileSettings } from './profile-settings';
import { resolveProfile } from './resolve-profile';
import { TAG_KEY_PATTERN, TAG_VALUE_PATTERN } from './tag-patterns';
import { PavedRoadTags } from './tags';
import { Kind, KIND_WORDS, PropValidator } from './validation';
import { LIBRARY_VERSION } from './version';

/**
 * Props every paved-road construct accepts.
 */
export interface PavedRoadConstructProps {
  /**
   * The environment this construct is built for; picks every per-profile default.
   *
   * @default - the context value `paved-road:profile` (dev, staging, prod or preview), else `Profile.DEV`.
   */
  readonly profile?: Profile;

  /**
   * The team that owns what this construct creates (a team name or e-mail), tagged as `paved-road:owner`.
   *
   * @default - the context value `paved-road:owner`; one of the two is required.
   */
  readonly owner?: string;

  /**
   * The cost center the resources are billed to, tagged as `paved-road:cost-center`.
   *
   * @default - the context value `paved-road:cost-center`, else no cost-center tag.
   */
  readonly costCenter?: string;

  /**
   * Extra tags for every taggable resource this construct creates.
   *
   * @default - no extra tags.
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Base class of every paved-road construct: resolves the profile and owner, looks up the
 * per-profile defaults, and tags every taggable resource below it with the owner, profile,
 * construct name and library version.
 */
export abstract class PavedRoadConstruct extends Construct {
  /** The version of paved-road-constructs in use (read from its package.json). */
  public static readonly LIBRARY_VERSION: string = LIBRARY_VERSION;

  /** The profile this construct was built for. */
  public readonly profile: Profile;

  /** The owner tagged on every resource. */
  public readonly owner: string;

  /** The cost center tagged on every resource, if any. */
  public readonly costCenter?: string;

  /** The defaults version this construct was built with (the context value `paved-road:defaults-version`, else the newest). */
  public readonly defaultsVersion: string;

  /** The per-profile defaults this construct starts from (as of `defaultsVersion`). */
  public readonly profileDefaults: ProfileSettings;

  /**
   * @param constructName the class name users know this construct by, tagged as `paved-road:construct`
   */
  protected constructor(scope: Construct, id: string, props: PavedRoadConstructProps, constructName: string) {
    super(scope, id);
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      new PropValidator(constructName, this.node.path).fail('props', props, 'an object of props (or no argument, where every prop is optional)').throwIfInvalid();
    }
    this.profile = resolveProfile(this, props.profile);
    this.defaultsVersion = resolveDefaultsVersion(this);
    this.profileDefaults = pinnedDefaults(this, 'profile', this.profile, ProfileDefaults.of(this.profile));

    const owner = props.owner ?? this.node.tryGetContext(ContextKeys.OWNER);
    const costCenter = props.costCenter ?? this.node.tryGetContext(ContextKeys.COST_CENTER);
    const tagValue = 'a tag value: up to 256 letters, digits, spaces and _ . : / = + - @';
    const v = new PropValidator(constructName, this.node.path);
    v.require('owner', owner, `pass \`owner\` (a team name or e-mail) or set the context value '${ContextKeys.OWNER}'`);
    v.check('owner', owner, (o: string) => typeof o === 'string' && o.trim().length > 0 && TAG_VALUE_PATTERN.test(o), tagValue);
    v.check('costCenter', costCenter, (c: string) => typeof c === 'string' && TAG_VALUE_PATTERN.test(c), tagValue);
    const tagsAreRecord = v.kind('tags', props.tags, Kind.record, KIND_WORDS.record);
    for (const [key, value] of Object.entries(tagsAreRecord ? props.tags ?? {} : {})) {
      v.check('tags key', key, (k) => TAG_KEY_PATTERN.test(k) && !k.startsWith('paved-road:'),
        'a tag key of 1 to 128 allowed characters that starts with neither aws: nor paved-road: (those are reserved)');
      v.check(`tags['${key}']`, value, (x) => typeof x === 'string' && TAG_VALUE_PATTERN.test(x), tagValue);
    }
    v.throwIfInvalid();

    this.owner = String(owner).trim();
    this.costCenter = costCenter;

    const tags = Tags.of(this);
    for (const [key, value] of Object.entries(props.tags ?? {})) tags.add(key, value);
    tags.add(PavedRoadTags.OWNER, this.owner);
    tags.add(PavedRoadTags.PROFILE, this.profile);
    tags.add(PavedRoadTags.CONSTRUCT, constructName);
    tags.add(PavedRoadTags.VERSION, LIBRARY_VERSION);
    if (costCenter) tags.add(PavedRoadTags.COST_CENTER, costCenter);
    Aspects.of(this).add(new KeyPolicyHardening(), { priority: AspectPriority.MUTATING });
  }
}
