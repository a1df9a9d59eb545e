import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PavedRoadGuardrails, PavedRoadNetwork, PavedRoadNetworkParameters, Profile } from '../src';
import { expectNagClean, testApp, testStack } from './nag';
import { snapshotOf } from './snapshot';

const EXPECTED: Record<Profile, { azs: number; nats: number; interfaceEndpoints: number; retention: number }> = {
  [Profile.DEV]: { azs: 2, nats: 1, interfaceEndpoints: 0, retention: 14 },
  [Profile.PREVIEW]: { azs: 2, nats: 1, interfaceEndpoints: 0, retention: 3 },
  [Profile.STAGING]: { azs: 2, nats: 1, interfaceEndpoints: 0, retention: 90 },
  [Profile.PROD]: { azs: 3, nats: 3, interfaceEndpoints: 5, retention: 365 },
};

describe('PavedRoadNetwork', () => {
  describe.each(Object.values(Profile))('in the %s profile', (profile) => {
    let app: App;
    let stack: Stack;
    let template: Template;
    let guardrails: PavedRoadGuardrails | undefined;
    let nagError: unknown;
    const expected = EXPECTED[profile];
    beforeAll(() => {
      // GIVEN
      app = testApp({ 'paved-road:profile': profile });
      stack = testStack(app);
      // WHEN
      new PavedRoadNetwork(stack, 'Network', { parameterPrefix: `/paved-road/${profile}/network` });
      try {
        guardrails = expectNagClean(app);
      } catch (e) {
        nagError = e;
      }
      template = Template.fromStack(stack);
    });

    test('synthesizes with zero unacknowledged findings in all four packs', () => {
      expect(nagError).toBeUndefined();
      expect(guardrails!.findings).toEqual([]);
    });

    test('AZs, NAT gateways and interface endpoints follow the profile; S3 and DynamoDB gateway endpoints always', () => {
      template.resourceCountIs('AWS::EC2::Subnet', expected.azs * 3);
      template.resourceCountIs('AWS::EC2::NatGateway', expected.nats);
      const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((e: any) => e.Properties);
      expect(endpoints.filter((e) => e.VpcEndpointType === 'Interface')).toHaveLength(expected.interfaceEndpoints);
      const gateways = endpoints.filter((e) => e.VpcEndpointType === 'Gateway').map((e) => JSON.stringify(e.ServiceName));
      expect(gateways).toHaveLength(2);
      expect(gateways.join()).toMatch(/\.s3/);
      expect(gateways.join()).toMatch(/\.dynamodb/);
    });

    test('flow logs go to a KMS-encrypted log group kept for the profile retention', () => {
      template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
      const [logGroup] = Object.values(template.findResources('AWS::Logs::LogGroup')).map((l: any) => l.Properties);
      expect(logGroup.RetentionInDays).toBe(expected.retention);
      expect(logGroup.KmsKeyId).toBeDefined();
    });

    test('the default security group is closed and no subnet assigns public IPs', () => {
      template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
      for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
        expect((subnet as any).Properties.MapPublicIpOnLaunch).toBe(false);
      }
    });

    test('one cluster with Container Insights (enhanced) and the FARGATE and FARGATE_SPOT capacity providers', () => {
      template.resourceCountIs('AWS::ECS::Cluster', 1);
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
      template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
    });

    test('publishes the parameters another stack needs, under the prefix', () => {
      const names = Object.values(template.findResources('AWS::SSM::Parameter')).map((p: any) => p.Properties.Name).sort();
      expect(names).toEqual([
        'availability-zones', 'cluster-arn', 'cluster-name', 'data-subnet-ids', 'profile', 'public-subnet-ids',
        'vpc-cidr-block', 'vpc-endpoints-only', 'vpc-id', 'workload-subnet-ids',
      ].map((n) => `/paved-road/${profile}/network/${n}`));
      template.hasResourceProperties('AWS::SSM::Parameter', { Name: `/paved-road/${profile}/network/profile`, Value: profile, Type: 'String' });
    });

    test('matches the snapshot', () => {
      expect(snapshotOf(stack, { hashes: 'ASSET-HASH', version: 'tags' })).toMatchSnapshot();
    });
  });

  describe('parameters', () => {
    test('hold the VPC id, cluster name and ARN, and the comma-separated subnet ids', () => {
      // GIVEN
      const stack = testStack(testApp());
      // WHEN
      const network = new PavedRoadNetwork(stack, 'Network', { parameterPrefix: '/dev/network' });
      // THEN
      const value = (name: string) => stack.resolve((network.parameters[name].node.defaultChild as any).value);
      expect(value(PavedRoadNetworkParameters.VPC_ID)).toEqual({ Ref: expect.stringMatching(/^NetworkVpc/) });
      expect(value(PavedRoadNetworkParameters.CLUSTER_NAME)).toEqual({ Ref: expect.stringMatching(/^NetworkCluster/) });
      expect(value(PavedRoadNetworkParameters.CLUSTER_ARN)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^NetworkCluster/), 'Arn'] });
      expect(String(value(PavedRoadNetworkParameters.AVAILABILITY_ZONES)).split(',')).toHaveLength(2);
      expect(JSON.stringify(value(PavedRoadNetworkParameters.WORKLOAD_SUBNET_IDS))).toMatch(/WorkloadSubnet1.*",".*WorkloadSubnet2/);
      expect(value(PavedRoadNetworkParameters.VPC_ENDPOINTS_ONLY)).toBe('false');
    });

    test('are not published without a prefix', () => {
      const stack = testStack(testApp());
      new PavedRoadNetwork(stack, 'Network');
      Template.fromStack(stack).resourceCountIs('AWS::SSM::Parameter', 0);
    });

    test('leave out the subnet lists an adopted VPC does not have', () => {
      const stack = testStack(testApp());
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Existing', {
        vpcId: 'vpc-123',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        privateSubnetIds: ['subnet-1', 'subnet-2'],
      });
      const network = PavedRoadNetwork.fromVpc(stack, 'Network', vpc, { parameterPrefix: '/dev/network' });
      expect(Object.keys(network.parameters).sort()).toEqual(['availability-zones', 'cluster-arn', 'cluster-name', 'profile', 'vpc-endpoints-only', 'vpc-id', 'workload-subnet-ids']);
      expect(stack.resolve((network.parameters['workload-subnet-ids'].node.defaultChild as any).value)).toBe('subnet-1,subnet-2');
    });
  });

  describe('options', () => {
    test('vpcEndpointsOnly: no NAT gateway, isolated workload subnets and interface endpoints', () => {
      const stack = testStack(testApp());
      const network = new PavedRoadNetwork(stack, 'Network', { vpcEndpointsOnly: true });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::NatGateway', 0);
      template.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 5);
      expect(network.vpc.selectSubnets(network.workloadSubnets).subnets).toHaveLength(2);
      expect(network.vpcEndpointsOnly).toBe(true);
    });

    test('fromVpc adopts a VPC: a cluster in it, no new VPC or subnets', () => {
      const stack = testStack(testApp());
      const vpc = new ec2.Vpc(stack, 'Existing', { maxAzs: 2 });
      const network = PavedRoadNetwork.fromVpc(stack, 'Network', vpc);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VPC', 1);
      template.resourceCountIs('AWS::ECS::Cluster', 1);
      expect(network.vpc).toBe(vpc);
      expect(network.flowLogGroup).toBeUndefined();
    });
  });

  describe('bad input', () => {
    const create = (props: object) => () => new PavedRoadNetwork(testStack(testApp()), 'Network', props);

    test('maxAzs outside 2-6', () => {
      expect(create({ maxAzs: 1 })).toThrow(/maxAzs: 1 is not allowed; allowed: an integer from 2 to 6/);
    });
    test('natGateways above maxAzs', () => {
      expect(create({ maxAzs: 2, natGateways: 3 })).toThrow(/natGateways: 3 is not allowed; allowed: an integer from 0 to maxAzs \(2\)/);
    });
    test('a flow-log retention CloudWatch Logs does not accept', () => {
      expect(create({ flowLogRetentionDays: 10 })).toThrow(/flowLogRetentionDays: 10 is not allowed/);
    });
    test('natGateways with vpcEndpointsOnly', () => {
      expect(create({ vpcEndpointsOnly: true, natGateways: 1 })).toThrow(/natGateways: 1 is not allowed; allowed: 0 \(or unset\) when vpcEndpointsOnly is true/);
    });
    test('an existing vpc together with settings for a new one', () => {
      expect(() => {
        const stack = testStack(testApp());
        new PavedRoadNetwork(stack, 'Network', { vpc: new ec2.Vpc(stack, 'Vpc'), maxAzs: 2 });
      }).toThrow(/vpc: .* is not allowed; allowed: either an existing vpc/);
    });
    test('no NAT gateway without vpcEndpointsOnly (the workload subnets would have no route out)', () => {
      expect(create({ natGateways: 0 })).toThrow(/natGateways: 0 is not allowed; allowed: at least 1, or vpcEndpointsOnly: true/);
      expect(create({ natGateways: 0, vpcEndpointsOnly: true })).not.toThrow();
    });
    test('vpcEndpointsOnly without interface endpoints', () => {
      expect(create({ vpcEndpointsOnly: true, interfaceEndpoints: false })).toThrow(/interfaceEndpoints: false is not allowed; allowed: true \(or unset\) when vpcEndpointsOnly is true/);
    });
    test('an existing vpc with interface endpoints or flow-log retention it would silently ignore', () => {
      expect(() => {
        const stack = testStack(testApp());
        new PavedRoadNetwork(stack, 'Network', { vpc: new ec2.Vpc(stack, 'Vpc'), interfaceEndpoints: true, flowLogRetentionDays: 30 });
      }).toThrow(/vpc: "TestStack\/Vpc" is not allowed; allowed: either an existing vpc, or interfaceEndpoints\/flowLogRetentionDays for a new one/);
    });
    test('a parameterPrefix deeper than SSM allows once the names are added (15 levels)', () => {
      const levels = (n: number) => Array.from({ length: n }, (_, i) => `/l${i}`).join('');
      expect(create({ parameterPrefix: levels(15) })).toThrow(/parameterPrefix: .* is not allowed; allowed: an SSM parameter path: '\/' then at most 14 segments/);
      expect(create({ parameterPrefix: levels(14) })).not.toThrow();
    });
    test.each(['paved/network', '/paved/network/', '/aws/network', '/paved//network', '/paved/net work'])('parameterPrefix %p', (prefix) => {
      expect(create({ parameterPrefix: prefix })).toThrow(/parameterPrefix: .* is not allowed; allowed: an SSM parameter path/);
    });
  });
});
