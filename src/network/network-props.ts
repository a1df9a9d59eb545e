import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { PavedRoadConstructProps } from '../core/paved-road-construct';
import { Profile } from '../core/profile';

/**
 * The shared network every other paved-road construct lives in.
 */
export interface IPavedRoadNetwork extends IConstruct {
  /** The VPC. */
  readonly vpc: ec2.IVpc;
  /** The ECS cluster every service in this network shares. */
  readonly cluster: ecs.ICluster;
  /** Subnets for workloads (tasks, functions): private, with egress through NAT or VPC endpoints only. */
  readonly workloadSubnets: ec2.SubnetSelection;
  /** Subnets for data stores (databases, caches): isolated, no route to the internet. */
  readonly dataSubnets: ec2.SubnetSelection;
  /** Subnets for internet-facing load balancers. */
  readonly publicSubnets: ec2.SubnetSelection;
  /** The profile the network was built for. */
  readonly profile: Profile;
}

/**
 * Props of `PavedRoadNetwork`.
 */
export interface PavedRoadNetworkProps extends PavedRoadConstructProps {
  /**
   * An existing VPC to adopt instead of creating one. Its private subnets with egress hold
   * workloads and its isolated subnets hold data stores, unless `workloadSubnets`/`dataSubnets` say otherwise.
   *
   * @default - a new VPC is created.
   */
  readonly vpc?: ec2.IVpc;

  /**
   * IP address range of a new VPC. It must hold a public /24, a workload /20 and a data /24 per AZ:
   * a /18 or larger for 2 AZs, a /17 or larger for 3 to 6.
   *
   * @default ec2.IpAddresses.cidr('10.0.0.0/16')
   */
  readonly ipAddresses?: ec2.IIpAddresses;

  /**
   * Availability Zones a new VPC spans (2 to 6; at most those of the region). More than 2 needs a stack
   * with an account and region: CDK sees two AZs in an environment-agnostic stack.
   *
   * @default - 3 in prod, 2 elsewhere.
   */
  readonly maxAzs?: number;

  /**
   * NAT gateways of a new VPC (1 to maxAzs; 0 only with `vpcEndpointsOnly`).
   *
   * @default - one per AZ in prod, one elsewhere.
   */
  readonly natGateways?: number;

  /**
   * Run without NAT gateways: workload subnets are isolated and reach AWS only through VPC
   * endpoints (interface endpoints are then always created). Cheapest for dev; images must come from ECR.
   *
   * @default false
   */
  readonly vpcEndpointsOnly?: boolean;

  /**
   * Create interface endpoints for ECR, ECR Docker, CloudWatch Logs, Secrets Manager and STS.
   * Gateway endpoints for S3 and DynamoDB are always created.
   *
   * @default - true in prod or when `vpcEndpointsOnly`, false elsewhere.
   */
  readonly interfaceEndpoints?: boolean;

  /**
   * Workload subnets of an adopted VPC (only with `vpc`: a new VPC's workload subnets are its Workload
   * group). They must be private or isolated subnets the VPC has.
   *
   * @default - the private subnets with egress of a new VPC (isolated with `vpcEndpointsOnly`); of an adopted VPC, its private subnets with egress.
   */
  readonly workloadSubnets?: ec2.SubnetSelection;

  /**
   * Data subnets of an adopted VPC (only with `vpc`: a new VPC's data subnets are its Data group).
   * They must be private or isolated subnets the VPC has.
   *
   * @default - the isolated subnets.
   */
  readonly dataSubnets?: ec2.SubnetSelection;

  /**
   * Days the VPC flow logs are kept.
   *
   * @default - the profile's log retention.
   */
  readonly flowLogRetentionDays?: number;

  /**
   * Publish what another stack needs to rebuild this network as SSM String parameters under this
   * prefix (e.g. `/paved-road/dev/network`), so preview environments can look the dev network up.
   * The prefix starts with `/` and has no trailing `/`. The parameters (names in
   * `PavedRoadNetworkParameters`; lists are comma-separated, in AZ order):
   *
   * - `<prefix>/vpc-id`: the VPC id.
   * - `<prefix>/vpc-cidr-block`: the VPC's primary IPv4 CIDR block (absent when an adopted VPC was imported without it).
   * - `<prefix>/availability-zones`: the AZs of the workload subnets.
   * - `<prefix>/public-subnet-ids`: the public subnets (absent when the network has none).
   * - `<prefix>/workload-subnet-ids`: the workload subnets.
   * - `<prefix>/data-subnet-ids`: the data subnets (absent when the network has none).
   * - `<prefix>/cluster-name`: the ECS cluster name.
   * - `<prefix>/cluster-arn`: the ECS cluster ARN.
   * - `<prefix>/profile`: the profile the network was built for.
   * - `<prefix>/vpc-endpoints-only`: `true` when workloads reach AWS only through VPC endpoints, else `false`.
   *
   * @default - no parameters are published.
   */
  readonly parameterPrefix?: string;
}
