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
    construct: 'PavedRoadNetwork',
    table: 'network',
    setting: 'natType',
    profiles: [Profile.DEV, Profile.PREVIEW],
    before: 'gateway',
    after: 'instance',
    why: 'A t4g.nano NAT instance with its Elastic IP costs about $9.46 a month against $36.50 for a NAT gateway with its IP (us-east-1), and processes data for free; '
      + 'dev and preview accept one instance without failover, its bandwidth and a minute without egress when a deployment replaces it with a newer image. '
      + 'The egress IP changes once, at the switch.',
  },
  {
    version: '0.2',
    construct: 'PavedRoadNetwork',
    table: 'network',
    setting: 'previewLoadBalancer',
    profiles: [Profile.DEV],
    before: false,
    after: true,
    why: 'A dev network that publishes its parameters (parameterPrefix) builds one load balancer its previews share, about $29.57 a month, '
      + 'instead of one per preview at the same price each: it pays for itself while one preview is up on average.',
  },
  {
    version: '0.2',
    construct: 'PreviewEnvironment',
    table: 'preview',
    setting: 'sharedLoadBalancer',
    profiles: [Profile.PREVIEW],
    before: false,
    after: true,
    why: 'A preview\'s services add a path-based rule to the load balancer their dev network shares (previewLoadBalancer) instead of creating their own, '
      + 'saving about $0.97 a day per preview; set sharedLoadBalancer: false for a dev network without one.',
  },
];
