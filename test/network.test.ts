import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ContextKeys, DefaultsVersions, NatType, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadNetworkParameters, Profile } from '../src';
import { expectNagClean, testApp, testStack } from './nag';
import { snapshotOf } from './snapshot';
import { NAT_INSTANCE_USER_DATA } from '../src/network/nat-instance';

interface Expected {
  azs: number;
  natGateways: number;
  natInstances: number;
  interfaceEndpoints: number;
  retention: number;
  previewLoadBalancer: boolean;
}

/** The newest defaults, pinned: the shared preview load balancer reaches pinned apps only. */
const PINNED = { [ContextKeys.DEFAULTS_VERSION]: DefaultsVersions.LATEST };

const EXPECTED: Record<Profile, Expected> = {
  // an app without a pin: the shared preview load balancer needs the pin (see 'preview load balancer' below)
  [Profile.DEV]: { azs: 2, natGateways: 0, natInstances: 1, interfaceEndpoints: 0, retention: 14, previewLoadBalancer: false },
  [Profile.PREVIEW]: { azs: 2, natGateways: 0, natInstances: 1, interfaceEndpoints: 0, retention: 3, previewLoadBalancer: false },
  [Profile.STAGING]: { azs: 2, natGateways: 1, natInstances: 0, interfaceEndpoints: 0, retention: 90, previewLoadBalancer: false },
  [Profile.PROD]: { azs: 3, natGateways: 3, natInstances: 0, interfaceEndpoints: 5, retention: 365, previewLoadBalancer: false },
};

const PREVIEW_PARAMETERS = ['preview-access-logs-bucket', 'preview-listener-arn', 'preview-load-balancer-arn', 'preview-load-balancer-dns-name',
  'preview-load-balancer-security-group-id', 'preview-url'];

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

    test('AZs, NAT gateways or instances and interface endpoints follow the profile; S3 and DynamoDB gateway endpoints always', () => {
      template.resourceCountIs('AWS::EC2::Subnet', expected.azs * 3);
      template.resourceCountIs('AWS::EC2::NatGateway', expected.natGateways);
      template.resourceCountIs('AWS::EC2::Instance', expected.natInstances);
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

    test('one cluster with Container Insights (standard in dev and preview, enhanced in staging and prod) and the FARGATE and FARGATE_SPOT capacity providers', () => {
      template.resourceCountIs('AWS::ECS::Cluster', 1);
      const insights = [Profile.DEV, Profile.PREVIEW].includes(profile) ? 'enabled' : 'enhanced';
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: insights }] });
      template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
    });

    test('publishes the parameters another stack needs, under the prefix', () => {
      const names = Object.values(template.findResources('AWS::SSM::Parameter')).map((p: any) => p.Properties.Name).sort();
      expect(names).toEqual([
        'availability-zones', 'cluster-arn', 'cluster-name', 'data-subnet-ids', ...(expected.previewLoadBalancer ? PREVIEW_PARAMETERS : []),
        'profile', 'public-subnet-ids', 'vpc-cidr-block', 'vpc-endpoints-only', 'vpc-id', 'workload-subnet-ids',
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

    test('natType: NatType.GATEWAY keeps NAT gateways in dev; NatType.INSTANCE puts NAT instances in prod, one per AZ', () => {
      const dev = testStack(testApp());
      new PavedRoadNetwork(dev, 'Network', { natType: NatType.GATEWAY });
      Template.fromStack(dev).resourceCountIs('AWS::EC2::NatGateway', 1);
      Template.fromStack(dev).resourceCountIs('AWS::EC2::Instance', 0);
      const prodApp = testApp({ [ContextKeys.PROFILE]: 'prod' });
      const prod = testStack(prodApp);
      const network = new PavedRoadNetwork(prod, 'Network', { natType: NatType.INSTANCE, natInstanceType: new ec2.InstanceType('t4g.micro') });
      // NAT instances pass all four packs in prod too (dev and preview: the profile tests above)
      expect(expectNagClean(prodApp).findings).toEqual([]);
      Template.fromStack(prod).resourceCountIs('AWS::EC2::NatGateway', 0);
      Template.fromStack(prod).resourcePropertiesCountIs('AWS::EC2::Instance', { InstanceType: 't4g.micro' }, 3);
      expect(network.natInstances).toHaveLength(3);
      expect(network.natType).toBe(NatType.INSTANCE);
    });

    test('NAT instances in staging pass all four packs', () => {
      const app = testApp({ [ContextKeys.PROFILE]: 'staging' });
      new PavedRoadNetwork(testStack(app), 'Network', { natType: NatType.INSTANCE });
      expect(expectNagClean(app).findings).toEqual([]);
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

  describe('NAT instance (dev)', () => {
    let stack: Stack;
    let network: PavedRoadNetwork;
    let template: Template;
    beforeAll(() => {
      stack = testStack(testApp());
      network = new PavedRoadNetwork(stack, 'Network');
      template = Template.fromStack(stack);
    });

    test('one t4g.nano on Amazon Linux 2023 (arm64) in a public subnet, forwarding for others, no public IP at launch but an Elastic IP of its own', () => {
      const [instance] = Object.values(template.findResources('AWS::EC2::Instance')) as any[];
      expect(instance.Properties).toMatchObject({
        InstanceType: 't4g.nano',
        SourceDestCheck: false,
        NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: false, SubnetId: { Ref: expect.stringMatching(/PublicSubnet1/) } }],
      });
      expect(JSON.stringify(instance.Properties.ImageId)).toMatch(/al2023.*arm64/);
      template.resourceCountIs('AWS::EC2::EIP', 1);
      template.hasResourceProperties('AWS::EC2::EIPAssociation', {
        AllocationId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NatInstanceElasticIp'), 'AllocationId'] },
        InstanceId: { Ref: Match.stringLikeRegexp('NatInstance') },
      });
      expect(network.natInstances).toHaveLength(1);
    });

    test('the workload subnets route to it', () => {
      template.resourcePropertiesCountIs('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', InstanceId: { Ref: Match.stringLikeRegexp('NatInstance') } }, 2);
    });

    test('IMDSv2 only, detailed monitoring, EBS-optimized, an encrypted gp3 root volume', () => {
      const [instance] = Object.values(template.findResources('AWS::EC2::Instance')) as any[];
      expect(instance.Properties).toMatchObject({
        Monitoring: true,
        EbsOptimized: true,
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', DeleteOnTermination: true } }],
        LaunchTemplate: { LaunchTemplateId: { Ref: expect.stringMatching(/MetadataOptions/) } },
      });
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } } });
    });

    test('admits TCP, UDP and ICMP from the workload subnets only, and nothing from the internet', () => {
      const [group] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: 'Security Group for NAT instances' } })) as any[];
      const ingress = group.Properties.SecurityGroupIngress;
      expect(ingress.map((r: any) => `${r.IpProtocol} ${r.CidrIp}`).sort()).toEqual([
        'icmp 10.0.16.0/20', 'icmp 10.0.32.0/20', 'tcp 10.0.16.0/20', 'tcp 10.0.32.0/20', 'udp 10.0.16.0/20', 'udp 10.0.32.0/20',
      ]);
    });

    test('configures IP forwarding and masquerading, retrying the package install', () => {
      const [instance] = Object.values(template.findResources('AWS::EC2::Instance')) as any[];
      const script: string = instance.Properties.UserData['Fn::Base64'];
      expect(script.split('\n')).toEqual(['#!/bin/bash', ...NAT_INSTANCE_USER_DATA]);
      expect(script).toContain('echo "net.ipv4.ip_forward=1"');
      expect(script).toMatch(/iptables -t nat -A POSTROUTING -o .* -j MASQUERADE/);
      expect(script).toContain('for attempt in $(seq 1 60); do dnf install -y iptables-services && break;');
    });

    test('acknowledges only the missing termination protection and the packs\' misreading of its subnet, with reasons that hold', () => {
      const [instance] = Object.values(template.findResources('AWS::EC2::Instance')) as any[];
      const reasons = Object.fromEntries(instance.Metadata.cdk_nag.rules_to_suppress.map((r: any) => [r.id, r.reason]));
      expect(Object.keys(reasons).sort()).toEqual(['AwsSolutions-EC29', 'HIPAA.Security-EC2InstancesInVPC', 'NIST.800.53.R5-EC2InstancesInVPC', 'PCI.DSS.321-EC2InstancesInVPC']);
      expect(reasons['AwsSolutions-EC29']).toMatch(/replaces it whenever a deployment resolves a newer Amazon Linux 2023 image/);
      // the claim of the reason: its interface is in the public subnet it names
      expect(reasons['NIST.800.53.R5-EC2InstancesInVPC']).toMatch(/in public subnet PublicSubnet1, through its network interface/);
      expect(instance.Properties.SubnetId).toBeUndefined();
      expect(instance.Properties.NetworkInterfaces[0].SubnetId).toEqual({ Ref: expect.stringMatching(/^NetworkVpcPublicSubnet1/) });
    });

    test('the defaults version 0.1 keeps a NAT gateway in dev', () => {
      const pinned = testStack(testApp({ [ContextKeys.DEFAULTS_VERSION]: '0.1' }));
      const old = new PavedRoadNetwork(pinned, 'Network', { parameterPrefix: '/dev/network' });
      Template.fromStack(pinned).resourceCountIs('AWS::EC2::NatGateway', 1);
      Template.fromStack(pinned).resourceCountIs('AWS::EC2::Instance', 0);
      Template.fromStack(pinned).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
      expect(old.natType).toBe(NatType.GATEWAY);
      expect(old.previewLoadBalancer).toBeUndefined();
    });
  });

  describe('preview load balancer (dev with parameterPrefix)', () => {
    let stack: Stack;
    let network: PavedRoadNetwork;
    let template: Template;
    beforeAll(() => {
      stack = testStack(testApp(PINNED));
      network = new PavedRoadNetwork(stack, 'Network', { parameterPrefix: '/dev/network' });
      template = Template.fromStack(stack);
    });

    test('one internet-facing ALB in the public subnets, invalid headers dropped, logging to an expiring SSE-S3 bucket', () => {
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Scheme: 'internet-facing',
        Subnets: [{ Ref: Match.stringLikeRegexp('PublicSubnet1') }, { Ref: Match.stringLikeRegexp('PublicSubnet2') }],
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'deletion_protection.enabled', Value: 'false' },
          { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          { Key: 'access_logs.s3.enabled', Value: 'true' },
        ]),
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 3 })]) },
      });
    });

    test('an HTTP listener answers 404 to any path no preview claims; internet clients in on port 80, any TCP port out to the workload subnets', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: Match.anyValue() } }],
      });
      const [group] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('Load balancer previews share') } })) as any[];
      expect(group.Properties.SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' })]);
      expect(group.Properties.SecurityGroupEgress.map((r: any) => `${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIp}`).sort())
        .toEqual(['tcp 0-65535 10.0.16.0/20', 'tcp 0-65535 10.0.32.0/20']);
    });

    test('is published for previews: listener, load balancer, security group, DNS name, URL and log bucket', () => {
      const value = (name: string) => stack.resolve((network.parameters[name].node.defaultChild as any).value);
      expect(value(PavedRoadNetworkParameters.PREVIEW_LISTENER_ARN)).toEqual({ Ref: expect.stringMatching(/PreviewLoadBalancerHttp/) });
      expect(value(PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_SECURITY_GROUP_ID)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/PreviewLoadBalancerSecurityGroup/), 'GroupId'] });
      expect(JSON.stringify(value(PavedRoadNetworkParameters.PREVIEW_URL))).toMatch(/^\{"Fn::Join":\["",\["http:\/\/",\{"Fn::GetAtt":\["NetworkPreviewLoadBalancer.*","DNSName"\]/);
      expect(value(PavedRoadNetworkParameters.PREVIEW_LOAD_BALANCER_DNS_NAME)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/PreviewLoadBalancer/), 'DNSName'] });
      expect(network.previewLoadBalancer?.url).toBeDefined();
    });

    test('is not built without parameterPrefix, nor with previewLoadBalancer: false', () => {
      const plain = testStack(testApp(PINNED));
      new PavedRoadNetwork(plain, 'Network');
      new PavedRoadNetwork(plain, 'Opted', { parameterPrefix: '/opted/network', previewLoadBalancer: false });
      Template.fromStack(plain).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    });

    test('with previewDomainName and previewHostedZone: a DNS-validated certificate, an alias record, HTTPS (TLS 1.3/1.2) and HTTP redirected', () => {
      const https = testStack(testApp(PINNED));
      const zone = route53.HostedZone.fromHostedZoneAttributes(https, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
      const n = new PavedRoadNetwork(https, 'Network', { parameterPrefix: '/dev/network', previewDomainName: 'previews.dev.example.com', previewHostedZone: zone });
      const t = Template.fromStack(https);
      t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'previews.dev.example.com', ValidationMethod: 'DNS' });
      t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'previews.dev.example.com.', Type: 'A' });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [Match.objectLike({ Type: 'redirect' })] });
      expect(n.previewLoadBalancer?.url).toBe('https://previews.dev.example.com');
    });

    test('staging with a certificate passes all four packs in strict mode', () => {
      const app = testApp({ [ContextKeys.PROFILE]: 'staging' });
      const s = testStack(app);
      const certificate = acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000');
      new PavedRoadNetwork(s, 'Network', { parameterPrefix: '/staging/network', previewLoadBalancer: true, previewCertificate: certificate, previewDomainName: 'previews.staging.example.com' });
      expect(expectNagClean(app).findings).toEqual([]);
      Template.fromStack(s).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
      });
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
