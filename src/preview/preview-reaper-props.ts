import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { PreviewRoles } from './preview-roles';
import { PavedRoadConstructProps } from '../core/paved-road-construct';

/**
 * Props of `PreviewReaper`.
 */
export interface PreviewReaperProps extends PavedRoadConstructProps {
  /**
   * Time between two passes (5 minutes to 24 hours, whole minutes). A preview outlives its expiry by at most this much.
   *
   * @default Duration.minutes(15)
   */
  readonly interval?: Duration;

  /**
   * How long before a preview expires the reaper warns on the topic, once, naming how to extend it.
   * At least one interval, and shorter than `maxTtl`.
   *
   * @default Duration.hours(24)
   */
  readonly warnBefore?: Duration;

  /**
   * The longest ttl previews in this account may have (the platform's limit, 1 hour to 14 days): a preview is reaped at the
   * latest this long after its last deployment, whatever its expiry tag says. `warnBefore` must be shorter.
   *
   * @default Duration.days(14)
   */
  readonly maxTtl?: Duration;

  /**
   * Report what would be deleted and delete nothing. A single invocation with the event `{"dryRun": true}` is a dry run too.
   *
   * @default false
   */
  readonly dryRun?: boolean;

  /**
   * Topic for the reports (failed deletions, unreadable expiry tags, expiry warnings) and the alarms.
   *
   * @default - a new KMS-encrypted, SSL-only topic.
   */
  readonly topic?: sns.ITopic;

  /**
   * The bounded preview credentials (one set per account and region). The reaper deletes through their execution
   * role: its own role can only pass that role to CloudFormation and call DeleteStack on stacks named `preview-*`
   * that carry `paved-road:preview=true`.
   *
   * @default - a new `PreviewRoles` inside the reaper (then pass `reaper.previewRoles` to `PreviewDeployments`).
   */
  readonly previewRoles?: PreviewRoles;
}
