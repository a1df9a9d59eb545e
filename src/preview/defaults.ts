import { Duration } from 'aws-cdk-lib';
import { ContextKeys } from '../core/context';

/**
 * Defaults and limits of previews and the reaper (the same in every profile: a preview is always
 * the PREVIEW profile, and the reaper is one per account and region).
 *
 * @internal
 */
export const PREVIEW_DEFAULTS = {
  /** How long a preview lives after its last deployment. */
  ttl: Duration.hours(72),
  /** Shortest ttl: less than one reaper interval plus a deployment would be deleted while in use. */
  minTtl: Duration.hours(1),
  /** Longest ttl; the platform may lower it with the context value `paved-road:preview-max-ttl-hours`. */
  maxTtl: Duration.days(14),
  /** Time between two reaper passes. */
  reaperInterval: Duration.minutes(15),
  /** Shortest time between two passes: a pass over thousands of stacks must finish first. */
  minReaperInterval: Duration.minutes(5),
  /** Longest time between two passes: a preview may outlive its expiry by this much. */
  maxReaperInterval: Duration.hours(24),
  /** How long before expiry the reaper warns. */
  warnBefore: Duration.hours(24),
  /** The reaper function's timeout: one pass over 5,000 stacks takes a few seconds. */
  reaperTimeout: Duration.minutes(5),
  /** The reaper function's memory (MiB): one pass over 5,000 stacks peaks under 100 MiB. */
  reaperMemoryMiB: 256,
  /**
   * Whether the services of a preview that finds its network through `networkParameterPrefix` share the
   * network's preview load balancer (read through `pinnedDefault(scope, 'preview', 'sharedLoadBalancer', ...)`).
   */
  sharedLoadBalancer: true,
};

/** Context key with which a platform lowers the longest preview ttl (in hours). @internal */
export const MAX_TTL_CONTEXT = ContextKeys.PREVIEW_MAX_TTL_HOURS;

/**
 * Repository roles whose pull requests build at once and who approve the others (PreviewDeployments'
 * `approverRoles`, default and allowed values): they can already push to the repository. @internal
 */
export const APPROVER_ROLES = ['GITHUB_WRITE', 'GITHUB_MAINTAIN', 'GITHUB_ADMIN'];
