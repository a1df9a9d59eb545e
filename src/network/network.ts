import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledgePublicRoutes, acknowledgeRestrictDefaultSgProvider } from './acknowledgments';
import { DEFAULT_VPC_CIDR, INTERFACE_ENDPOINTS, NETWORK_DEFAULTS } from './defaults';
import { hardenNatInstances, natInstanceProvider } from './nat-instance';
import { PavedRoadNetworkParameters } from './network-parameters';
import { IPavedRoadNetwork, NatType, PavedRoadNetworkProps, PreviewLoadBalancerAttributes } from './network-props';
import { createPreviewLoadBalancer, PreviewLoadBalancerParts, workloadCidrsOf } from './preview-load-balancer';
import { validateNetworkProps } from './validation';
import { pinnedDefaults } from '../core/defaults-version';
import { keyFor, KeyPurpose } from '../core/keys';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { ProfileDefaults } from '../core/profile-defaults';
import { trustedService } from '../core/service-principals';
import { PropValidator } from '../core/validation';
import { SERVICE_DEFAULTS } from '../service/defaults';

/**
 * The shared VPC and ECS cluster of one environment: one per environment, not one per service.
 *
 * A new VPC has public, private (workload) and isolated (data) subnets in 2 AZs (3 in prod), one NAT
 * (an instance in dev and preview, a gateway in staging, one gateway per AZ in prod, none with
 * `vpcEndpointsOnly`), gateway endpoints for S3 and DynamoDB, interface endpoints in prod, flow logs
 * to a KMS-encrypted log group, a closed default security group and no public IPs assigned on launch.
 * The cluster has Container Insights (enhanced) on. A dev network that publishes its parameters also
 * builds the load balancer its previews share (`previewLoadBalancer`).
 *
 * @exampleMetadata fixture=with-stack
 * @example
 * const network = new PavedRoadNetwork(stack, 'Network', { owner: 'team-platform' });
 */
export class PavedRoadNetwork extends PavedRoadConstruct implements IPavedRoadNetwork {
  /**
   * Adopts an existing VPC: the network gets a new cluster in it but no new subnets.
   */
  public static fromVpc(scope: Construct, id: string, existingVpc: ec2.IVpc, props: PavedRoadNetworkProps = {}): PavedRoadNetwork {
    // Without a VPC the network would quietly build a new one.
    if (existingVpc === undefined || existingVpc === null) {
      new PropValidator('PavedRoadNetwork', `${scope.node.path}/${id}`).require('existingVpc', existingVpc, 'pass the ec2.IVpc to adopt (or use new PavedRoadNetwork for a new VPC)').throwIfInvalid();
    }
    return new PavedRoadNetwork(scope, id, { ...props, vpc: existingVpc });
  }

  public readonly vpc: ec2.IVpc;
  public readonly cluster: ecs.ICluster;
  public readonly workloadSubnets: ec2.SubnetSelection;
  public readonly dataSubnets: ec2.SubnetSelection;
  public readonly publicSubnets: ec2.SubnetSelection;
  /** The flow-log group of a new VPC. */
  public readonly flowLogGroup?: logs.ILogGroup;
  /** The key that encrypts the flow logs of a new VPC. */
  public readonly flowLogKey?: kms.IKey;
  /** Whether the network has no NAT gateway and workloads reach AWS through endpoints only. */
  public readonly vpcEndpointsOnly: boolean;
  /** The NAT of a new VPC: gateways or instances (undefined with `vpcEndpointsOnly` or an adopted VPC). */
  public readonly natType?: NatType;
  /** The NAT instances of a new VPC with `natType: NatType.INSTANCE` (none otherwise). */
  public readonly natInstances: ec2.Instance[] = [];
  public readonly previewLoadBalancer?: PreviewLoadBalancerAttributes;
  /** The SSM parameters published under `parameterPrefix`, by name below the prefix. */
  public readonly parameters: { [name: string]: ssm.IStringParameter } = {};

  constructor(scope: Construct, id: string, props: PavedRoadNetworkProps = {}) {
    super(scope, id, props, 'PavedRoadNetwork');
    const d = this.profileDefaults;
    const nd = pinnedDefaults(this, 'network', this.profile, NETWORK_DEFAULTS[this.profile]);
    const { maxAzs, endpointsOnly, natType, previewLoadBalancer } = validateNetworkProps(this, props, this.profile, nd);

    this.vpcEndpointsOnly = endpointsOnly;
    this.natType = natType;
    if (props.vpc) {
      this.vpc = props.vpc;
      this.workloadSubnets = props.workloadSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
      this.dataSubnets = props.dataSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
      this.publicSubnets = { subnetType: ec2.SubnetType.PUBLIC };
    } else {
      const workloadType = endpointsOnly ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS;
      const natProvider = natType === NatType.INSTANCE
        ? natInstanceProvider(props.natInstanceType ?? new ec2.InstanceType(nd.natInstanceType))
        : undefined;
      const vpc = new ec2.Vpc(this, 'Vpc', {
        ipAddresses: props.ipAddresses ?? ec2.IpAddresses.cidr(DEFAULT_VPC_CIDR),
        maxAzs,
        natGateways: endpointsOnly ? 0 : (props.natGateways ?? Math.min(nd.natGateways, maxAzs)),
        natGatewayProvider: natProvider,
        restrictDefaultSecurityGroup: true,
        subnetConfiguration: [
          { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
          { name: 'Workload', subnetType: workloadType, cidrMask: 20 },
          { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        ],
        gatewayEndpoints: {
          S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
          DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        },
      });
      this.vpc = vpc;
      this.workloadSubnets = { subnetGroupName: 'Workload' };
      this.dataSubnets = { subnetGroupName: 'Data' };
      this.publicSubnets = { subnetGroupName: 'Public' };
      if (natProvider) {
        this.natInstances = hardenNatInstances(natProvider, {
          workloadCidrs: workloadCidrsOf(vpc, this.workloadSubnets),
          networkPath: this.node.path,
        });
      }

      const key = keyFor(this, KeyPurpose.LOGS, {
        id: 'FlowLogKey', description: `Encrypts the VPC flow logs of ${this.node.path}`, removalPolicy: d.statefulRemovalPolicy,
      });
      const stack = Stack.of(this);
      const logGroup = new logs.LogGroup(this, 'FlowLogs', {
        encryptionKey: key,
        retention: props.flowLogRetentionDays ?? d.logRetentionDays,
        removalPolicy: d.statefulRemovalPolicy,
      });
      // A customer-managed policy instead of CDK's inline grant: NIST/HIPAA/PCI refuse inline policies.
      const flowLogRole = new iam.Role(this, 'FlowLogRole', {
        // VPC User Guide, "IAM role for publishing flow logs to CloudWatch Logs": the account's own flow logs only.
        assumedBy: trustedService(this, 'vpc-flow-logs.amazonaws.com', { service: 'ec2', resource: 'vpc-flow-log/*' }),
        description: `Delivers the VPC flow logs of ${this.node.path} to its log group`,
      });
      new iam.ManagedPolicy(this, 'FlowLogPolicy', {
        roles: [flowLogRole],
        statements: [new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [logGroup.logGroupArn],
        })],
      });
      vpc.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup, flowLogRole.withoutPolicyUpdates()),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
      this.flowLogGroup = logGroup;
      this.flowLogKey = key;

      if (props.interfaceEndpoints ?? (nd.interfaceEndpoints || endpointsOnly)) {
        this.addInterfaceEndpoints(vpc);
      }
      acknowledgePublicRoutes(vpc, natProvider !== undefined);
      acknowledgeRestrictDefaultSgProvider(stack);
    }

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: nd.containerInsights === 'enhanced' ? ecs.ContainerInsights.ENHANCED : ecs.ContainerInsights.ENABLED,
      // Services pick FARGATE or FARGATE_SPOT per profile.
      enableFargateCapacityProviders: true,
    });

    let preview: PreviewLoadBalancerParts | undefined;
    if (previewLoadBalancer) {
      preview = createPreviewLoadBalancer(new Construct(this, 'PreviewLoadBalancer'), {
        vpc: this.vpc,
        publicSubnets: this.publicSubnets,
        workloadCidrs: workloadCidrsOf(this.vpc, this.workloadSubnets),
        profile: this.profile,
        settings: d,
        // the service table's WAF column: the preview load balancer is a public load balancer of services
        waf: pinnedDefaults(this, 'service', this.profile, SERVICE_DEFAULTS[this.profile]).waf,
        // the access logs of previews are kept as long as a preview's own logs
        accessLogExpirationDays: ProfileDefaults.of(Profile.PREVIEW).logRetentionDays,
        certificate: props.previewCertificate,
        domainName: props.previewDomainName,
        hostedZone: props.previewHostedZone,
      });
      const { loadBalancer, listener, url, accessLogsBucket } = preview;
      this.previewLoadBalancer = { loadBalancer, listener, url, accessLogsBucket };
    }

    if (props.parameterPrefix !== undefined) this.publishParameters(props.parameterPrefix, preview);
  }

  private publishParameters(prefix: string, preview?: PreviewLoadBalancerParts): void {
    const subnets = (selection: ec2.SubnetSelection) => this.vpc.selectSubnets(selection);
    const workload = subnets(this.workloadSubnets);
    const values: Array<[string, string, string | undefined]> = [
      ['VpcId', PavedRoadNetworkParameters.VPC_ID, this.vpc.vpcId],
      ['VpcCidrBlock', PavedRoadNetworkParameters.VPC_CIDR_BLOCK, attempt(() => this.vpc.vpcCidrBlock)],
      ['AvailabilityZones', PavedRoadNetworkParameters.AVAILABILITY_ZONES, joined(workload.availabilityZones)],
      ['PublicSubnetIds', PavedRoadNetworkParameters.PUBLIC_SUBNET_IDS, joined(subnetIdsOrEmpty(() => subnets(this.publicSubnets).subnetIds))],
      ['WorkloadSubnetIds', PavedRoadNetworkParameters.WORKLOAD_SUBNET_IDS, joined(workload.subnetIds)],
      ['DataSubnetIds', PavedRoadNetworkParameters.DATA_SUBNET_IDS, joined(subnetIdsOrEmpty(() => subnets(this.dataSubnets).subnetIds))],
      ['ClusterName', PavedRoadNetworkParameters.CLUSTER_NAME, this.cluster.clusterName],
      ['ClusterArn', PavedRoadNetworkParameters.CLUSTER_ARN, this.cluster.clusterArn],
      ['Profile', PavedRoadNetworkParameters.PROFILE, this.profile],
      ['VpcEndpointsOnly', PavedRoadNetworkParameters.VPC_ENDPOINTS_ONLY, String(this.vpcEndpointsOnly)],
      ...(preview ? [
        ['PreviewListenerArn', PavedRoadNetworkParameters.PREVIEW_LISTENER_ARN, preview.listener.listenerArn],
        ['PreviewLoadBalancerArn', PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_ARN, preview.applicationLoadBalancer.loadBalancerArn],
        ['PreviewLoadBalancerSecurityGroupId', PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_SECURITY_GROUP_ID, preview.securityGroup.securityGroupId],
        ['PreviewLoadBalancerDnsName', PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_DNS_NAME, preview.applicationLoadBalancer.loadBalancerDnsName],
        ['PreviewUrl', PavedRoadNetworkParameters.PREVIEW_URL, preview.url],
        ['PreviewAccessLogsBucket', PavedRoadNetworkParameters.PREVIEW_ACCESS_LOGS_BUCKET, preview.bucket.bucketName],
      ] as Array<[string, string, string]> : []),
    ];
    for (const [id, name, value] of values) {
      if (value === undefined) continue;
      (this.parameters as { [name: string]: ssm.IStringParameter })[name] = new ssm.StringParameter(this, `Parameter${id}`, {
        parameterName: `${prefix}/${name}`,
        stringValue: value,
        description: `${name} of the paved-road network ${this.node.path}`,
      });
    }
  }

  private addInterfaceEndpoints(vpc: ec2.Vpc): void {
    for (const [id, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      const endpoint = vpc.addInterfaceEndpoint(id, { service, subnets: this.workloadSubnets, privateDnsEnabled: true, open: false });
      // HTTPS from the workload subnets only, by their literal CIDRs (the VPC CIDR is a token cdk-nag cannot read).
      for (const subnet of vpc.selectSubnets(this.workloadSubnets).subnets) {
        endpoint.connections.allowFrom(ec2.Peer.ipv4(subnet.ipv4CidrBlock), ec2.Port.tcp(443), `HTTPS from workload subnet ${subnet.node.id}`);
      }
    }
  }
}

/** The ids comma-joined, or undefined when there is none (SSM refuses empty values). */
function joined(ids: string[]): string | undefined {
  return ids.length === 0 ? undefined : ids.join(',');
}

/** Subnet ids of a selection, or none when the VPC has no subnet of that kind. */
function subnetIdsOrEmpty(select: () => string[]): string[] {
  return attempt(select) ?? [];
}

/** The value, or undefined when an adopted VPC was imported without it (CDK throws then). */
function attempt<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
