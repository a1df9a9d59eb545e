/**
 * A dev-profile network with the guardrails enforced on its stack (all four packs, strict):
 * the stack must synthesize, and once deployed its VPC must deliver flow logs and keep its
 * default security group closed.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { CompliancePack, PavedRoadGuardrails, PavedRoadNetwork, Profile } from '../src';

const app = new App({ context: { 'paved-road:owner': 'team-platform' } });
const stack = new Stack(app, 'PavedRoadNetworkGuardrails');
const network = new PavedRoadNetwork(stack, 'Network', { profile: Profile.DEV });
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
