import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ContextKeys, DefaultsVersions, NatType, PavedRoadNetwork, PavedRoadNetworkProps, Profile } from '../src';
import { BOOLEAN, expectRefused, wrongKinds } from './bad-input';
import { testApp, testStack, validationError } from './nag';

/**
 * A battery of bad input for PavedRoadNetwork: every prop with values of the wrong kind, empty,
 * negative, NaN/Infinity, fractional and out of range, settings it would silently ignore, and every
 * valid edge value (which must synthesize). Bad input is refused in the constructor, before anything
 * is built, with one PavedRoadValidationError that names the prop and what is allowed.
 */


const INTEGER_WORDS = 'an integer from 2 to 6';
const RETENTION = 'a retention CloudWatch Logs accepts (1, 3, 5, 7, 14';
const PREFIX = "an SSM parameter path: '/' then at most 14 segments";
const SELECTION = 'an ec2.SubnetSelection (availabilityZones, onePerAz, subnetFilters, subnetGroupName, subnetType, subnets)';
const levels = (n: number) => Array.from({ length: n }, (_, i) => `/l${i}`).join('');

/** [case, props, prop named, allowed words]: refused on a new VPC in a stack with an account and region. */
const BAD: Array<[string, Record<string, unknown>, string, string]> = [
  // vpc: an ec2.IVpc, nothing else
  ...wrongKinds().map(([k, value]): [string, Record<string, unknown>, string, string] => [`vpc as ${k}`, { vpc: value }, 'vpc', 'an ec2.IVpc']),
  ['vpc as a plain { vpcId } (no construct)', { vpc: { vpcId: 'vpc-123' } }, 'vpc', 'an ec2.IVpc'],
  // ipAddresses: an ec2.IIpAddresses, and large enough for the subnets
  ...wrongKinds().map(([k, value]): [string, Record<string, unknown>, string, string] => [`ipAddresses as ${k}`, { ipAddresses: value }, 'ipAddresses', 'an ec2.IIpAddresses']),
  ['ipAddresses as a CIDR string', { ipAddresses: '10.0.0.0/16' }, 'ipAddresses', "ec2.IpAddresses.cidr('10.0.0.0/16')"],
  ['ipAddresses /19 for 2 AZs', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/19') }, 'ipAddresses', 'a range of /18 or larger for 2 Availability Zones'],
  ['ipAddresses /24 for 2 AZs', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/24') }, 'ipAddresses', 'a range of /18 or larger for 2 Availability Zones'],
  ['ipAddresses /18 for 3 AZs', { maxAzs: 3, ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/18') }, 'ipAddresses', 'a range of /17 or larger for 3 Availability Zones'],
  ['ipAddresses from IPAM with netmask 20', {
    ipAddresses: ec2.IpAddresses.awsIpamAllocation({ ipv4IpamPoolId: 'ipam-pool-0123', ipv4NetmaskLength: 20, defaultSubnetIpv4NetmaskLength: 24 }),
  }, 'ipAddresses', 'a range of /18 or larger'],
  // maxAzs: an integer from 2 to 6, known at synth
  ...wrongKinds('number').map(([k, value]): [string, Record<string, unknown>, string, string] => [`maxAzs as ${k}`, { maxAzs: value }, 'maxAzs', INTEGER_WORDS]),
  ...([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['fraction 2.5', 2.5], ['0', 0], ['1 (below)', 1], ['7 (above)', 7], ['negative -2', -2], ['a numeric string', '3']] as Array<[string, unknown]>)
    .map(([label, value]): [string, Record<string, unknown>, string, string] => [`maxAzs ${label}`, { maxAzs: value }, 'maxAzs', INTEGER_WORDS]),
  // natGateways: an integer from 0 to maxAzs, at least 1 without vpcEndpointsOnly
  ...wrongKinds('number').map(([k, value]): [string, Record<string, unknown>, string, string] => [`natGateways as ${k}`, { natGateways: value }, 'natGateways', 'an integer from 0 to maxAzs (2)']),
  ...([['NaN', NaN], ['Infinity', Infinity], ['fraction 0.5', 0.5], ['negative -1', -1], ['3 above maxAzs 2', 3]] as Array<[string, unknown]>)
    .map(([label, value]): [string, Record<string, unknown>, string, string] => [`natGateways ${label}`, { natGateways: value }, 'natGateways', 'an integer from 0 to maxAzs (2)']),
  ['natGateways 4 above maxAzs 3', { maxAzs: 3, natGateways: 4 }, 'natGateways', 'an integer from 0 to maxAzs (3)'],
  ['natGateways 0 without vpcEndpointsOnly (no way out)', { natGateways: 0 }, 'natGateways', 'at least 1, or vpcEndpointsOnly: true'],
  ['natGateways 1 with vpcEndpointsOnly', { vpcEndpointsOnly: true, natGateways: 1 }, 'natGateways', '0 (or unset) when vpcEndpointsOnly is true'],
  // natType: a NatType, not with vpcEndpointsOnly; natInstanceType: an ec2.InstanceType, only for NAT instances
  ...wrongKinds('string').map(([k, value]): [string, Record<string, unknown>, string, string] => [`natType as ${k}`, { natType: value }, 'natType', 'one of the NatType values gateway, instance']),
  ['natType of another name', { natType: 'nat-gateway' }, 'natType', 'one of the NatType values gateway, instance'],
  ['natType upper case', { natType: 'INSTANCE' }, 'natType', 'one of the NatType values gateway, instance'],
  ['natType with vpcEndpointsOnly (no NAT at all)', { vpcEndpointsOnly: true, natType: NatType.INSTANCE }, 'natType', 'unset when vpcEndpointsOnly is true'],
  ...wrongKinds().map(([k, value]): [string, Record<string, unknown>, string, string] => [`natInstanceType as ${k}`, { natInstanceType: value }, 'natInstanceType', 'an ec2.InstanceType']),
  ['natInstanceType as a string', { natInstanceType: 't4g.nano' }, 'natInstanceType', "an ec2.InstanceType, e.g. new ec2.InstanceType('t4g.nano')"],
  ['natInstanceType with NAT gateways (ignored there)', { natType: NatType.GATEWAY, natInstanceType: new ec2.InstanceType('t4g.micro') }, 'natInstanceType', 'unset, or natType: NatType.INSTANCE'],
  ['natInstanceType in prod, whose NAT is a gateway', { profile: Profile.PROD, natInstanceType: new ec2.InstanceType('t4g.micro') }, 'natInstanceType', "unset, or natType: NatType.INSTANCE (the prod profile's NAT is gateway here)"],
  // previewLoadBalancer and its certificate, domain name and hosted zone
  ...wrongKinds('boolean').map(([k, value]): [string, Record<string, unknown>, string, string] => [`previewLoadBalancer as ${k}`, { previewLoadBalancer: value }, 'previewLoadBalancer', BOOLEAN]),
  ['previewLoadBalancer without parameterPrefix (previews could not find it)', { previewLoadBalancer: true }, 'previewLoadBalancer', 'false (or unset) without parameterPrefix'],
  ['previewLoadBalancer in prod', { profile: Profile.PROD, parameterPrefix: '/p/network', previewLoadBalancer: true }, 'previewLoadBalancer', 'false (or unset) in the prod profile: previews share a dev or staging network'],
  ['previewLoadBalancer in the preview profile', { profile: Profile.PREVIEW, parameterPrefix: '/p/network', previewLoadBalancer: true }, 'previewLoadBalancer', 'false (or unset) in the preview profile'],
  ...wrongKinds().map(([k, value]): [string, Record<string, unknown>, string, string] => [`previewCertificate as ${k}`, { parameterPrefix: '/p/network', previewCertificate: value }, 'previewCertificate', 'an acm.ICertificate']),
  ...wrongKinds().map(([k, value]): [string, Record<string, unknown>, string, string] => [`previewHostedZone as ${k}`, { parameterPrefix: '/p/network', previewHostedZone: value }, 'previewHostedZone', 'a route53.IHostedZone']),
  ...wrongKinds('string').map(([k, value]): [string, Record<string, unknown>, string, string] => [`previewDomainName as ${k}`, { parameterPrefix: '/p/network', previewDomainName: value }, 'previewDomainName', 'a non-empty string']),
  ...([['upper case', 'Previews.Example.com'], ['one label', 'previews'], ['a space', 'pre views.example.com'], ['a trailing dot', 'previews.example.com.'], ['a scheme', 'https://previews.example.com']] as Array<[string, string]>)
    .map(([label, value]): [string, Record<string, unknown>, string, string] => [`previewDomainName ${label}`, { parameterPrefix: '/p/network', previewDomainName: value }, 'previewDomainName', 'a lowercase fully qualified domain name']),
  ['previewDomainName without the preview load balancer (ignored)', { previewDomainName: 'previews.example.com' }, 'previewDomainName', 'unset unless the network builds the load balancer previews share'],
  ['previewDomainName with previewLoadBalancer false', { parameterPrefix: '/p/network', previewLoadBalancer: false, previewDomainName: 'previews.example.com' }, 'previewDomainName', 'unset unless the network builds the load balancer previews share'],

  // vpcEndpointsOnly, interfaceEndpoints: booleans (the string 'false' is truthy)
  ...(['vpcEndpointsOnly', 'interfaceEndpoints'] as const).flatMap((prop) => [
    ...wrongKinds('boolean').map(([k, value]): [string, Record<string, unknown>, string, string] => [`${prop} as ${k}`, { [prop]: value }, prop, BOOLEAN]),
    [`${prop} as the string 'false'`, { [prop]: 'false' }, prop, BOOLEAN] as [string, Record<string, unknown>, string, string],
    [`${prop} as 0`, { [prop]: 0 }, prop, BOOLEAN] as [string, Record<string, unknown>, string, string],
  ]),
  ['interfaceEndpoints false with vpcEndpointsOnly', { vpcEndpointsOnly: true, interfaceEndpoints: false }, 'interfaceEndpoints', 'true (or unset) when vpcEndpointsOnly is true'],
  // workloadSubnets, dataSubnets: ignored by a new VPC, and of the SubnetSelection kind
  ...(['workloadSubnets', 'dataSubnets'] as const).flatMap((prop) => [
    ...wrongKinds('object').map(([k, value]): [string, Record<string, unknown>, string, string] => [`${prop} as ${k}`, { [prop]: value }, prop, SELECTION]),
    [`${prop} with a typo key`, { [prop]: { subnetGroup: 'Workload' } }, prop, SELECTION],
    [`${prop} with a subnetType CDK does not know`, { [prop]: { subnetType: 'private' } }, `${prop}.subnetType`, 'one of the ec2.SubnetType values'],
    [`${prop} with an empty subnetGroupName`, { [prop]: { subnetGroupName: '' } }, `${prop}.subnetGroupName`, 'a non-empty string'],
    [`${prop} with subnets as a string`, { [prop]: { subnets: 'subnet-1' } }, `${prop}.subnets`, 'a list of ec2.ISubnet'],
    [`${prop} with onePerAz as a string`, { [prop]: { onePerAz: 'yes' } }, `${prop}.onePerAz`, BOOLEAN],
    [`${prop} with availabilityZones as a string`, { [prop]: { availabilityZones: 'us-east-1a' } }, `${prop}.availabilityZones`, 'a list of strings'],
    [`${prop} with a new VPC (silently ignored before)`, { [prop]: { subnetGroupName: 'Workload' } }, prop, 'unset when the network creates its VPC'],
    [`${prop} by type with a new VPC`, { [prop]: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, prop, `${prop} selects subnets of an adopted vpc only`],
  ] as Array<[string, Record<string, unknown>, string, string]>),
  // flowLogRetentionDays: a retention CloudWatch Logs accepts
  ...wrongKinds('number').map(([k, value]): [string, Record<string, unknown>, string, string] => [`flowLogRetentionDays as ${k}`, { flowLogRetentionDays: value }, 'flowLogRetentionDays', RETENTION]),
  ...([['NaN', NaN], ['Infinity', Infinity], ['0', 0], ['negative -1', -1], ['10 (between 7 and 14)', 10], ['fraction 3.5', 3.5], ['4000 (above 3653)', 4000], ['a numeric string', '30']] as Array<[string, unknown]>)
    .map(([label, value]): [string, Record<string, unknown>, string, string] => [`flowLogRetentionDays ${label}`, { flowLogRetentionDays: value }, 'flowLogRetentionDays', RETENTION]),
  // parameterPrefix: an SSM path
  ...wrongKinds('string', 'emptyString').map(([k, value]): [string, Record<string, unknown>, string, string] => [`parameterPrefix as ${k}`, { parameterPrefix: value }, 'parameterPrefix', 'a string']),
  ['parameterPrefix as a list of one path', { parameterPrefix: ['/paved/network'] }, 'parameterPrefix', 'a string'],
  ...([['empty', ''], ['/', '/'], ['no leading /', 'paved/network'], ['trailing /', '/paved/network/'], ['under /aws', '/aws/network'], ['/ssm', '/SSM'],
    ['a space', '/paved/net work'], ['double /', '/paved//network'], ['15 levels', levels(15)], ['901 characters', `/${'a'.repeat(900)}`], ['only spaces', '   ']] as Array<[string, string]>)
    .map(([label, value]): [string, Record<string, unknown>, string, string] => [`parameterPrefix ${label}`, { parameterPrefix: value }, 'parameterPrefix', PREFIX]),
  // inherited props
  ['owner empty', { owner: '' }, 'owner', 'pass `owner`'],
  ['owner blank', { owner: '   ' }, 'owner', 'a tag value'],
  ['owner as a number', { owner: 42 }, 'owner', 'a tag value'],
  ['owner with a character tags refuse', { owner: 'team|platform' }, 'owner', 'a tag value'],
  ['costCenter as a number', { costCenter: 1234 }, 'costCenter', 'a tag value'],
  ['costCenter too long', { costCenter: 'c'.repeat(257) }, 'costCenter', 'a tag value'],
  ['a reserved tag key', { tags: { 'aws:team': 'x' } }, 'tags key', 'starts with neither aws: nor paved-road:'],
  ['a paved-road tag key', { tags: { 'paved-road:owner': 'x' } }, 'tags key', 'starts with neither aws: nor paved-road:'],
  ['a tag value as a number', { tags: { team: 7 } }, "tags['team']", 'a tag value'],
  ['profile unknown', { profile: 'production' }, 'profile', 'one of dev, staging, prod, preview'],
  ['profile as a number', { profile: 1 }, 'profile', 'one of dev, staging, prod, preview'],
];

describe('PavedRoadNetwork bad input', () => {
  let stack: Stack;
  let n = 0;
  beforeAll(() => {
    stack = testStack(testApp({ [ContextKeys.DEFAULTS_VERSION]: DefaultsVersions.LATEST }), 'BadNetworks');
  });
  const create = (props: Record<string, unknown>, on?: Stack) =>
    () => new PavedRoadNetwork(on ?? stack, `Bad${n++}`, { owner: 'team-platform', ...props } as PavedRoadNetworkProps);

  test.each(BAD)('%s is refused', (_label, props, prop, allowed) => {
    expectRefused(create(props), prop, allowed);
  });

  describe('with an adopted VPC', () => {
    let vpc: ec2.Vpc;
    let imported: ec2.IVpc;
    beforeAll(() => {
      vpc = new ec2.Vpc(stack, 'Adopted', {
        maxAzs: 2,
        subnetConfiguration: [
          { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
          { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          { name: 'Db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        ],
      });
      imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
        vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'],
      });
    });
    const adopted: Array<[string, () => Record<string, unknown>, string, string]> = [
      ...(['maxAzs', 'natGateways', 'natType', 'natInstanceType', 'ipAddresses', 'vpcEndpointsOnly', 'interfaceEndpoints', 'flowLogRetentionDays'] as const)
        .map((prop): [string, () => Record<string, unknown>, string, string] => [`${prop} (a new VPC's setting)`, () => ({
          vpc, [prop]: { maxAzs: 2, natGateways: 1, natType: NatType.INSTANCE, natInstanceType: new ec2.InstanceType('t4g.nano'), ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16'), vpcEndpointsOnly: false, interfaceEndpoints: true, flowLogRetentionDays: 30 }[prop],
        }), 'vpc', `either an existing vpc, or ${prop} for a new one, not both`]),
      ['workloadSubnets that are public', () => ({ vpc, workloadSubnets: { subnetType: ec2.SubnetType.PUBLIC } }), 'workloadSubnets', 'private or isolated subnets only'],
      ['dataSubnets that are public', () => ({ vpc, dataSubnets: { subnetGroupName: 'Public' } }), 'dataSubnets', 'private or isolated subnets only'],
      ['workloadSubnets of a group the VPC does not have', () => ({ vpc, workloadSubnets: { subnetGroupName: 'Workload' } }), 'workloadSubnets', 'a selection of subnets that BadNetworks/Adopted has (There are no subnet groups with name \'Workload\''],
      ['dataSubnets of a type the imported VPC does not have', () => ({ vpc: imported, dataSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }), 'dataSubnets', 'a selection of subnets that BadNetworks/Imported has'],
      ['workloadSubnets in an AZ the VPC does not span', () => ({ vpc, workloadSubnets: { subnetGroupName: 'App', availabilityZones: ['eu-west-1a'] } }), 'workloadSubnets', 'a selection of at least one subnet of BadNetworks/Adopted'],
      ['dataSubnets as a list of subnets', () => ({ vpc, dataSubnets: vpc.isolatedSubnets }), 'dataSubnets', SELECTION],
    ];
    test.each(adopted)('%s is refused', (_label, props, prop, allowed) => {
      expectRefused(create(props()), prop, allowed);
    });
    test('fromVpc without a VPC is refused instead of building a new one', () => {
      expectRefused(() => PavedRoadNetwork.fromVpc(stack, `Bad${n++}`, undefined as unknown as ec2.IVpc, { owner: 'team-platform' }), 'existingVpc', 'pass the ec2.IVpc to adopt');
    });
  });

  describe('preview load balancer certificates and zones', () => {
    const zone = () => route53.HostedZone.fromHostedZoneAttributes(stack, `Zone${n++}`, { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const certificate = () => acm.Certificate.fromCertificateArn(stack, `Cert${n++}`, 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000');
    const rows: Array<[string, () => Record<string, unknown>, string, string]> = [
      ['previewCertificate without previewDomainName (it would not match the load balancer\'s name)', () => ({ parameterPrefix: '/p/network', previewCertificate: certificate() }), 'previewCertificate', 'set together with previewDomainName'],
      ['previewHostedZone without previewDomainName', () => ({ parameterPrefix: '/p/network', previewHostedZone: zone() }), 'previewHostedZone', 'set together with previewDomainName'],
      ['previewCertificate without the preview load balancer', () => ({ previewCertificate: certificate(), previewDomainName: 'previews.example.com' }), 'previewCertificate', 'unset unless the network builds the load balancer previews share'],
      ['previewDomainName outside previewHostedZone', () => ({ parameterPrefix: '/p/network', previewDomainName: 'previews.example.org', previewHostedZone: zone() }), 'previewDomainName', 'a name in the hosted zone example.com'],
      ['previewDomainName of 65 characters with a hosted zone and no certificate', () => ({ parameterPrefix: '/p/network', previewDomainName: `${'a'.repeat(53)}.example.com`, previewHostedZone: zone() }), 'previewDomainName', 'at most 64 characters when the network requests its certificate'],
      ['previewHostedZone that does not know its name', () => ({ parameterPrefix: '/p/network', previewDomainName: 'previews.example.com', previewHostedZone: route53.HostedZone.fromHostedZoneId(stack, `Id${n++}`, 'Z0123') }), 'previewHostedZone', 'a hosted zone that knows its name'],
    ];
    test.each(rows)('%s is refused', (_label, props, prop, allowed) => {
      expectRefused(create(props()), prop, allowed);
    });
  });

  test('previewLoadBalancer for an adopted VPC without public subnets is refused', () => {
    const isolated = new ec2.Vpc(stack, `Isolated${n++}`, { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expectRefused(create({ vpc: isolated, parameterPrefix: '/p/network', previewLoadBalancer: true }), 'previewLoadBalancer', 'which has no public subnets to hold an internet-facing load balancer');
  });

  test('deploy-time maxAzs and natGateways are refused: they fix how many subnets and NAT gateways are built', () => {
    const maxAzs = new CfnParameter(stack, 'Azs', { type: 'Number' }).valueAsNumber;
    expectRefused(create({ maxAzs }), 'maxAzs', 'a number known at synth: it fixes how many subnets');
    const natGateways = new CfnParameter(stack, 'Nats', { type: 'Number' }).valueAsNumber;
    expectRefused(create({ natGateways }), 'natGateways', 'a number known at synth: it fixes how many NAT gateways');
  });

  test('maxAzs above 2 in an environment-agnostic stack (CDK sees two AZs there) is refused', () => {
    const agnostic = new Stack(testApp(), 'Agnostic');
    expectRefused(create({ maxAzs: 3 }, agnostic), 'maxAzs', '2 (or unset) in an environment-agnostic stack');
  });

  test('every problem is listed in one error, each with the value in words', () => {
    const error = validationError(create({ maxAzs: '3', vpcEndpointsOnly: 'false', workloadSubnets: { subnetGroupName: 'Workload' }, parameterPrefix: 7 }));
    expect(error.problems).toEqual([
      'maxAzs: "3" is not allowed; allowed: an integer from 2 to 6 (2 or more keep the ALB and Multi-AZ databases possible).',
      'vpcEndpointsOnly: "false" is not allowed; allowed: true or false.',
      expect.stringMatching(/^workloadSubnets: \{"subnetGroupName":"Workload"\} is not allowed; allowed: unset when the network creates its VPC/),
      'parameterPrefix: 7 is not allowed; allowed: a string.',
    ]);
    expect(error.message).toMatch(/^PavedRoadNetwork 'BadNetworks\/Bad\d+' has 4 invalid props:/);
  });

  test('a plain VPC is named by its class', () => {
    const vpc = new ec2.Vpc(stack, 'PlainVpc');
    expect(validationError(create({ vpc: { vpcId: 'vpc-1' } })).problems[0]).toMatch(/^vpc: \{"vpcId":"vpc-1"\} is not allowed/);
    expect(validationError(create({ maxAzs: vpc })).problems[0]).toMatch(/^maxAzs: an instance of ec2.Vpc is not allowed/);
  });
});

describe('PavedRoadNetwork valid edges', () => {
  let app: App;
  let n = 0;
  beforeAll(() => {
    app = testApp({ [ContextKeys.DEFAULTS_VERSION]: DefaultsVersions.LATEST });
  });
  /** Each valid edge in its own stack of one app (synthesized once, at the end). */
  const build = (props: (stack: Stack) => PavedRoadNetworkProps, env = true) => {
    const stack = env ? testStack(app, `Valid${n}`) : new Stack(app, `Valid${n}`);
    n++;
    return { stack, network: new PavedRoadNetwork(stack, 'Network', props(stack)) };
  };
  const adoptable = (stack: Stack) => new ec2.Vpc(stack, 'Existing', {
    maxAzs: 2,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });

  const VALID: Array<[string, (stack: Stack) => PavedRoadNetworkProps]> = [
    ['no props', () => ({})],
    ['maxAzs 2 (min)', () => ({ maxAzs: 2 })],
    ['maxAzs 3', () => ({ maxAzs: 3, natGateways: 3 })],
    ['maxAzs 6 (max)', () => ({ maxAzs: 6 })],
    ['natGateways 1 (min without vpcEndpointsOnly)', () => ({ natGateways: 1 })],
    ['natGateways equal to maxAzs', () => ({ maxAzs: 2, natGateways: 2 })],
    ['natGateways 0 with vpcEndpointsOnly', () => ({ vpcEndpointsOnly: true, natGateways: 0 })],
    ['vpcEndpointsOnly false', () => ({ vpcEndpointsOnly: false })],
    ['interfaceEndpoints true', () => ({ interfaceEndpoints: true })],
    ['interfaceEndpoints false', () => ({ interfaceEndpoints: false })],
    ['vpcEndpointsOnly with interfaceEndpoints true', () => ({ vpcEndpointsOnly: true, interfaceEndpoints: true })],
    ['flowLogRetentionDays 1 (min)', () => ({ flowLogRetentionDays: 1 })],
    ['flowLogRetentionDays 3653 (max)', () => ({ flowLogRetentionDays: 3653 })],
    ['flowLogRetentionDays as a deploy-time token', (stack) => ({ flowLogRetentionDays: new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber })],
    ['ipAddresses /18 (the smallest for 2 AZs)', () => ({ ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/18') })],
    ['ipAddresses /17 for 3 AZs', () => ({ maxAzs: 3, ipAddresses: ec2.IpAddresses.cidr('10.30.0.0/17') })],
    ['ipAddresses /16', () => ({ ipAddresses: ec2.IpAddresses.cidr('172.16.0.0/16') })],
    ['parameterPrefix of one segment', () => ({ parameterPrefix: '/n' })],
    ['parameterPrefix of 14 levels (max)', () => ({ parameterPrefix: levels(14) })],
    ['parameterPrefix with . _ -', () => ({ parameterPrefix: '/paved-road/dev_1/net.work' })],
    ['profile prod', () => ({ profile: Profile.PROD })],
    ['natType gateway in dev', () => ({ natType: NatType.GATEWAY })],
    ['natType instance in prod, one per AZ', () => ({ profile: Profile.PROD, natType: NatType.INSTANCE })],
    ['natInstanceType x86 (t3.nano)', () => ({ natType: NatType.INSTANCE, natInstanceType: new ec2.InstanceType('t3.nano') })],
    ['natInstanceType in dev (a NAT instance by default)', () => ({ natInstanceType: new ec2.InstanceType('t4g.micro') })],
    ['previewLoadBalancer in staging', () => ({ profile: Profile.STAGING, parameterPrefix: '/s/network', previewLoadBalancer: true })],
    ['previewLoadBalancer false in dev with parameterPrefix', () => ({ parameterPrefix: '/d/network', previewLoadBalancer: false })],
    ['previewDomainName alone (the team points it at the load balancer)', () => ({ parameterPrefix: '/d/network', previewDomainName: 'previews.dev.example.com' })],
    ['previewDomainName with a certificate', (stack) => ({
      parameterPrefix: '/d/network',
      previewDomainName: 'previews.dev.example.com',
      previewCertificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'),
    })],
    ['previewDomainName equal to the zone name', (stack) => ({
      parameterPrefix: '/d/network',
      previewDomainName: 'example.com',
      previewHostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com.' }),
    })],
    ['previewLoadBalancer for an adopted VPC with public subnets', (stack) => ({ vpc: adoptable(stack), parameterPrefix: '/a/network', previewLoadBalancer: true })],
    ['an adopted VPC', (stack) => ({ vpc: adoptable(stack) })],
    ['an adopted VPC with workload and data subnets by group', (stack) => ({ vpc: adoptable(stack), workloadSubnets: { subnetGroupName: 'App' }, dataSubnets: { subnetGroupName: 'Db' } })],
    ['an adopted VPC with data in private subnets, one per AZ', (stack) => ({ vpc: adoptable(stack), dataSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true } })],
    ['an adopted VPC with workload subnets in one AZ', (stack) => ({ vpc: adoptable(stack), workloadSubnets: { subnetGroupName: 'App', availabilityZones: [stack.availabilityZones[0]] } })],
    ['a looked-up VPC whose subnets are not known yet', (stack) => ({ vpc: ec2.Vpc.fromLookup(stack, 'Lookup', { vpcId: 'vpc-0123456789abcdef0' }), workloadSubnets: { subnetGroupName: 'App' } })],
  ];
  test.each(VALID)('%s is accepted', (_label, props) => {
    expect(() => build(props)).not.toThrow();
  });

  test('maxAzs 2 in an environment-agnostic stack is accepted', () => {
    expect(() => build(() => ({ maxAzs: 2 }), false)).not.toThrow();
  });

  test('fromVpc adopts', () => {
    const stack = testStack(app, `Valid${n++}`);
    expect(PavedRoadNetwork.fromVpc(stack, 'Network', adoptable(stack)).vpc).toBeDefined();
  });

  test('every valid edge synthesizes', () => {
    const assembly = app.synth();
    expect(assembly.stacks.length).toBe(n);
    const smallest = Template.fromStack(app.node.findChild('Valid14') as Stack);
    smallest.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/18' });
    smallest.resourceCountIs('AWS::EC2::Subnet', 6);
  });
});
