/**
 * Context keys a platform team or an app sets (in cdk.json, with `-c key=value`, or with
 * `node.setContext`) to configure every paved-road construct below that scope.
 */
export class ContextKeys {
  /** Profile of every paved-road construct that is not given `profile`: dev, staging, prod or preview. */
  public static readonly PROFILE = 'paved-road:profile';
  /** Owner of every paved-road construct that is not given `owner` (a team name or e-mail). */
  public static readonly OWNER = 'paved-road:owner';
  /** Cost center of every paved-road construct that is not given `costCenter`. */
  public static readonly COST_CENTER = 'paved-road:cost-center';
  /**
   * Comma-separated compliance packs applied on top of the profile's packs: they add, never replace
   * (removing a profile pack takes `PavedRoadGuardrailsOptions.packExceptions`).
   */
  public static readonly COMPLIANCE_PACKS = 'paved-road:compliance-packs';

  /**
   * The defaults version the app is pinned to (a major.minor of paved-road-constructs, such as "0.2"):
   * every default that changed after it keeps its old value, so a library upgrade changes nothing
   * deployed until the team raises the pin. Unset means the newest defaults, with a synth warning.
   * See `DefaultsVersions` and UPGRADING.md.
   */
  public static readonly DEFAULTS_VERSION = 'paved-road:defaults-version';

  /**
   * The longest a preview may live, in hours (1 to 336): PreviewEnvironment refuses a longer ttl and
   * the guardrails' PavedRoad-PreviewExpiry rule flags a longer expiry.
   */
  public static readonly PREVIEW_MAX_TTL_HOURS = 'paved-road:preview-max-ttl-hours';

  /**
   * `true` makes the dev and preview paved-road constructs of each stack share one customer-managed
   * key per purpose (one for log groups, one for alarm topics) instead of creating a key each
   * (staging and prod keep a key per construct; database and cache storage keys are never shared).
   * Turning it on for a deployed stack schedules the constructs' own log and topic keys for deletion
   * (see the README, "Shared keys"). Unset or false: a key per construct.
   */
  public static readonly SHARED_KEYS = 'paved-road:shared-keys';

  /**
   * Forces one profile on every paved-road construct below the scope (set by PreviewEnvironment):
   * a construct given another `profile` is an error.
   */
  public static readonly FORCED_PROFILE = 'paved-road:forced-profile';

  private constructor() {}
}
