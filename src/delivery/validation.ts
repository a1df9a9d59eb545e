import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DeliveryAlarmOptions, DeliveryEcsServiceOptions, DeliveryPipelineOptions } from './delivery-metrics-props';
import { Kind, KIND_WORDS, PropValidator, SHAPES } from '../core/validation';

/** Service and stage names: they become CloudWatch dimension values and parts of the state table's keys. */
const NAME = /^[A-Za-z0-9._@/-]{1,100}$/;
const NAME_WORDS = '1 to 100 letters, digits and . _ @ - /';
/** A CodePipeline stage name (CodePipeline API reference, StageDeclaration.name). */
const STAGE_NAME = /^[A-Za-z0-9.@_-]{1,100}$/;

const isName = (v: unknown) => typeof v === 'string' && NAME.test(v);

/** What a tracked source is, as far as synth can tell: for duplicate and environment checks. @internal */
export interface TrackedFacts {
  /** What kind, for messages. */
  readonly what: string;
  /** The tracked resource (its environment is compared with the DeliveryMetrics' own). */
  readonly resource: IConstruct & { readonly env?: { readonly account: string; readonly region: string } };
  /** Its identity: the ARN as synthesized (two options naming the same ARN track one thing twice). */
  readonly arn: string;
  /** The (service, stage) pairs whose deployments it records, when known at synth. */
  readonly deploys: Array<[string, string]>;
}

/** @internal */
export function validatePipelineOptions(v: PropValidator, prefix: string, options: DeliveryPipelineOptions | undefined): void {
  if (options === undefined) {
    v.require(prefix, options, 'pass the pipeline and the stages the dashboard shows');
    return;
  }
  if (!v.kind(prefix, options, Kind.record, 'an object with pipeline and dashboardStages')) return;
  v.require(`${prefix}.pipeline`, options.pipeline, 'pass a codepipeline.IPipeline');
  v.kind(`${prefix}.pipeline`, options.pipeline, Kind.withMembers('node', 'pipelineArn', 'pipelineName'), 'a codepipeline.IPipeline (a codepipeline.Pipeline, or codepipeline.Pipeline.fromPipelineArn)');
  v.check(`${prefix}.serviceName`, options.serviceName, isName, NAME_WORDS);
  v.require(`${prefix}.dashboardStages`, options.dashboardStages, 'pass the CodePipeline stage names the dashboard shows (the production stages)');
  if (!v.kind(`${prefix}.dashboardStages`, options.dashboardStages, Kind.stringList, KIND_WORDS.stringList) || !options.dashboardStages) return;
  v.check(`${prefix}.dashboardStages`, options.dashboardStages, (s) => s.length > 0, 'at least one stage name');
  options.dashboardStages.forEach((stage, i) => {
    v.check(`${prefix}.dashboardStages[${i}]`, stage, (s) => STAGE_NAME.test(s), 'a CodePipeline stage name: 1 to 100 letters, digits and . @ - _');
    const first = options.dashboardStages.indexOf(stage);
    if (first < i) v.fail(`${prefix}.dashboardStages[${i}]`, stage, `a stage not listed before (dashboardStages[${first}] is the same)`);
  });
}

/** @internal */
export function validateEcsServiceOptions(v: PropValidator, prefix: string, options: DeliveryEcsServiceOptions | undefined): void {
  if (options === undefined) {
    v.require(prefix, options, 'pass the service, its serviceName and its stage');
    return;
  }
  if (!v.kind(prefix, options, Kind.record, 'an object with service, serviceName and stage')) return;
  v.require(`${prefix}.service`, options.service, 'pass an ecs.IBaseService');
  v.kind(`${prefix}.service`, options.service, Kind.withMembers('node', 'serviceArn', 'serviceName'), 'an ecs.IBaseService (an ecs.FargateService, or ecs.FargateService.fromServiceArnWithCluster)');
  validateNames(v, prefix, options.serviceName, options.stage);
}

/** @internal */
export function validateAlarmOptions(v: PropValidator, prefix: string, options: DeliveryAlarmOptions | undefined): void {
  if (options === undefined) {
    v.require(prefix, options, 'pass the alarm, its serviceName and its stage');
    return;
  }
  if (!v.kind(prefix, options, Kind.record, 'an object with alarm, serviceName and stage')) return;
  v.require(`${prefix}.alarm`, options.alarm, 'pass a cloudwatch.IAlarm');
  v.kind(`${prefix}.alarm`, options.alarm, Kind.withMembers('node', 'alarmArn', 'alarmName'), 'a cloudwatch.IAlarm (a cloudwatch.Alarm, or cloudwatch.Alarm.fromAlarmArn)');
  validateNames(v, prefix, options.serviceName, options.stage);
}

function validateNames(v: PropValidator, prefix: string, serviceName: unknown, stage: unknown): void {
  v.require(`${prefix}.serviceName`, serviceName, 'pass the Service dimension of its figures');
  v.check(`${prefix}.serviceName`, serviceName, isName, NAME_WORDS);
  v.require(`${prefix}.stage`, stage, 'pass the Stage dimension of its figures (e.g. prod)');
  v.check(`${prefix}.stage`, stage, isName, NAME_WORDS);
}

/**
 * Refuses a source in another account or region (EventBridge rules see only their own bus), the same resource tracked
 * twice, and one service and stage whose deployments two sources record (they would count twice).
 * @internal
 */
export function validateTracked(v: PropValidator, prop: string, owner: IConstruct, candidate: TrackedFacts, existing: TrackedFacts[]): void {
  const here = Stack.of(owner);
  const env = candidate.resource.env ?? { account: Stack.of(candidate.resource).account, region: Stack.of(candidate.resource).region };
  for (const [part, theirs, ours] of [['account', env.account, here.account], ['region', env.region, here.region]] as const) {
    if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
      v.fail(prop, `${candidate.what} in ${part} ${theirs}`, `a ${candidate.what} in this ${part} (${ours}): the recorder's rules see only the events of their own account and region`);
    }
  }
  const same = existing.find((e) => e.arn === candidate.arn);
  if (same) v.fail(prop, candidate.what, `a ${candidate.what} not tracked already: it is, by the same ARN`);
  for (const [service, stage] of candidate.deploys) {
    const other = existing.find((e) => e !== same && e.deploys.some(([s, t]) => s === service && t === stage));
    if (other) {
      v.fail(prop, `${service} in ${stage}`, `a service and stage no other source records (${other.what} ${other.resource.node.path} records its deployments already; they would count twice)`);
    }
  }
}

/** The shape words for an sns.ITopic, for `alarmTopic`. @internal */
export const TOPIC = SHAPES.topic;
