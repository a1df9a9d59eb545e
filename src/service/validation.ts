import { Token } from 'aws-cdk-lib';
import { FARGATE_MEMORY_BY_CPU, ServiceProfileDefaults } from './defaults';
import { validateDeployment } from './deployment-validation';
import type { PavedRoadServiceProps } from './service-props';
import { MAX_RULE_PRIORITY, sharedLoadBalancerOf } from './shared-load-balancer';
import { Profile } from '../core/profile';
import { isIntegerIn, isLogRetention, Kind, KIND_WORDS, LOG_RETENTION_ALLOWED, PropValidator, SHAPES } from '../core/validation';

/** The size and capacity a service resolves to once props and profile defaults are merged. @internal */
export interface ResolvedCapacity {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly desiredCount: number;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VALID_CPUS = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);
/** The CPU architectures Fargate runs. */
const FARGATE_ARCHITECTURES = ['ARM64', 'X86_64'];
/** ECS's limit on the health check grace period (seconds). */
const MAX_GRACE_PERIOD_SECONDS = 2147483647;

/** The memory sizes Fargate allows with `cpu`, or undefined for a cpu it does not offer (or a value of another kind). */
function memoriesFor(cpu: unknown): number[] | undefined {
  return typeof cpu === 'number' && Object.prototype.hasOwnProperty.call(FARGATE_MEMORY_BY_CPU, cpu) ? FARGATE_MEMORY_BY_CPU[cpu] : undefined;
}

/** The name of a CPU architecture (`ARM64`, `X86_64`), or undefined for a value of another kind. @internal */
export function architectureName(architecture: unknown): string | undefined {
  const name = (architecture as { _cpuArchitecture?: unknown } | undefined)?._cpuArchitecture;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Picks cpu and memory: a prop wins; the other one defaults to the profile's value when that makes
 * a valid pair, else to the smallest value that does.
 */
function resolveSize(props: PavedRoadServiceProps, d: ServiceProfileDefaults): { cpu: number; memoryMiB: number } {
  if (props.cpu !== undefined && props.memoryMiB !== undefined) return { cpu: props.cpu, memoryMiB: props.memoryMiB };
  if (props.cpu !== undefined) {
    const allowed = memoriesFor(props.cpu) ?? [];
    return { cpu: props.cpu, memoryMiB: allowed.includes(d.serviceMemoryMiB) || allowed.length === 0 ? d.serviceMemoryMiB : allowed[0] };
  }
  if (props.memoryMiB !== undefined) {
    const fits = (cpu: number) => FARGATE_MEMORY_BY_CPU[cpu].includes(props.memoryMiB!);
    const cpu = fits(d.serviceCpu) ? d.serviceCpu : VALID_CPUS.find(fits) ?? d.serviceCpu;
    return { cpu, memoryMiB: props.memoryMiB };
  }
  return { cpu: d.serviceCpu, memoryMiB: d.serviceMemoryMiB };
}

/** The capacities a service runs with: props first, then the profile, kept consistent when only one side is given. */
function resolveCapacity(
  props: PavedRoadServiceProps, d: ServiceProfileDefaults,
): { minCapacity: number; maxCapacity: number; desiredCount: number } {
  const { minCapacity: min, maxCapacity: max } = props;
  // A token (a CloudFormation parameter, say) is known only at deploy time: no arithmetic with it.
  const minCapacity = min ?? (max === undefined || Token.isUnresolved(max) ? d.serviceMinCapacity : Math.min(d.serviceMinCapacity, max));
  const maxCapacity = max ?? (Token.isUnresolved(minCapacity) ? d.serviceMaxCapacity : Math.max(d.serviceMaxCapacity, minCapacity));
  return { minCapacity, maxCapacity, desiredCount: props.desiredCount ?? minCapacity };
}

/** True when every value is a literal number (not a deploy-time token), so they can be compared. */
function literal(...values: number[]): boolean {
  return values.every((x) => !Token.isUnresolved(x));
}

/**
 * Checks every prop of `PavedRoadService` and throws one error listing each problem.
 * @internal
 */
export function validateServiceProps(path: string, profile: Profile, props: PavedRoadServiceProps, d: ServiceProfileDefaults): ResolvedCapacity {
  const v = new PropValidator('PavedRoadService', path);
  const kinds = validateKinds(v, props);
  const { cpu, memoryMiB } = resolveSize(props, d);
  const { minCapacity, maxCapacity, desiredCount } = resolveCapacity(props, d);

  v.check('cpu', cpu, (c) => VALID_CPUS.includes(c), `one of the Fargate task sizes ${VALID_CPUS.join(', ')}`);
  const memories = memoriesFor(cpu);
  if (props.cpu === undefined && props.memoryMiB !== undefined && !VALID_CPUS.some((c) => FARGATE_MEMORY_BY_CPU[c].includes(props.memoryMiB!))) {
    const largest = Math.max(...VALID_CPUS.flatMap((c) => FARGATE_MEMORY_BY_CPU[c]));
    v.check('memoryMiB', memoryMiB, () => false,
      `a Fargate memory size: from 512 to ${largest} MiB in the steps each cpu allows (with cpu 256: ${FARGATE_MEMORY_BY_CPU[256].join(', ')})`);
  } else if (memories) {
    v.check('memoryMiB', memoryMiB, (m) => memories.includes(m), `for cpu ${cpu}, one of ${memories.join(', ')}`);
  }
  const positive = 'a positive integer';
  const isPositive = isIntegerIn(1, Number.MAX_SAFE_INTEGER);
  v.check('minCapacity', props.minCapacity, isPositive, positive);
  v.check('maxCapacity', props.maxCapacity, isPositive, positive);
  v.check('desiredCount', props.desiredCount, isPositive, positive);
  const { minCapacity: givenMin, maxCapacity: givenMax } = props;
  if (givenMin !== undefined && givenMax !== undefined && literal(givenMin, givenMax) && givenMin > givenMax) {
    v.fail('minCapacity', props.minCapacity, `at most maxCapacity (${props.maxCapacity})`);
  }
  if (props.desiredCount !== undefined && literal(props.desiredCount, minCapacity, maxCapacity) && isPositive(props.desiredCount)
    && minCapacity <= maxCapacity && (props.desiredCount < minCapacity || props.desiredCount > maxCapacity)) {
    v.fail('desiredCount', props.desiredCount, `an integer from minCapacity to maxCapacity (${minCapacity} to ${maxCapacity})`);
  }
  v.check('containerPort', props.containerPort, isIntegerIn(1, 65535), 'an integer from 1 to 65535');
  v.check('listenerRulePriority', props.listenerRulePriority, isIntegerIn(1, MAX_RULE_PRIORITY), `an integer from 1 to ${MAX_RULE_PRIORITY} (ALB listener rule priorities)`);
  if (props.listenerRulePriority !== undefined && !sharedLoadBalancerOf(profile, props)) {
    v.fail('listenerRulePriority', props.listenerRulePriority, 'unset: only a service that shares its preview network\'s load balancer has a listener rule (this one has a load balancer of its own)');
  }
  v.check('healthCheckPath', props.healthCheckPath, (p) => typeof p === 'string' && p.startsWith('/') && p.length <= 1024 && !/\s/.test(p),
    "a path starting with '/', without spaces (at most 1024 characters)");
  v.check('user', props.user, (u) => typeof u === 'string' && u.trim().length > 0 && !/\s/.test(u) && !/^(root|0+)(:.*)?$/.test(u.trim()),
    'a non-root user name or uid (optionally user:group), not root or 0, without spaces');
  if (kinds.healthCheckGracePeriod) {
    v.check('healthCheckGracePeriod', props.healthCheckGracePeriod, (g) => g.toSeconds() <= MAX_GRACE_PERIOD_SECONDS,
      `a whole number of seconds from 0 to ${MAX_GRACE_PERIOD_SECONDS} (ECS's limit)`);
  }
  v.check('logRetentionDays', props.logRetentionDays, isLogRetention, LOG_RETENTION_ALLOWED);

  if (profile === Profile.PROD && !props.certificate && props.domainName === undefined) {
    v.fail('certificate', undefined, 'a certificate (or domainName with hostedZone) in the prod profile: prod load balancers serve HTTPS only');
  }
  if (props.domainName !== undefined && !props.hostedZone) {
    v.fail('hostedZone', undefined, `the hosted zone of domainName ${JSON.stringify(props.domainName)}: it validates the certificate and holds the alias record`);
  }
  if (props.hostedZone !== undefined && props.domainName === undefined) {
    v.fail('hostedZone', kinds.hostedZone ? props.hostedZone.node.path : props.hostedZone,
      'unset without domainName: the hosted zone only validates the certificate of domainName and holds its alias record (it is otherwise ignored)');
  }
  if (kinds.domainName && kinds.hostedZone) validateDomainName(v, props);

  const variable = 'a variable name: a letter or _ then letters, digits or _';
  const environment = kinds.environment ? props.environment ?? {} : {};
  for (const [name, value] of Object.entries(environment)) {
    v.check('environment key', name, (n) => VARIABLE_NAME.test(n), variable);
    v.kind(`environment['${name}']`, value, Kind.string, `${KIND_WORDS.string} (an environment variable's value; a number or flag as text)`);
  }
  for (const [name, secret] of Object.entries(kinds.secrets ? props.secrets ?? {} : {})) {
    v.check('secrets key', name, (n) => VARIABLE_NAME.test(n), variable);
    v.kind(`secrets['${name}']`, secret, Kind.withMembers('arn', 'grantRead'),
      'an ecs.Secret (ecs.Secret.fromSecretsManager or fromSsmParameter), not the ARN or the value');
    if (Object.prototype.hasOwnProperty.call(environment, name)) {
      v.fail('secrets', name, 'a name that is not also in environment (a variable gets its value from one place)');
    }
  }
  validateDeployment(v, profile, props.deployment, d);
  v.throwIfInvalid();
  return { cpu, memoryMiB, minCapacity, maxCapacity, desiredCount };
}

/** Which props of an object kind are of their kind (so the value checks may read them). */
interface ServiceKinds {
  readonly cpuArchitecture: boolean;
  readonly healthCheckGracePeriod: boolean;
  readonly domainName: boolean;
  readonly hostedZone: boolean;
  readonly environment: boolean;
  readonly secrets: boolean;
}

/**
 * The kind of every prop, before any code reads it: TypeScript's types do not protect JavaScript
 * callers, and jsii loosens them for Python and Java.
 */
function validateKinds(v: PropValidator, props: PavedRoadServiceProps): ServiceKinds {
  v.require('network', props.network, 'pass a PavedRoadNetwork (or any IPavedRoadNetwork)');
  if (props.network !== undefined && props.network !== null) v.kind('network', props.network, SHAPES.network.is, SHAPES.network.words);
  v.require('image', props.image, "pass an ecs.ContainerImage (e.g. ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'))");
  if (props.image !== undefined && props.image !== null) {
    v.kind('image', props.image, Kind.withMembers('bind'), "an ecs.ContainerImage (e.g. ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable')), not the image name");
  }
  const booleans = ['spot', 'readonlyRootFilesystem', 'enableExecuteCommand', 'publicLoadBalancer', 'waf', 'tracing'] as const;
  for (const name of booleans) v.kind(name, props[name], Kind.boolean, KIND_WORDS.boolean);
  v.kind('certificate', props.certificate, SHAPES.certificate.is, SHAPES.certificate.words);
  v.kind('alarmTopic', props.alarmTopic, SHAPES.topic.is, SHAPES.topic.words);
  return {
    cpuArchitecture: v.kind('cpuArchitecture', props.cpuArchitecture, (a) => FARGATE_ARCHITECTURES.includes(architectureName(a)!),
      'ecs.CpuArchitecture.ARM64 or ecs.CpuArchitecture.X86_64 (the architectures Fargate runs)'),
    healthCheckGracePeriod: v.kind('healthCheckGracePeriod', props.healthCheckGracePeriod, Kind.duration, KIND_WORDS.duration),
    domainName: v.kind('domainName', props.domainName, Kind.string, 'a domain name as a string, such as api.example.com'),
    hostedZone: v.kind('hostedZone', props.hostedZone, SHAPES.hostedZone.is, SHAPES.hostedZone.words),
    environment: v.kind('environment', props.environment, Kind.record, 'a map of variable names to string values'),
    secrets: v.kind('secrets', props.secrets, Kind.record, 'a map of variable names to ecs.Secret'),
  };
}

/** ACM's limit on a certificate's domain name (the certificate's common name). */
const CERTIFICATE_DOMAIN_MAX = 64;

/**
 * The domain name: a lowercase FQDN inside the hosted zone (else Route 53 would get a record named
 * `<domainName>.<zone>`), at most 64 characters when the library requests its certificate.
 */
function validateDomainName(v: PropValidator, props: PavedRoadServiceProps): void {
  const name = props.domainName;
  if (name === undefined || Token.isUnresolved(name)) return;
  const fqdn = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
  if (!fqdn.test(name)) {
    v.fail('domainName', name, 'a lowercase fully qualified domain name such as api.example.com');
    return;
  }
  if (!props.certificate && name.length > CERTIFICATE_DOMAIN_MAX) {
    v.fail('domainName', name, `at most ${CERTIFICATE_DOMAIN_MAX} characters when the library requests its certificate (ACM's limit); pass certificate for a longer name`);
  }
  let zone: string | undefined;
  try {
    zone = props.hostedZone?.zoneName;
  } catch {
    // HostedZone.fromHostedZoneId: the zone name is unknown and the alias record cannot be named.
    v.fail('hostedZone', props.hostedZone?.node.path, 'a hosted zone that knows its name (HostedZone.fromHostedZoneAttributes or fromLookup, not fromHostedZoneId): the alias record of domainName is named within it');
    return;
  }
  if (zone !== undefined && !Token.isUnresolved(zone)) {
    const zoneName = zone.replace(/\.$/, '').toLowerCase();
    if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
      v.fail('domainName', name, `a name in the hosted zone ${zoneName} (${zoneName} or a name ending in .${zoneName})`);
    }
  }
}
