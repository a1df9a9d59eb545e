import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
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
  /**
   * The load balancer the previews of this network share: a `PavedRoadService` in the PREVIEW
   * profile adds a listener rule to it instead of creating a load balancer of its own.
   *
   * @default - none: every service has its own load balancer.
   */
  readonly previewLoadBalancer?: PreviewLoadBalancerAttributes;
}

/**
 * How the workload subnets of a new VPC reach the internet.
 */
export enum NatType {
  /**
   * Managed NAT gateways: highly available within their AZ, up to 100 Gbps, nothing to patch;
   * billed per hour and per GB processed.
   */
  GATEWAY = 'gateway',
  /**
   * NAT instances (aws-cdk-lib's `NatProvider.instanceV2`, Amazon Linux 2023, `natInstanceType`):
   * a fraction of a gateway's price and no charge per GB, but one instance per NAT with no automatic
   * failover, the instance type's bandwidth, and a replacement (a minute or two without egress)
   * whenever a deployment picks up a newer Amazon Linux image.
   */
  INSTANCE = 'instance',
}

/**
 * The load balancer the previews of a network share, as a preview's `PavedRoadService` uses it: it adds
 * a path-based rule to `listener` and serves under `url`.
 */
export interface PreviewLoadBalancerAttributes {
  /** The load balancer. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The listener previews add their rules to (HTTPS with a certificate, else HTTP); its default answer is 404. */
  readonly listener: elbv2.IApplicationListener;
  /** The URL previews append their path to: `http(s)://<domain name or DNS name>`, without a trailing `/`. */
  readonly url: string;
  /** The bucket that holds the load balancer's access logs. */
  readonly accessLogsBucket: s3.IBucket;
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
   * NAT devices of a new VPC, gateways or instances after `natType` (1 to maxAzs; 0 only with
   * `vpcEndpointsOnly`). Workload subnets in an AZ without one route through another AZ's.
   *
   * @default - one per AZ in prod, one elsewhere.
   */
  readonly natGateways?: number;

  /**
   * NAT gateways or NAT instances for the workload subnets of a new VPC (not with `vpcEndpointsOnly`,
   * which has no NAT). A NAT instance costs a fraction of a gateway but is one instance without
   * automatic failover, with its instance type's bandwidth; see the README's PavedRoadNetwork section.
   *
   * @default - NatType.INSTANCE in dev and preview, NatType.GATEWAY in staging and prod (defaults
   * version 0.1: NatType.GATEWAY everywhere).
   */
  readonly natType?: NatType;

  /**
   * Instance type of the NAT instances (only with `natType: NatType.INSTANCE`). The Amazon Linux 2023
   * image follows its architecture (Graviton or x86_64).
   *
   * @default new ec2.InstanceType('t4g.nano')
   */
  readonly natInstanceType?: ec2.InstanceType;

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
   * - `<prefix>/preview-listener-arn`, `<prefix>/preview-load-balancer-arn`,
   *   `<prefix>/preview-load-balancer-security-group-id`, `<prefix>/preview-load-balancer-dns-name`,
   *   `<prefix>/preview-url`: the load balancer previews share (only with `previewLoadBalancer`).
   *
   * @default - no parameters are published.
   */
  readonly parameterPrefix?: string;

  /**
   * Build one internet-facing Application Load Balancer that the previews of this network share
   * (dev or staging only; needs `parameterPrefix`, under which it is published). A `PavedRoadService`
   * in a preview (`PreviewEnvironment`) then adds a path-based listener rule to it instead of
   * creating a load balancer of its own; the rule, its target group and the security-group ingress
   * to the tasks live in the preview's stack and go with it.
   *
   * @default - true in dev when the network creates its VPC and `parameterPrefix` is set, false
   * otherwise (defaults version 0.1: false).
   */
  readonly previewLoadBalancer?: boolean;

  /**
   * Certificate of the preview load balancer's HTTPS listener (HTTP then redirects to HTTPS). Needs
   * `previewDomainName`, a name the certificate covers.
   *
   * @default - HTTP only, as dev services without a certificate.
   */
  readonly previewCertificate?: acm.ICertificate;

  /**
   * The name preview URLs use for the preview load balancer (e.g. `previews.dev.example.com`):
   * `previewHostedZone` gets an alias record for it, or point it at the load balancer yourself.
   *
   * @default - the load balancer's DNS name.
   */
  readonly previewDomainName?: string;

  /**
   * Hosted zone of `previewDomainName`, which gets an alias record to the preview load balancer.
   *
   * @default - no record is created.
   */
  readonly previewHostedZone?: route53.IHostedZone;
}
