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
  /**
   * The change replaces or deletes a stateful resource (a key, a bucket) of a deployed stack, or only
   * serves one that does: it
   * reaches only apps whose pin is at least `version`. An app without a pin keeps `before`, because
   * an unpinned upgrade never loses state.
   */
  readonly requiresPin?: boolean;
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
  {
    version: '0.2',
    construct: 'PavedRoadService',
    table: 'service',
    setting: 'arm64Spot',
    profiles: [Profile.DEV, Profile.PREVIEW],
    before: false,
    after: true,
    why: 'Fargate Spot runs Linux ARM64 tasks on platform version 1.4.0 or later (ECS API Reference, CapacityProviderStrategyItem), so ARM64 services (the default architecture) in dev and preview move from FARGATE to FARGATE_SPOT, about 70% cheaper; a Spot task can be stopped with two minutes\' warning. Updating the capacity provider strategy redeploys the tasks in place.',
  },
  {
    version: '0.2',
    construct: 'PavedRoadDatabase',
    table: 'database',
    setting: 'minCapacity',
    profiles: [Profile.DEV, Profile.PREVIEW],
    before: 0.5,
    after: 0,
    why: 'Aurora Serverless v2 scales to 0 ACU and pauses when no user connection arrives for autoPause (30 minutes in dev, 5 in preview), so an idle dev or preview cluster pays for storage only; the first connection after a pause waits up to about 15 seconds while the instance resumes. Needs Aurora PostgreSQL 14.12, 15.7, 16.3 or later (any 17): a major alone creates a cluster on a newer minor, and a major.minor below those keeps 0.5. The scaling configuration changes in place; a cluster still on an older minor refuses the update (CloudFormation rolls it back): upgrade the minor or set minCapacity: 0.5.',
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
  {
    version: '0.2',
    construct: 'every paved-road construct',
    table: 'profile',
    setting: 'sharedKeys',
    profiles: [Profile.DEV, Profile.PREVIEW],
    before: false,
    after: true,
    why: 'Dev and preview stacks encrypt their log groups with one shared key and their alarm topics with another (PavedRoadSharedKeys/LogsKey, TopicsKey) instead of a key per construct: $1 a month per key plus $1 per rotation saved. The per-construct keys of a deployed stack are scheduled for deletion (30 days), so it needs the pin; database and cache storage keys are never shared. Override with the context key paved-road:shared-keys.',
    requiresPin: true,
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
      + 'instead of one per preview at the same price each: it pays for itself while one preview is up on average. '
      + 'It serves the previews that share it (sharedLoadBalancer), so like that change it needs the pin.',
    requiresPin: true,
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
      + 'saving about $0.97 a day per preview; set sharedLoadBalancer: false for a dev network without one. '
      + 'The preview stacks lose their own load balancer and its access-log bucket, so it needs the pin.',
    requiresPin: true,
  },
  {
    version: '0.2',
    construct: 'PavedRoadNetwork',
    table: 'network',
    setting: 'containerInsights',
    profiles: [Profile.DEV, Profile.PREVIEW],
    before: 'enhanced',
    after: 'enabled',
    why: 'Dev and preview clusters keep standard Container Insights (cluster- and service-level metrics, which the alarms and dashboard use) without the task- and container-level metrics of enhanced observability: about $6 a month less per dev environment. The cluster setting changes in place.',
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
