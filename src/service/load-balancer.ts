import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ServiceProfileDefaults } from './defaults';
import { createAccessLogsBucket, enableAccessLogs } from '../core/access-logs';
import { acknowledge } from '../core/acknowledge';
import { fitDescription } from '../core/descriptions';
import { ProfileSettings } from '../core/profile-settings';
import { PropValidator } from '../core/validation';
import { IPavedRoadNetwork } from '../network/network';

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

  let certificate = o.certificate;
  if (!certificate && o.domainName && o.hostedZone) {
    certificate = new acm.Certificate(scope, 'Certificate', {
      domainName: o.domainName,
      validation: acm.CertificateValidation.fromDns(o.hostedZone),
    });
  }
  if (o.domainName && o.hostedZone) {
    new route53.ARecord(scope, 'AliasRecord', {
      zone: o.hostedZone,
      recordName: o.domainName,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(loadBalancer)),
    });
  }

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
    acknowledge(redirect, [{
      rules: ['NIST.800.53.R5-ELBv2ACMCertificateRequired', 'HIPAA.Security-ELBv2ACMCertificateRequired', 'PCI.DSS.321-ELBv2ACMCertificateRequired'],
      reason: `Port-80 listener of ${scope.node.path}: it serves no content, it only answers 301 to the same URL on the HTTPS listener, which uses the certificate.`,
    }], true);
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
    const why = `${scope.node.path} was given no certificate (nor domainName), which profiles other than prod allow for development and preview URLs; prod requires one (a synth error)`;
    acknowledge(listener, [
      { rules: ['NIST.800.53.R5-ALBHttpToHttpsRedirection', 'HIPAA.Security-ALBHttpToHttpsRedirection', 'PCI.DSS.321-ALBHttpToHttpsRedirection'], reason: `The HTTP listener of ${why}; there is no HTTPS listener to redirect to.` },
    ]);
    acknowledge(loadBalancer, [
      { rules: ['NIST.800.53.R5-ELBv2ACMCertificateRequired', 'HIPAA.Security-ELBv2ACMCertificateRequired', 'PCI.DSS.321-ELBv2ACMCertificateRequired'], reason: `The load balancer of ${why}; pass certificate or domainName + hostedZone to serve HTTPS.` },
      { rules: ['NIST.800.53.R5-ELBTlsHttpsListenersOnly', 'HIPAA.Security-ELBTlsHttpsListenersOnly', 'PCI.DSS.321-ELBTlsHttpsListenersOnly'], reason: `The load balancer of ${why}; pass certificate or domainName + hostedZone to serve HTTPS.` },
    ], true);
  }

  if (o.publicLoadBalancer) {
    acknowledge(securityGroup, [{
      rules: ['AwsSolutions-EC23', 'NIST.800.53.R5-EC2RestrictedInbound', 'HIPAA.Security-EC2RestrictedInbound', 'PCI.DSS.321-EC2RestrictedInbound'],
      reason: `Security group of the internet-facing load balancer of ${scope.node.path}: it must accept its listener ports (80/443 only) from any IPv4 client; the tasks behind it accept traffic from this group only.`,
    }], true);
  }
  if (!o.settings.deletionProtection) {
    acknowledge(loadBalancer, [{
      rules: ['NIST.800.53.R5-ELBDeletionProtectionEnabled', 'PCI.DSS.321-ELBDeletionProtectionEnabled', 'HIPAA.Security-ELBDeletionProtectionEnabled'],
      reason: `Load balancer of ${scope.node.path} in a disposable profile (dev/preview): the stack must be deletable in one step; staging and prod turn deletion protection on.`,
    }], true);
  }

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
