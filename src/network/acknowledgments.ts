import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { acknowledge, acknowledgeCdkProvider } from '../core/acknowledge';
import { nistHipaaPci } from '../core/rule-ids';

/**
 * The default routes of a new VPC's public subnets to the internet gateway: only load balancers and
 * NAT gateways (or NAT instances) live there.
 * @internal
 */
export function acknowledgePublicRoutes(vpc: ec2.Vpc, natInstances: boolean): void {
  for (const subnet of vpc.publicSubnets) {
    const route = subnet.node.tryFindChild('DefaultRoute');
    if (route) {
      acknowledge(route, [{
        rules: nistHipaaPci('VPCNoUnrestrictedRouteToIGW'),
        reason: natInstances
          ? 'Public subnets hold only internet-facing load balancers and NAT instances, which need the default route to the internet gateway; workloads and data stores run in private and isolated subnets without it.'
          : 'Public subnets hold only internet-facing load balancers and NAT gateways, which need the default route to the internet gateway; workloads and data stores run in private and isolated subnets without it.',
      }]);
    }
  }
}

/**
 * `restrictDefaultSecurityGroup` removes the default security group's rules through a CDK-provided
 * custom resource whose Lambda provider is one per stack; its findings are acknowledged there.
 * @internal
 */
export function acknowledgeRestrictDefaultSgProvider(stack: Stack): void {
  acknowledgeCdkProvider(stack, {
    resourceType: 'Custom::VpcRestrictDefaultSG',
    purpose: 'strips the rules of the VPC default security group at deploy time',
    runs: 'once per deployment of the VPC',
    noVpc: 'it calls only the EC2 API and must run before the VPC it configures can carry traffic',
    failing: 'the deployment',
  });
}
