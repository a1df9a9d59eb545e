import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PreviewLoadBalancerAttributes } from './network-props';
import { createAccessLogsBucket, enableAccessLogs } from '../core/access-logs';
import { acknowledge } from '../core/acknowledge';
import { fitDescription } from '../core/descriptions';
import { certificateAndAlias } from '../core/load-balancer-dns';
import { Profile } from '../core/profile';
import { profileSettings } from '../core/profile-defaults';
import { profilesWhere } from '../core/profile-facts';
import { ProfileSettings } from '../core/profile-settings';
import { AwsSolutionsRule, HipaaRule, NistRule, PciRule, nistHipaaPci } from '../core/rule-ids';
import { serviceDefaults } from '../service/defaults';

/** What the preview load balancer needs from its network. @internal */
export interface PreviewLoadBalancerOptions {
  readonly vpc: ec2.IVpc;
  readonly publicSubnets: ec2.SubnetSelection;
  /** Where the tasks of previews run: the load balancer may send to any TCP port there. */
  readonly workloadCidrs: string[];
  readonly profile: Profile;
  readonly settings: ProfileSettings;
  /** Whether the profile gives public load balancers a WAF web ACL (`waf` of the service defaults). */
  readonly waf: boolean;
  /** Days the access logs are kept (those of previews). */
  readonly accessLogExpirationDays: number;
  readonly certificate?: acm.ICertificate;
  readonly domainName?: string;
  readonly hostedZone?: route53.IHostedZone;
}

/** The preview load balancer as built, with its concrete resources. @internal */
export interface PreviewLoadBalancerParts extends PreviewLoadBalancerAttributes {
  readonly applicationLoadBalancer: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  readonly bucket: s3.Bucket;
}

/**
 * An internet-facing ALB in the public subnets that previews share: access logs as a service's load
 * balancer has them, invalid headers dropped, HTTPS with a TLS 1.3/1.2 policy and HTTP redirected when
 * it has a certificate, plain HTTP (acknowledged) without one; its listener answers 404 to any path
 * no preview's rule matches. It may send to any TCP port of the workload subnets: each preview's
 * tasks admit it on their own port, by a rule in the preview's stack.
 *
 * @internal
 */
export function createPreviewLoadBalancer(scope: Construct, o: PreviewLoadBalancerOptions): PreviewLoadBalancerParts {
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: o.vpc,
    allowAllOutbound: false,
    description: fitDescription(scope.node.path, (path) => `Load balancer previews share, ${path}: internet clients in, preview tasks out`),
  });
  for (const cidr of o.workloadCidrs) {
    securityGroup.addEgressRule(ec2.Peer.ipv4(cidr), ec2.Port.allTcp(), `To preview tasks in workload subnet ${cidr}`);
  }
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc: o.vpc,
    internetFacing: true,
    vpcSubnets: o.publicSubnets,
    securityGroup,
    dropInvalidHeaderFields: true,
    deletionProtection: o.settings.deletionProtection,
  });
  const bucket = createAccessLogsBucket(scope, {
    expirationDays: o.accessLogExpirationDays,
    removalPolicy: o.settings.statefulRemovalPolicy,
    emptyingPurpose: 'empties the access-log bucket of the load balancer previews share when the network\'s stack is deleted',
  });
  enableAccessLogs(loadBalancer, bucket);

  const certificate = certificateAndAlias(scope, loadBalancer, o);

  const notFound = elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'No preview is served at this path.' });
  let listener: elbv2.ApplicationListener;
  if (certificate) {
    listener = loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultAction: notFound,
    });
    const redirect = loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: false });
    acknowledge(redirect, [{
      rules: nistHipaaPci('ELBv2ACMCertificateRequired'),
      reason: `Port-80 listener of the load balancer previews share, ${scope.node.path}: it serves no content, it only answers 301 to the same URL on the HTTPS listener, which uses the certificate.`,
    }], true);
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from any IPv4 client');
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from any IPv4 client, redirected to HTTPS');
  } else {
    listener = loadBalancer.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultAction: notFound });
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from any IPv4 client');
    const why = `the load balancer previews share, ${scope.node.path}, was given no previewCertificate (nor previewDomainName with previewHostedZone): previews are then served over HTTP, as dev services without a certificate are`;
    acknowledge(listener, [
      { rules: nistHipaaPci('ALBHttpToHttpsRedirection'), reason: `HTTP listener: ${why}; there is no HTTPS listener to redirect to.` },
    ]);
    acknowledge(loadBalancer, [
      { rules: nistHipaaPci('ELBv2ACMCertificateRequired'), reason: `${capitalized(why)}; pass previewCertificate and previewDomainName to serve HTTPS.` },
      { rules: nistHipaaPci('ELBTlsHttpsListenersOnly'), reason: `${capitalized(why)}; pass previewCertificate and previewDomainName to serve HTTPS.` },
    ], true);
  }
  acknowledge(securityGroup, [{
    rules: [AwsSolutionsRule.EC23, ...nistHipaaPci('EC2RestrictedInbound')],
    reason: `Security group of the internet-facing load balancer previews share, ${scope.node.path}: it must accept its listener ports (80/443 only) from any IPv4 client; preview tasks accept traffic from this group only.`,
  }], true);
  if (!o.settings.deletionProtection) {
    acknowledge(loadBalancer, [{
      rules: [NistRule.ELBDeletionProtectionEnabled, PciRule.ELBDeletionProtectionEnabled, HipaaRule.ELBDeletionProtectionEnabled],
      reason: `Load balancer previews share, ${scope.node.path}, in the ${o.profile} profile: the network's stack must be deletable in one step; profiles with deletion protection (${profilesWhere(profileSettings, (s) => s.deletionProtection)}) turn it on.`,
    }], true);
  }
  if (!o.waf) {
    acknowledge(loadBalancer, [{
      rules: [NistRule.ALBWAFEnabled, PciRule.ALBWAFEnabled, HipaaRule.ALBWAFEnabled],
      reason: `Load balancer previews share, ${scope.node.path}, has no WAF web ACL: it serves throw-away previews in the ${o.profile} profile, which does not turn WAF on (it is on in ${profilesWhere(serviceDefaults, (s) => s.waf)}).`,
    }], true);
  }

  const scheme = certificate ? 'https' : 'http';
  const url = `${scheme}://${o.domainName ?? loadBalancer.loadBalancerDnsName}`;
  return { loadBalancer, applicationLoadBalancer: loadBalancer, listener, url, accessLogsBucket: bucket, bucket, securityGroup };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The literal CIDR blocks of the workload subnets (what cdk-nag can read), else the VPC's CIDR; none
 * when an adopted VPC was imported without either.
 * @internal
 */
export function workloadCidrsOf(vpc: ec2.IVpc, workloadSubnets: ec2.SubnetSelection): string[] {
  try {
    const cidrs = vpc.selectSubnets(workloadSubnets).subnets.map((s) => s.ipv4CidrBlock);
    if (cidrs.length > 0 && cidrs.every((c) => typeof c === 'string' && !Token.isUnresolved(c))) return [...new Set(cidrs)];
  } catch {
    // subnets imported without CIDRs throw on ipv4CidrBlock
  }
  try {
    return [vpc.vpcCidrBlock];
  } catch {
    return [];
  }
}
