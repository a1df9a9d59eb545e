import { NatType } from './network-props';
import { Profile } from '../core/profile';

/**
 * Per-profile network defaults that the shared profile table does not hold (AZs, the number of NAT
 * devices and interface endpoints come from there).
 *
 * @internal
 */
export interface NetworkProfileDefaults {
  /** NAT gateways or NAT instances for the workload subnets of a new VPC. */
  readonly natType: NatType;
  /** Instance type of a NAT instance (Graviton: the AMI follows the architecture). */
  readonly natInstanceType: string;
  /** Whether a network that publishes parameters (`parameterPrefix`) builds the load balancer its previews share. */
  readonly previewLoadBalancer: boolean;
  /**
   * Container Insights of the cluster: `enhanced` (task- and container-level metrics too) or
   * `enabled` (cluster- and service-level metrics). Both satisfy AwsSolutions-ECS4 and CT.ECS.PR.2.
   */
  readonly containerInsights: 'enhanced' | 'enabled';
}

/**
 * The newest values; `pinnedDefaults(scope, 'network', ...)` reverts the cells an app's pinned
 * defaults version predates (src/core/default-changes.ts).
 *
 * @internal
 */
export const NETWORK_DEFAULTS: Record<Profile, NetworkProfileDefaults> = {
  [Profile.DEV]: { natType: NatType.INSTANCE, natInstanceType: 't4g.nano', previewLoadBalancer: true, containerInsights: 'enabled' },
  [Profile.PREVIEW]: { natType: NatType.INSTANCE, natInstanceType: 't4g.nano', previewLoadBalancer: false, containerInsights: 'enabled' },
  [Profile.STAGING]: { natType: NatType.GATEWAY, natInstanceType: 't4g.nano', previewLoadBalancer: false, containerInsights: 'enhanced' },
  [Profile.PROD]: { natType: NatType.GATEWAY, natInstanceType: 't4g.nano', previewLoadBalancer: false, containerInsights: 'enhanced' },
};
