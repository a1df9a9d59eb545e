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
    construct: 'PavedRoadService',
    table: 'service',
    setting: 'deploymentStrategy',
    profiles: [Profile.STAGING],
    before: 'ROLLING',
    after: 'BLUE_GREEN',
    why: 'Staging rehearses what prod does before any production traffic moves: the new revision starts next to the old one, the smoke test runs against it through the test listener rule, then all traffic moves at once and the old revision stays 10 minutes for an instant rollback. Adds a second target group, two listener rules, a load-balancer role for ECS and the smoke-test function.',
  },
  {
    version: '0.2',
    construct: 'PavedRoadService',
    table: 'service',
    setting: 'deploymentStrategy',
    profiles: [Profile.PROD],
    before: 'ROLLING',
    after: 'CANARY',
    why: 'A bad release reaches 10% of production traffic for 10 minutes, after the smoke test passed, while the 5xx and unhealthy-host alarms (now per target group) can roll it back; the old revision keeps running 15 more minutes after the full shift. Adds a second target group, two listener rules, a load-balancer role for ECS and the smoke-test function.',
  },
];
