import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ServiceProfileDefaults } from './defaults';
import type { ServiceDeploymentOptions } from './service-props';
import { Profile } from '../core/profile';
import { Kind, KIND_WORDS, PropValidator } from '../core/validation';

/*
 * Limits from the ECS API reference (CanaryConfiguration, LinearConfiguration, DeploymentConfiguration)
 * and the CloudFormation template reference (AWS::ECS::Service CanaryConfiguration and
 * LinearConfiguration: a deployment whose computed time exceeds 33 hours is rejected).
 */
/** Every strategy ECS offers, by its value. */
const STRATEGIES = [ecs.DeploymentStrategy.ROLLING, ecs.DeploymentStrategy.BLUE_GREEN, ecs.DeploymentStrategy.LINEAR, ecs.DeploymentStrategy.CANARY];
/** The strategies that move traffic between two target groups (and run the smoke test). */
const SHIFTING = [ecs.DeploymentStrategy.BLUE_GREEN, ecs.DeploymentStrategy.LINEAR, ecs.DeploymentStrategy.CANARY];
/** Bake times: whole minutes from 0 to 1440 (24 hours). */
const MAX_BAKE_MINUTES = 1440;
/** CloudFormation refuses a canary or linear deployment whose computed time exceeds 33 hours. */
const MAX_DEPLOYMENT_MINUTES = 33 * 60;
const PATH_WORDS = "a path starting with '/', without spaces (at most 1024 characters)";

/** The deployment settings a service resolves to: props over the (pinned) profile defaults. @internal */
export interface ResolvedDeployment {
  readonly strategy: ecs.DeploymentStrategy;
  /** BLUE_GREEN, LINEAR or CANARY: two target groups, listener rules, a load-balancer role. */
  readonly shiftsTraffic: boolean;
  readonly canaryPercent: number;
  readonly linearStepPercent: number;
  readonly stepBakeTime: Duration;
  readonly bakeTime: Duration;
  /** The smoke test runs (only when traffic shifts). */
  readonly smokeTest: boolean;
  readonly smokeTestPath: string;
}

/** Props over defaults; the smoke test is on wherever traffic shifts unless turned off. @internal */
export function resolveDeployment(
  options: ServiceDeploymentOptions | undefined, sd: ServiceProfileDefaults, healthCheckPath: string,
): ResolvedDeployment {
  const o = options ?? {};
  const strategy = o.strategy ?? sd.deploymentStrategy;
  const shiftsTraffic = SHIFTING.includes(strategy);
  return {
    strategy,
    shiftsTraffic,
    canaryPercent: o.canaryPercent ?? sd.canaryPercent,
    linearStepPercent: o.linearStepPercent ?? sd.linearStepPercent,
    stepBakeTime: o.stepBakeTime ?? sd.stepBakeTime,
    bakeTime: o.bakeTime ?? sd.bakeTime,
    smokeTest: shiftsTraffic && (o.smokeTest ?? true),
    smokeTestPath: o.smokeTestPath ?? healthCheckPath,
  };
}

/** True for a number that is a multiple of 0.1 (ECS's step for traffic percentages). */
function tenths(n: number): boolean {
  return Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;
}

function percentIn(min: number, max: number): (n: number) => boolean {
  return (n) => typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max && tenths(n);
}

function wholeMinutesUpTo(max: number): (d: Duration) => boolean {
  return (d) => {
    const minutes = d.toMinutes({ integral: false });
    return Number.isInteger(minutes) && minutes >= 0 && minutes <= max;
  };
}

/**
 * The linear steps CloudFormation counts (step bake time does not follow the last shift): 100/step - 1
 * when the step divides 100, else floor(100/step).
 */
export function linearSteps(stepPercent: number): number {
  const steps = 100 / stepPercent;
  return Number.isInteger(Math.round(steps * 1e9) / 1e9) ? Math.round(steps) - 1 : Math.floor(steps);
}

/**
 * Checks `deployment`: the kind of every field, ECS's ranges, fields the chosen strategy would
 * ignore, and the 33 hours CloudFormation allows a canary or linear deployment.
 * @internal
 */
export function validateDeployment(v: PropValidator, profile: Profile, options: unknown, sd: ServiceProfileDefaults): void {
  if (options === undefined) return;
  if (!v.kind('deployment', options, Kind.record, 'a ServiceDeploymentOptions object ({ strategy, canaryPercent, ... })')) return;
  const o = options as ServiceDeploymentOptions;
  const p = (field: string) => `deployment.${field}`;
  const kinds = [
    v.kind(p('strategy'), o.strategy, (s) => STRATEGIES.includes(s as ecs.DeploymentStrategy),
      'ecs.DeploymentStrategy.ROLLING, BLUE_GREEN, LINEAR or CANARY'),
    v.kind(p('canaryPercent'), o.canaryPercent, Kind.number, 'a number'),
    v.kind(p('linearStepPercent'), o.linearStepPercent, Kind.number, 'a number'),
    v.kind(p('stepBakeTime'), o.stepBakeTime, Kind.duration, KIND_WORDS.duration),
    v.kind(p('bakeTime'), o.bakeTime, Kind.duration, KIND_WORDS.duration),
    v.kind(p('smokeTest'), o.smokeTest, Kind.boolean, KIND_WORDS.boolean),
    v.kind(p('smokeTestPath'), o.smokeTestPath, Kind.string, PATH_WORDS),
  ];
  if (!kinds.every((ok) => ok)) return;

  const strategy = o.strategy ?? sd.deploymentStrategy;
  const named = `strategy ${strategy}${o.strategy === undefined ? ` (the ${profile} profile's)` : ''}`;
  if (profile === Profile.PREVIEW && strategy !== ecs.DeploymentStrategy.ROLLING) {
    v.fail(p('strategy'), o.strategy, 'ROLLING in the preview profile: a preview is a throw-away copy deployed by a pull-request build, which a bake time would hold up');
  }
  v.check(p('canaryPercent'), o.canaryPercent, percentIn(0.1, 100), 'a multiple of 0.1 from 0.1 to 100 (ECS\'s range for the canary share, in percent)');
  v.check(p('linearStepPercent'), o.linearStepPercent, percentIn(3, 100), 'a multiple of 0.1 from 3 to 100 (ECS\'s range for a linear step, in percent)');
  v.check(p('stepBakeTime'), o.stepBakeTime, wholeMinutesUpTo(MAX_BAKE_MINUTES), 'whole minutes from 0 to 24 hours (ECS\'s range)');
  v.check(p('bakeTime'), o.bakeTime, wholeMinutesUpTo(MAX_BAKE_MINUTES), 'whole minutes from 0 to 24 hours (ECS\'s range)');
  v.check(p('smokeTestPath'), o.smokeTestPath, (s) => s.startsWith('/') && s.length <= 1024 && !/\s/.test(s), PATH_WORDS);

  // settings the chosen strategy would ignore
  const onlyWith = (field: keyof ServiceDeploymentOptions, strategies: ecs.DeploymentStrategy[], what: string) => {
    if (o[field] !== undefined && !strategies.includes(strategy)) {
      v.fail(p(field), o[field], `unset with ${named}: ${what}`);
    }
  };
  onlyWith('canaryPercent', [ecs.DeploymentStrategy.CANARY], 'it is the canary share of a CANARY deployment');
  onlyWith('linearStepPercent', [ecs.DeploymentStrategy.LINEAR], 'it is the step of a LINEAR deployment');
  onlyWith('stepBakeTime', [ecs.DeploymentStrategy.CANARY, ecs.DeploymentStrategy.LINEAR], 'it is the wait between the traffic steps of a CANARY or LINEAR deployment');
  onlyWith('bakeTime', SHIFTING, 'it is how long the old revision of a BLUE_GREEN, LINEAR or CANARY deployment keeps running');
  onlyWith('smokeTestPath', SHIFTING, 'the smoke test runs through the test listener rule of a BLUE_GREEN, LINEAR or CANARY deployment');
  if (o.smokeTest === true) onlyWith('smokeTest', SHIFTING, 'the smoke test runs through the test listener rule of a BLUE_GREEN, LINEAR or CANARY deployment');
  if (o.smokeTest === false && o.smokeTestPath !== undefined) {
    v.fail(p('smokeTestPath'), o.smokeTestPath, 'unset with smokeTest false (no smoke test runs)');
  }

  validateDeploymentTime(v, o, strategy, sd);
}

/** CloudFormation's 33 hours: bake time plus the canary bake, or plus the step bake time of every linear step. */
function validateDeploymentTime(v: PropValidator, o: ServiceDeploymentOptions, strategy: ecs.DeploymentStrategy, sd: ServiceProfileDefaults): void {
  if (strategy !== ecs.DeploymentStrategy.CANARY && strategy !== ecs.DeploymentStrategy.LINEAR) return;
  const bake = o.bakeTime ?? sd.bakeTime;
  const step = o.stepBakeTime ?? sd.stepBakeTime;
  const percent = strategy === ecs.DeploymentStrategy.CANARY ? undefined : o.linearStepPercent ?? sd.linearStepPercent;
  if (bake.isUnresolved() || step.isUnresolved() || (percent !== undefined && (Token.isUnresolved(percent) || !percentIn(3, 100)(percent)))) return;
  if (!wholeMinutesUpTo(MAX_BAKE_MINUTES)(bake) || !wholeMinutesUpTo(MAX_BAKE_MINUTES)(step)) return;
  const steps = percent === undefined ? 1 : linearSteps(percent);
  const minutes = bake.toMinutes() + step.toMinutes() * steps;
  if (minutes > MAX_DEPLOYMENT_MINUTES) {
    const formula = percent === undefined
      ? `bakeTime + stepBakeTime = ${bake.toMinutes()} + ${step.toMinutes()} = ${minutes} minutes`
      : `bakeTime + stepBakeTime x ${steps} steps of ${percent}% = ${bake.toMinutes()} + ${step.toMinutes()} x ${steps} = ${minutes} minutes`;
    v.fail(o.bakeTime !== undefined ? 'deployment.bakeTime' : 'deployment.stepBakeTime', o.bakeTime ?? o.stepBakeTime,
      `a deployment of at most 33 hours (${MAX_DEPLOYMENT_MINUTES} minutes), which CloudFormation enforces for ${strategy} deployments; ${formula}`);
  }
}
