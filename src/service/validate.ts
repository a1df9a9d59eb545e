import { FARGATE_MEMORY_BY_CPU } from './defaults';
import type { PavedRoadServiceProps } from './service-props';
import { Profile } from '../core/profile';
import { ProfileSettings } from '../core/profile-defaults';
import { isIntegerIn, isLogRetention, LOG_RETENTION_ALLOWED, PropValidator } from '../core/validation';

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

/**
 * Picks cpu and memory: a prop wins; the other one defaults to the profile's value when that makes
 * a valid pair, else to the smallest value that does.
 */
function resolveSize(props: PavedRoadServiceProps, d: ProfileSettings): { cpu: number; memoryMiB: number } {
  if (props.cpu !== undefined && props.memoryMiB !== undefined) return { cpu: props.cpu, memoryMiB: props.memoryMiB };
  if (props.cpu !== undefined) {
    const allowed = FARGATE_MEMORY_BY_CPU[props.cpu] ?? [];
    return { cpu: props.cpu, memoryMiB: allowed.includes(d.serviceMemoryMiB) || allowed.length === 0 ? d.serviceMemoryMiB : allowed[0] };
  }
  if (props.memoryMiB !== undefined) {
    const fits = (cpu: number) => FARGATE_MEMORY_BY_CPU[cpu].includes(props.memoryMiB!);
    const cpu = fits(d.serviceCpu) ? d.serviceCpu : VALID_CPUS.find(fits) ?? d.serviceCpu;
    return { cpu, memoryMiB: props.memoryMiB };
  }
  return { cpu: d.serviceCpu, memoryMiB: d.serviceMemoryMiB };
}

/**
 * Checks every prop of `PavedRoadService` and throws one error listing each problem.
 * @internal
 */
export function validateServiceProps(path: string, profile: Profile, props: PavedRoadServiceProps, d: ProfileSettings): ResolvedCapacity {
  const v = new PropValidator('PavedRoadService', path);
  const { cpu, memoryMiB } = resolveSize(props, d);
  const minCapacity = props.minCapacity ?? Math.min(d.serviceMinCapacity, props.maxCapacity ?? Infinity);
  const maxCapacity = props.maxCapacity ?? Math.max(d.serviceMaxCapacity, minCapacity);
  const desiredCount = props.desiredCount ?? minCapacity;

  v.check('cpu', cpu, (c) => VALID_CPUS.includes(c), `one of the Fargate task sizes ${VALID_CPUS.join(', ')}`);
  const memories = FARGATE_MEMORY_BY_CPU[cpu];
  if (memories) {
    v.check('memoryMiB', memoryMiB, (m) => memories.includes(m), `for cpu ${cpu}, one of ${memories.join(', ')}`);
  }
  const positive = 'a positive integer';
  v.check('minCapacity', props.minCapacity, isIntegerIn(1, Number.MAX_SAFE_INTEGER), positive);
  v.check('maxCapacity', props.maxCapacity, isIntegerIn(1, Number.MAX_SAFE_INTEGER), positive);
  v.check('desiredCount', props.desiredCount, isIntegerIn(1, Number.MAX_SAFE_INTEGER), positive);
  if (props.minCapacity !== undefined && props.maxCapacity !== undefined && props.minCapacity > props.maxCapacity) {
    v.fail('minCapacity', props.minCapacity, `at most maxCapacity (${props.maxCapacity})`);
  }
  if (props.desiredCount !== undefined && minCapacity <= maxCapacity && (props.desiredCount < minCapacity || props.desiredCount > maxCapacity)) {
    v.fail('desiredCount', props.desiredCount, `an integer from minCapacity to maxCapacity (${minCapacity} to ${maxCapacity})`);
  }
  v.check('containerPort', props.containerPort, isIntegerIn(1, 65535), 'an integer from 1 to 65535');
  v.check('healthCheckPath', props.healthCheckPath, (p) => typeof p === 'string' && p.startsWith('/') && p.length <= 1024,
    "a path starting with '/' (at most 1024 characters)");
  v.check('user', props.user, (u) => typeof u === 'string' && u.trim().length > 0 && !/^(root|0)(:.*)?$/.test(u.trim()),
    'a non-root user name or uid (optionally user:group), not root or 0');
  v.check('logRetentionDays', props.logRetentionDays, isLogRetention, LOG_RETENTION_ALLOWED);

  if (profile === Profile.PROD && !props.certificate && props.domainName === undefined) {
    v.fail('certificate', undefined, 'a certificate (or domainName with hostedZone) in the prod profile: prod load balancers serve HTTPS only');
  }
  if (props.domainName !== undefined && !props.hostedZone) {
    v.fail('hostedZone', undefined, `the hosted zone of domainName ${JSON.stringify(props.domainName)}: it validates the certificate and holds the alias record`);
  }
  v.check('domainName', props.domainName, (n) => typeof n === 'string' && /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(n),
    'a fully qualified domain name such as api.example.com');

  const variable = 'a variable name: a letter or _ then letters, digits or _';
  for (const name of Object.keys(props.environment ?? {})) v.check('environment key', name, (n) => VARIABLE_NAME.test(n), variable);
  for (const name of Object.keys(props.secrets ?? {})) {
    v.check('secrets key', name, (n) => VARIABLE_NAME.test(n), variable);
    if (props.environment && name in props.environment) {
      v.fail('secrets', name, 'a name that is not also in environment (a variable gets its value from one place)');
    }
  }
  v.throwIfInvalid();
  return { cpu, memoryMiB, minCapacity, maxCapacity, desiredCount };
}
