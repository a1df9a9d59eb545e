/**
 * A dev-profile network with the guardrails enforced on its stack (all four packs, strict):
 * the stack must synthesize, and once deployed its VPC must deliver flow logs and keep its
 * default security group closed, its NAT instance must forward (source/destination check off) with
 * IMDSv2 only, and the load balancer its previews share must answer 404 where no preview is.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { CompliancePack, PavedRoadGuardrails, PavedRoadNetwork, Profile } from '../src';

// pinned to the newest defaults, as a new app is: the shared preview load balancer needs the pin
const app = new App({ context: { 'paved-road:owner': 'team-platform', 'paved-road:defaults-version': '0.2' } });
const stack = new Stack(app, 'PavedRoadNetworkGuardrails');
const network = new PavedRoadNetwork(stack, 'Network', { profile: Profile.DEV, parameterPrefix: '/paved-road-integ/dev/network' });
PavedRoadGuardrails.enforce(stack, {
  packs: [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5, CompliancePack.HIPAA_SECURITY, CompliancePack.PCI_DSS_321],
  strict: true,
});

const integ = new IntegTest(app, 'NetworkGuardrails', { testCases: [stack] });

integ.assertions.awsApiCall('EC2', 'describeFlowLogs', {
  Filter: [{ Name: 'resource-id', Values: [network.vpc.vpcId] }],
}).expect(ExpectedResult.objectLike({ FlowLogs: [{ FlowLogStatus: 'ACTIVE', TrafficType: 'ALL' }] }));

integ.assertions.awsApiCall('EC2', 'describeSecurityGroups', {
  Filters: [{ Name: 'vpc-id', Values: [network.vpc.vpcId] }, { Name: 'group-name', Values: ['default'] }],
}).expect(ExpectedResult.objectLike({ SecurityGroups: [{ IpPermissions: [], IpPermissionsEgress: [] }] }));

integ.assertions.awsApiCall('EC2', 'describeInstances', {
  InstanceIds: network.natInstances.map((i) => i.instanceId),
}).expect(ExpectedResult.objectLike({
  Reservations: [{ Instances: [{ SourceDestCheck: false, MetadataOptions: { HttpTokens: 'required' }, Monitoring: { State: 'enabled' } }] }],
}));

integ.assertions
  .httpApiCall(`${network.previewLoadBalancer!.url}/no-preview-here`)
  .expect(ExpectedResult.objectLike({ status: 404 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
