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
}

/**
 * The newest values; `pinnedDefaults(scope, 'network', ...)` reverts the cells an app's pinned
 * defaults version predates (src/core/default-changes.ts).
 *
 * @internal
 */
export const NETWORK_DEFAULTS: Record<Profile, NetworkProfileDefaults> = {
  [Profile.DEV]: { natType: NatType.INSTANCE, natInstanceType: 't4g.nano', previewLoadBalancer: true },
  [Profile.PREVIEW]: { natType: NatType.INSTANCE, natInstanceType: 't4g.nano', previewLoadBalancer: false },
  [Profile.STAGING]: { natType: NatType.GATEWAY, natInstanceType: 't4g.nano', previewLoadBalancer: false },
  [Profile.PROD]: { natType: NatType.GATEWAY, natInstanceType: 't4g.nano', previewLoadBalancer: false },
};
