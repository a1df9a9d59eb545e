import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PavedRoadNetwork, PavedRoadService, PavedRoadServiceProps, Profile } from '../src';
import { BOOLEAN, expectRefused, KindName, Row, rows, wrongKinds } from './bad-input';
import { CERT_ARN, IMAGE } from './fixtures';
import { testApp, testStack, validationError } from './nag';

/**
 * A battery of bad input for PavedRoadService: every prop with values of the wrong kind, empty,
 * negative, NaN/Infinity, fractional and out of range, unsafe in prod, and every valid edge value
 * (which must synthesize). Bad input is refused in the constructor, before anything is built, with
 * one PavedRoadValidationError that names the prop and what is allowed.
 */


const POSITIVE = 'a positive integer';
const PORT = 'an integer from 1 to 65535';
const CPUS = 'one of the Fargate task sizes 256, 512, 1024, 2048, 4096, 8192, 16384';
const PATH = "a path starting with '/', without spaces (at most 1024 characters)";
const USER = 'a non-root user name or uid (optionally user:group), not root or 0, without spaces';
const RETENTION = 'a retention CloudWatch Logs accepts (1, 3, 5, 7, 14';
const NETWORK = 'a PavedRoadNetwork or another IPavedRoadNetwork (vpc, cluster, workloadSubnets, dataSubnets, publicSubnets, profile)';
const FQDN = 'a lowercase fully qualified domain name such as api.example.com';
const WHOLE_MINUTES = 'whole minutes from 0 to 24 hours (ECS\'s range)';
const { BLUE_GREEN, LINEAR, CANARY, ROLLING } = ecs.DeploymentStrategy;

/** A row refusing `deployment.<field>`: the case's deployment options, the field named, the allowed words. */
const deploymentRow = (label: string, deployment: Record<string, unknown>, field: string, allowed: string): Row =>
  [`deployment ${label}`, { deployment }, `deployment.${field}`, allowed];
/** Rows refusing each value of the wrong kind for `field` (with `strategy` so the field applies). */
const deploymentKinds = (field: string, words: string, allowed: KindName[], strategy?: string): Row[] =>
  wrongKinds(...allowed).map(([kind, value]) => deploymentRow(`${field} as ${kind}`, { strategy, [field]: value }, field, words));

/** Rows for `prop`: each wrong kind but `allowed`, then the labelled values, all refused with `words`. */
const NUMBERS: Array<[string, unknown]> = [['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['a numeric string', '2']];

/** Props of a bad case: `network` and `image` are filled in unless the case gives them (even as undefined). */
const BAD: Row[] = [
  // network and image: required, of their kind
  ['network missing', { network: undefined }, 'network', 'is required; pass a PavedRoadNetwork'],
  ['network null', { network: null }, 'network', 'is required; pass a PavedRoadNetwork'],
  ...rows('network', NETWORK, ['null'], [['a plain { vpc } object', { vpc: {} }]]),
  ['image missing', { image: undefined }, 'image', 'is required; pass an ecs.ContainerImage'],
  ['image null', { image: null }, 'image', 'is required; pass an ecs.ContainerImage'],
  ...rows('image', 'an ecs.ContainerImage', ['null'], [['as the image name', 'public.ecr.aws/nginx/nginx:stable']]),
  // sizes
  ...rows('containerPort', PORT, ['number'], [...NUMBERS, ['0', 0], ['negative -1', -1], ['65536 (above)', 65536], ['fraction 80.5', 80.5]]),
  // listenerRulePriority: an ALB rule priority, and only where the service shares a preview load balancer
  ...rows('listenerRulePriority', 'an integer from 1 to 50000 (ALB listener rule priorities)', ['number'], [...NUMBERS, ['0', 0], ['50001 (above)', 50001], ['fraction 1.5', 1.5]]),
  ['listenerRulePriority on a service with its own load balancer (ignored)', { listenerRulePriority: 10 }, 'listenerRulePriority', 'unset: only a service that shares its preview network\'s load balancer has a listener rule'],
  ...rows('cpu', CPUS, ['number'], [...NUMBERS, ['0', 0], ['negative -256', -256], ['300', 300], ['fraction 256.5', 256.5], ['"constructor" (an Object member)', 'constructor'], ['"256"', '256']]),
  ...([['4096', 4096], ['256 (below)', 256], ['NaN', NaN], ['"512"', '512'], ['fraction 512.5', 512.5]] as Array<[string, unknown]>)
    .map(([label, value]): Row => [`memoryMiB ${label} with cpu 256`, { cpu: 256, memoryMiB: value }, 'memoryMiB', 'for cpu 256, one of 512, 1024, 2048']),
  ...([['1000', 1000], ['0', 0], ['negative -512', -512], ['Infinity', Infinity], ['as a string', 'x'], ['null', null], ['as an object', {}]] as Array<[string, unknown]>)
    .map(([label, value]): Row => [`memoryMiB ${label} alone`, { memoryMiB: value }, 'memoryMiB', 'a Fargate memory size: from 512 to 122880 MiB']),
  ...rows('cpuArchitecture', 'ecs.CpuArchitecture.ARM64 or ecs.CpuArchitecture.X86_64', [], [['"ARM64" as a string', 'ARM64'], ['PPC64 (not on Fargate)', ecs.CpuArchitecture.of('PPC64')]]),
  ...rows('spot', BOOLEAN, ['boolean'], [['"true" as a string', 'true'], ['1', 1]]),
  // capacity
  ...(['desiredCount', 'minCapacity', 'maxCapacity'] as const).flatMap((prop) =>
    rows(prop, POSITIVE, ['number'], [...NUMBERS, ['0', 0], ['negative -1', -1], ['fraction 1.5', 1.5]])),
  ['minCapacity above maxCapacity', { minCapacity: 5, maxCapacity: 2 }, 'minCapacity', 'at most maxCapacity (2)'],
  ['desiredCount above maxCapacity', { minCapacity: 1, maxCapacity: 2, desiredCount: 3 }, 'desiredCount', 'an integer from minCapacity to maxCapacity (1 to 2)'],
  ['desiredCount below minCapacity', { minCapacity: 2, maxCapacity: 4, desiredCount: 1 }, 'desiredCount', 'an integer from minCapacity to maxCapacity (2 to 4)'],
  // health check
  ...rows('healthCheckPath', PATH, ['string'], [['"health" (no leading /)', 'health'], ['with a space', '/he alth'], ['with a tab', '/health\t'], ['1025 characters', `/${'h'.repeat(1024)}`]]),
  ...rows('healthCheckGracePeriod', 'a Duration (e.g. Duration.minutes(5))', [], [['as seconds (60)', 60], ['as a string "60s"', '60s']]),
  ['healthCheckGracePeriod in fractions of a second', { healthCheckGracePeriod: Duration.millis(1500) }, 'healthCheckGracePeriod', 'a whole number of seconds from 0 to 2147483647'],
  ['healthCheckGracePeriod above ECS\'s limit', { healthCheckGracePeriod: Duration.days(30000) }, 'healthCheckGracePeriod', 'a whole number of seconds from 0 to 2147483647'],
  // container
  ...rows('user', USER, ['string'], [['blank', '   '], ['root', 'root'], ['uid 0', '0'], ['root:root', 'root:root'], ['0:1000', '0:1000'], ['with a space', 'app user'], ['a number (1000)', 1000]]),
  ...(['readonlyRootFilesystem', 'enableExecuteCommand', 'publicLoadBalancer', 'waf', 'tracing'] as const).flatMap((prop) =>
    rows(prop, BOOLEAN, ['boolean'], [['"false" as a string', 'false'], ['0', 0]])),
  ...rows('environment', 'a map of variable names to string values', ['object'], [['as a KEY=value string', 'A=1'], ['as a list', ['A=1']]]),
  ['environment value as a number', { environment: { PORT: 8080 } }, "environment['PORT']", 'a string (an environment variable\'s value'],
  ['environment value as a flag', { environment: { DEBUG: true } }, "environment['DEBUG']", 'a string'],
  ['environment value null', { environment: { X: null } }, "environment['X']", 'a string'],
  ['environment value as an object', { environment: { X: {} } }, "environment['X']", 'a string'],
  ['environment key with a hyphen', { environment: { 'LOG-LEVEL': 'x' } }, 'environment key', 'a variable name'],
  ['environment key empty', { environment: { '': 'x' } }, 'environment key', 'a variable name'],
  ['environment key starting with a digit', { environment: { '1A': 'x' } }, 'environment key', 'a variable name'],
  ...rows('secrets', 'a map of variable names to ecs.Secret', ['object'], [['as a list', ['DB']]]),
  ['secret as an ARN string', { secrets: { DB: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' } }, "secrets['DB']", 'an ecs.Secret (ecs.Secret.fromSecretsManager or fromSsmParameter)'],
  ['secret null', { secrets: { DB: null } }, "secrets['DB']", 'an ecs.Secret'],
  ['secret key with a dot', { secrets: { 'db.password': null } }, 'secrets key', 'a variable name'],
  ...rows('logRetentionDays', RETENTION, ['number'], [...NUMBERS, ['0', 0], ['negative -1', -1], ['10', 10], ['fraction 1.5', 1.5], ['4000', 4000]]),
  // load balancer
  ...rows('certificate', 'an acm.ICertificate', [], [['as an ARN string', CERT_ARN]]),
  ...rows('domainName', 'a domain name as a string', ['string', 'emptyString'], [['as a list', ['api.example.com']]]),
  ...rows('hostedZone', 'a route53.IHostedZone', [], [['as a zone id string', 'Z0123456789']]),
  ...rows('alarmTopic', 'an sns.ITopic', [], [['as a topic ARN', 'arn:aws:sns:us-east-1:123456789012:alarms']]),
  ['hostedZone without domainName (silently ignored before)', { hostedZone: 'ZONE' }, 'hostedZone', 'unset without domainName'],
  ['domainName without hostedZone', { domainName: 'api.example.com' }, 'hostedZone', 'the hosted zone of domainName "api.example.com"'],
  // deployment: kinds, ECS's ranges, settings the strategy would ignore, CloudFormation's 33 hours
  ...rows('deployment', 'a ServiceDeploymentOptions object', ['object']),
  ...deploymentKinds('strategy', 'ecs.DeploymentStrategy.ROLLING, BLUE_GREEN, LINEAR or CANARY', []),
  deploymentRow('strategy in lower case', { strategy: 'canary' }, 'strategy', 'ecs.DeploymentStrategy.ROLLING, BLUE_GREEN, LINEAR or CANARY'),
  deploymentRow('strategy unknown', { strategy: 'SHADOW' }, 'strategy', 'ecs.DeploymentStrategy.ROLLING, BLUE_GREEN, LINEAR or CANARY'),
  ...deploymentKinds('canaryPercent', 'a number', ['number'], CANARY),
  deploymentRow('canaryPercent NaN', { strategy: CANARY, canaryPercent: NaN }, 'canaryPercent', 'a number'),
  ...([['Infinity', Infinity], ['0', 0], ['0.05 (below 0.1)', 0.05], ['negative -10', -10], ['100.1 (above)', 100.1], ['10.05 (not a multiple of 0.1)', 10.05]] as Array<[string, number]>)
    .map(([label, value]) => deploymentRow(`canaryPercent ${label}`, { strategy: CANARY, canaryPercent: value }, 'canaryPercent', 'a multiple of 0.1 from 0.1 to 100')),
  deploymentRow('canaryPercent with BLUE_GREEN (ignored)', { strategy: BLUE_GREEN, canaryPercent: 10 }, 'canaryPercent', 'unset with strategy BLUE_GREEN: it is the canary share of a CANARY deployment'),
  deploymentRow('canaryPercent with the dev profile\'s ROLLING (ignored)', { canaryPercent: 10 }, 'canaryPercent', 'unset with strategy ROLLING (the dev profile\'s)'),
  ...deploymentKinds('linearStepPercent', 'a number', ['number'], LINEAR),
  ...([['2.9 (below 3)', 2.9], ['100.5 (above)', 100.5], ['10.01 (not a multiple of 0.1)', 10.01], ['-Infinity', -Infinity]] as Array<[string, number]>)
    .map(([label, value]) => deploymentRow(`linearStepPercent ${label}`, { strategy: LINEAR, linearStepPercent: value }, 'linearStepPercent', 'a multiple of 0.1 from 3 to 100')),
  deploymentRow('linearStepPercent with CANARY (ignored)', { strategy: CANARY, linearStepPercent: 10 }, 'linearStepPercent', 'unset with strategy CANARY: it is the step of a LINEAR deployment'),
  ...deploymentKinds('stepBakeTime', 'a Duration', [], CANARY),
  deploymentRow('stepBakeTime as minutes (5)', { strategy: CANARY, stepBakeTime: 5 }, 'stepBakeTime', 'a Duration'),
  deploymentRow('stepBakeTime of 90 seconds (not whole minutes)', { strategy: CANARY, stepBakeTime: Duration.seconds(90) }, 'stepBakeTime', WHOLE_MINUTES),
  deploymentRow('stepBakeTime of 25 hours', { strategy: LINEAR, stepBakeTime: Duration.hours(25) }, 'stepBakeTime', WHOLE_MINUTES),
  deploymentRow('stepBakeTime with BLUE_GREEN (ignored)', { strategy: BLUE_GREEN, stepBakeTime: Duration.minutes(5) }, 'stepBakeTime', 'unset with strategy BLUE_GREEN: it is the wait between the traffic steps of a CANARY or LINEAR deployment'),
  ...deploymentKinds('bakeTime', 'a Duration', [], BLUE_GREEN),
  deploymentRow('bakeTime of 30 seconds', { strategy: BLUE_GREEN, bakeTime: Duration.seconds(30) }, 'bakeTime', WHOLE_MINUTES),
  deploymentRow('bakeTime of 2 days', { strategy: BLUE_GREEN, bakeTime: Duration.days(2) }, 'bakeTime', WHOLE_MINUTES),
  deploymentRow('bakeTime with ROLLING (ignored)', { strategy: ROLLING, bakeTime: Duration.minutes(5) }, 'bakeTime', 'unset with strategy ROLLING: it is how long the old revision'),
  deploymentRow('a CANARY longer than 33 hours', { strategy: CANARY, bakeTime: Duration.hours(24), stepBakeTime: Duration.minutes(541) }, 'bakeTime',
    'a deployment of at most 33 hours (1980 minutes), which CloudFormation enforces for CANARY deployments; bakeTime + stepBakeTime = 1440 + 541 = 1981 minutes'),
  deploymentRow('a LINEAR longer than 33 hours', { strategy: LINEAR, linearStepPercent: 3, stepBakeTime: Duration.hours(1) }, 'stepBakeTime',
    'a deployment of at most 33 hours (1980 minutes), which CloudFormation enforces for LINEAR deployments; bakeTime + stepBakeTime x 33 steps of 3% = 5 + 60 x 33 = 1985 minutes'),
  ...deploymentKinds('smokeTest', BOOLEAN, ['boolean'], CANARY),
  deploymentRow('smokeTest true with ROLLING (no test traffic)', { strategy: ROLLING, smokeTest: true }, 'smokeTest', 'unset with strategy ROLLING: the smoke test runs through the test listener rule'),
  ...deploymentKinds('smokeTestPath', PATH, ['string'], CANARY),
  deploymentRow('smokeTestPath without a leading /', { strategy: CANARY, smokeTestPath: 'ready' }, 'smokeTestPath', PATH),
  deploymentRow('smokeTestPath with a space', { strategy: CANARY, smokeTestPath: '/re ady' }, 'smokeTestPath', PATH),
  deploymentRow('smokeTestPath with smokeTest false', { strategy: CANARY, smokeTest: false, smokeTestPath: '/ready' }, 'smokeTestPath', 'unset with smokeTest false'),
  deploymentRow('smokeTestPath with the dev profile\'s ROLLING', { smokeTestPath: '/ready' }, 'smokeTestPath', 'unset with strategy ROLLING (the dev profile\'s)'),
  // inherited props
  ['owner empty', { owner: '' }, 'owner', 'is required; pass `owner`'],
  ['owner as a number', { owner: 7 }, 'owner', 'a tag value'],
  ['costCenter with a character tags refuse', { costCenter: 'cc#1' }, 'costCenter', 'a tag value'],
  ['a reserved tag key', { tags: { 'aws:x': 'y' } }, 'tags key', 'starts with neither aws: nor paved-road:'],
  ['profile unknown', { profile: 'live' }, 'profile', 'one of dev, staging, prod, preview'],
];

describe('PavedRoadService bad input', () => {
  let stack: Stack;
  let network: PavedRoadNetwork;
  let zone: route53.IHostedZone;
  let n = 0;
  beforeAll(() => {
    stack = testStack(testApp(), 'BadServices');
    network = new PavedRoadNetwork(stack, 'Network');
    zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
  });
  const create = (props: Record<string, unknown>, on?: Stack, net?: PavedRoadNetwork) =>
    () => new PavedRoadService(on ?? stack, `Bad${n++}`, { network: net ?? network, image: IMAGE, ...props } as PavedRoadServiceProps);
  /** A hosted zone stands in for the string 'ZONE' in a case's props. */
  const withZone = (props: Record<string, unknown>) => (props.hostedZone === 'ZONE' ? { ...props, hostedZone: zone } : props);

  test.each(BAD)('%s is refused', (_label, props, prop, allowed) => {
    expectRefused(create(withZone(props)), prop, allowed);
  });

  test('a plain ec2.Vpc as the network is refused, with the way to wrap it', () => {
    const vpc = new ec2.Vpc(stack, 'PlainVpc');
    const error = validationError(create({ network: vpc }));
    expect(error.problems).toEqual([
      `network: an instance of ec2.Vpc is not allowed; allowed: ${NETWORK}; wrap a plain VPC with PavedRoadNetwork.fromVpc.`,
    ]);
  });

  describe('domainName', () => {
    const names: Array<[string, string, string]> = [
      ['empty', '', FQDN],
      ['capital letters', 'Api.Example.com', FQDN],
      ['no top-level domain', 'example', FQDN],
      ['an empty label', 'a..example.com', FQDN],
      ['a label starting with -', '-a.example.com', FQDN],
      ['a trailing dot', 'api.example.com.', FQDN],
      ['a space', 'api .example.com', FQDN],
      ['outside the zone', 'api.example.org', 'a name in the hosted zone example.com'],
      ['a look-alike of the zone', 'api.notexample.com', 'a name in the hosted zone example.com'],
      ['longer than ACM allows without a certificate', `${'a'.repeat(60)}.example.com`, 'at most 64 characters when the library requests its certificate'],
    ];
    test.each(names)('%s is refused', (_label, domainName, allowed) => {
      expectRefused(create({ domainName, hostedZone: zone }), 'domainName', allowed);
    });
    test('a hosted zone imported by id alone is refused (no name for the record)', () => {
      const byId = route53.HostedZone.fromHostedZoneId(stack, 'ZoneById', 'Z0123456781');
      expectRefused(create({ domainName: 'api.example.com', hostedZone: byId }), 'hostedZone', 'a hosted zone that knows its name');
    });
  });

  describe('unsafe in prod', () => {
    let prod: Stack;
    let prodNetwork: PavedRoadNetwork;
    beforeAll(() => {
      prod = testStack(testApp({ 'paved-road:profile': Profile.PROD }), 'BadProd');
      prodNetwork = new PavedRoadNetwork(prod, 'Network');
    });
    const HTTPS_ONLY = 'a certificate (or domainName with hostedZone) in the prod profile: prod load balancers serve HTTPS only';
    const unsafe: Array<[string, Record<string, unknown>, string]> = [
      ['a public load balancer without a certificate (HTTP from the internet)', {}, HTTPS_ONLY],
      ['an internal load balancer without a certificate', { publicLoadBalancer: false }, HTTPS_ONLY],
      ['a public load balancer without a certificate and without WAF', { waf: false }, HTTPS_ONLY],
      ['a certificate ARN where the certificate belongs', { certificate: CERT_ARN }, 'an acm.ICertificate'],
    ];
    test.each(unsafe)('%s is refused', (_label, props, allowed) => {
      expectRefused(create(props, prod, prodNetwork), 'certificate', allowed);
    });
  });

  describe('in the preview profile', () => {
    test.each([BLUE_GREEN, LINEAR, CANARY])('strategy %s is refused: previews roll', (strategy) => {
      const preview = testStack(testApp({ 'paved-road:profile': Profile.PREVIEW }), `BadPreview${strategy.replace('_', '')}`);
      expectRefused(create({ deployment: { strategy } }, preview, new PavedRoadNetwork(preview, 'Network')), 'deployment.strategy',
        'ROLLING in the preview profile');
    });
  });

  test('deploy-time values are not refused for their kind', () => {
    const number = (id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
    expect(create({ containerPort: number('Port'), minCapacity: number('Min'), healthCheckPath: new CfnParameter(stack, 'Path').valueAsString })).not.toThrow();
  });

  test('every problem is listed in one error, each with the value in words', () => {
    const error = validationError(create({
      healthCheckGracePeriod: Duration.hours(0), publicLoadBalancer: 'false', environment: { PORT: 8080 }, hostedZone: zone, cpu: '256',
    }));
    expect(error.problems).toEqual([
      'publicLoadBalancer: "false" is not allowed; allowed: true or false.',
      'cpu: "256" is not allowed; allowed: one of the Fargate task sizes 256, 512, 1024, 2048, 4096, 8192, 16384.',
      expect.stringMatching(/^hostedZone: "BadServices\/Zone" is not allowed; allowed: unset without domainName/),
      'environment[\'PORT\']: 8080 is not allowed; allowed: a string (an environment variable\'s value; a number or flag as text).',
    ]);
    // a valid Duration is not a problem, and one that is reads in words
    expect(validationError(create({ healthCheckGracePeriod: Duration.millis(1500) })).problems)
      .toEqual(['healthCheckGracePeriod: 1 second 500 millis is not allowed; allowed: a whole number of seconds from 0 to 2147483647 (ECS\'s limit).']);
  });
});

describe('PavedRoadService valid edges', () => {
  let app: App;
  let n = 0;
  beforeAll(() => {
    app = testApp();
  });
  interface Fixture { readonly stack: Stack; readonly zone: route53.IHostedZone; readonly number: (id: string) => number }
  /** Each valid edge in its own stack (with its network) of one app, synthesized once at the end. */
  const build = (props: (f: Fixture) => Partial<PavedRoadServiceProps>, profile?: Profile) => {
    const stack = testStack(app, `Valid${n++}`);
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const number = (id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
    const network = new PavedRoadNetwork(stack, 'Network', { profile });
    return new PavedRoadService(stack, 'Api', { network, image: IMAGE, profile, ...props({ stack, zone, number }) });
  };
  const certificate = (stack: Stack) => acm.Certificate.fromCertificateArn(stack, 'Certificate', CERT_ARN);

  const VALID: Array<[string, (f: Fixture) => Partial<PavedRoadServiceProps>]> = [
    ['only network and image', () => ({})],
    ['containerPort 1 (min)', () => ({ containerPort: 1 })],
    ['containerPort 65535 (max)', () => ({ containerPort: 65535 })],
    ['cpu 256 with memoryMiB 512 (smallest task)', () => ({ cpu: 256, memoryMiB: 512 })],
    ['cpu 16384 with memoryMiB 122880 (largest task)', () => ({ cpu: 16384, memoryMiB: 122880 })],
    ['memoryMiB alone', () => ({ memoryMiB: 30720 })],
    ['cpu alone', () => ({ cpu: 4096 })],
    ['deploy-time cpu and memory', ({ number }) => ({ cpu: number('Cpu'), memoryMiB: number('Memory') })],
    ['spot on X86_64', () => ({ spot: true, cpuArchitecture: ecs.CpuArchitecture.X86_64 })],
    ['spot on CpuArchitecture.of(\'X86_64\')', () => ({ spot: true, cpuArchitecture: ecs.CpuArchitecture.of('X86_64') })],
    ['spot false on ARM64', () => ({ spot: false, cpuArchitecture: ecs.CpuArchitecture.ARM64 })],
    ['spot on ARM64 (the default; Fargate Spot runs ARM64 on platform version 1.4.0)', () => ({ spot: true })],
    ['spot on ARM64 given', () => ({ spot: true, cpuArchitecture: ecs.CpuArchitecture.ARM64 })],
    ['capacity 1..1 (min)', () => ({ minCapacity: 1, maxCapacity: 1, desiredCount: 1 })],
    ['desiredCount at maxCapacity', () => ({ minCapacity: 2, maxCapacity: 50, desiredCount: 50 })],
    ['deploy-time capacities', ({ number }) => ({ minCapacity: number('Min'), maxCapacity: number('Max'), desiredCount: number('Desired') })],
    ['healthCheckPath / (shortest)', () => ({ healthCheckPath: '/' })],
    ['healthCheckPath of 1024 characters (longest)', () => ({ healthCheckPath: `/${'h'.repeat(1023)}` })],
    ['healthCheckPath with a query', () => ({ healthCheckPath: '/health?deep=1' })],
    ['healthCheckGracePeriod 0 hours (min)', () => ({ healthCheckGracePeriod: Duration.hours(0) })],
    ['healthCheckGracePeriod 2147483647 seconds (max)', () => ({ healthCheckGracePeriod: Duration.seconds(2147483647) })],
    ['deploy-time healthCheckGracePeriod', ({ number }) => ({ healthCheckGracePeriod: Duration.seconds(number('Grace')) })],
    ['user as a uid', () => ({ user: '1000' })],
    ['user:group', () => ({ user: 'app:app' })],
    ['readonlyRootFilesystem false, enableExecuteCommand true', () => ({ readonlyRootFilesystem: false, enableExecuteCommand: true })],
    ['enableExecuteCommand false, tracing true', () => ({ enableExecuteCommand: false, tracing: true })],
    ['an internal load balancer', () => ({ publicLoadBalancer: false })],
    ['waf true', () => ({ waf: true })],
    ['waf false on an internal load balancer', () => ({ waf: false, publicLoadBalancer: false })],
    ['logRetentionDays 1 (min)', () => ({ logRetentionDays: 1 })],
    ['logRetentionDays 3653 (max)', () => ({ logRetentionDays: 3653 })],
    ['an empty environment, no secrets', () => ({ environment: {}, secrets: {} })],
    ['an environment variable set to the empty string', () => ({ environment: { FEATURE_FLAGS: '', _UNDERSCORE: 'x' } })],
    ['a deploy-time environment value', ({ stack }) => ({ environment: { APP: new CfnParameter(stack, 'AppName').valueAsString } })],
    ['a secret', ({ stack }) => ({ secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Db', 'db')) } })],
    ['a certificate', ({ stack }) => ({ certificate: certificate(stack) })],
    ['domainName at the zone apex', ({ zone }) => ({ domainName: 'example.com', hostedZone: zone })],
    ['domainName of 64 characters (ACM\'s max)', ({ zone }) => ({ domainName: `${'a'.repeat(52)}.example.com`, hostedZone: zone })],
    ['a longer domainName with a certificate', ({ stack, zone }) => ({ domainName: `${'a'.repeat(60)}.example.com`, hostedZone: zone, certificate: certificate(stack) })],
    ['an alarm topic', ({ stack }) => ({ alarmTopic: new sns.Topic(stack, 'Alarms') })],
    ['deployment ROLLING given', () => ({ deployment: { strategy: ecs.DeploymentStrategy.ROLLING, smokeTest: false } })],
    ['deployment as the string "CANARY" (what the enum is in JavaScript)', () => ({ deployment: { strategy: 'CANARY' as ecs.DeploymentStrategy } })],
    ['canaryPercent 0.1 (min) with no bake times', () => ({ deployment: { strategy: CANARY, canaryPercent: 0.1, stepBakeTime: Duration.minutes(0), bakeTime: Duration.minutes(0) } })],
    ['canaryPercent 100 (max)', () => ({ deployment: { strategy: CANARY, canaryPercent: 100 } })],
    ['a CANARY of exactly 33 hours', () => ({ deployment: { strategy: CANARY, bakeTime: Duration.hours(24), stepBakeTime: Duration.hours(9) } })],
    ['linearStepPercent 3 (min), 33 steps of 1 minute', () => ({ deployment: { strategy: LINEAR, linearStepPercent: 3, stepBakeTime: Duration.minutes(1) } })],
    ['linearStepPercent 100 (max: one step)', () => ({ deployment: { strategy: LINEAR, linearStepPercent: 100, stepBakeTime: Duration.hours(24), bakeTime: Duration.hours(24) } })],
    ['BLUE_GREEN with a bake time of 24 hours (max) and no smoke test', () => ({ deployment: { strategy: BLUE_GREEN, bakeTime: Duration.days(1), smokeTest: false } })],
    ['a smoke-test path with a query', () => ({ deployment: { strategy: BLUE_GREEN, smokeTestPath: '/ready?deep=1' } })],
    ['deploy-time canaryPercent and smoke-test path', ({ stack, number }) => ({
      deployment: { strategy: CANARY, canaryPercent: number('Canary'), smokeTestPath: new CfnParameter(stack, 'SmokePath').valueAsString },
    })],
  ];
  test.each(VALID)('%s is accepted', (_label, props) => {
    expect(() => build(props)).not.toThrow();
  });

  const PROD: Array<[string, (f: Fixture) => Partial<PavedRoadServiceProps>]> = [
    ['a certificate', ({ stack }) => ({ certificate: certificate(stack) })],
    ['domainName and hostedZone', ({ zone }) => ({ domainName: 'api.example.com', hostedZone: zone })],
    ['an internal load balancer with a certificate', ({ stack }) => ({ publicLoadBalancer: false, certificate: certificate(stack) })],
    ['ROLLING instead of the profile\'s CANARY', ({ stack }) => ({ certificate: certificate(stack), deployment: { strategy: ROLLING } })],
    ['LINEAR with a smoke-test path', ({ stack }) => ({ certificate: certificate(stack), deployment: { strategy: LINEAR, smokeTestPath: '/ready' } })],
  ];
  test.each(PROD)('in prod, %s is accepted', (_label, props) => {
    expect(() => build(props, Profile.PROD)).not.toThrow();
  });

  test('every valid edge synthesizes', () => {
    const assembly = app.synth();
    expect(assembly.stacks.length).toBe(n);
  });
});
