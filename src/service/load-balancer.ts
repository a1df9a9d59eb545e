import { Aws, CfnCondition, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { ServiceProfileDefaults } from './defaults';
import { acknowledge, acknowledgeCdkProvider } from '../core/acknowledge';
import { fitDescription } from '../core/descriptions';
import { ProfileSettings } from '../core/profile-settings';
import { AwsSolutionsRule, HipaaRule, nistHipaaPci, NistRule, PciRule } from '../core/rule-ids';
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

  const accessLogsBucket = createAccessLogsBucket(scope, o);
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
      rules: nistHipaaPci('ELBv2ACMCertificateRequired'),
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
      { rules: nistHipaaPci('ALBHttpToHttpsRedirection'), reason: `The HTTP listener of ${why}; there is no HTTPS listener to redirect to.` },
    ]);
    acknowledge(loadBalancer, [
      { rules: nistHipaaPci('ELBv2ACMCertificateRequired'), reason: `The load balancer of ${why}; pass certificate or domainName + hostedZone to serve HTTPS.` },
      { rules: nistHipaaPci('ELBTlsHttpsListenersOnly'), reason: `The load balancer of ${why}; pass certificate or domainName + hostedZone to serve HTTPS.` },
    ], true);
  }

  if (o.publicLoadBalancer) {
    acknowledge(securityGroup, [{
      rules: [AwsSolutionsRule.EC23, ...nistHipaaPci('EC2RestrictedInbound')],
      reason: `Security group of the internet-facing load balancer of ${scope.node.path}: it must accept its listener ports (80/443 only) from any IPv4 client; the tasks behind it accept traffic from this group only.`,
    }], true);
  }
  if (!o.settings.deletionProtection) {
    acknowledge(loadBalancer, [{
      rules: [NistRule.ELBDeletionProtectionEnabled, PciRule.ELBDeletionProtectionEnabled, HipaaRule.ELBDeletionProtectionEnabled],
      reason: `Load balancer of ${scope.node.path} in a disposable profile (dev/preview): the stack must be deletable in one step; staging and prod turn deletion protection on.`,
    }], true);
  }

  const scheme = certificate ? 'https' : 'http';
  const url = `${scheme}://${o.domainName ?? loadBalancer.loadBalancerDnsName}`;
  return { loadBalancer, listener, accessLogsBucket, certificate, url };
}

/**
 * `logAccessLogs` needs a concrete region to pick the principal that delivers the logs (the
 * regional ELB account in Regions older than August 2022, the log-delivery service principal in
 * newer ones). In a region-agnostic stack, grant the service principal, and the regional ELB
 * account looked up in a mapping (the stack's own account where there is none).
 */
function enableAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.Bucket): void {
  const stack = Stack.of(loadBalancer);
  if (!Token.isUnresolved(stack.region)) {
    loadBalancer.logAccessLogs(bucket);
    return;
  }
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', '');
  const objects = bucket.arnForObjects(`AWSLogs/${stack.account}/*`);
  const elbAccount = stack.regionalFact(FactName.ELBV2_ACCOUNT, NO_ELB_ACCOUNT);
  const conditionId = 'PavedRoadElbLogsByServicePrincipal';
  const condition = (stack.node.tryFindChild(conditionId) as CfnCondition | undefined) ?? new CfnCondition(stack, conditionId, {
    expression: Fn.conditionEquals(elbAccount, NO_ELB_ACCOUNT),
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    resources: [objects],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(Fn.conditionIf(condition.logicalId,
      `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root`,
      `arn:${Aws.PARTITION}:iam::${elbAccount}:root`).toString())],
    resources: [objects],
  }));
  if (bucket.policy) loadBalancer.node.addDependency(bucket.policy);
}

const NO_ELB_ACCOUNT = 'none';

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

function createAccessLogsBucket(scope: Construct, o: LoadBalancerOptions): s3.Bucket {
  const disposable = o.settings.statefulRemovalPolicy === RemovalPolicy.DESTROY;
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    // ALB access logs support SSE-S3 only (not SSE-KMS).
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{
      expiration: Duration.days(o.serviceDefaults.accessLogExpirationDays),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
    removalPolicy: o.settings.statefulRemovalPolicy,
    autoDeleteObjects: disposable,
  });
  const what = `Access-log bucket of the load balancer of ${scope.node.path}`;
  acknowledge(bucket, [
    { rules: [AwsSolutionsRule.S1, ...nistHipaaPci('S3BucketLoggingEnabled')], reason: `${what}: it is itself a log destination written only by the ELB log-delivery principal; logging its access would need yet another log bucket.` },
    { rules: nistHipaaPci('S3DefaultEncryptionKMS'), reason: `${what}: Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3, not SSE-KMS.` },
    { rules: nistHipaaPci('S3BucketReplicationEnabled'), reason: `${what}: access logs expire after ${o.serviceDefaults.accessLogExpirationDays} days and are diagnostic data, not records that need a cross-region copy.` },
  ], true);
  if (disposable) acknowledgeAutoDeleteProvider(Stack.of(scope));
  return bucket;
}

/** The CDK-provided Lambda that empties buckets of disposable profiles on stack deletion (one per stack). */
function acknowledgeAutoDeleteProvider(stack: Stack): void {
  acknowledgeCdkProvider(stack, {
    resourceType: 'Custom::S3AutoDeleteObjects',
    purpose: 'empties the access-log buckets of dev/preview services when their stack is deleted',
    runs: 'only when a bucket is deleted',
    noVpc: 'it calls only the S3 API and holds no data of its own',
    failing: 'the stack deletion',
  });
}
