import {
  bool, count, line, num, Priced, PricingContext, plural, qty, str, usd,
} from './template-values';

/** Managed rule groups that carry a subscription fee on top of the rule price. */
const PAID_RULE_GROUPS = /BotControl|ATP|ACFP|AntiDDoS/;

/** `AWS::KMS::Key` and `AWS::KMS::ReplicaKey`: per key-month. @internal */
export function priceKmsKey(ctx: PricingContext, _id: string, p: Record<string, any>): Priced {
  const price = ctx.table.management.kmsKeyMonth;
  const assumptions = ['requests beyond the free tier not included'];
  if (bool(ctx, p.EnableKeyRotation)) assumptions.push(`each of the first two automatic rotations adds ${usd(price)} per month from the year it happens: not included`);
  return line(price, `1 customer managed key × ${usd(price)} per month`, assumptions);
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

/** `AWS::Logs::LogGroup`: billed by use; the assumed ingestion × ingestion price. @internal */
export function priceLogGroup(ctx: PricingContext): Priced {
  const m = ctx.table.management;
  const gb = m.assumedLogIngestionGbPerMonth;
  return line(gb * m.logIngestionGb, `${qty(gb)} GB ingested × ${usd(m.logIngestionGb)}`,
    [`${qty(gb)} GB ingested per month`, 'storage not included'], true);
}
