import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { serviceDefaults } from './defaults';
import type { TaskParts } from './task';
import { acknowledge } from '../core/acknowledge';
import { Profile } from '../core/profile';
import { profilesWhere } from '../core/profile-facts';
import { AwsSolutionsRule, HipaaRule, nistHipaaPci, NistRule, PciRule } from '../core/rule-ids';

/*
 * The cdk-nag findings a PavedRoadService causes by design, each acknowledged on the resource that
 * causes it with a reason true of it. `path` is the service's construct path.
 */

/** The port-80 listener that only redirects to HTTPS. @internal */
export function acknowledgeHttpsRedirect(redirect: IConstruct, path: string): void {
  acknowledge(redirect, [{
    rules: nistHipaaPci('ELBv2ACMCertificateRequired'),
    reason: `Port-80 listener of ${path}: it serves no content, it only answers 301 to the same URL on the HTTPS listener, which uses the certificate.`,
  }], true);
}

/** The HTTP listener and load balancer of a service given no certificate (outside prod). @internal */
export function acknowledgePlainHttp(listener: elbv2.ApplicationListener, loadBalancer: elbv2.ApplicationLoadBalancer, path: string): void {
  const why = `${path} was given no certificate (nor domainName), which profiles other than prod allow for development and preview URLs; prod requires one (a synth error)`;
  acknowledge(listener, [
    { rules: nistHipaaPci('ALBHttpToHttpsRedirection'), reason: `The HTTP listener of ${why}; there is no HTTPS listener to redirect to.` },
  ]);
  acknowledge(loadBalancer, [
    { rules: nistHipaaPci('ELBv2ACMCertificateRequired'), reason: `The load balancer of ${why}; pass certificate or domainName + hostedZone to serve HTTPS.` },
    { rules: nistHipaaPci('ELBTlsHttpsListenersOnly'), reason: `The load balancer of ${why}; pass certificate or domainName + hostedZone to serve HTTPS.` },
  ], true);
}

/** The security group of an internet-facing load balancer: its listener ports from anywhere. @internal */
export function acknowledgeInternetIngress(securityGroup: ec2.ISecurityGroup, path: string): void {
  acknowledge(securityGroup, [{
    rules: [AwsSolutionsRule.EC23, ...nistHipaaPci('EC2RestrictedInbound')],
    reason: `Security group of the internet-facing load balancer of ${path}: it must accept its listener ports (80/443 only) from any IPv4 client; the tasks behind it accept traffic from this group only.`,
  }], true);
}

/** A load balancer without deletion protection, where the profile turns it off. @internal */
export function acknowledgeNoDeletionProtection(loadBalancer: elbv2.ApplicationLoadBalancer, path: string): void {
  acknowledge(loadBalancer, [{
    rules: [NistRule.ELBDeletionProtectionEnabled, PciRule.ELBDeletionProtectionEnabled, HipaaRule.ELBDeletionProtectionEnabled],
    reason: `Load balancer of ${path} in a disposable profile (dev/preview): the stack must be deletable in one step; staging and prod turn deletion protection on.`,
  }], true);
}

/** A load balancer without a WAF web ACL, where the profile or its being internal explains it. @internal */
export function acknowledgeNoWaf(loadBalancer: elbv2.ApplicationLoadBalancer, publicLoadBalancer: boolean, profile: Profile): void {
  const why = publicLoadBalancer
    ? `the ${profile} profile does not turn WAF on (it is on in ${profilesWhere(serviceDefaults, (s) => s.waf)}) and the service did not ask for it (waf: true)`
    : 'it is internal, reachable only from inside the VPC, where WAF managed rules for internet threats add little';
  acknowledge(loadBalancer, [{
    rules: [NistRule.ALBWAFEnabled, PciRule.ALBWAFEnabled, HipaaRule.ALBWAFEnabled],
    reason: `Load balancer of ${loadBalancer.node.scope?.node.path} has no WAF web ACL: ${why}.`,
  }], true);
}

/** Acknowledges what the task's own design causes, on the exact resources. @internal */
export function acknowledgeTaskRoles(
  path: string, task: TaskParts,
  o: { tracing: boolean; execute: boolean; executeAgainstProfile: boolean; environment?: { [key: string]: string } },
): void {
  const execPolicy = task.executionRole.grantsPolicy;
  if (execPolicy) {
    acknowledge(execPolicy, [{
      rules: [AwsSolutionsRule.IAM5],
      reason: `Execution role of ${path}: ecr:GetAuthorizationToken has no resource-level permissions, so it is granted on '*'; image pulls themselves are scoped to the repository.`,
      appliesTo: ['Resource::*'],
    }]);
  }
  const taskPolicy = task.taskRole.grantsPolicy;
  // ECS Exec turned on where the profile turns it off is the team's choice: its ssmmessages grant and
  // the trace collector's share one finding (Resource::*), which the team then acknowledges for both.
  if (taskPolicy && (o.tracing || o.execute) && !o.executeAgainstProfile) {
    const uses = [
      o.tracing ? 'the trace collector sidecar sends segments and reads sampling rules with X-Ray actions that have no resource-level permissions' : '',
      o.execute ? 'ECS Exec opens SSM message channels (ssmmessages:*Channel) that have no resource-level permissions' : '',
    ].filter((x) => x).join('; ');
    acknowledge(taskPolicy, [{
      rules: [AwsSolutionsRule.IAM5],
      reason: `Task role of ${path}: ${uses}.`,
      appliesTo: ['Resource::*'],
    }]);
  }
  const environment = o.environment ?? {};
  if (o.tracing || Object.keys(environment).length > 0) {
    acknowledge(task.taskDefinition, [{
      rules: [AwsSolutionsRule.ECS2],
      reason: `Task definition of ${path}: its environment variables hold non-secret configuration only${o.tracing ? ' (and the trace collector endpoints)' : ''}; secrets come from Secrets Manager or SSM through the \`secrets\` prop.`,
    }], true);
  }
}
