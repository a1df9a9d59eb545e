import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NatType } from './network-props';
import { Profile } from '../core/profile';
import { assertProfile } from '../core/profile-defaults';

/**
 * The defaults one profile gives `PavedRoadNetwork` (`NetworkDefaults.of`) for a new VPC. A prop,
 * when given, always wins. Log retention and removal policies come from the shared `ProfileDefaults`.
 */
export interface NetworkProfileDefaults {
  /** Availability Zones a new VPC spans (the `maxAzs` prop). */
  readonly maxAzs: number;
  /** NAT gateways a new VPC gets, one per AZ in prod (the `natGateways` prop). */
  readonly natGateways: number;
  /** Whether a new VPC gets interface endpoints: ECR, Logs, Secrets Manager, STS (the `interfaceEndpoints` prop). */
  readonly interfaceEndpoints: boolean;
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
 * The one table of `PavedRoadNetwork` defaults per profile. The README's "Network defaults per
 * profile" table is rendered from it, and a test fails when the two differ. These are the newest
 * values; `pinnedDefaults(scope, 'network', ...)` reverts the cells an app's pinned defaults version
 * predates (src/core/default-changes.ts).
 * @internal
 */
export const NETWORK_DEFAULTS: Record<Profile, NetworkProfileDefaults> = {
  [Profile.DEV]: {
    maxAzs: 2,
    natGateways: 1,
    interfaceEndpoints: false,
    natType: NatType.INSTANCE,
    natInstanceType: 't4g.nano',
    previewLoadBalancer: true,
    containerInsights: 'enabled',
  },
  [Profile.PREVIEW]: {
    maxAzs: 2,
    natGateways: 1,
    interfaceEndpoints: false,
    natType: NatType.INSTANCE,
    natInstanceType: 't4g.nano',
    previewLoadBalancer: false,
    containerInsights: 'enabled',
  },
  [Profile.STAGING]: {
    maxAzs: 2,
    natGateways: 1,
    interfaceEndpoints: false,
    natType: NatType.GATEWAY,
    natInstanceType: 't4g.nano',
    previewLoadBalancer: false,
    containerInsights: 'enhanced',
  },
  [Profile.PROD]: {
    maxAzs: 3,
    natGateways: 3,
    interfaceEndpoints: true,
    natType: NatType.GATEWAY,
    natInstanceType: 't4g.nano',
    previewLoadBalancer: false,
    containerInsights: 'enhanced',
  },
};

/** The network defaults of one profile: the one place `NETWORK_DEFAULTS` is read. @internal */
export function networkDefaults(profile: Profile): NetworkProfileDefaults {
  return NETWORK_DEFAULTS[profile];
}

/**
 * Reads the per-profile defaults of `PavedRoadNetwork`.
 */
export class NetworkDefaults {
  /** The network defaults of one profile. */
  public static of(profile: Profile): NetworkProfileDefaults {
    assertProfile('NetworkDefaults.of', profile);
    return { ...networkDefaults(profile) };
  }

  private constructor() {}
}

/** The address range of a new VPC when `ipAddresses` is not given. @internal */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';

/** The subnets of a new VPC, in the order CDK allocates them: per AZ, public /24, workload /20, data /24. @internal */
export const NEW_VPC_SUBNET_MASKS = [24, 20, 24];

/** The interface endpoints a new VPC gets (in prod, or with `vpcEndpointsOnly`), by construct id. @internal */
export const INTERFACE_ENDPOINTS: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  Ecr: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
};
