import { AspectPriority, Aspects, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { ContextKeys } from './context';
import { KeyPolicyHardening } from './key-policy-hardening';
import { Profile } from './profile';
import { alarmPublisherPrincipal, logsServicePrincipal } from './service-principals';
import { PavedRoadTags } from './tags';
import { PropValidator } from './validation';
import { LIBRARY_VERSION } from './version';

/**
 * A customer-managed KMS key with yearly rotation, usable (encrypt and decrypt) by `usedBy`. A key
 * guards stateful data: callers keep `id` stable.
 * @internal
 */
export function createRotatedKey(
  scope: Construct, id: string, description: string, removalPolicy: RemovalPolicy, usedBy: iam.IPrincipal[] = [],
): kms.Key {
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy });
  for (const principal of usedBy) key.grantEncryptDecrypt(principal);
  return key;
}

/**
 * What a key that an environment may share is for. Each purpose has one AWS service principal,
 * scoped by the encryption context that service sends to the account's own resources of that kind,
 * so a key shared by every construct of a stack lets each service do no more than a key per construct.
 * @internal
 */
export enum KeyPurpose {
  /** CloudWatch Logs log groups (the service's logs, VPC flow logs). */
  LOGS = 'logs',
  /** SNS alarm topics that CloudWatch alarms publish to. */
  TOPICS = 'topics',
}

/** The one principal each purpose grants, with the conditions of `service-principals.ts`. */
const PURPOSE_PRINCIPAL: Record<KeyPurpose, (scope: IConstruct) => iam.IPrincipal> = {
  [KeyPurpose.LOGS]: logsServicePrincipal,
  [KeyPurpose.TOPICS]: alarmPublisherPrincipal,
};

const PURPOSE_WORDS: Record<KeyPurpose, string> = {
  [KeyPurpose.LOGS]: 'the CloudWatch Logs log groups',
  [KeyPurpose.TOPICS]: 'the SNS alarm topics',
};

/** The profiles where `paved-road:shared-keys` applies: throw-away environments whose keys guard no data that outlives them. */
const SHARING_PROFILES: Profile[] = [Profile.DEV, Profile.PREVIEW];

/** The facts of the construct that asks for a key (a `PavedRoadConstruct`). @internal */
export interface KeyUser extends IConstruct {
  readonly profile: Profile;
  /** Its (pinned) profile defaults: `sharedKeys` decides when the context key is unset. */
  readonly profileDefaults: { readonly sharedKeys: boolean };
  readonly owner: string;
  readonly costCenter?: string;
}

/** The construct id, under each stack, of the keys its constructs share. @internal */
export const SHARED_KEYS_ID = 'PavedRoadSharedKeys';

/**
 * Whether the constructs of `user`'s stack share keys: the context key `paved-road:shared-keys` when
 * set (`true`/`"true"` or `false`/`"false"`; any other value is an error naming the key), else the
 * profile's (pinned) `sharedKeys` default.
 * @internal
 */
export function sharedKeysRequested(user: KeyUser): boolean {
  const raw = user.node.tryGetContext(ContextKeys.SHARED_KEYS);
  if (raw === undefined || raw === null) return user.profileDefaults.sharedKeys;
  if (raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  new PropValidator('SharedKeys', user.node.path)
    .fail(`context '${ContextKeys.SHARED_KEYS}'`, raw, 'true or false (a boolean, or the string "true" or "false" as `-c` passes it)')
    .throwIfInvalid();
  return false;
}

/**
 * The key `user` encrypts one kind of resource with: the key its stack shares for that purpose
 * when shared keys are on (`sharedKeysRequested`) and the profile is dev or preview (created by
 * the first construct that asks, as `PavedRoadSharedKeys/<Purpose>Key` under the stack), else a key
 * of the construct's own (construct id `id`, as before shared keys existed, so existing keys keep
 * their logical ids).
 * @internal
 */
export function keyFor(user: KeyUser, purpose: KeyPurpose, own: { id: string; description: string; removalPolicy: RemovalPolicy }): kms.IKey {
  if (!(SHARING_PROFILES.includes(user.profile) && sharedKeysRequested(user))) {
    return createRotatedKey(user, own.id, own.description, own.removalPolicy, [PURPOSE_PRINCIPAL[purpose](user)]);
  }
  const stack = Stack.of(user);
  const shared = (stack.node.tryFindChild(SHARED_KEYS_ID) as Construct | undefined) ?? sharedKeysScope(stack, user);
  const id = `${purpose.charAt(0).toUpperCase()}${purpose.slice(1)}Key`;
  const existing = shared.node.tryFindChild(id) as kms.IKey | undefined;
  if (existing) return existing;
  return createRotatedKey(shared, id, `Encrypts ${PURPOSE_WORDS[purpose]} of the paved-road constructs of ${stack.node.path} (shared, ${user.profile})`,
    own.removalPolicy, [PURPOSE_PRINCIPAL[purpose](stack)]);
}

/** The scope of a stack's shared keys, tagged as a paved-road construct's resources are (owner and profile of the first user). */
function sharedKeysScope(stack: Stack, user: KeyUser): Construct {
  const scope = new Construct(stack, SHARED_KEYS_ID);
  const tags = Tags.of(scope);
  tags.add(PavedRoadTags.OWNER, user.owner);
  tags.add(PavedRoadTags.PROFILE, user.profile);
  tags.add(PavedRoadTags.CONSTRUCT, 'PavedRoadSharedKeys');
  tags.add(PavedRoadTags.VERSION, LIBRARY_VERSION);
  if (user.costCenter) tags.add(PavedRoadTags.COST_CENTER, user.costCenter);
  Aspects.of(scope).add(new KeyPolicyHardening(), { priority: AspectPriority.MUTATING });
  return scope;
}
