import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { NetworkProfileDefaults, NEW_VPC_SUBNET_MASKS } from './defaults';
import { NatType, PavedRoadNetworkProps } from './network-props';
import { Profile } from '../core/profile';
import { isIntegerIn, isLogRetention, Kind, KIND_WORDS, listOf, LOG_RETENTION_ALLOWED, oneOf, PropValidator, SHAPES } from '../core/validation';

/** The members of `ec2.SubnetSelection`: another key is a typo that CDK would ignore. */
const SUBNET_SELECTION_KEYS = ['availabilityZones', 'onePerAz', 'subnetFilters', 'subnetGroupName', 'subnetType', 'subnets'];
const SUBNET_SELECTION_WORDS = `an ec2.SubnetSelection (${SUBNET_SELECTION_KEYS.join(', ')})`;
const SUBNET_TYPES = Object.values(ec2.SubnetType) as string[];

/** What a network resolves to once its props are checked. @internal */
export interface ResolvedNetwork {
  readonly maxAzs: number;
  readonly endpointsOnly: boolean;
  /** The NAT of a new VPC (undefined with vpcEndpointsOnly or an adopted VPC). */
  readonly natType?: NatType;
  readonly previewLoadBalancer: boolean;
}

const NAT_TYPES = Object.values(NatType) as string[];
/** Profiles whose networks previews share. */
const PREVIEW_NETWORK_PROFILES = [Profile.DEV, Profile.STAGING];
/** A lowercase fully qualified domain name (as PavedRoadService's domainName). */
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Checks every prop of `PavedRoadNetwork` and throws one error listing each problem.
 * @internal
 */
export function validateNetworkProps(scope: Construct, props: PavedRoadNetworkProps, profile: Profile,
  nd: NetworkProfileDefaults): ResolvedNetwork {
  const v = new PropValidator('PavedRoadNetwork', scope.node.path);

  const vpcOk = v.kind('vpc', props.vpc, SHAPES.vpc.is, SHAPES.vpc.words);
  const ipOk = v.kind('ipAddresses', props.ipAddresses, Kind.withMembers('allocateVpcCidr', 'allocateSubnetsCidr'),
    "an ec2.IIpAddresses (e.g. ec2.IpAddresses.cidr('10.0.0.0/16'))");
  v.requireKnownAtSynth('maxAzs', props.maxAzs, 'it fixes how many subnets and NAT gateways are built');
  v.requireKnownAtSynth('natGateways', props.natGateways, 'it fixes how many NAT gateways are built');
  const azsOk = v.kind('maxAzs', props.maxAzs, isIntegerIn(2, 6) as (x: unknown) => boolean,
    'an integer from 2 to 6 (2 or more keep the ALB and Multi-AZ databases possible)');
  const maxAzs = azsOk && props.maxAzs !== undefined && !Token.isUnresolved(props.maxAzs) ? props.maxAzs : nd.maxAzs;
  v.check('natGateways', props.natGateways, isIntegerIn(0, maxAzs), `an integer from 0 to maxAzs (${maxAzs})`);
  const endpointsOk = v.kind('vpcEndpointsOnly', props.vpcEndpointsOnly, Kind.boolean, KIND_WORDS.boolean);
  v.kind('interfaceEndpoints', props.interfaceEndpoints, Kind.boolean, KIND_WORDS.boolean);
  v.check('flowLogRetentionDays', props.flowLogRetentionDays, isLogRetention, LOG_RETENTION_ALLOWED);
  const endpointsOnly = endpointsOk ? props.vpcEndpointsOnly ?? false : false;

  const natTypeOk = v.kind('natType', props.natType, oneOf(NAT_TYPES), `one of the NatType values ${NAT_TYPES.join(', ')}`);
  v.kind('natInstanceType', props.natInstanceType, Kind.withMembers('sameInstanceClassAs', 'isBurstable'), "an ec2.InstanceType, e.g. new ec2.InstanceType('t4g.nano')");
  const natType = props.vpc !== undefined || endpointsOnly ? undefined : (natTypeOk ? props.natType ?? nd.natType : nd.natType);
  if (endpointsOnly && props.natType !== undefined) {
    v.fail('natType', props.natType, 'unset when vpcEndpointsOnly is true: such a network has no NAT');
  } else if (props.vpc === undefined && props.natInstanceType !== undefined && natType !== NatType.INSTANCE) {
    v.fail('natInstanceType', props.natInstanceType.toString(), `unset, or natType: NatType.INSTANCE (the ${profile} profile's NAT is ${String(natType)} here)`);
  }

  const newVpcProps: Array<keyof PavedRoadNetworkProps> = ['maxAzs', 'natGateways', 'natType', 'natInstanceType', 'ipAddresses', 'vpcEndpointsOnly', 'interfaceEndpoints', 'flowLogRetentionDays'];
  const forNewVpc = newVpcProps.filter((name) => props[name] !== undefined);
  if (props.vpc !== undefined && vpcOk && forNewVpc.length > 0) {
    v.fail('vpc', props.vpc.node.path, `either an existing vpc, or ${forNewVpc.join('/')} for a new one, not both (an adopted VPC keeps its own NAT, endpoints and flow logs)`);
  }
  const selectionsOk = (['workloadSubnets', 'dataSubnets'] as const).map((name) => {
    const selection = props[name];
    const isSelection = (s: unknown) => Kind.record(s) && Object.keys(s as object).every((k) => SUBNET_SELECTION_KEYS.includes(k));
    if (!v.kind(name, selection, isSelection, SUBNET_SELECTION_WORDS)) return false;
    if (selection === undefined) return true;
    const members = [
      v.kind(`${name}.subnetType`, selection.subnetType, oneOf(SUBNET_TYPES), `one of the ec2.SubnetType values ${SUBNET_TYPES.join(', ')}`),
      v.kind(`${name}.subnetGroupName`, selection.subnetGroupName, Kind.nonEmptyString, KIND_WORDS.nonEmptyString),
      v.kind(`${name}.subnets`, selection.subnets, listOf(Kind.withMembers('node', 'subnetId')), 'a list of ec2.ISubnet'),
      v.kind(`${name}.subnetFilters`, selection.subnetFilters, listOf(Kind.withMembers('selectSubnets')), 'a list of ec2.SubnetFilter'),
      v.kind(`${name}.availabilityZones`, selection.availabilityZones, Kind.stringList, KIND_WORDS.stringList),
      v.kind(`${name}.onePerAz`, selection.onePerAz, Kind.boolean, KIND_WORDS.boolean),
    ];
    if (members.includes(false)) return false;
    if (props.vpc === undefined) {
      v.fail(name, shown(selection), `unset when the network creates its VPC (its subnets are the groups Public, Workload and Data); ${name} selects subnets of an adopted vpc only`);
      return false;
    }
    return true;
  });
  if (props.vpc !== undefined && vpcOk) {
    if (selectionsOk[0]) checkSelection(v, 'workloadSubnets', props.vpc, props.workloadSubnets, 'workloads (tasks get no public IP, so they reach out through NAT or VPC endpoints)');
    if (selectionsOk[1]) checkSelection(v, 'dataSubnets', props.vpc, props.dataSubnets, 'data stores (no route from the internet)');
  }

  v.kind('parameterPrefix', props.parameterPrefix, Kind.string, KIND_WORDS.string);
  // SSM allows 15 levels in a parameter name; the names below the prefix add one.
  v.check('parameterPrefix', props.parameterPrefix, (p) => typeof p !== 'string' || (/^(\/[A-Za-z0-9_.-]+)+$/.test(p) && p.length <= 900 && p.split('/').length - 1 <= 14 && !/^\/(aws|ssm)(\/|$)/i.test(p)),
    "an SSM parameter path: '/' then at most 14 segments of letters, digits, _ . - separated by '/', no trailing '/', not starting with /aws or /ssm");
  if (endpointsOnly && typeof props.natGateways === 'number' && props.natGateways > 0) {
    v.fail('natGateways', props.natGateways, '0 (or unset) when vpcEndpointsOnly is true');
  }
  if (props.vpc === undefined && !endpointsOnly && props.natGateways === 0) {
    v.fail('natGateways', 0, 'at least 1, or vpcEndpointsOnly: true: without NAT gateways the workload subnets have no route out, and only vpcEndpointsOnly gives them the VPC endpoints instead');
  }
  if (endpointsOnly && props.interfaceEndpoints === false) {
    v.fail('interfaceEndpoints', false, 'true (or unset) when vpcEndpointsOnly is true: without NAT gateways the interface endpoints are how tasks pull images, write logs and read secrets');
  }
  if (props.vpc === undefined) {
    checkAvailabilityZones(v, scope, props, maxAzs, azsOk);
    if (ipOk) checkAddressSpace(v, scope, props.ipAddresses, maxAzs);
  }
  const previewLoadBalancer = checkPreviewLoadBalancer(v, props, profile, nd, vpcOk);
  v.throwIfInvalid();
  return { maxAzs, endpointsOnly, natType, previewLoadBalancer };
}

/**
 * The load balancer previews share: only in a dev or staging network that publishes it, and its
 * certificate, domain name and hosted zone only with it. Returns whether the network builds it.
 */
function checkPreviewLoadBalancer(v: PropValidator, props: PavedRoadNetworkProps, profile: Profile, nd: NetworkProfileDefaults,
  vpcOk: boolean): boolean {
  const given = v.kind('previewLoadBalancer', props.previewLoadBalancer, Kind.boolean, KIND_WORDS.boolean) ? props.previewLoadBalancer : undefined;
  const published = typeof props.parameterPrefix === 'string';
  // by default only where previews can find it and where the network's own VPC has public subnets for it
  const enabled = given ?? (nd.previewLoadBalancer && published && props.vpc === undefined);
  if (given === true) {
    if (!PREVIEW_NETWORK_PROFILES.includes(profile)) {
      v.fail('previewLoadBalancer', true, `false (or unset) in the ${profile} profile: previews share a ${PREVIEW_NETWORK_PROFILES.join(' or ')} network`);
    }
    if (!published) v.fail('previewLoadBalancer', true, 'false (or unset) without parameterPrefix: previews find the load balancer through the parameters published under it');
    if (props.vpc !== undefined && vpcOk && !hasPublicSubnets(props.vpc)) {
      v.fail('previewLoadBalancer', true, `false (or unset) for ${props.vpc.node.path}, which has no public subnets to hold an internet-facing load balancer`);
    }
  }
  const certOk = v.kind('previewCertificate', props.previewCertificate, SHAPES.certificate.is, SHAPES.certificate.words);
  const zoneOk = v.kind('previewHostedZone', props.previewHostedZone, SHAPES.hostedZone.is, SHAPES.hostedZone.words);
  if (v.kind('previewDomainName', props.previewDomainName, Kind.nonEmptyString, KIND_WORDS.nonEmptyString)) {
    v.check('previewDomainName', props.previewDomainName, (n) => DOMAIN_NAME.test(n), 'a lowercase fully qualified domain name such as previews.dev.example.com');
    checkInZone(v, props);
  }
  const options: Array<[string, unknown, boolean]> = [
    ['previewCertificate', props.previewCertificate, certOk],
    ['previewDomainName', props.previewDomainName, true],
    ['previewHostedZone', props.previewHostedZone, zoneOk],
  ];
  for (const [name, value, ok] of options) {
    if (value === undefined || !ok) continue;
    if (!enabled) {
      v.fail(name, (value as { node?: { path: string } } | null)?.node?.path ?? value, 'unset unless the network builds the load balancer previews share (previewLoadBalancer)');
    } else if (name !== 'previewDomainName' && props.previewDomainName === undefined) {
      v.fail(name, (value as { node: { path: string } }).node.path, 'set together with previewDomainName, the name preview URLs use (the certificate must cover it, the hosted zone holds it)');
    }
  }
  return enabled;
}

/** The alias record of previewDomainName is named within previewHostedZone, so the name must be in the zone. */
function checkInZone(v: PropValidator, props: PavedRoadNetworkProps): void {
  const name = props.previewDomainName;
  // the network requests a certificate for the name only when it has the zone and no certificate
  const requested = props.previewHostedZone !== undefined && !props.previewCertificate;
  if (name !== undefined && !Token.isUnresolved(name) && requested && name.length > CERTIFICATE_DOMAIN_MAX) {
    v.fail('previewDomainName', name, `at most ${CERTIFICATE_DOMAIN_MAX} characters when the network requests its certificate (ACM's limit); pass previewCertificate for a longer name`);
  }
  let zone: string | undefined;
  try {
    zone = props.previewHostedZone?.zoneName;
  } catch {
    v.fail('previewHostedZone', props.previewHostedZone?.node.path, 'a hosted zone that knows its name (HostedZone.fromHostedZoneAttributes or fromLookup, not fromHostedZoneId): the alias record of previewDomainName is named within it');
    return;
  }
  if (name === undefined || zone === undefined || Token.isUnresolved(name) || Token.isUnresolved(zone) || !DOMAIN_NAME.test(name)) return;
  const zoneName = zone.replace(/\.$/, '').toLowerCase();
  if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
    v.fail('previewDomainName', name, `a name in the hosted zone ${zoneName} (${zoneName} or a name ending in .${zoneName})`);
  }
}

/** ACM's limit on a certificate's domain name (the certificate's common name). */
const CERTIFICATE_DOMAIN_MAX = 64;

function hasPublicSubnets(vpc: ec2.IVpc): boolean {
  try {
    const selected = vpc.selectSubnets({ subnetType: ec2.SubnetType.PUBLIC });
    return selected.isPendingLookup || selected.subnets.length > 0;
  } catch {
    return false;
  }
}

/**
 * An environment-agnostic stack sees two Availability Zones: a new VPC there has two whatever `maxAzs` says.
 */
function checkAvailabilityZones(v: PropValidator, scope: Construct, props: PavedRoadNetworkProps, maxAzs: number, azsOk: boolean): void {
  const stack = Stack.of(scope);
  if (!azsOk || props.maxAzs === undefined || Token.isUnresolved(props.maxAzs) || maxAzs <= 2) return;
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    v.fail('maxAzs', props.maxAzs, `2 (or unset) in an environment-agnostic stack: ${stack.node.path} has no account and region, so CDK sees two Availability Zones and builds two whatever maxAzs says; give the stack an env to span more`);
  }
}

/**
 * The subnets of a new VPC (per AZ a public /24, a workload /20 and a data /24, each aligned to its
 * size as CDK allocates them) must fit its address range; CDK would otherwise fail without naming the prop.
 */
function checkAddressSpace(v: PropValidator, scope: Construct, ipAddresses: ec2.IIpAddresses | undefined, maxAzs: number): void {
  if (ipAddresses === undefined) return;
  let netmask: number | undefined;
  try {
    const allocation = ipAddresses.allocateVpcCidr();
    if (allocation.cidrBlock !== undefined && !Token.isUnresolved(allocation.cidrBlock)) netmask = Number(allocation.cidrBlock.split('/')[1]);
    else if (allocation.ipv4NetmaskLength !== undefined && !Token.isUnresolved(allocation.ipv4NetmaskLength)) netmask = allocation.ipv4NetmaskLength;
  } catch {
    return; // an allocator that only works inside a VPC: CDK checks it there
  }
  if (netmask === undefined || !Number.isInteger(netmask)) return;
  const stackAzs = Stack.of(scope).availabilityZones.length;
  const azs = Math.min(maxAzs, stackAzs);
  const needed = smallestNetmask(azs);
  if (netmask > needed) {
    v.fail('ipAddresses', `a /${netmask} range`, `a range of /${needed} or larger for ${azs} Availability Zones: each AZ gets a public /24, a workload /20 and a data /24`);
  }
}

/** The largest netmask (smallest range) that holds the subnets of a new VPC in `azs` AZs. @internal */
export function smallestNetmask(azs: number): number {
  let next = 0;
  for (const mask of NEW_VPC_SUBNET_MASKS) {
    const size = 2 ** (32 - mask);
    for (let i = 0; i < azs; i++) next = Math.ceil(next / size) * size + size;
  }
  return 32 - Math.ceil(Math.log2(next));
}

/**
 * A selection of an adopted VPC's subnets: it must select at least one subnet, none of them public.
 * Skipped while a `Vpc.fromLookup` still has its placeholder subnets (the lookup runs after this synth).
 */
function checkSelection(v: PropValidator, prop: string, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, what: string): void {
  if (selection === undefined) return;
  let selected: ec2.SelectedSubnets;
  try {
    selected = vpc.selectSubnets(selection);
  } catch (e) {
    v.fail(prop, shown(selection), `a selection of subnets that ${vpc.node.path} has (${(e as Error).message.replace(/\.$/, '')})`);
    return;
  }
  if (selected.isPendingLookup) return;
  if (selected.subnets.length === 0) {
    v.fail(prop, shown(selection), `a selection of at least one subnet of ${vpc.node.path}`);
  } else if (selected.hasPublic) {
    v.fail(prop, shown(selection), `private or isolated subnets only: these hold ${what}, never public subnets`);
  }
}

/** A selection as a message shows it: subnets by path and filters by class, not as whole constructs. */
function shown(selection: ec2.SubnetSelection): Record<string, unknown> {
  return {
    ...selection,
    ...(selection.subnets ? { subnets: selection.subnets.map((s) => s?.node?.path ?? String(s)) } : {}),
    ...(selection.subnetFilters ? { subnetFilters: selection.subnetFilters.map((f) => f?.constructor?.name ?? String(f)) } : {}),
  };
}
