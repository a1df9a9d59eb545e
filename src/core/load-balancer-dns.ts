import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

/** A load balancer's name and certificate, as a construct's props give them. @internal */
export interface LoadBalancerDnsOptions {
  readonly certificate?: acm.ICertificate;
  readonly domainName?: string;
  readonly hostedZone?: route53.IHostedZone;
}

/**
 * The certificate a load balancer serves (the given one, else a DNS-validated one for `domainName`
 * in `hostedZone`) and the alias record that points `domainName` at it. Construct ids `Certificate`
 * and `AliasRecord` under `scope`.
 * @internal
 */
export function certificateAndAlias(scope: Construct, loadBalancer: elbv2.ILoadBalancerV2, o: LoadBalancerDnsOptions): acm.ICertificate | undefined {
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
  return certificate;
}
