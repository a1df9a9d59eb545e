import {
  bool, count, FREE, line, mentions, num, Priced, PricingContext, plural, qty, str, usd,
} from './template-values';

/** Managed rule groups that carry a subscription fee on top of the rule price. */
const PAID_RULE_GROUPS = /BotControl|ATP|ACFP|AntiDDoS/;

/** Days between automatic rotations when the key does not say (KMS's default). */
const DEFAULT_ROTATION_DAYS = 365;
/** Rotations that raise a key's price: the first two. */
const PRICED_ROTATIONS = 2;

/**
 * `AWS::KMS::Key` and `AWS::KMS::ReplicaKey`: per key-month, plus each of the first two rotations of
 * a rotated key that happen within its age (the assumed age of a long-lived key, or a preview's lifetime).
 * @internal
 */
export function priceKmsKey(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const m = ctx.table.management;
  const assumptions = ['requests beyond the free tier not included'];
  const keyWords = `1 customer managed key × ${usd(m.kmsKeyMonth)}`;
  if (!bool(ctx, p.EnableKeyRotation)) return line(m.kmsKeyMonth, `${keyWords} per month`, assumptions);

  let periodDays = num(ctx, p.RotationPeriodInDays, assumptions);
  if (periodDays === undefined || periodDays <= 0) {
    if (p.RotationPeriodInDays !== undefined) assumptions.push(`RotationPeriodInDays unresolvable: assumed ${DEFAULT_ROTATION_DAYS}`);
    periodDays = DEFAULT_ROTATION_DAYS;
  }
  const preview = ctx.ttlHours !== undefined && ctx.ttlHours < m.assumedKeyAgeMonths * ctx.hours;
  const ageHours = preview ? ctx.ttlHours! : m.assumedKeyAgeMonths * ctx.hours;
  const rotations = Math.min(PRICED_ROTATIONS, Math.floor(ageHours / (periodDays * 24)));
  const age = preview ? `its ${qty(Math.round(ageHours))} h lifetime` : `an age of ${qty(m.assumedKeyAgeMonths)} months`;
  assumptions.push(`rotated every ${qty(periodDays)} days: ${plural(rotations, 'rotation')} within ${age} `
    + `(each of the first two adds ${usd(m.kmsKeyRotationMonth)} per month; later ones add nothing)`);
  return line(m.kmsKeyMonth + rotations * m.kmsKeyRotationMonth,
    `${keyWords} + ${plural(rotations, 'rotation')} × ${usd(m.kmsKeyRotationMonth)}, per month`, assumptions);
}

/** `AWS::SecretsManager::Secret`: per secret-month, and per replica. @internal */
export function priceSecret(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const price = ctx.table.management.secretMonth;
  const replicas = count(p.ReplicaRegions) ?? 0;
  const copies = 1 + replicas;
  return line(copies * price,
    `${replicas > 0 ? `(1 + ${plural(replicas, 'replica')}) × ` : '1 secret × '}${usd(price)} per month`,
    ['API calls not included']);
}

/**
 * `AWS::CloudWatch::Alarm`: per alarm metric-month (metric-math alarms: one per metric queried;
 * anomaly-detection alarms: 3; high resolution when the period is under 60 s).
 * @internal
 */
export function priceAlarm(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const m = ctx.table.management;
  let metrics = 1;
  let period = num(ctx, p.Period);
  let how = '1 metric';
  if (Array.isArray(p.Metrics)) {
    const stats = p.Metrics.filter((q: any) => q?.MetricStat !== undefined);
    metrics = Math.max(1, stats.length);
    const periods = stats.map((q: any) => num(ctx, q.MetricStat?.Period)).filter((x: number | undefined): x is number => x !== undefined);
    if (periods.length > 0) period = Math.min(...periods);
    how = `${plural(metrics, 'metric')} in the expression`;
  }
  if (p.ThresholdMetricId !== undefined) {
    metrics = 3 * metrics;
    how = `anomaly detection: 3 × ${how}`;
  }
  const highRes = period !== undefined && period < 60;
  const price = highRes ? m.highResolutionAlarmMetricMonth : m.alarmMetricMonth;
  return line(metrics * price, `${how} × ${usd(price)} per ${highRes ? 'high-resolution' : 'standard'} alarm metric-month`);
}

/**
 * `AWS::ApplicationAutoScaling::ScalingPolicy` and `AWS::AutoScaling::ScalingPolicy`: a target
 * tracking policy makes the service create its CloudWatch alarms (one to scale out and one to scale
 * in, only the first when scale-in is disabled), billed as alarms. Other policy types use alarms
 * that are their own resources.
 * @internal
 */
export function priceScalingPolicy(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  if (str(ctx, p.PolicyType) !== 'TargetTrackingScaling') return FREE;
  const config = p.TargetTrackingScalingPolicyConfiguration ?? p.TargetTrackingConfiguration ?? {};
  const assumptions: string[] = [];
  const scaleInDisabled = bool(ctx, config.DisableScaleIn, assumptions) === true;
  if (config.DisableScaleIn !== undefined && bool(ctx, config.DisableScaleIn) === undefined) assumptions.push('DisableScaleIn unresolvable: assumed false');
  const alarms = scaleInDisabled ? 1 : 2;
  const queries = config.CustomizedMetricSpecification?.Metrics;
  const metrics = Array.isArray(queries) ? Math.max(1, queries.filter((q: any) => q?.MetricStat !== undefined).length) : 1;
  const price = ctx.table.management.alarmMetricMonth;
  assumptions.push(`the alarms the target tracking policy creates${scaleInDisabled ? ' (scale-in disabled: the scale-out alarm only)' : ' (scale out and scale in)'}, at standard resolution`);
  return line(alarms * metrics * price,
    `${plural(alarms, 'alarm')} created by the policy × ${plural(metrics, 'metric')} × ${usd(price)} per standard alarm metric-month`, assumptions);
}

/** `AWS::CloudWatch::CompositeAlarm`: per alarm-month. @internal */
export function priceCompositeAlarm(ctx: PricingContext): Priced {
  const price = ctx.table.management.compositeAlarmMonth;
  return line(price, `1 composite alarm × ${usd(price)} per month`);
}

/** `AWS::CloudWatch::Dashboard`: per dashboard-month. @internal */
export function priceDashboard(ctx: PricingContext): Priced {
  const price = ctx.table.management.dashboardMonth;
  return line(price, `1 dashboard × ${usd(price)} per month`, ['the free tier of 3 dashboards per account not applied']);
}

/** `AWS::WAFv2::WebACL`: web ACL-month + rules × rule-month + assumed requests. @internal */
export function priceWebAcl(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const m = ctx.table.management;
  const assumptions: string[] = [];
  let rules = count(p.Rules);
  if (rules === undefined) {
    rules = 0;
    if (p.Rules !== undefined) assumptions.push('rules unresolvable: assumed none');
  }
  const paid = (Array.isArray(p.Rules) ? p.Rules : [])
    .map((r: any) => str(ctx, r?.Statement?.ManagedRuleGroupStatement?.Name))
    .filter((n: string | undefined): n is string => n !== undefined && PAID_RULE_GROUPS.test(n));
  if (paid.length > 0) assumptions.push(`subscription and request fees of ${paid.join(', ')} not included`);
  const requests = m.assumedWafRequestsMillionsPerMonth;
  assumptions.push(`${qty(requests)} million requests per month`);
  return line(m.wafWebAclMonth + rules * m.wafRuleMonth + requests * m.wafRequestsPerMillion,
    `1 web ACL × ${usd(m.wafWebAclMonth)} + ${plural(rules, 'rule')} × ${usd(m.wafRuleMonth)} + ${qty(requests)} million requests × ${usd(m.wafRequestsPerMillion)}, per month`,
    assumptions);
}

/**
 * `AWS::Logs::LogGroup`: billed by use; the assumed ingestion × ingestion price (the flow-log
 * assumption when a VPC flow log of the template writes to it).
 * @internal
 */
export function priceLogGroup(ctx: PricingContext, logicalId: string): Priced {
  const m = ctx.table.management;
  const flowLogs = Object.values(ctx.resources).some((r) => r.Type === 'AWS::EC2::FlowLog'
    && (mentions(r.Properties?.LogGroupName, logicalId) || mentions(r.Properties?.LogDestination, logicalId)));
  const gb = flowLogs ? m.assumedFlowLogIngestionGbPerMonth : m.assumedLogIngestionGbPerMonth;
  const what = flowLogs ? 'VPC flow logs' : 'log events';
  return line(gb * m.logIngestionGb, `${qty(gb)} GB of ${what} ingested × ${usd(m.logIngestionGb)}`,
    [`${qty(gb)} GB of ${what} ingested per month (a usage assumption: set it in the price table)`, 'storage not included'], true);
}
