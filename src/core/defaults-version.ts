import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ContextKeys } from './context';
import { BASELINE_DEFAULTS_VERSION, compareDefaultsVersions, DEFAULT_CHANGES, knownDefaultsVersions, LATEST_DEFAULTS_VERSION } from './default-changes';
import { Profile } from './profile';
import { PropValidator } from './validation';

/**
 * A default that changed in a release of paved-road-constructs, as UPGRADING.md lists it.
 */
export interface DefaultChange {
  /** The defaults version (major.minor) that brought the change. */
  readonly version: string;
  /** The construct whose default changed. */
  readonly construct: string;
  /** The setting that changed. */
  readonly setting: string;
  /** The profiles whose value changed. */
  readonly profiles: Profile[];
  /** The value before, as JSON. */
  readonly before: string;
  /** The value after, as JSON. */
  readonly after: string;
  /** Why it changed. */
  readonly reason: string;
  /**
   * Whether the change reaches only apps that pin at least `version` (it would replace or delete a
   * stateful resource: an app without a pin keeps the old value).
   */
  readonly requiresPin: boolean;
}

/** Negative when a is older than b, 0 when equal, positive when newer. */
const compareVersions = compareDefaultsVersions;
const knownVersions = knownDefaultsVersions;

/**
 * Versioned defaults: an app pins the defaults of one release with the context key
 * `paved-road:defaults-version` (in cdk.json), and every default that changed after that release
 * keeps its old value until the team raises the pin. Upgrading the library then changes nothing
 * that is deployed unless the team opts in.
 */
export class DefaultsVersions {
  /** The newest defaults version this release knows (what `paved-road init` writes). */
  public static readonly LATEST: string = LATEST_DEFAULTS_VERSION;

  /** The oldest defaults version an app can pin (the first release line). */
  public static readonly BASELINE: string = BASELINE_DEFAULTS_VERSION;

  /** Every defaults version an app can pin, oldest first. */
  public static known(): string[] {
    return knownVersions();
  }

  /** Every default that changed since the baseline, oldest first. */
  public static changes(): DefaultChange[] {
    return DEFAULT_CHANGES.map((c) => ({
      version: c.version,
      construct: c.construct,
      setting: c.setting,
      profiles: [...c.profiles],
      before: JSON.stringify(c.before),
      after: JSON.stringify(c.after),
      reason: c.why,
      requiresPin: c.requiresPin === true,
    }));
  }

  /**
   * The defaults version in force at `scope`: the context value `paved-road:defaults-version`, else
   * the newest (with one synth warning per app naming the key).
   */
  public static of(scope: IConstruct): string {
    return resolveDefaultsVersion(scope);
  }

  private constructor() {}
}

const warned = new WeakSet<IConstruct>();

/**
 * The pinned defaults version seen from `scope`. An unknown value is an error naming the key and
 * listing the known versions; no value means the newest, with one warning per app.
 *
 * @internal
 */
export function resolveDefaultsVersion(scope: IConstruct): string {
  const raw = scope.node.tryGetContext(ContextKeys.DEFAULTS_VERSION);
  if (raw === undefined || raw === null || raw === '') {
    const root = scope.node.root;
    // the warning goes on a stack (the CLI prints a stack's annotations); a construct outside any
    // stack (PreviewEnvironment, a Stage-level construct) leaves it to the next one inside a stack
    const stack = scope.node.scopes.slice().reverse().find((s) => Stack.isStack(s));
    if (!warned.has(root) && stack) {
      warned.add(root);
      Annotations.of(stack).addWarningV2('paved-road:defaults-version-unset',
        `No '${ContextKeys.DEFAULTS_VERSION}' in the context: paved-road-constructs uses its newest defaults (${DefaultsVersions.LATEST}) `
        + `except those that would replace or delete a stateful resource, so a library upgrade may change what is deployed. Pin them in cdk.json: "context": { "${ContextKeys.DEFAULTS_VERSION}": "${DefaultsVersions.LATEST}" } (see UPGRADING.md).`);
    }
    return DefaultsVersions.LATEST;
  }
  // cdk.json may hold a number (1.3) where a string ("1.3") was meant; 0.10 as a number is 0.1, so
  // only strings are exact, and the error says so.
  const value = typeof raw === 'number' ? String(raw) : raw;
  const known = knownVersions();
  const v = new PropValidator('DefaultsVersion', scope.node.path || 'App');
  v.check(`context '${ContextKeys.DEFAULTS_VERSION}'`, raw, () => typeof value === 'string' && known.includes(value.trim()),
    `one of ${known.map((k) => JSON.stringify(k)).join(', ')} (a string: the defaults version of a release of paved-road-constructs, `
    + `the newest being ${DefaultsVersions.LATEST}; a newer pin needs a newer library)`);
  v.throwIfInvalid();
  return (value as string).trim();
}

/**
 * One row of a per-profile defaults table as the pinned defaults version sees it: every cell that
 * changed after the pin has its value from before the change.
 *
 * @param table the table's name in DEFAULT_CHANGES
 * @param row the newest values of the profile's row
 * @internal
 */
export function pinnedDefaults<T extends object>(scope: IConstruct, table: string, profile: Profile, row: T): T {
  const version = resolveDefaultsVersion(scope);
  const pinned = isPinned(scope);
  const out = { ...row } as Record<string, unknown>;
  // newest first, so that the oldest change not yet taken decides the value
  const changes = DEFAULT_CHANGES.filter((c) => c.table === table && c.profiles.includes(profile)
    && (compareVersions(c.version, version) > 0 || (c.requiresPin === true && !pinned)))
    .sort((a, b) => compareVersions(b.version, a.version));
  for (const change of changes) out[change.setting] = change.before;
  return out as T;
}

/** Whether the app at `scope` pins its defaults (the context key is set). */
function isPinned(scope: IConstruct): boolean {
  const raw = scope.node.tryGetContext(ContextKeys.DEFAULTS_VERSION);
  return raw !== undefined && raw !== null && raw !== '';
}

/**
 * A single default (not a table column) as the pinned defaults version sees it.
 *
 * @param newest the newest value, which the record's last change must have as `after`
 * @internal
 */
export function pinnedDefault<T>(scope: IConstruct, table: string, setting: string, profile: Profile, newest: T): T {
  return (pinnedDefaults(scope, table, profile, { [setting]: newest }) as Record<string, T>)[setting];
}
