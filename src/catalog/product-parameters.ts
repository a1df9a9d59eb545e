import { CfnParameter, CfnRule, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Profile } from '../core/profile';
import { DatabaseEngine } from '../database/database-engine';
import { FARGATE_MEMORY_BY_CPU, ServiceProfileDefaults } from '../service/defaults';

/** Application names: what Backstage, tags and DNS labels all accept. @internal */
export const APPLICATION_NAME_PATTERN = '^[a-z][a-z0-9-]{0,38}[a-z0-9]$';
/** An image reference: registry/repository with a tag or a digest. @internal */
export const IMAGE_PATTERN = '^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$';
/** An ACM certificate ARN. @internal */
export const CERTIFICATE_ARN_PATTERN = '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$';

/** The parameters a developer fills in when provisioning a golden path. @internal */
export interface ProductParameters {
  readonly applicationName: CfnParameter;
  readonly environment: CfnParameter;
  readonly image: CfnParameter;
  readonly cpu: CfnParameter;
  readonly memory: CfnParameter;
  readonly databaseEngine?: CfnParameter;
  readonly certificateArn?: CfnParameter;
}

/**
 * Declares the provisioning parameters with constraints that mirror the constructs' synth-time
 * validation: Fargate cpu values, memory per cpu (a template rule), image and name patterns. The
 * profile and the engine shape the template at synth time, so each product version is built for
 * one of each and their parameters allow exactly that value (a CLI passing another is rejected).
 *
 * Logical ids match the names the seeds' CLI passes (ApplicationName, Environment, Image, Cpu, Memory).
 *
 * @internal
 */
export function declareProductParameters(scope: Construct, profile: Profile, d: ServiceProfileDefaults, engine?: DatabaseEngine): ProductParameters {
  const cpus = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);
  const allMemory = cpus.flatMap((c) => FARGATE_MEMORY_BY_CPU[c]);
  const applicationName = new CfnParameter(scope, 'ApplicationName', {
    type: 'String',
    description: 'Name of the application: 2 to 40 lowercase letters, digits and hyphens, starting with a letter.',
    allowedPattern: APPLICATION_NAME_PATTERN,
    minLength: 2,
    maxLength: 40,
    constraintDescription: 'must be 2 to 40 lowercase letters, digits and hyphens, start with a letter and not end with a hyphen',
  });
  const environment = new CfnParameter(scope, 'Environment', {
    type: 'String',
    description: `The paved-road profile this product version is built for (${profile}); pick another version for another profile.`,
    allowedValues: [profile],
    default: profile,
    constraintDescription: `must be ${profile}: this product version is built for the ${profile} profile`,
  });
  const image = new CfnParameter(scope, 'Image', {
    type: 'String',
    description: 'Container image with a tag or digest, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.4.2.',
    allowedPattern: IMAGE_PATTERN,
    maxLength: 512,
    constraintDescription: 'must be a registry/repository image reference ending in :tag or @sha256:digest',
  });
  const cpu = new CfnParameter(scope, 'Cpu', {
    type: 'Number',
    description: 'Fargate task CPU units.',
    allowedValues: cpus.map(String),
    default: d.serviceCpu,
    constraintDescription: `must be one of the Fargate task sizes ${cpus.join(', ')}`,
  });
  const memory = new CfnParameter(scope, 'Memory', {
    type: 'Number',
    description: 'Fargate task memory in MiB; must fit the chosen Cpu (e.g. 512 to 2048 for 256).',
    minValue: Math.min(...allMemory),
    maxValue: Math.max(...allMemory),
    default: d.serviceMemoryMiB,
    constraintDescription: `must be from ${Math.min(...allMemory)} to ${Math.max(...allMemory)} MiB`,
  });
  // Memory per cpu, as PavedRoadService checks it at synth time.
  for (const c of cpus) {
    new CfnRule(scope, `MemoryFitsCpu${c}`, {
      ruleCondition: Fn.conditionEquals(cpu.valueAsString, String(c)),
      assertions: [{
        assert: Fn.conditionContains(FARGATE_MEMORY_BY_CPU[c].map(String), memory.valueAsString),
        assertDescription: `With Cpu ${c}, Memory must be one of ${FARGATE_MEMORY_BY_CPU[c].join(', ')}`,
      }],
    });
  }
  const databaseEngine = engine === undefined ? undefined : new CfnParameter(scope, 'DatabaseEngine', {
    type: 'String',
    description: `Database engine of this product version (${engine}); pick another version for another engine.`,
    allowedValues: [engine],
    default: engine,
    constraintDescription: `must be ${engine}: this product version is built for that engine`,
  });
  const certificateArn = profile !== Profile.PROD ? undefined : new CfnParameter(scope, 'CertificateArn', {
    type: 'String',
    description: 'ARN of the ACM certificate the load balancer serves HTTPS with (prod serves HTTPS only).',
    allowedPattern: CERTIFICATE_ARN_PATTERN,
    constraintDescription: 'must be an ACM certificate ARN',
  });
  return { applicationName, environment, image, cpu, memory, databaseEngine, certificateArn };
}
