import { Duration } from 'aws-cdk-lib';
import type { PreviewRoles } from './preview-roles';
import { PavedRoadConstructProps } from '../core/paved-road-construct';

/**
 * Props of `PreviewDeployments`.
 */
export interface PreviewDeploymentsProps extends PavedRoadConstructProps {
  /** The GitHub owner (user or organization) of the app's repository. */
  readonly repositoryOwner: string;

  /** The GitHub repository of the app. */
  readonly repositoryName: string;

  /**
   * Only pull requests into this branch get previews.
   *
   * @default 'main'
   */
  readonly baseBranch?: string;

  /**
   * Installs the app's dependencies.
   *
   * @default 'npm ci'
   */
  readonly installCommand?: string;

  /**
   * The context key through which the app reads the branch (`-c <key>=<branch>`).
   *
   * @default 'branch'
   */
  readonly branchContextKey?: string;

  /**
   * The CDK CLI stack selector of the preview's stacks: the construct path of the app's `PreviewEnvironment` followed
   * by `/**`. Never select stacks outside the preview: merge and close run `cdk destroy` on the same selector.
   *
   * @default 'Preview/**' (the stacks of a PreviewEnvironment with id `Preview` at the app's root)
   */
  readonly stackSelector?: string;

  /**
   * The bounded preview credentials (`PreviewRoles`, one set per account and region; `PreviewReaper` creates one as
   * `reaper.previewRoles`). The build can assume only their deploy role, which can change only `preview-*` stacks, through
   * their execution role, under their permissions boundary.
   */
  readonly previewRoles: PreviewRoles;

  /**
   * Only events by these GitHub user ids (numbers, as in `https://api.github.com/users/<login>`) trigger a build at all
   * (the webhook's ACTOR_ACCOUNT_ID filter): an allowlist of the team. Their pull requests still follow `approverRoles`.
   *
   * @default - any actor: the pull-request build policy (`approverRoles`) alone decides which pull requests build.
   */
  readonly trustedActorIds?: string[];

  /**
   * The repository roles whose members' pull requests build at once and who may approve other pull requests with a
   * comment (CodeBuild's pull-request build policy): `GITHUB_WRITE`, `GITHUB_MAINTAIN`, `GITHUB_ADMIN`. Every other
   * contributor's pull request, from a fork too, waits for an approval comment before any build runs its code.
   *
   * @default ['GITHUB_WRITE', 'GITHUB_MAINTAIN', 'GITHUB_ADMIN'] (the people who can push to the repository anyway)
   */
  readonly approverRoles?: string[];

  /**
   * Longest deployment or destruction.
   *
   * @default Duration.minutes(60)
   */
  readonly timeout?: Duration;
}
