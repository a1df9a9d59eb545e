import { Duration, Environment } from 'aws-cdk-lib';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { IPavedRoadNetwork } from '../network/network-props';

/**
 * Props of `PreviewEnvironment`.
 */
export interface PreviewEnvironmentProps extends PavedRoadConstructProps {
  /**
   * The branch or pull request this preview is for (`feature/login`, `pr-42`). Sanitized deterministically into a
   * stack-name part (`PreviewEnvironment.sanitizeBranch`); a branch with no letter or digit in any script is an error.
   */
  readonly branch: string;

  /**
   * How long the preview lives after its last deployment: 1 hour to 14 days (the platform may lower the maximum with the
   * context value `paved-road:preview-max-ttl-hours`). Every deployment sets `paved-road:expires-at` to synth time + ttl.
   *
   * @default Duration.hours(72)
   */
  readonly ttl?: Duration;

  /**
   * The shared dev network and cluster the preview runs in (a preview creates no VPC, NAT gateway or NAT instance of its own).
   * Must be usable from the preview's stage: imported (for example `PavedRoadNetwork.fromVpc` over `Vpc.fromLookup`), not a
   * network built in another stage. Give this or `networkParameterPrefix`.
   *
   * @default - the network rebuilt from `networkParameterPrefix`; with neither, `networkFor` is an error.
   */
  readonly network?: IPavedRoadNetwork;

  /**
   * The SSM parameter prefix under which the dev `PavedRoadNetwork` publishes `vpc-id`, `cluster-name` and `cluster-arn`
   * (its `parameterPrefix`, e.g. `/paved-road/dev/network`). The VPC is looked up at synth time, so the stage needs a
   * concrete account and region (`env`).
   *
   * @default - none: `network` is used.
   */
  readonly networkParameterPrefix?: string;

  /**
   * Whether the preview's services share the load balancer of the dev network (its
   * `previewLoadBalancer`, found under `networkParameterPrefix`): each `PavedRoadService` adds a
   * path-based listener rule to it, in the preview's stack, instead of creating a load balancer of its
   * own. Only with `networkParameterPrefix`; the dev network must publish its preview load balancer
   * (a dev `PavedRoadNetwork` with `parameterPrefix` does from defaults version 0.2), else the
   * deployment fails on the missing `preview-*` parameters.
   *
   * @default - true with `networkParameterPrefix` (defaults version 0.1: false).
   */
  readonly sharedLoadBalancer?: boolean;

  /**
   * The account and region of the preview's stacks.
   *
   * @default - the account and region of the scope (usually the CLI's).
   */
  readonly env?: Environment;
}
