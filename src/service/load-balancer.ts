import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  acknowledgeHttpsRedirect, acknowledgeInternetIngress,
  acknowledgeNoDeletionProtection, acknowledgePlainHttp,
} from './acknowledgments';
import { ServiceProfileDefaults } from './defaults';
import { createAccessLogsBucket, enableAccessLogs } from '../core/access-logs';
import { fitDescription } from '../core/descriptions';
import { certificateAndAlias } from '../core/load-balancer-dns';
import { ProfileSettings } from '../core/profile-settings';
import { PropValidator } from '../core/validation';
import { IPavedRoadNetwork } from '../network/network-props';

/** @internal */
export interface LoadBalancerOptions {
  readonly network: IPavedRoadNetwork;
  readonly publicLoadBalancer: boolean;
  readonly certificate?: acm.ICertificate;
  readonly domainName?: string;
  readonly hostedZone?: route53.IHostedZone;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly settings: ProfileSettings;
  readonly serviceDefaults: ServiceProfileDefaults;
}

/** @internal */
export interface LoadBalancerParts {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly accessLogsBucket: s3.Bucket;
  readonly certificate?: acm.ICertificate;
  readonly url: string;
}

/**
 * The service's Application Load Balancer: access logs to an SSE-S3, SSL-only bucket with lifecycle
 * expiry, invalid headers dropped, HTTPS with a TLS 1.3/1.2 policy and HTTP redirected when there is
 * a certificate, plain HTTP (acknowledged) without one.
 *
 * @internal
 */
export function createLoadBalancer(scope: Construct, o: LoadBalancerOptions): LoadBalancerParts {
  const vpc = o.network.vpc;
  const securityGroup = new ec2.SecurityGroup(scope, 'LoadBalancerSecurityGroup', {
    vpc,
    allowAllOutbound: false,
    description: fitDescription(scope.node.path, (path) => `Load balancer of ${path}: ${o.publicLoadBalancer ? 'internet' : 'VPC'} clients in, service tasks out`),
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing: o.publicLoadBalancer,
    vpcSubnets: o.publicLoadBalancer ? o.network.publicSubnets : o.network.workloadSubnets,
    securityGroup,
    dropInvalidHeaderFields: true,
    deletionProtection: o.settings.deletionProtection,
  });

  const accessLogsBucket = createAccessLogsBucket(scope, {
    expirationDays: o.serviceDefaults.accessLogExpirationDays,
    removalPolicy: o.settings.statefulRemovalPolicy,
    emptyingPurpose: 'empties the access-log buckets of dev/preview services when their stack is deleted',
  });
  enableAccessLogs(loadBalancer, accessLogsBucket);

  const certificate = certificateAndAlias(scope, loadBalancer, o);

  const clients = o.publicLoadBalancer ? [ec2.Peer.anyIpv4()] : internalClients(scope, o.network);
  let listener: elbv2.ApplicationListener;
  if (certificate) {
    listener = loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultTargetGroups: [o.targetGroup],
    });
    const redirect = loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: false });
    acknowledgeHttpsRedirect(redirect, scope.node.path);
    for (const peer of clients) {
      securityGroup.addIngressRule(peer, ec2.Port.tcp(443), `HTTPS from ${peer.uniqueId}`);
      securityGroup.addIngressRule(peer, ec2.Port.tcp(80), `HTTP from ${peer.uniqueId}, redirected to HTTPS`);
    }
  } else {
    listener = loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [o.targetGroup],
    });
    for (const peer of clients) securityGroup.addIngressRule(peer, ec2.Port.tcp(80), `HTTP from ${peer.uniqueId}`);
    acknowledgePlainHttp(listener, loadBalancer, scope.node.path);
  }

  if (o.publicLoadBalancer) acknowledgeInternetIngress(securityGroup, scope.node.path);
  if (!o.settings.deletionProtection) acknowledgeNoDeletionProtection(loadBalancer, scope.node.path);

  const scheme = certificate ? 'https' : 'http';
  const url = `${scheme}://${o.domainName ?? loadBalancer.loadBalancerDnsName}`;
  return { loadBalancer, listener, accessLogsBucket, certificate, url };
}

/**
 * Clients of an internal load balancer: the workload subnets by their literal CIDRs (so cdk-nag can
 * read them), else the VPC CIDR when the subnets of an adopted VPC have no known CIDR.
 */
function internalClients(scope: Construct, network: IPavedRoadNetwork): ec2.IPeer[] {
  try {
    const cidrs = network.vpc.selectSubnets(network.workloadSubnets).subnets.map((s) => s.ipv4CidrBlock);
    if (cidrs.length > 0 && cidrs.every((c) => typeof c === 'string' && !Token.isUnresolved(c))) {
      return [...new Set(cidrs)].map((c) => ec2.Peer.ipv4(c));
    }
  } catch {
    // Subnets imported without CIDRs throw on ipv4CidrBlock: fall back to the VPC CIDR.
  }
  let vpcCidr: string;
  try {
    vpcCidr = network.vpc.vpcCidrBlock;
  } catch {
    // A VPC imported with Vpc.fromVpcAttributes and no vpcCidrBlock: nothing to admit clients from.
    new PropValidator('PavedRoadService', scope.node.path)
      .fail('publicLoadBalancer', false, `true, or a network whose VPC knows its CIDR: the internal load balancer admits clients from the workload subnets' or the VPC's CIDR, and ${network.vpc.node.path} was imported without vpcCidrBlock (pass it, or ipv4CidrBlocks of the subnets, to Vpc.fromVpcAttributes)`)
      .throwIfInvalid();
    throw new Error('unreachable');
  }
  return [ec2.Peer.ipv4(vpcCidr)];
}
