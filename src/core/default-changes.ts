import { Profile } from './profile';

const ALL_PROFILES: Profile[] = [Profile.DEV, Profile.PREVIEW, Profile.STAGING, Profile.PROD];

/**
 * One default that changed in a release: the one record of it. It drives the behaviour (an app
 * pinned below `version` gets `before`) and renders UPGRADING.md.
 *
 * @internal
 */
export interface DefaultChangeRecord {
  /** The defaults version (major.minor of this library) that brought the change. */
  readonly version: string;
  /** The class users know the setting by. */
  readonly construct: string;
  /**
   * The defaults table the setting is a column of (`profile`, `service`, `pipeline`, ...): the
   * name the construct passes to `pinnedDefaults` or `pinnedDefault`.
   */
  readonly table: string;
  /** The column of that table (or the name of a single default). */
  readonly setting: string;
  /** The profiles whose value changed. */
  readonly profiles: Profile[];
  /** The value an app pinned below `version` keeps. */
  readonly before: unknown;
  /** The value from `version` on (what the construct's table holds today, unless a later change replaced it). */
  readonly after: unknown;
  /** Why it changed, in a sentence a team reads before opting in. */
  readonly why: string;
}

/**
 * The defaults version of the first release line (the defaults every construct had before defaults
 * were versioned). An app pinned to it keeps every one of them.
 *
 * @internal
 */
export const BASELINE_DEFAULTS_VERSION = '0.1';

/**
 * Every default that changed since the baseline, oldest first. Add a row here, in the same commit
 * as the table change, whenever a default changes what a team deploys; the upgrade test
 * (test/upgrade.test.ts) fails on a change without one.
 *
 * @internal
 */
export const DEFAULT_CHANGES: DefaultChangeRecord[] = [
  {
    version: '0.2',
    construct: 'PavedRoadPipeline',
    table: 'pipeline',
    setting: 'nodeVersion',
    profiles: ALL_PROFILES,
    before: '20',
    after: '22',
    why: 'Node.js 20 reached end of life on 2026-04-30; 22 is a maintained LTS (until 2027-04-30) that the CodeBuild standard 7.0 image installs.',
  },
  {
    version: '0.2',
    construct: 'PavedRoadPipeline',
    table: 'pipeline',
    setting: 'deliveryMetrics',
    profiles: ALL_PROFILES,
    before: false,
    after: true,
    why: 'Every pipeline measures its delivery (deployment frequency, lead time, change failure rate, time to restore) with a DeliveryMetrics and its dashboard: about $5 a month per pipeline (a key, a dashboard, two alarms).',
  },
];

const VERSION_PATTERN = /^(\d+)\.(\d+)$/;

/**
 * Compares two defaults versions (major.minor): negative when a is older than b, 0 when equal,
 * positive when newer. Throws on a value that is not major.minor.
 *
 * @internal
 */
export function compareDefaultsVersions(a: string, b: string): number {
  const parse = (v: string): [number, number] => {
    const m = VERSION_PATTERN.exec(v);
    if (!m) throw new Error(`not a major.minor version: ${v}`);
    return [Number(m[1]), Number(m[2])];
  };
  const [am, an] = parse(a);
  const [bm, bn] = parse(b);
  return am !== bm ? am - bm : an - bn;
}

/**
 * Every version an app can pin: the baseline and each version that changed a default, oldest first.
 * (Plain TypeScript without aws-cdk-lib: the `paved-road` CLI bundles it.)
 *
 * @internal
 */
export function knownDefaultsVersions(): string[] {
  return [...new Set([BASELINE_DEFAULTS_VERSION, ...DEFAULT_CHANGES.map((c) => c.version)])].sort(compareDefaultsVersions);
}

/**
 * The newest defaults version of this release.
 *
 * @internal
 */
export const LATEST_DEFAULTS_VERSION: string = knownDefaultsVersions()[knownDefaultsVersions().length - 1];
